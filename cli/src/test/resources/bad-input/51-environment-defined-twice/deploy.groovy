// args: validate
// error: 7: environment 'dev' is defined twice
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { target compose() }
    dev { target compose() }  // <-
}
