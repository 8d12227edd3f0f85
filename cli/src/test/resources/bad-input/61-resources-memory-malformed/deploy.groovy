// args: validate
// error: 6: service 'db': memory '512 MB' is not a quantity like '512Mi' or '1Gi'
project 'shop'
service('db') {
    image 'postgres:16'
    resources memory: '512 MB'  // <-
}
