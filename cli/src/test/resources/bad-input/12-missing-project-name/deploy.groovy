// args: validate
// error: 1: the project has no name: add `project 'my-app'` at the top
service('db') { image 'postgres:16' }
