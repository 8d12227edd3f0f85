// args: validate
// error: 3: project name 'My_Shop' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'my-shop'
project 'My_Shop'  // <-
service('db') { image 'postgres:16' }
