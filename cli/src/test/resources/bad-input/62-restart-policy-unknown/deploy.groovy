// args: validate
// error: 6: service 'db': restart 'unless-stoped' is not one of no, always, on-failure, unless-stopped (did you mean 'unless-stopped'?)
project 'shop'
service('db') {
    image 'postgres:16'
    restart 'unless-stoped'  // <-
}
