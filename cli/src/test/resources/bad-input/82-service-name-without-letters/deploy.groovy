// args: validate
// error: 4: service '__': the name is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63)
project 'shop'
service('__') {  // <-
    image 'postgres:16'
}
