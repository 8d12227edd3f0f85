// args: validate
// error: 11: service 'db' in environment 'prod': health tcp port 99999 is outside 1-65535
project 'shop'
service('db') {
    image 'postgres:16'
    health tcp(5432)
}
environments {
    dev { target compose() }
    prod(extends: 'dev') {
        service('db') { health tcp(99999) }  // <-
    }
}
