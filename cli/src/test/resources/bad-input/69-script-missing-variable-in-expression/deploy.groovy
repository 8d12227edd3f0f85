// args: validate
// error: 5: unknown name 'pgVersion' in service 'db' (strings need quotes: 'pgVersion')
project 'shop'
service('db') {
    image "postgres:${pgVersion}"  // <-
}
