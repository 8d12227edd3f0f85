// args: validate
// error: 6: kubernetes(): unknown setting 'namespce' (did you mean 'namespace'?); known: context, history, kubeconfig, namespace
project 'shop'
service('db') { image 'postgres:16' }
environments {
    prod { target kubernetes(namespce: 'shop') }  // <-
}
