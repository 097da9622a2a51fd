"""The journal's models, one module each.

Import them from here (`from entries.models import Entry`); the modules are
only a way to keep each one short enough to read in one sitting.
"""

from entries.models.draft import Draft
from entries.models.entry import (
    EARLIEST_YEAR,
    RESTORE_DAYS,
    EditConflict,
    Entry,
    EntryQuerySet,
    keep_tags_in_step,
)
from entries.models.form_token import AlreadySent, SentForm, new_form_token, writer_of
from entries.models.import_job import ImportJob, add_imported, merged_body
from entries.models.inbound import InboundMessage
from entries.models.photo import ImageSighting, Photo
from entries.models.prompt import Prompt, new_reply_token
from entries.models.recap import Recap
from entries.models.saved_search import SavedSearch
from entries.models.tag import Tag

__all__ = [
    "EARLIEST_YEAR",
    "RESTORE_DAYS",
    "AlreadySent",
    "Draft",
    "EditConflict",
    "Entry",
    "EntryQuerySet",
    "ImageSighting",
    "ImportJob",
    "InboundMessage",
    "Photo",
    "Prompt",
    "Recap",
    "SavedSearch",
    "SentForm",
    "Tag",
    "add_imported",
    "keep_tags_in_step",
    "merged_body",
    "new_form_token",
    "new_reply_token",
    "writer_of",
]
