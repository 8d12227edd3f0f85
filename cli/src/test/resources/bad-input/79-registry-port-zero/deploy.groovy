// args: validate
// error: 3: registry 'localhost:0/shop' has port 0, outside 1-65535: use the port the registry listens on, e.g. 'localhost:5000/shop'
project 'shop'  // <-
registry 'localhost:0/shop'
service('db') { image 'postgres:16' }
