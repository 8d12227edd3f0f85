// args: validate
// error: 3: registry 'localhost:70000/x' has port 70000, outside 1-65535: use the port the registry listens on, e.g. 'localhost:5000/shop'
project 'shop'  // <-
registry 'localhost:70000/x'
service('db') { image 'postgres:16' }
