// args: validate
// error: 6: service 'db': port -1 is outside 1-65535
project 'shop'
service('db') {
    image 'postgres:16'
    port 5432, publish: -1  // <-
}
