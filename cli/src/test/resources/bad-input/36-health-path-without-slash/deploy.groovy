// args: validate
// error: 7: service 'web': health http path 'healthz' must start with '/'
project 'shop'
service('web') {
    image 'nginx:1'
    port 80
    health http('healthz')  // <-
}
