// args: validate
// error: 5: unknown name 'postgres' in service 'db' (strings need quotes: 'postgres')
project 'shop'
service('db') {
    image postgres  // <-
}
