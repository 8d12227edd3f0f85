// args: validate
// error: 6: 'port' in service 'db' got wrong arguments: write port 8000  or  port 8000, publish: 18080 (or false), name: 'http'
project 'shop'
service('db') {
    image 'postgres:16'
    port 'http'  // <-
}
