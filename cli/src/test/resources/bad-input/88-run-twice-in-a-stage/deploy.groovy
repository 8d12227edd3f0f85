// args: validate
// error: 8: stage 'migrate': run service: 'api' is given twice in the stage: join the commands with && or put the second in a stage of its own
project 'shop'
service('api') { image 'shop/api:1' }
pipeline {
    stage('migrate') {
        run service: 'api', command: 'python manage.py migrate'
        run service: 'api', command: 'python manage.py loaddata seed'  // <-
    }
}
