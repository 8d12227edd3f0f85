// args: validate
// error: 6: service 'db': secret 'POSTGRES_PASSWORD': fromEnv is empty: name the variable that holds it, e.g. fromEnv: 'SHOP_DB_PASSWORD'
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'POSTGRES_PASSWORD', fromEnv: ''  // <-
}
