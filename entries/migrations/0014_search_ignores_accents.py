"""Search finds "café" for "CAFÉ" and "cafe": accents are ignored on PostgreSQL too.

PostgreSQL gets the unaccent extension and a text search configuration,
`daybook`: English stemming after unaccent, for words only (numbers, URLs
and email addresses stay as written). The search_document column (the question an entry
answered and its text) is built with it, so a query parsed with the same configuration matches without
accents, and ts_headline marks the passage in the text as written.
A generated column's expression cannot change in place, so the column and its
index are dropped and made again (PostgreSQL recomputes every row).

SQLite has no extensions here; entries/search.py registers a function on
each connection that does the same folding.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATION = [
    "CREATE TEXT SEARCH CONFIGURATION daybook (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION daybook ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
    "WITH unaccent, english_stem",
]


def document(config):
    return [
        "DROP INDEX IF EXISTS entry_search_document",
        "ALTER TABLE entries_entry DROP COLUMN IF EXISTS search_document",
        "ALTER TABLE entries_entry ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{config}'::regconfig, COALESCE(question, '') || ' ' || COALESCE(body, ''))) "
        "STORED",
        "CREATE INDEX entry_search_document ON entries_entry USING gin (search_document)",
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [*CONFIGURATION, *document("daybook")]:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in document("english"):
            schema_editor.execute(statement)
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS daybook")


class Migration(migrations.Migration):
    dependencies = [("entries", "0013_drafts_form_tokens_saved_searches")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]
