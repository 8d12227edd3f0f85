// args: validate
// error: 5: python { } of service 'web' needs its app directory: add source 'dir' (relative to @F)
project 'shop'
service('web') {
    python { version '3.12' }  // <-
}
