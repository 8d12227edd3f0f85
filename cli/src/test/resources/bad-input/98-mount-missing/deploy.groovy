// args: validate
// error: 6: service 'web': mount 'no-such-dir' does not exist on this host (relative to @F)
project 'shop'
service('web') {
    image 'nginx:1.27'
    mount 'no-such-dir', '/code'  // <-
}
