// args: validate
// error: 4:36: syntax error: Unexpected input: '('db') { image 'postgres:16')' (look for a missing or extra bracket, brace or quote)
project 'shop'
service('db') { image 'postgres:16') }  // <-
