// args: validate
// error: 6: stage 'deploy' does nothing: add buildImages(), runTests(), deploy() or run service: '...', command: '...'
project 'shop'
service('db') { image 'postgres:16' }
pipeline {
    stage('deploy') { }  // <-
}
