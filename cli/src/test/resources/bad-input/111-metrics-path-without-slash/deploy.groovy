// args: validate
// error: 7: service 'web': metrics path 'metrics' must start with '/', e.g. metrics '/metrics'
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 8080
    metrics 'metrics'  // <-
}
