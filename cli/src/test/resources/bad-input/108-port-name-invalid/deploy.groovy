// args: validate
// error: 6: service 'web': port name 'HTTP_PORT' is not a port name: at most 15 lower-case letters, digits and '-', with a letter, e.g. 'http'
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 80, name: 'HTTP_PORT'  // <-
}
