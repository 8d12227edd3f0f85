// args: validate
// error: 6: service 'db': cpu 'lots' is not a quantity like '500m' or '2'
project 'shop'
service('db') {
    image 'postgres:16'
    resources cpu: 'lots', memory: '512Mi'  // <-
}
