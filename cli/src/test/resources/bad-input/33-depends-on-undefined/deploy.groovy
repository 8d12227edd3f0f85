// args: validate
// error: 7: service 'api' dependsOn 'dbb', which is not defined (did you mean 'db'?)
project 'shop'
service('db') { image 'postgres:16' }
service('api') {
    image 'nginx:1'
    dependsOn 'dbb'  // <-
}
