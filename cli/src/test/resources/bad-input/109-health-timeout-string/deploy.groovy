// args: validate
// error: 7: health: 'interval' must be a whole number, e.g. interval: 3
project 'shop'
service('web') {
    image 'nginx:1.27'
    port 80
    health http('/'), interval: '10s'  // <-
}
