// args: validate
// error: 8: 'metrics' cannot change per environment (in service 'web' of environment 'prod'): set it in the top-level service('web') block
project 'shop'
service('web') { image 'nginx:1.27'; port 8080 }
environments {
    prod {
        target kubernetes(namespace: 'shop')
        service('web') { metrics '/metrics' }  // <-
    }
}
