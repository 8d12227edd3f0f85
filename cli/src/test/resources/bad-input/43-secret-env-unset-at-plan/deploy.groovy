// args: plan --strict --env dev
// error: 6: secret 'POSTGRES_PASSWORD' of service 'db' comes from environment variable SLIPWAY_TEST_UNSET_PASSWORD, which is not set: export it before planning or deploying
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'POSTGRES_PASSWORD', fromEnv: 'SLIPWAY_TEST_UNSET_PASSWORD'  // <-
}
