// args: validate
// error: 6: stage 'migrate': run: command is empty: give the shell command to run, e.g. run service: 'api', command: 'python manage.py migrate'
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run service: 'api', command: '   ' }  // <-
}
