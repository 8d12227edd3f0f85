// args: validate
// error: 6: service 'db': env 'PG-USER' is not a valid variable name (letters, digits, '_')
project 'shop'
service('db') {
    image 'postgres:16'
    env 'PG-USER', 'shop'  // <-
}
