// args: validate
// error: 6: stage 'migrate': run: unknown option 'comand' (did you mean 'command'?); known: service, command, timeout
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') { run service: 'api', comand: 'python manage.py migrate' }  // <-
}
