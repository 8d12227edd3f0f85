// args: validate
// error: 5: service 'web': requirements 'app/deps.yaml' is not a requirements .txt, pyproject.toml, uv.lock or poetry.lock
project 'shop'
service('web') {
    python { source 'app'; requirements 'app/deps.yaml' }  // <-
}
