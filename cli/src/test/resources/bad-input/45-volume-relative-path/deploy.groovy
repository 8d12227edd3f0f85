// args: validate
// error: 6: service 'db': volume 'pgdata' must mount at an absolute path, not 'var/lib/postgresql/data'
project 'shop'
service('db') {
    image 'postgres:16'
    volume 'pgdata', 'var/lib/postgresql/data'  // <-
}
