// args: validate
// error: 6: service 'db': command 'mongod --bind_ip 'all' leaves a quote open: close it, or write command(['word', ...])
project 'shop'
service('db') {
    image 'mongo:7'
    command "mongod --bind_ip 'all"  // <-
}
