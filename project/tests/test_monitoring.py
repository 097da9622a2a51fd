from unittest import mock

from project import monitoring


def test_error_reports_carry_no_request_bodies_or_messages():
    """An error report keeps where it happened but drops anything that could be journal text."""
    event = {
        "request": {
            "url": "https://d.example/journal/",
            "data": "Dear diary",
            "query_string": "q=x",
        },
        "logentry": {"message": "Could not parse Dear diary"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "bad text: Dear diary",
                    "stacktrace": {
                        "frames": [{"function": "parse", "vars": {"body": "Dear diary"}}]
                    },
                }
            ]
        },
    }
    scrubbed = monitoring.scrub_event(event, hint={})
    assert "Dear diary" not in repr(scrubbed)
    assert scrubbed["request"]["url"] == "https://d.example/journal/"
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "parse"


def test_breadcrumbs_lose_their_messages():
    """Log and SQL breadcrumbs keep their category but not their text."""
    crumb = {"category": "query", "message": "UPDATE entries SET body = 'Dear diary'", "data": {}}
    assert monitoring.scrub_breadcrumb(crumb, hint={}) == {
        "category": "query",
        "message": monitoring.SCRUBBED,
    }
    assert monitoring.scrub_breadcrumb({"category": "http"}, hint={}) == {"category": "http"}


def test_sentry_is_started_without_personal_data_or_local_variables():
    """Sentry is told never to collect request bodies, personal data or local variables."""
    with mock.patch("project.monitoring.sentry_sdk.init") as init:
        monitoring.start_sentry("https://key@sentry.example.com/1")
    options = init.call_args.kwargs
    assert options["send_default_pii"] is False
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert options["before_send"] is monitoring.scrub_event
