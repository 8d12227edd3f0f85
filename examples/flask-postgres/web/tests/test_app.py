import pytest

from app import create_app
from notes import InMemoryNotes


@pytest.fixture
def client():
    return create_app(InMemoryNotes()).test_client()


def test_notes_starts_empty(client):
    assert client.get("/notes").get_json() == []


def test_added_note_is_listed(client):
    created = client.post("/notes", json={"text": "  buy milk "})

    assert created.status_code == 201
    assert created.get_json() == {"id": 1, "text": "buy milk"}
    assert client.get("/notes").get_json() == [{"id": 1, "text": "buy milk"}]


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": 42}, ["buy milk"]])
def test_note_without_text_is_rejected(client, body):
    response = client.post("/notes", json=body)

    assert response.status_code == 400
    assert client.get("/notes").get_json() == []


def test_healthz_is_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
