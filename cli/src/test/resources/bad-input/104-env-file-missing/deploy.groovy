// args: validate
// error: 6: service 'web': envFile 'web.env' cannot be read (no such file)
project 'shop'
service('web') {
    image 'nginx:1.27'
    envFile 'web.env'  // <-
}
