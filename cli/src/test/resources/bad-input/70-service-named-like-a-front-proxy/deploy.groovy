// args: validate
// error: 12: service 'web-proxy' has the name Slipway gives the front proxy of 'web' (which updates rolling) on Compose: rename it
project 'shop'
service('web') {
    python { source 'app'; version '3.11'; command 'python app.py' }
    port 8000
    replicas 2
}
environments {
    dev { target compose() }
}
service('web-proxy') {  // <-
    image 'nginx:1'
}
