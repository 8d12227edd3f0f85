"""A notes service: POST /notes adds one, GET /notes lists them."""

from dataclasses import asdict

from flask import Flask, request

from notes import Notes, PostgresNotes


def create_app(notes: Notes | None = None) -> Flask:
    """Flask's CLI calls this with no arguments (`flask --app app run`), so deployments use Postgres."""
    if notes is None:
        notes = PostgresNotes.from_env()
    app = Flask(__name__)

    @app.get("/notes")
    def list_notes():
        return [asdict(note) for note in notes.all()]

    @app.post("/notes")
    def add_note():
        body = request.get_json(silent=True)
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip():
            return {"error": 'send JSON like {"text": "buy milk"}'}, 400
        return asdict(notes.add(text.strip())), 201

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
