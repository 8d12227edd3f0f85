// args: validate
// error: 6: stage 'migrate': run needs service:, e.g. run service: 'api', command: 'python manage.py migrate'
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run command: 'python manage.py migrate' }  // <-
}
