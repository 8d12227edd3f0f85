// args: validate
// error: 4: service 'Web_API': the name is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'web-api'
project 'shop'
service('Web_API') { image 'nginx:1' }  // <-
