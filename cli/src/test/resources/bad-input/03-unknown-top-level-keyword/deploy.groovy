// args: validate
// error: 4: unknown keyword 'servce' in the top level (did you mean 'service'?)
project 'shop'
servce('db') { image 'postgres:16' }  // <-
