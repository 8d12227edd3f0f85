// args: validate
// error: 7: service 'web': command 'python app.py' is for image and dockerfile services; a Python service's start command goes inside its build: python { source 'app'; command 'python app.py' } (a health check is written health command('...'))
project 'shop'
service('web') {
    python { source 'app' }
    port 8000
    command 'python app.py'  // <-
}
