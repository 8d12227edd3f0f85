// One Flask service: Docker Compose for development, Kubernetes for production.
// No `command`: Slipway finds `app = Flask(__name__)` in app/app.py and, since gunicorn is in
// app/requirements.txt, serves it with `gunicorn --bind 0.0.0.0:8000 app:app` (`slipway plan`
// shows the command and why). Dependencies come from PyPI, resolved by pip.
// The registry and base image can be changed per machine: --set registry=... --set baseImage=...
project 'hello-flask'
registry setting('registry', 'localhost:5000/hello-flask')

service('web') {
    python {
        source 'app'
        version '3.11'
        baseImage setting('baseImage', 'python:3.11-slim')
    }
    port 8000
    health http('/healthz')
    env GUNICORN_CMD_ARGS: '--access-logfile -'   // gunicorn logs requests only when asked; `slipway logs` shows them
    test { pytest 'app/tests' }
}

environments {
    dev { target compose() }
    // The cluster pulls `web` from the registry above: it must be one the cluster's nodes reach.
    prod { target kubernetes(namespace: 'hello-flask') }
}
