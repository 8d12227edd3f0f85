// args: validate
// error: 6: mount '.', '/code' of service 'web' is a host mount, for Compose and development only; on Kubernetes (environment 'prod') use file '.', '/code' for a project file or volume '<name>', '/code' for data
project 'shop'
service('web') {
    image 'registry.example.com/web:1'
    mount '.', '/code'  // <-
}
environments {
    dev { target compose() }
    prod { target kubernetes() }
}
