// args: validate
// error: 6: service 'web': port 80, publish: must be a host port (publish: 18080), true (the same number) or false (not on the host, as expose)
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 80, publish: 'yes'  // <-
}
