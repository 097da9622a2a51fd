"""Error reports to Sentry, with journal text kept out of them.

A journal entry can reach an error report through a request body (a
submitted entry, an inbound webhook), a local variable in a traceback, or a
log message. Sentry is told never to collect the first two, and every event
is scrubbed of request data and log messages before it leaves.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

SCRUBBED = "[scrubbed]"


def start_sentry(dsn):
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )


def scrub_event(event, hint):
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        request["query_string"] = SCRUBBED if request.get("query_string") else ""
    if "logentry" in event:
        event["logentry"] = {"message": SCRUBBED}
    for exception in event.get("exception", {}).get("values", []):
        # An exception's message can quote the text that failed to parse.
        exception["value"] = SCRUBBED
        for frame in exception.get("stacktrace", {}).get("frames", []):
            frame.pop("vars", None)
    return event


def scrub_breadcrumb(breadcrumb, hint):
    if breadcrumb.get("category") in {"query", "log"} or "message" in breadcrumb:
        breadcrumb["message"] = SCRUBBED
        breadcrumb.pop("data", None)
    return breadcrumb
