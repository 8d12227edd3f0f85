// args: validate
// error: 7: stage 'deploy' is defined twice
project 'shop'
service('db') { image 'postgres:16' }
pipeline {
    stage('deploy') { deploy() }
    stage('deploy') { deploy() }  // <-
}
