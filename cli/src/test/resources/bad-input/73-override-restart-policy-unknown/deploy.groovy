// args: validate
// error: 10: service 'db' in environment 'prod': restart 'sometimes' is not one of no, always, on-failure, unless-stopped
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod {
        target compose()
        service('db') {
            replicas 1
            restart 'sometimes'  // <-
        }
    }
}
