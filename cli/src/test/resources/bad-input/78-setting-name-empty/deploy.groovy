// args: validate --set tag=16
// error: 4: setting name is empty: name the --set key to read, e.g. setting('registry', 'localhost:5000/shop')
project 'shop'
def tag = setting('', '15')  // <-
service('db') { image "postgres:$tag" }
