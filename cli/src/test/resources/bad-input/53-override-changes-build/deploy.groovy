// args: validate
// error: 8: 'dependsOn' cannot change per environment (in service 'db' of environment 'prod'): set it in the top-level service('db') block
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod {
        target kubernetes(namespace: 'shop')
        service('db') { dependsOn 'cache' }  // <-
    }
}
