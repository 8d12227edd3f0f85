// args: validate
// error: 6: service 'web': pytest path 'app/test' does not exist (relative to @F)
project 'shop'
service('web') {
    python { source 'app' }
    test { pytest 'app/test' }  // <-
}
