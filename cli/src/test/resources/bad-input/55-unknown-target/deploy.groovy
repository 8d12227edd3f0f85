// args: validate
// error: 6: environment 'dev': no target 'swarm' is installed; available: compose, directory, kubernetes, sketch
project 'shop'
service('db') { image 'postgres:16' }
environments {
    dev { target swarm() }  // <-
}
