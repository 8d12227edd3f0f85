// args: validate
// error: 6: service 'web' has python { } and image: keep one (python builds an image from Python source, dockerfile from a Dockerfile, image runs a ready one)
project 'shop'
service('web') {
    python { source 'app' }
    image 'nginx:1'  // <-
}
