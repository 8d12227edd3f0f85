// args: validate
// error: 6: service 'db': secret 'POSTGRES_PASSWORD' needs a source: secret 'POSTGRES_PASSWORD', fromEnv: 'VAR' or fromFile: 'path'
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'POSTGRES_PASSWORD'  // <-
}
