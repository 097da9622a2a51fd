"""Forms for writing in the journal from a browser."""

from django import forms

from entries import limits


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
            raise forms.ValidationError("Choose a day from 1900 onwards.")
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
