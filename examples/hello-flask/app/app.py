"""The smallest service Slipway can deploy: a greeting and a health endpoint."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"message": "Hello from Slipway!"}


@app.get("/healthz")
def healthz():
    return "ok"
