// args: validate
// error: 6: service 'db': port 70000 is outside 1-65535
project 'shop'
service('db') {
    image 'postgres:16'
    port 70000  // <-
}
