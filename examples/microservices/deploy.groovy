// An HTTP api that queues jobs in Redis and a worker that does them.
// api and worker are two processes of one code base, jobs/, talking to Redis with the redis package.
project 'microservices'
registry setting('registry', 'localhost:5000/microservices')

def python311 = setting('baseImage', 'python:3.11-slim')

def redisAddress = [REDIS_HOST: 'redis', REDIS_PORT: 6379]

service('api') {
    python {   // start command detected: the Flask app in jobs/api.py
        source 'jobs'
        version '3.11'
        baseImage python311
    }
    port 8080
    health http('/healthz')
    env redisAddress
    dependsOn 'redis'
    test { pytest 'jobs/tests/test_api.py' }
}

service('worker') {
    python {
        source 'jobs'
        version '3.11'
        baseImage python311
        command 'python worker.py'
    }
    health command('python healthcheck.py')   // is the worker's heartbeat file fresh?
    env redisAddress
    dependsOn 'api', 'redis'
    test { pytest 'jobs/tests/test_worker.py' }
}

service('redis') {
    image setting('redisImage', 'redis:7')   // --set redisImage=... where Docker Hub is out of reach
    port 6379
    health tcp(6379)
}

environments {
    dev { target compose() }
    prod {
        target kubernetes(namespace: 'micro')
        service('api') {
            replicas 3
            autoscale min: 3, max: 10, cpu: 70
            resources cpu: '500m', memory: '512Mi'
        }
    }
    staging(extends: 'prod') { target kubernetes(namespace: 'micro-staging') }
}
