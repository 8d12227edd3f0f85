// args: validate
// error: 5: service 'web': cannot tell how to start it; looked in 'app/' for a Procfile with a web: entry (there is no Procfile); a [project.scripts] or [tool.poetry.scripts] entry in pyproject.toml (none); ENTRYPOINT or CMD of a Dockerfile (none, or only a shell); a Django manage.py, up to 2 folders down (none that imports django); a Flask, FastAPI or Starlette app object (none in 1 module: top-level files, packages; tests, docs and virtualenvs skipped); a top-level main.py or app.py (none): add `command '...'` to its python { } block
project 'shop'
service('web') {
    python { source 'app' }  // <-
}
