// args: validate
// error: 5: service 'web': baseImage 'python 3.12' is not a valid image reference
project 'shop'
service('web') {
    python { source 'app'; baseImage 'python 3.12' }  // <-
}
