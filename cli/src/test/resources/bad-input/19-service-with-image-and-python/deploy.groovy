// args: validate
// error: 6: service 'web' has both python { } and image: keep one (python builds an image)
project 'shop'
service('web') {
    python { source 'app' }
    image 'nginx:1'  // <-
}
