// args: validate
// error: 3: registry 'http://registry.local/shop' is not a valid image repository, e.g. 'localhost:5000/shop' or 'ghcr.io/acme'
project 'shop'  // <-
registry 'http://registry.local/shop'
service('db') { image 'postgres:16' }
