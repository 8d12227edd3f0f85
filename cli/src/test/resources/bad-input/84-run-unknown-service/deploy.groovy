// args: validate
// error: 7: stage 'migrate': run service: 'apj' names no service of the project (did you mean 'api'?); services: db, api
project 'shop'
service('db') { image 'postgres:16' }
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run service: 'apj', command: 'python manage.py migrate' }  // <-
}
