from django.contrib import admin
from django.utils.text import Truncator

from entries.mail import pipeline
from entries.models import Entry, InboundMessage, Prompt


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
    list_display = ["id", "user", "date", "status", "attempts", "sent_at", "failure"]
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

    # Why a prompt finally failed, at a glance; the change page has it whole
    # (a provider's error can run to a thousand characters).
    @admin.display(description="Failure reason", ordering="failure_reason")
    def failure(self, prompt):
        return Truncator(prompt.failure_reason).chars(80)


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    # What happened to each message, never what it says: no body, no journal text.
    list_display = ["id", "received", "provider", "state", "reason", "user", "prompt", "size"]
    list_filter = ["state", "reason", "provider", "received"]
    search_fields = ["message_id", "event_id", "user__email"]
    date_hierarchy = "received"
    list_select_related = ["user", "prompt"]
    exclude = ["raw", "payload", "payload_headers", "text"]
    readonly_fields = [
        "provider",
        "event_id",
        "payload_digest",
        "received",
        "processed",
        "size",
        "recipient",
        "envelope_sender",
        "sender",
        "message_id",
        "provider_verdict",
        "state",
        "reason",
        "user",
        "prompt",
        "entry",
        "notified",
    ]
    actions = ["reprocess"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Process the selected messages again")
    def reprocess(self, request, queryset):
        for message in queryset.reprocessable():
            pipeline.process(message, again=True)
        self.message_user(request, "Processed again; see each message's state and reason.")
