// args: validate
// error: 6: service 'web': port 80, publish: 0 is not a host port: write publish: false (or expose 80) to keep it off the host
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 80, publish: 0  // <-
}
