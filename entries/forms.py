"""Forms for writing in the journal from a browser, and for the "Your data" pages."""

from django import forms

from entries import limits
from entries.models import ImportJob
from entries.text import with_lf
from entries.transfer.exporters import FORMATS


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


class WriteForm(OneTimeForm):
    """A day's text: a new entry, or more for an entry that exists."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body = EntryText(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=True,
        error_messages={"required": "Write something first: an empty entry isn't saved."},
    )

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


class EditForm(OneTimeForm):
    """The whole text of an entry, and the version the writer started from."""

    body = EntryText(
        label="Your entry",
        widget=forms.Textarea(attrs={"rows": 16}),
        strip=True,
        error_messages={"required": "An entry can't be empty. To remove it, delete it instead."},
    )
    version = forms.CharField(widget=forms.HiddenInput)


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
