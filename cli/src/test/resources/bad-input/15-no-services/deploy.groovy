// args: validate
// error: 1: the project defines no service: add `service('web') { ... }`
project 'shop'
