// args: validate
// error: 6: service 'web': file 'nginx/nginx.conf' does not exist (relative to @F)
project 'shop'
service('web') {
    image 'nginx:1.27'
    file 'nginx/nginx.conf', '/etc/nginx/nginx.conf'  // <-
}
