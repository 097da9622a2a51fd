from django.urls import path, register_converter

from entries import browse, data_views, drafts, gallery, views
from entries.mail import dev_mailbox


class Year:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:04d}"


class TwoDigits:
    """Months and days always in two digits, so a day has exactly one address."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:02d}"


register_converter(Year, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "entries"

urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("journal/write/", views.write, name="write"),
    path("journal/draft/", drafts.save, name="save_draft"),
    path("journal/draft/discard/", drafts.discard, name="discard_draft"),
    path("journal/preview/", views.preview, name="preview"),
    path("journal/tags/", browse.tags, name="tags"),
    path("journal/tags/<int:pk>/", browse.tag, name="tag"),
    path("journal/calendar/", browse.this_month, name="this_month"),
    path("journal/random/", browse.random_day, name="random_day"),
    path("journal/search/", views.search, name="search"),
    path("journal/on-this-day/", views.on_this_day, name="on_this_day"),
    path("journal/deleted/", views.deleted, name="deleted"),
    path("journal/deleted/<int:pk>/restore/", views.restore, name="restore"),
    path("journal/year/", views.this_year, name="this_year"),
    path("journal/<yyyy:year>/", views.year, name="year"),
    path("journal/<yyyy:year>/<dd:month>/", browse.month, name="month"),
    path("journal/<yyyy:year>/<dd:month>/<dd:day>/", views.day, name="day"),
    path("journal/<yyyy:year>/<dd:month>/<dd:day>/edit/", views.edit, name="edit"),
    path("journal/<yyyy:year>/<dd:month>/<dd:day>/delete/", views.delete, name="delete"),
    path("journal/photos/", gallery.photos, name="photos"),
    path("journal/photos/<uuid:key>/", gallery.photo, name="photo"),
    path("journal/photos/<uuid:key>/caption/", gallery.caption, name="photo_caption"),
    path("journal/photos/<uuid:key>/delete/", gallery.delete_photo, name="photo_delete"),
    path("journal/photos/<uuid:key>/restore/", gallery.restore_photo, name="photo_restore"),
    path("journal/photos/<uuid:key>/<str:variant>", gallery.photo_file, name="photo_file"),
    path("journal/review/", views.review, name="review"),
    path("journal/review/<int:pk>/accept/", views.review_accept, name="review_accept"),
    path("journal/review/<int:pk>/discard/", views.review_discard, name="review_discard"),
    # Settings, "Your data": the journal's own pages, filed under the person's settings.
    path("settings/export/", data_views.export, name="export"),
    path("settings/import/", data_views.import_upload, name="import"),
    path("settings/import/<int:pk>/", data_views.import_job, name="import_job"),
    path("settings/import/<int:pk>/progress/", data_views.import_progress, name="import_progress"),
    path("settings/import/<int:pk>/confirm/", data_views.import_confirm, name="import_confirm"),
    path("settings/import/<int:pk>/cancel/", data_views.import_cancel, name="import_cancel"),
    path("settings/delete/", data_views.delete_account, name="delete_account"),
    path("dev/mailbox/", dev_mailbox.dev_mailbox, name="dev_mailbox"),
]
