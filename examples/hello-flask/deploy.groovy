// One Flask service, deployed with Docker Compose.
// No `command`: Slipway finds `app = Flask(__name__)` in app/app.py and, since gunicorn is not
// a dependency, starts Flask's own server on 0.0.0.0:8000 (`slipway plan` shows the command).
project 'hello-flask'

service('web') {
    python { source 'app' }
    port 8000
    health http('/healthz')
    test { pytest 'app/tests' }
}

environments {
    dev { target compose() }
}
