// args: validate
// error: 6: environments extend each other in a cycle: a -> b -> a
project 'shop'
service('db') { image 'postgres:16' }
environments {
    a(extends: 'b') { target compose() }  // <-
    b(extends: 'a') { }
}
