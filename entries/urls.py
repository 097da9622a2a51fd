from django.urls import path

from entries import views

app_name = "entries"

urlpatterns = [
    path("journal/", views.journal, name="journal"),
]
