// A Flask notes app on Postgres: Compose for development, Kubernetes for production.
// The database password is one secret, given to both services as /run/secrets/DB_PASSWORD.
project 'notes'
registry setting('registry', 'localhost:5000/notes')   // --set registry=... on another machine

def database = 'notes'   // the Postgres user and database name; the app and the server must agree

service('web') {
    python {
        source 'web'
        version '3.11'
        baseImage setting('baseImage', 'python:3.11-slim')
        // app.py has a create_app() factory, which gunicorn calls when given 'app:create_app()'.
        command 'gunicorn --bind 0.0.0.0:8000 --workers 2 "app:create_app()"'
    }
    port 8000
    health http('/healthz')
    env DB_HOST: 'db', DB_NAME: database, DB_USER: database
    secret 'DB_PASSWORD', fromEnv: 'NOTES_DB_PASSWORD'   // the app reads DB_PASSWORD_FILE
    dependsOn 'db'
    test { pytest 'web/tests' }
}

service('db') {
    image setting('postgresImage', 'postgres:16')   // --set postgresImage=... where Docker Hub is out of reach
    port 5432
    volume 'pgdata', '/var/lib/postgresql/data'
    health command("pg_isready -U ${database}")
    env POSTGRES_USER: database, POSTGRES_DB: database,
        POSTGRES_PASSWORD_FILE: '/run/secrets/DB_PASSWORD',
        PGDATA: '/var/lib/postgresql/data/pgdata'   // a subdirectory: a fresh volume's root may hold lost+found
    secret 'DB_PASSWORD', fromEnv: 'NOTES_DB_PASSWORD'
}

environments {
    dev { target compose() }
    prod {
        target kubernetes(namespace: 'notes')
        service('web') { replicas 2; resources cpu: '250m', memory: '256Mi' }
        service('db') { resources cpu: '1', memory: '1Gi' }
    }
}
