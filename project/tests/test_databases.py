"""Database connection settings: SQLite's queueing, PostgreSQL's time limits for web requests."""

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections

from project import databases
from project.tests.test_settings import PRODUCTION, load_settings  # noqa: F401

REPOSITORY = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://daybook@127.0.0.1:5432/daybook"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


def test_a_sqlite_url_gets_the_embedded_defaults_options():
    """DATABASE_URL=sqlite:// queues writers as the embedded default does (WAL, IMMEDIATE, wait)."""
    options = databases.from_url("sqlite:////srv/daybook/db.sqlite3")["OPTIONS"]
    assert options == databases.SQLITE_OPTIONS
    assert databases.sqlite("/srv/daybook/db.sqlite3")["OPTIONS"] == databases.SQLITE_OPTIONS


def test_a_sqlite_url_may_choose_its_own_timeout():
    """A ?timeout= in the URL replaces the default wait, as a number sqlite3 accepts."""
    options = databases.from_url("sqlite:////srv/db.sqlite3?timeout=1.5")["OPTIONS"]
    assert options["timeout"] == 1.5
    assert options["transaction_mode"] == "IMMEDIATE"


def test_web_processes_get_statement_and_lock_timeouts():
    """A web process's PostgreSQL connection cancels slow statements and long lock waits."""
    database = databases.from_url(POSTGRES, web=True, statement_timeout=5000, lock_timeout=3000)
    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c lock_timeout=3000"
    assert database["CONN_MAX_AGE"] == 600


def test_other_processes_keep_postgresqls_defaults():
    """The worker and management commands may run long: no time limits for them."""
    database = databases.from_url(POSTGRES, web=False, statement_timeout=5000, lock_timeout=3000)
    assert "options" not in database.get("OPTIONS", {})


def test_a_zero_timeout_means_no_limit_and_url_options_are_kept():
    """0 turns one limit off; options already in the URL stay."""
    url = POSTGRES + "?options=-c%20search_path%3Ddaybook"
    database = databases.from_url(url, web=True, statement_timeout=0, lock_timeout=3000)
    assert database["OPTIONS"]["options"] == "-c search_path=daybook -c lock_timeout=3000"


def test_settings_give_the_limits_only_to_web_processes(load_settings, monkeypatch):  # noqa: F811
    """settings.py applies the environment's limits when the process says it serves the web."""
    monkeypatch.delenv("DAYBOOK_PROCESS", raising=False)
    environment = {**PRODUCTION, "DATABASE_URL": POSTGRES, "WEB_STATEMENT_TIMEOUT_MS": "4000"}
    web = load_settings(**environment, DAYBOOK_PROCESS="web")["DATABASES"]["default"]
    assert web["OPTIONS"]["options"] == "-c statement_timeout=4000 -c lock_timeout=3000"
    other = load_settings(**environment, DAYBOOK_PROCESS="")["DATABASES"]["default"]
    assert "options" not in other.get("OPTIONS", {})


def test_the_wsgi_application_is_a_web_process():
    """Loading project.wsgi (what gunicorn serves) puts the limits on its connections."""
    script = (
        "import project.wsgi; from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    environment = {**os.environ, "DATABASE_URL": POSTGRES}
    environment.pop("DAYBOOK_PROCESS", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "-c statement_timeout=5000 -c lock_timeout=3000"


def _web_connection(statement_timeout, lock_timeout):
    """A second connection to the test database, configured as a web process's would be."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    url_options = databases.from_url(
        POSTGRES, web=True, statement_timeout=statement_timeout, lock_timeout=lock_timeout
    )["OPTIONS"]
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), **url_options}
    return type(connections["default"])(settings_dict, alias="web")


@on_postgresql
@pytest.mark.django_db
def test_the_limits_reach_the_postgresql_connection():
    """PostgreSQL reports the web process's limits on its session."""
    web = _web_connection(5000, 3000)
    try:
        with web.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("5s",)
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == ("3s",)
    finally:
        web.close()


@on_postgresql
@pytest.mark.django_db
def test_a_statement_past_the_limit_is_cancelled():
    """A statement that runs past the limit fails instead of holding the request."""
    web = _web_connection(50, 50)
    try:
        with web.cursor() as cursor, pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(5)")
    finally:
        web.close()
