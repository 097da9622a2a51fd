from django.contrib import admin

from entries.models import Entry, Prompt


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    # Staff can see that an entry exists, not what it says.
    list_display = ["id", "user", "date", "updated"]
    list_filter = ["date"]
    search_fields = ["user__email"]
    date_hierarchy = "date"
    exclude = ["body"]
    readonly_fields = ["user", "date", "created", "updated"]


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "date", "status", "attempts", "sent_at"]
    list_filter = ["status", "date"]
    search_fields = ["user__email", "message_id"]
    readonly_fields = [
        "user",
        "date",
        "token",
        "message_id",
        "status",
        "attempts",
        "failure_reason",
        "created",
        "sent_at",
    ]
