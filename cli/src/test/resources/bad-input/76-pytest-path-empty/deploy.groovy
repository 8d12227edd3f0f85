// args: validate
// error: 6: test { } of service 'web': pytest path is empty: name the tests' directory, relative to deploy.groovy, e.g. pytest 'api/tests'
project 'shop'
service('web') {
    python { source 'app' }
    test { pytest '' }  // <-
}
