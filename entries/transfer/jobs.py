"""Running an import job: read its file, then let the ImportJob compare or save.

The ImportJob model (entries/models/import_job.py) knows how imported days
merge into a journal, but not how files are read: that is this wing's
(importers.py), so the journal core never imports a wing. Both functions
take the job and leave it in its next state.
"""

from entries import limits
from entries.transfer import importers


def check(job):
    """Read the upload and compare it with the journal, for the preview."""
    journal = _read(job)
    if journal is not None:
        job.check_file(journal)


def save(job):
    """Read the upload again and write it into the journal."""
    journal = _read(job)
    if journal is not None:
        job.save_entries(journal)


def _read(job):
    try:
        latest = limits.latest_day(job.user.timezone)
        return importers.parse(bytes(job.data), job.format or None, job.filename, latest)
    except importers.FormatError as error:
        # The message names the line or entry and what was expected there,
        # and may quote a few words of the file: it is shown to the file's
        # owner, and never logged.
        job.fail(str(error))
        return None
