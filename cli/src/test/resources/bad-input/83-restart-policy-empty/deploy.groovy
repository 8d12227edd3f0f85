// args: validate
// error: 5: service 'db': restart '' is not one of no, always, on-failure, unless-stopped
project 'shop'
service('db') {
    restart ''  // <-
    image 'postgres:16'
}
