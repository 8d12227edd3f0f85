// args: validate
// error: 6: stage 'migrate': run service: 'api': timeout must be a positive number of seconds, e.g. timeout: 300
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run service: 'api', command: 'python manage.py migrate', timeout: 0 }  // <-
}
