// args: validate
// error: 6: service 'web': network name 'Back_End' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'back-end'
project 'shop'
service('web') {
    image 'nginx:1.27'
    network 'Back_End'  // <-
}
