// args: validate
// error: 5: service 'web': source directory 'ap' does not exist (relative to @F)
project 'shop'
service('web') {
    python { source 'ap' }  // <-
}
