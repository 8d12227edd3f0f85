// args: validate
// error: 6: unknown keyword 'targte' in environment 'dev' (did you mean 'target'?)
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { targte compose() }  // <-
}
