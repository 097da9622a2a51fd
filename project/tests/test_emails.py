"""Composing and sending a named message from its pair of templates."""

from django.core.mail import EmailMultiAlternatives

from project import emails


def test_a_message_has_a_text_and_an_html_part_from_its_templates(settings):
    """Both parts come from templates/emails/<name>, with the site's address at hand."""
    settings.SITE_URL = "https://daybook.example.com"
    message = emails.compose(
        "account_deleted", {"email": "ann@example.com"}, subject="Bye", to=["ann@example.com"]
    )
    assert isinstance(message, EmailMultiAlternatives)
    assert "ann@example.com" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "https://daybook.example.com" in html


def test_options_such_as_headers_reach_the_message():
    """Reply-To and extra headers are passed through as given."""
    message = emails.compose(
        "account_deleted",
        {"email": "ann@example.com"},
        subject="Bye",
        to=["ann@example.com"],
        reply_to=["reply@example.com"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    assert message.reply_to == ["reply@example.com"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_sending_delivers_through_the_default_mailer(mailoutbox):
    """send() hands the composed message to the mailer at once."""
    emails.send(
        "account_deleted", {"email": "ann@example.com"}, subject="Bye", to=["ann@example.com"]
    )
    (sent,) = mailoutbox
    assert (sent.subject, sent.to) == ("Bye", ["ann@example.com"])


def test_links_in_emails_are_whole_addresses(settings):
    """A link in an email carries the site's address, since the reader is not on the site."""
    settings.SITE_URL = "https://daybook.example.com"
    assert emails.absolute_url("landing") == "https://daybook.example.com/"
