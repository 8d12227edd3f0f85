// args: validate
// error: 4: service 'db' has none of python { }, image '...' and dockerfile '...': say how to get its image
project 'shop'
service('db') { port 5432 }  // <-
