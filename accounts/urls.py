from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("daily/<str:token>/", views.back_to_daily, name="back_to_daily"),
    path("settings/export/", views.export, name="export"),
    path("settings/import/", views.import_upload, name="import"),
    path("settings/import/<int:pk>/", views.import_job, name="import_job"),
    path("settings/import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("settings/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("settings/import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("settings/delete/", views.delete_account, name="delete"),
]
