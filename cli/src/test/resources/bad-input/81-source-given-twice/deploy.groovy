// args: validate
// error: 8: source given twice in python { } of service 'web' (first at line 6): keep one
project 'shop'
service('web') {
    python {
        source 'app'
        version '3.12'
        source 'web'  // <-
    }
}
