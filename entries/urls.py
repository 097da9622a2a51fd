from django.urls import path

from entries import views

app_name = "entries"

urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("journal/review/", views.review, name="review"),
    path("journal/review/<int:pk>/accept/", views.review_accept, name="review_accept"),
    path("journal/review/<int:pk>/discard/", views.review_discard, name="review_discard"),
    path("dev/mailbox/", views.dev_mailbox, name="dev_mailbox"),
]
