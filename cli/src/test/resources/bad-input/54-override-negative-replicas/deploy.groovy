// args: validate
// error: 8: service 'db' in environment 'prod': replicas must be 0 or more, not -1
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod {
        target kubernetes(namespace: 'shop')
        service('db') { replicas(-1) }  // <-
    }
}
