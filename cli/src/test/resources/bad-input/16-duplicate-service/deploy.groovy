// args: validate
// error: 5: service 'db' is defined twice (first at line 4): rename one or merge them
project 'shop'
service('db') { image 'postgres:16' }
service('db') { image 'postgres:15' }  // <-
