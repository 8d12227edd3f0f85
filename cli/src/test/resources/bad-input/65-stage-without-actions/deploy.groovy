// args: validate
// error: 6: stage 'deploy' does nothing: add buildImages(), runTests() or deploy()
project 'shop'
service('db') { image 'postgres:16' }
pipeline {
    stage('deploy') { }  // <-
}
