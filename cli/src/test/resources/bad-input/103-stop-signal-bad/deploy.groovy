// args: validate
// error: 6: service 'web': stopSignal 'please stop' is not a signal name like 'SIGINT' or 'SIGQUIT'
project 'shop'
service('web') {
    image 'nginx:1.27'
    stopSignal 'please stop'  // <-
}
