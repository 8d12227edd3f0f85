// args: validate
// error: 6: service 'db': secret name '9-lives' cannot be used: it names the file /run/secrets/<name> and, upper-cased with '-' and '.' as '_', the variable <NAME>_FILE, so it must start with a letter or '_' and hold only letters, digits, '_', '-' and '.' (e.g. 'db-password' gives DB_PASSWORD_FILE)
project 'shop'
service('db') {
    image 'postgres:16'
    secret '9-lives', fromEnv: 'CAT_PASSWORD'  // <-
}
