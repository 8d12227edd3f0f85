// args: validate
// error: 6: service 'db': autoscale needs 1 <= min <= max, got min 5, max 2
project 'shop'
service('db') {
    image 'postgres:16'
    autoscale min: 5, max: 2, cpu: 70  // <-
}
