// args: validate
// error: 6: service 'web': file 'deploy.groovy' must go to an absolute path in the container, not 'etc/nginx/nginx.conf'
project 'shop'
service('web') {
    image 'nginx:1.27'
    file 'deploy.groovy', 'etc/nginx/nginx.conf'  // <-
}
