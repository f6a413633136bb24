"""Django's SQLite backend, aware of the audit log's append-only triggers.

Settings select it instead of ``django.db.backends.sqlite3`` (see the security block of
gdip.config.settings). It differs in two places only:

* ``flush`` (the ``flush`` command, and the clean-up after each transactional test) drops the
  triggers, empties the tables and recreates them, all in one transaction: emptying the whole
  database is an administrator's operation, not a change to the log.
* SQLite alters a table by rebuilding it, which drops its triggers; after a migration rebuilds the
  events table, the triggers are recreated at once.
"""
