// args: validate
// error: 5: service 'web': cannot tell how to start it (no Procfile, Django, FastAPI, Flask, main.py or app.py in 'app'): add `command '...'` to its python { } block
project 'shop'
service('web') {
    python { source 'app' }  // <-
}
