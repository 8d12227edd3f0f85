// args: validate
// error: 5: service 'db': image 'Postgres:16' is not a valid image reference, e.g. 'postgres:16' or 'ghcr.io/acme/api:1.2'
project 'shop'
service('db') {
    image 'Postgres:16'  // <-
}
