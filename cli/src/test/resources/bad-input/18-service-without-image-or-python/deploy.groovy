// args: validate
// error: 4: service 'db' has neither python { } nor image '...': say how to get its image
project 'shop'
service('db') { port 5432 }  // <-
