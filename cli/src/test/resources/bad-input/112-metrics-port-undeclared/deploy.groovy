// args: validate
// error: 7: service 'web': metrics port 9100 is not one of the service's ports: add expose 9100, name: 'metrics'
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 8080
    metrics '/metrics', port: 9100  // <-
}
