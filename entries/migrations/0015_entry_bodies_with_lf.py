"""Entries written in a browser were stored with "\\r\\n" line endings, those by
email with "\\n", so an export mixed both. Every way in now stores "\\n"
(entries.text.with_lf); this brings the rows already stored into line.

One UPDATE per table, in the database, touching only rows that hold a
"\\r": the word count does not change (a line ending is no word), and on
PostgreSQL the search column follows by itself.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def with_lf(field):
    return Replace(Replace(field, Value("\r\n"), Value("\n")), Value("\r"), Value("\n"))


def forwards(apps, schema_editor):
    Entry = apps.get_model("entries", "Entry")
    Entry.objects.filter(body__contains="\r").update(body=with_lf("body"))
    Draft = apps.get_model("entries", "Draft")
    Draft.objects.filter(body__contains="\r").update(body=with_lf("body"))


class Migration(migrations.Migration):
    dependencies = [("entries", "0014_search_ignores_accents")]

    # Nothing to undo: "\n" is what every way in stores from now on.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
