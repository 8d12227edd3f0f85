// args: validate
// error: 4: project is named twice (first at line 3): keep one `project '...'`
project 'shop'
project 'store'  // <-
service('db') { image 'postgres:16' }
