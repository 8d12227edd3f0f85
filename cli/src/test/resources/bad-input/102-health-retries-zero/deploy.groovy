// args: validate
// error: 7: service 'web': health retries must be 1 or more, not 0
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 80
    health http('/'), retries: 0  // <-
}
