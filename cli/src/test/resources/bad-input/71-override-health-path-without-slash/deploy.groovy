// args: validate
// error: 11: service 'api' in environment 'prod': health http path 'healthz' must start with '/'
project 'shop'
service('api') {
    image 'acme/api:1'
    port 8000
}
environments {
    prod {
        target compose()
        service('api') { health http('healthz'); restart 'sometimes' }  // <-
    }
}
