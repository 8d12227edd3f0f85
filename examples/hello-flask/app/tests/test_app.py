import pytest

from app import app


@pytest.fixture
def client():
    return app.test_client()


def test_hello_greets(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello from Slipway!"}


def test_healthz_is_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
