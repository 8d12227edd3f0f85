// args: validate
// error: 6: service 'db': port 0 is outside 1-65535
project 'shop'
service('db') {
    image 'postgres:16'
    port 0  // <-
}
