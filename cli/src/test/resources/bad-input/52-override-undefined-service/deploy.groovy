// args: validate
// error: 8: environment 'prod' overrides service 'bd', which is not defined (did you mean 'db'?)
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod {
        target kubernetes(namespace: 'shop')
        service('bd') { replicas 2 }  // <-
    }
}
