"""Forms for writing in the journal from a browser."""

import datetime as dt

from django import forms

EARLIEST = dt.date(1900, 1, 1)
MARKDOWN_HELP = (
    "Markdown works: *italics*, **bold**, - lists, [links](https://…); a #word tags the day."
)


class WriteForm(forms.Form):
    """A day's text: a new entry, or more for an entry that exists."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body = forms.CharField(
        label="What happened?",
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=True,
        error_messages={"required": "Write something first: an empty entry isn't saved."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs.update(max=today.isoformat(), min=EARLIEST.isoformat())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError(
                "That day hasn't happened yet. Choose today or a day before it."
            )
        if date < EARLIEST:
            raise forms.ValidationError("Choose a day from 1900 onwards.")
        return date


class EditForm(forms.Form):
    """The whole text of an entry, and the version the writer started from."""

    body = forms.CharField(
        label="Your entry",
        help_text=MARKDOWN_HELP,
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
