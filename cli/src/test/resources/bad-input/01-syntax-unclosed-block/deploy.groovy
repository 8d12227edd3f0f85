// args: validate
// error: 6:1: syntax error: Unexpected input: '('db') {...' (look for a missing or extra bracket, brace or quote)
project 'shop'
service('db') {
    image 'postgres:16'
