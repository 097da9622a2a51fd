"""What the last email, after an account is deleted, contains."""

from accounts import emails


def test_account_deleted_email_confirms_to_the_address(mailoutbox, settings):
    """The last email names the deleted address, in plain text and HTML."""
    settings.SITE_URL = "https://daybook.example.com"
    emails.send_account_deleted("ann@example.com")
    (message,) = mailoutbox
    assert message.to == ["ann@example.com"]
    assert message.subject == "Daybook: your account is deleted"
    assert "Your Daybook account for ann@example.com is deleted." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>ann@example.com</strong>" in html
    assert "https://daybook.example.com" in html
