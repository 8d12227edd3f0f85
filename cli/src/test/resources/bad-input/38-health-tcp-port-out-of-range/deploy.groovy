// args: validate
// error: 6: service 'db': health tcp port 99999 is outside 1-65535
project 'shop'
service('db') {
    image 'postgres:16'
    health tcp(99999)  // <-
}
