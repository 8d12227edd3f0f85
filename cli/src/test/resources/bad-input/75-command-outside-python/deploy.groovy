// args: validate
// error: 7: service 'web': command 'python app.py' is the start command only inside python { }: write python { source 'app'; command 'python app.py' }; a health check is written health command('...')
project 'shop'
service('web') {
    python { source 'app' }
    port 8000
    command 'python app.py'  // <-
}
