// args: validate
// error: 6: service 'db': command 'run this' would set an image service's own command, which is not supported yet (it will come later); a health check is written health command('run this')
project 'shop'
service('db') {
    image 'postgres:16'
    command 'run this'  // <-
}
