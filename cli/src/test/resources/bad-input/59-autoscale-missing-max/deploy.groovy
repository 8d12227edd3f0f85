// args: validate
// error: 6: service 'db': autoscale needs min and max, e.g. autoscale min: 2, max: 10, cpu: 70
project 'shop'
service('db') {
    image 'postgres:16'
    autoscale min: 2  // <-
}
