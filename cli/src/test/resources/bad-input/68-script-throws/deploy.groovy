// args: validate
// error: 6: the script failed: pass --set release=...
project 'shop'
service('db') { image 'postgres:16' }
if (!binding.hasVariable('release')) {
    throw new IllegalArgumentException('pass --set release=...')  // <-
}
