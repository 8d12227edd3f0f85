// args: plan --env prd
// error: 0: environment 'prd' is not defined (did you mean 'prod'?); defined: dev, prod
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { target compose() }
    prod { target kubernetes(namespace: 'shop') }
}
