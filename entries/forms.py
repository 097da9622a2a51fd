"""Forms for writing in the journal from a browser, and for the "Your data" pages."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from entries import limits
from entries.models import ImportJob
from entries.text import with_lf
from entries.transfer.exporters import FORMATS

MARKDOWN_HELP = (
    "Markdown works: *italics*, **bold**, - lists, [links](https://…); a #word tags the day."
)


def too_long(length):
    return (
        f"This is {length:,} characters long, and an entry can hold up to "
        f"{limits.MAX_ENTRY_CHARS:,}. Shorten it, or write part of it on another day."
    )


class EntryText(forms.CharField):
    """An entry's text, within the entry limit.

    Checked here rather than with max_length, which would add a maxlength
    attribute to the textarea, and browsers cut a longer paste off at it
    without a word: the words past the limit would be lost before anyone
    could see why.
    """

    def to_python(self, value):
        # One line ending before the length is checked: browsers send "\r\n".
        return with_lf(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if len(value) > limits.MAX_ENTRY_CHARS:
            raise forms.ValidationError(too_long(len(value)), code="too_long")


class OneTimeForm(forms.Form):
    """A form saved at most once: sent again, it changes nothing (see models/form_token.py)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


# More at once than anyone picks from a phone's camera roll for one day.
MAX_FILES_PER_SAVE = 30
EMPTY = "Write something first: an empty entry isn't saved."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files from one plain <input type=file multiple>; each within the size limit."""

    widget = MultipleFileInput(attrs={"accept": "image/*,.heic,.heif", "class": "photo-input"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Photos")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > MAX_FILES_PER_SAVE:
            raise forms.ValidationError(f"Add up to {MAX_FILES_PER_SAVE} photos at a time.")
        for upload in files:
            if upload.size > settings.MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    f"{upload.name[:80]} is {filesizeformat(upload.size)}; each photo can be "
                    f"up to {filesizeformat(settings.MAX_UPLOAD_BYTES)}."
                )
        return files


class PhotosMixin:
    """Photos added with the text, each with the caption typed beside it (if any)."""

    def photos_with_captions(self):
        captions = self.data.getlist("captions") if hasattr(self.data, "getlist") else []
        photos = self.cleaned_data.get("photos") or []
        return [(photo, captions[i] if i < len(captions) else "") for i, photo in enumerate(photos)]


class WriteForm(PhotosMixin, OneTimeForm):
    """A day's text and photos: a new entry, or more for an entry that exists."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body = EntryText(
        label="What happened?",
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=True,
        required=False,
    )
    photos = PhotosField()

    def __init__(self, *args, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest = latest
        self.fields["date"].widget.attrs.update(
            max=latest.isoformat(), min=limits.EARLIEST_DAY.isoformat()
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.latest:
            raise forms.ValidationError(
                "That day hasn't happened yet. Choose a day up to tomorrow."
            )
        if date < limits.EARLIEST_DAY:
            raise forms.ValidationError(f"Choose a day from {limits.EARLIEST_DAY.year} onwards.")
        return date

    def clean(self):
        cleaned = super().clean()
        # A day of photos alone is an entry too; a day of nothing is not.
        if not cleaned.get("body") and not cleaned.get("photos") and "photos" not in self.errors:
            self.add_error("body", EMPTY)
        return cleaned


class EditForm(PhotosMixin, OneTimeForm):
    """The whole text of an entry, the version the writer started from, and photos to add."""

    body = EntryText(
        label="Your entry",
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 16}),
        strip=True,
        error_messages={"required": "An entry can't be empty. To remove it, delete it instead."},
    )
    version = forms.CharField(widget=forms.HiddenInput)
    photos = PhotosField(label="Add photos")


class CaptionForm(forms.Form):
    caption = forms.CharField(
        label="Caption",
        max_length=500,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SearchForm(forms.Form):
    ORDERS = [("newest", "Newest first"), ("relevance", "Best match first")]

    q = forms.CharField(label="Search your journal", max_length=200, strip=True)
    order = forms.ChoiceField(label="Order", choices=ORDERS, initial="newest", required=False)

    def clean_order(self):
        return self.cleaned_data["order"] or "newest"


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[(name, f"{kind.label}: {kind.description}") for name, kind in FORMATS.items()],
        initial="json",
        widget=forms.RadioSelect,
    )


IMPORT_FORMATS = [
    ("", "Work it out from the file"),
    ("daybook-json", "Daybook (JSON)"),
    ("ohlife", "OhLife (text)"),
    ("dabble-txt", "dabble.me (text)"),
    ("dabble-json", "dabble.me (JSON)"),
    ("trailmix-json", "Trailmix (JSON)"),
    ("journeyinbox-json", "JourneyInbox (JSON)"),
    ("dayone-json", "Day One (JSON)"),
    ("dayone-zip", "Day One (zip)"),
    ("daybook-markdown", "Daybook (Markdown)"),
    ("daybook-markdown-zip", "Daybook (Markdown folder, zip)"),
    ("daybook-archive", "Daybook (archive with photos, zip)"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="Up to 50 MB: a .json, .txt or .md file, or a Day One or Daybook .zip.",
    )
    format = forms.ChoiceField(label="It comes from", choices=IMPORT_FORMATS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ImportJob.MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; Daybook imports files up to "
                "50 MB. Export a smaller part of your journal (a few years at a time) and "
                "import each file."
            )
        return upload


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my journal and account are deleted for good.",
        error_messages={"required": "Tick the box to confirm."},
    )
