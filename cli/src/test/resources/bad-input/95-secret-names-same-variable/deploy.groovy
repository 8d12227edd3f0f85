// args: validate
// error: 7: service 'db': secrets 'db-password' and 'db_password' would both set DB_PASSWORD_FILE: rename one
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'db-password', fromEnv: 'A'
    secret 'db_password', fromEnv: 'B'  // <-
}
