// args: validate
// error: 6: @ANY
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod { target kubernetes(namespace: 'Shop_Prod') }  // <-
}
