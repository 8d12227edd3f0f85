// args: validate
// error: 5: service 'web': requirements file 'app/requirement.txt' does not exist (relative to @F)
project 'shop'
service('web') {
    python { source 'app'; requirements 'app/requirement.txt' }  // <-
}
