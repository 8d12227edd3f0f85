from notes import Note, PostgresNotes, read_password


class FakeConnection:
    """Enough of a DB-API connection to see what PostgresNotes sends and to answer with `rows`."""

    def __init__(self, log, rows):
        self.log, self.rows, self.closed = log, rows, False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def cursor(self):
        return self

    def execute(self, sql, params=()):
        self.log.append((sql, params))

    def fetchall(self):
        return self.rows

    def close(self):
        self.closed = True


def postgres_notes(rows):
    log, connections = [], []

    def connect():
        connections.append(FakeConnection(log, rows))
        return connections[-1]

    return PostgresNotes(connect), log, connections


def test_add_creates_the_table_once_then_inserts():
    notes, log, connections = postgres_notes([(7, "buy milk")])

    assert notes.add("buy milk") == Note(7, "buy milk")
    notes.add("buy milk")

    statements = [sql for sql, _ in log]
    assert statements.count(PostgresNotes.SCHEMA) == 1
    assert log[1] == ("INSERT INTO notes (text) VALUES (%s) RETURNING id, text", ("buy milk",))
    assert all(connection.closed for connection in connections)


def test_all_returns_rows_as_notes():
    notes, _, _ = postgres_notes([(1, "a"), (2, "b")])

    assert notes.all() == [Note(1, "a"), Note(2, "b")]


def test_password_comes_from_the_secret_file(tmp_path):
    secret = tmp_path / "DB_PASSWORD"
    secret.write_text("s3cret\n")

    assert read_password({"DB_PASSWORD_FILE": str(secret), "DB_PASSWORD": "ignored"}) == "s3cret"


def test_password_falls_back_to_the_variable():
    assert read_password({"DB_PASSWORD": "s3cret"}) == "s3cret"

