// args: validate
// error: 6: service 'worker': metrics '/metrics' needs a port: add `port 8000`, or metrics '/metrics', port: 9100 with expose 9100
project 'shop'
service('worker') {
    image 'acme/worker:1'
    metrics '/metrics'  // <-
}
