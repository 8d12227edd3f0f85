// args: validate
// error: 6: environment 'dev' has no target: add `target compose()` or `target kubernetes(namespace: '...')`
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { }  // <-
}
