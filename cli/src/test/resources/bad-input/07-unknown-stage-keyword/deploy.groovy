// args: validate
// error: 6: unknown keyword 'buildImage' in stage 'build' (did you mean 'buildImages'?)
project 'shop'
service('db') { image 'postgres:16' }
pipeline {
    stage('build') { buildImage() }  // <-
}
