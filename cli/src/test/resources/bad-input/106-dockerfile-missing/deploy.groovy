// args: validate
// error: 5: service 'proxy': dockerfile 'proxy/Dockerfile' does not exist (relative to @F)
project 'shop'
service('proxy') {
    dockerfile 'proxy/Dockerfile'  // <-
}
