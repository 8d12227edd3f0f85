// args: validate
// error: 6: compose(): setting 'history' must be how many releases to keep, a whole number from 1, e.g. history: 10; not '0'
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { target compose(history: 0) }  // <-
}
