"""The SQLite DatabaseWrapper with trigger-aware flush and table rebuilds (see the package doc)."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations, schema

from gdip.core.audit import EVENT_TABLE, SQLITE_GUARD, SQLITE_UNGUARD

__all__ = ["DatabaseWrapper"]


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> Any:
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if sql and EVENT_TABLE in set(tables):
            return [*SQLITE_UNGUARD, *sql, *SQLITE_GUARD]
        return sql


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(
        self, model: Any, create_field: Any = None, delete_field: Any = None, alter_fields: Any = None
    ) -> None:
        guarded = model._meta.db_table == EVENT_TABLE and self._guarded()
        super()._remake_table(  # type: ignore[misc]
            model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields
        )
        if guarded:
            for statement in SQLITE_GUARD:
                self.execute(statement)

    def _guarded(self) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [EVENT_TABLE]
            )
            return bool(cursor.fetchone()[0])


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor
