// args: validate
// error: 6: service 'api' depends on itself
project 'shop'
service('api') {
    image 'nginx:1'
    dependsOn 'api'  // <-
}
