// args: validate
// error: 6: service 'web': health http('/healthz') needs a port: add `port 8000` or http('/healthz', 8000)
project 'shop'
service('web') {
    image 'nginx:1'
    health http('/healthz')  // <-
}
