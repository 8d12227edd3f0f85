// args: validate
// error: 6: service 'db': volume './data' is a host path, and a volume takes a name: put a project file in read-only with file './data', '/var/lib/postgresql/data', or mount a host directory (development, Compose only) with mount './data', '/var/lib/postgresql/data'
project 'shop'
service('db') {
    image 'postgres:16'
    volume './data', '/var/lib/postgresql/data'  // <-
}
