// args: validate
// error: 6: stage 'migrate': run service: 'api' has an empty command: give the shell command to run, e.g. command: 'python manage.py migrate'
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run service: 'api', command: '   ' }  // <-
}
