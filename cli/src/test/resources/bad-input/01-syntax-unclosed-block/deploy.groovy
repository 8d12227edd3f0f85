// args: validate
// error: 5: unexpected end of file: the block opened at line 4 (service('db') {) is not closed: add its }
project 'shop'
service('db') {  // <-
    image 'postgres:16'
