// args: validate
// error: 6: service 'db' has tests but no python { } build to test
project 'shop'
service('db') {
    image 'postgres:16'
    test { pytest 'tests' }  // <-
}
