// args: validate
// error: 7: unknown keyword 'verison' in python { } of service 'web' (did you mean 'version'?)
project 'shop'
service('web') {
    python {
        source 'app'
        verison '3.12'  // <-
    }
}
