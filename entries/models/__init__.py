"""The journal's models, one module each.

Import them from here (`from entries.models import Entry`); the modules are
only a way to keep each one short enough to read in one sitting.
"""

from entries.models.entry import (
    EARLIEST_YEAR,
    RESTORE_DAYS,
    EditConflict,
    Entry,
    EntryQuerySet,
    keep_tags_in_step,
)
from entries.models.import_job import ImportJob, add_imported, merged_body
from entries.models.inbound import InboundMessage
from entries.models.photo import ImageSighting, Photo
from entries.models.prompt import Prompt, new_reply_token
from entries.models.recap import Recap
from entries.models.tag import Tag

__all__ = [
    "EARLIEST_YEAR",
    "RESTORE_DAYS",
    "EditConflict",
    "Entry",
    "EntryQuerySet",
    "ImageSighting",
    "ImportJob",
    "InboundMessage",
    "Photo",
    "Prompt",
    "Recap",
    "Tag",
    "add_imported",
    "keep_tags_in_step",
    "merged_body",
    "new_reply_token",
]
