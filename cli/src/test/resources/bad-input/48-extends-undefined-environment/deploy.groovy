// args: validate
// error: 7: environment 'staging' extends 'prd', which is not defined (did you mean 'prod'?)
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod { target kubernetes(namespace: 'shop') }
    staging(extends: 'prd') { }  // <-
}
