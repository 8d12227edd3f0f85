// args: validate
// error: 6: service 'db': volume name 'pg_data' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'pg-data'
project 'shop'
service('db') {
    image 'postgres:16'
    volume 'pg_data', '/data'  // <-
}
