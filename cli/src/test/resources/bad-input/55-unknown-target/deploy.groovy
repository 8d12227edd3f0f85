// args: validate
// error: 6: unknown keyword 'swarm' in environment 'dev'; known: compose, kubernetes, service, target
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { target swarm() }  // <-
}
