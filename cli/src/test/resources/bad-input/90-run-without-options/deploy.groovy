// args: validate
// error: 6: stage 'migrate': run needs the service to run it in: run service: 'api', command: 'python manage.py migrate'
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run 'python manage.py migrate' }  // <-
}
