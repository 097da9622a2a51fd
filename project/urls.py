from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import landing
from project import views

urlpatterns = [
    path("", landing, name="landing"),
    path("up", views.up, name="up"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("entries.urls")),
    # Only the configured providers' inbound webhooks (INBOUND_PROVIDERS).
    path("anymail/", include("entries.webhooks")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if "debug_toolbar" in settings.INSTALLED_APPS:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

admin.site.site_header = "Daybook staff"
admin.site.site_title = "Daybook staff"
