// args: validate
// error: 7: service 'api' depends on 'queue', which has no port: on Kubernetes (environment 'prod') a service is reached only through a port; give 'queue' the port it listens on (`port N`), or drop the dependsOn if 'api' never talks to it
project 'shop'
service('queue') { image 'registry.example.com/queue:1' }
service('api') {
    image 'registry.example.com/api:1'
    dependsOn 'queue'  // <-
}
environments {
    dev { target compose() }
    prod { target kubernetes() }
}
