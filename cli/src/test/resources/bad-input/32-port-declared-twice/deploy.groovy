// args: validate
// error: 7: service 'db' declares port 5432 twice
project 'shop'
service('db') {
    image 'postgres:16'
    port 5432
    port 5432  // <-
}
