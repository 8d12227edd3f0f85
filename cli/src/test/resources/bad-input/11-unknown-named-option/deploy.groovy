// args: validate
// error: 6: port: unknown option 'publsh' (did you mean 'publish'?); known: publish, name
project 'shop'
service('db') {
    image 'postgres:16'
    port 5432, publsh: 15432  // <-
}
