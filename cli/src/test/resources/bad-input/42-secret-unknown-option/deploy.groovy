// args: validate
// error: 6: secret: unknown option 'fromEnvironment' (did you mean 'fromEnv'?); known: fromEnv, fromFile
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'POSTGRES_PASSWORD', fromEnvironment: 'PW'  // <-
}
