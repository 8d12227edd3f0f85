// args: validate
// error: 5: service 'web': python version 'three' is not like '3.12'
project 'shop'
service('web') {
    python { source 'app'; version 'three' }  // <-
}
