// args: validate
// error: 5: unknown keyword 'imgae' in service 'db' (did you mean 'image'?)
project 'shop'
service('db') {
    imgae 'postgres:16'  // <-
}
