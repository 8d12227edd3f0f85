// args: plan --strict --env dev
// error: 6: secret 'POSTGRES_PASSWORD' of service 'db' comes from file secrets/pg.txt, which does not exist (@D/secrets/pg.txt)
project 'shop'
service('db') {
    image 'postgres:16'
    secret 'POSTGRES_PASSWORD', fromFile: 'secrets/pg.txt'  // <-
}
