from email import message_from_bytes, policy

from django.core.mail import EmailMessage

from project.email_backends import EmlFileBackend


def test_each_message_becomes_its_own_eml_file(tmp_path):
    """Two messages sent at once leave two complete .eml files, and no partial ones."""
    backend = EmlFileBackend(file_path=tmp_path / "mail")
    messages = [
        EmailMessage(subject=f"Hello {n}", body="Body", to=[f"p{n}@example.com"]) for n in (1, 2)
    ]
    assert backend.send_messages(messages) == 2

    files = sorted((tmp_path / "mail").iterdir())
    assert [file.suffix for file in files] == [".eml", ".eml"]
    subjects = {message_from_bytes(f.read_bytes(), policy=policy.default)["Subject"] for f in files}
    assert subjects == {"Hello 1", "Hello 2"}
