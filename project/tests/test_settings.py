"""The settings module, loaded afresh under different environments."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[1] / "settings.py"

PRODUCTION = {
    "DEBUG": "false",
    "EMAIL_PROVIDER": "postmark",
    "SECRET_KEY": "a-long-random-production-secret-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "daybook.example.com",
    "SITE_URL": "https://daybook.example.com",
    "DEFAULT_FROM_EMAIL": "Daybook <prompts@daybook.example.com>",
    "INBOUND_EMAIL_DOMAIN": "reply.daybook.example.com",
    "ANYMAIL_WEBHOOK_SECRET": "user:password",
    "MEDIA_ROOT": "/srv/daybook/media",
}
OBJECT_STORAGE = ["AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME"]


@pytest.fixture
def load_settings(monkeypatch):
    """Run settings.py as production would, with exactly the given environment."""

    def load(**variables):
        for name in [*PRODUCTION, *OBJECT_STORAGE, "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"]:
            monkeypatch.delenv(name, raising=False)
        # Not a test run: settings must behave as they would on a server.
        monkeypatch.delenv("PYTEST_VERSION", raising=False)
        monkeypatch.setattr("sys.argv", ["manage.py", "check"])
        monkeypatch.setattr("dotenv.load_dotenv", lambda *args, **kwargs: None)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def test_production_settings_load_from_the_environment(load_settings):
    """With every required variable set, production settings load and use them."""
    settings = load_settings(**PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["daybook.example.com"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://daybook.example.com"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["INBOUND_EMAIL_DOMAIN"] == "reply.daybook.example.com"


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "DEFAULT_FROM_EMAIL",
        "INBOUND_EMAIL_DOMAIN",
        "ANYMAIL_WEBHOOK_SECRET",
        "EMAIL_PROVIDER",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(load_settings, missing):
    """Each required variable, when missing in production, is named in the error."""
    environment = {name: value for name, value in PRODUCTION.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        load_settings(**environment)


def test_production_refuses_to_print_email(load_settings):
    """Console email in production would deliver nothing and log every prompt's text."""
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PROVIDER is required in production"):
        load_settings(**{**PRODUCTION, "EMAIL_PROVIDER": "console"})


def test_debug_must_be_true_or_false(load_settings):
    """DEBUG=yes is rejected rather than guessed."""
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be 'true' or 'false'"):
        load_settings(**{**PRODUCTION, "DEBUG": "yes"})


def test_local_development_needs_no_secrets(load_settings):
    """DEBUG=true alone runs on SQLite, the SQLite queue, memory cache and console email."""
    settings = load_settings(DEBUG="true")
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in settings["DATABASES"]["default"]["OPTIONS"]["init_command"]
    assert settings["HUEY"]["huey_class"] == "huey.SqliteHuey"
    assert settings["HUEY"]["immediate"] is False
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_site_url_must_be_a_url(load_settings):
    """A SITE_URL without a scheme is rejected with the value shown."""
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must start with http"):
        load_settings(**{**PRODUCTION, "SITE_URL": "daybook.example.com"})


def test_database_url_selects_postgresql_with_persistent_connections(load_settings):
    """DATABASE_URL points Django at PostgreSQL, reusing and health-checking connections."""
    settings = load_settings(
        **PRODUCTION, DATABASE_URL="postgres://u:p@db.example.com:5432/daybook"
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.example.com"
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "sslmode" not in database.get("OPTIONS", {})


def test_heroku_postgres_requires_ssl(load_settings, monkeypatch):
    """On a Heroku dyno the database connection must be encrypted."""
    monkeypatch.setenv("DYNO", "web.1")
    settings = load_settings(**PRODUCTION, DATABASE_URL="postgres://u:p@db.example.com/daybook")
    assert settings["DATABASES"]["default"]["OPTIONS"]["sslmode"] == "require"
    assert settings["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


def test_redis_url_moves_queue_and_cache_to_redis(load_settings):
    """REDIS_URL puts both the task queue and the cache (rate limits) on Redis."""
    settings = load_settings(**PRODUCTION, REDIS_URL="redis://cache.example.com:6379/0")
    assert settings["HUEY"]["huey_class"] == "huey.PriorityRedisHuey"
    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert settings["CACHES"]["default"]["OPTIONS"] == {}


def test_heroku_redis_tls_accepts_its_self_signed_certificate(load_settings):
    """rediss:// URLs connect over TLS without verifying Heroku's self-signed certificate."""
    settings = load_settings(**PRODUCTION, REDIS_URL="rediss://:pw@cache.example.com:6380")
    assert settings["CACHES"]["default"]["OPTIONS"] == {"ssl_cert_reqs": None}
    pool = settings["HUEY"]["connection_pool"]
    assert pool.connection_kwargs["ssl_cert_reqs"] is None


def test_file_provider_writes_eml_files(load_settings, tmp_path):
    """EMAIL_PROVIDER=file keeps each message as an .eml file in EMAIL_FILE_PATH."""
    settings = load_settings(
        **{**PRODUCTION, "EMAIL_PROVIDER": "file"}, EMAIL_FILE_PATH=str(tmp_path)
    )
    mailer = settings["MAILERS"]["default"]
    assert mailer["BACKEND"] == "project.email_backends.EmlFileBackend"
    assert mailer["OPTIONS"]["file_path"] == tmp_path


def test_an_anymail_provider_gets_its_own_variables(load_settings):
    """EMAIL_PROVIDER=postmark uses anymail with POSTMARK_* handed over as they are."""
    settings = load_settings(
        **{**PRODUCTION, "EMAIL_PROVIDER": "Postmark"}, POSTMARK_SERVER_TOKEN="server-token"
    )
    assert settings["MAILERS"]["default"]["BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert settings["ANYMAIL"]["POSTMARK_SERVER_TOKEN"] == "server-token"
    assert settings["ANYMAIL"]["WEBHOOK_SECRET"] == ["user:password"]


def test_an_unknown_provider_lists_the_choices(load_settings):
    """A misspelt provider is rejected with the list of providers Daybook knows."""
    with pytest.raises(ImproperlyConfigured, match="Choose console, file, or one of: postmark"):
        load_settings(**{**PRODUCTION, "EMAIL_PROVIDER": "postmrak"})


def test_webhook_secrets_can_be_rotated(load_settings):
    """Several comma-separated webhook secrets are all accepted during a rotation."""
    settings = load_settings(**{**PRODUCTION, "ANYMAIL_WEBHOOK_SECRET": "old:one, new:two"})
    assert settings["ANYMAIL"]["WEBHOOK_SECRET"] == ["old:one", "new:two"]


def test_the_admin_path_comes_from_the_environment(load_settings):
    """ADMIN_URL moves the admin away from /admin/."""
    assert load_settings(**PRODUCTION)["ADMIN_URL"] == "staff/"
    assert load_settings(**PRODUCTION, ADMIN_URL="/back-office/")["ADMIN_URL"] == "back-office/"


def test_sentry_starts_only_with_a_dsn(load_settings, monkeypatch):
    """SENTRY_DSN turns on error reporting; without it nothing is sent anywhere."""
    started = []
    monkeypatch.setattr("project.monitoring.start_sentry", started.append)
    load_settings(**PRODUCTION)
    assert started == []
    load_settings(**PRODUCTION, SENTRY_DSN="https://key@sentry.example.com/1")
    assert started == ["https://key@sentry.example.com/1"]


def test_debug_toolbar_is_for_development_only(load_settings):
    """The debug toolbar is installed with DEBUG on outside tests, and never in production."""
    assert "debug_toolbar" in load_settings(DEBUG="true")["INSTALLED_APPS"]
    assert "debug_toolbar" not in load_settings(**PRODUCTION)["INSTALLED_APPS"]


def test_tests_never_see_the_debug_toolbar():
    """The running test settings have no toolbar and run tasks inline."""
    from django.conf import settings

    assert "debug_toolbar" not in settings.INSTALLED_APPS
    assert settings.HUEY["immediate"] is True


def test_production_needs_somewhere_lasting_for_photos(load_settings):
    """Without a bucket or an explicit MEDIA_ROOT, production refuses to start and says why."""
    environment = {name: value for name, value in PRODUCTION.items() if name != "MEDIA_ROOT"}
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load_settings(**environment)


def test_a_self_hoster_keeps_photos_on_their_own_disk(load_settings):
    """MEDIA_ROOT set explicitly keeps photos on the filesystem there."""
    settings = load_settings(**PRODUCTION)
    assert settings["MEDIA_ROOT"] == Path("/srv/daybook/media")
    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_a_bucket_moves_photos_to_private_object_storage(load_settings):
    """A bucket selects S3-compatible storage: private objects, short-lived signed URLs."""
    settings = load_settings(
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="daybook-photos",
        AWS_S3_ENDPOINT_URL="https://account.r2.example.com",
        AWS_S3_REGION_NAME="auto",
    )
    storage = settings["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "daybook-photos"
    assert storage["OPTIONS"]["endpoint_url"] == "https://account.r2.example.com"
    assert storage["OPTIONS"]["default_acl"] is None
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert storage["OPTIONS"]["querystring_expire"] <= 600
    assert "https://account.r2.example.com" in settings["SECURE_CSP"]["img-src"]


def test_local_development_keeps_photos_in_var(load_settings):
    """With DEBUG on and nothing set, photos go to var/media/ and make run just works."""
    settings = load_settings(DEBUG="true")
    assert settings["MEDIA_ROOT"] == settings["VAR_DIR"] / "media"


@pytest.mark.django_db
def test_an_anonymous_large_post_is_refused_before_it_is_read(client):
    """A stranger's 3 MB form post to the log-in page is refused, not held in memory."""
    body = b"email=a%40example.com&password=" + b"x" * (3 * 1024 * 1024)
    response = client.generic(
        "POST", "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_inbound_providers_default_to_the_sending_provider(load_settings):
    """The inbound webhook that answers is, unless told otherwise, the provider that sends."""
    assert load_settings(**PRODUCTION)["INBOUND_PROVIDERS"] == ["postmark"]
    chosen = load_settings(**PRODUCTION, INBOUND_PROVIDERS="Mailgun, postmark")
    assert chosen["INBOUND_PROVIDERS"] == ["mailgun", "postmark"]


def test_an_unknown_inbound_provider_is_an_error(load_settings):
    """A provider name Daybook has no webhook for stops start-up, naming it."""
    with pytest.raises(ImproperlyConfigured, match="INBOUND_PROVIDERS names mailchump"):
        load_settings(**PRODUCTION, INBOUND_PROVIDERS="mailchump")
