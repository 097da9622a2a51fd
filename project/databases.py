"""The default database's connection settings, for each engine and kind of process.

Kept out of settings.py so that tests can build them for any URL and process.
"""

import dj_database_url

# WAL lets the web process read while the worker writes; IMMEDIATE
# transactions make SQLite queue writers instead of failing them; the timeout
# is how long a writer queues. The same for the embedded default and for a
# sqlite:// DATABASE_URL, or two mail deliveries at once fail with "database
# is locked" (and the mail server bounces one of them).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def sqlite(name):
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": dict(SQLITE_OPTIONS)}


def from_url(url, *, ssl_require=False, web=False, statement_timeout=0, lock_timeout=0):
    """DATABASES["default"] for a DATABASE_URL.

    `web` is true in processes that answer HTTP requests. There PostgreSQL
    cancels any statement that runs longer than `statement_timeout` and any
    wait for a lock longer than `lock_timeout` (milliseconds, 0 for never):
    the request fails fast with a 500 and the provider or browser retries,
    instead of holding a gunicorn thread past Heroku's 30 s router limit
    (gunicorn's own timeout does not stop a thread waiting on the database).
    The worker and management commands (migrations, imports, exports, the
    nightly sweep) legitimately run longer and keep PostgreSQL's default.
    """
    if url.startswith("sqlite"):
        database = dj_database_url.parse(url)
        options = database.setdefault("OPTIONS", {})
        # A timeout in the URL (?timeout=1.5) arrives as text; sqlite3 wants a number.
        options["timeout"] = float(options.get("timeout", SQLITE_OPTIONS["timeout"]))
        for name, value in SQLITE_OPTIONS.items():
            options.setdefault(name, value)
        return database
    database = dj_database_url.parse(
        url, conn_max_age=600, conn_health_checks=True, ssl_require=ssl_require
    )
    if web and database["ENGINE"] == "django.db.backends.postgresql":
        limits = " ".join(
            f"-c {name}={value}"
            for name, value in (
                ("statement_timeout", statement_timeout),
                ("lock_timeout", lock_timeout),
            )
            if value
        )
        options = database.setdefault("OPTIONS", {})
        # libpq's startup options: set once per connection, no extra round trip.
        options["options"] = " ".join(filter(None, [options.get("options", ""), limits]))
    return database
