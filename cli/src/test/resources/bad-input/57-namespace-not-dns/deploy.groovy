// args: validate
// error: 6: kubernetes(): namespace 'Shop_Prod' is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try 'shop-prod'
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod { target kubernetes(namespace: 'Shop_Prod') }  // <-
}
