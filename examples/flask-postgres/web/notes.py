"""Where notes are kept: Postgres when deployed, memory in tests."""

import os
from dataclasses import dataclass
from typing import Callable, Protocol


@dataclass(frozen=True)
class Note:
    id: int
    text: str


class Notes(Protocol):
    def add(self, text: str) -> Note: ...

    def all(self) -> list[Note]: ...


class InMemoryNotes:
    def __init__(self) -> None:
        self._notes: list[Note] = []

    def add(self, text: str) -> Note:
        note = Note(len(self._notes) + 1, text)
        self._notes.append(note)
        return note

    def all(self) -> list[Note]:
        return list(self._notes)


class PostgresNotes:
    SCHEMA = "CREATE TABLE IF NOT EXISTS notes (id SERIAL PRIMARY KEY, text TEXT NOT NULL)"

    def __init__(self, connect: Callable[[], object]) -> None:
        """`connect` returns a new DB-API connection, e.g. from psycopg2.connect."""
        self._connect = connect
        self._schema_ready = False

    @classmethod
    def from_env(cls, environ=os.environ) -> "PostgresNotes":
        settings = {
            "host": environ.get("DB_HOST", "localhost"),
            "port": int(environ.get("DB_PORT", "5432")),
            "dbname": environ.get("DB_NAME", "notes"),
            "user": environ.get("DB_USER", "notes"),
            "password": read_password(environ),
        }

        def connect():
            # Imported here, so the app and its tests load without the Postgres driver installed.
            import psycopg2

            return psycopg2.connect(**settings)

        return cls(connect)

    def add(self, text: str) -> Note:
        [(note_id, saved)] = self._query("INSERT INTO notes (text) VALUES (%s) RETURNING id, text", (text,))
        return Note(note_id, saved)

    def all(self) -> list[Note]:
        return [Note(*row) for row in self._query("SELECT id, text FROM notes ORDER BY id")]

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = self._connect()
        try:
            with connection, connection.cursor() as cursor:  # commits on success, rolls back on error
                if not self._schema_ready:
                    cursor.execute(self.SCHEMA)
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            self._schema_ready = True
            return rows
        finally:
            connection.close()


def read_password(environ=os.environ) -> str:
    """The database password: from the file DB_PASSWORD_FILE names (a mounted secret), else DB_PASSWORD."""
    path = environ.get("DB_PASSWORD_FILE")
    if path:
        with open(path, encoding="utf-8") as file:
            return file.read().rstrip("\r\n")
    return environ.get("DB_PASSWORD", "")
