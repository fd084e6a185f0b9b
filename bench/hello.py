"""The reference for page speed: Flask's "hello world" on the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
