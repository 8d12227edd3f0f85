// args: validate
// error: 4: services depend on each other in a cycle: a -> b -> c -> a; remove one dependsOn
project 'shop'
service('a') { image 'nginx:1'; dependsOn 'b' }  // <-
service('b') { image 'nginx:1'; dependsOn 'c' }
service('c') { image 'nginx:1'; dependsOn 'a' }
