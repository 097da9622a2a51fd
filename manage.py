#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import contextlib
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    if sys.argv[1:2] == ["receive_email"]:
        _deliver_mail()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _deliver_mail():
    """Run receive_email for a mail server: it bounces mail on any status but 0, 65, 67, 75.

    The command keeps to those itself; this catches what fails before it runs
    (Django or the settings not loading, an app that does not import) and asks the
    mail server to try again later.
    """
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except SystemExit as exit_:
        if exit_.code in (0, 65, 67, 75):
            raise
        failure = f"exit status {exit_.code}"
    except BaseException as error:  # anything else would bounce the mail
        # Settings errors name a variable, never a message's content.
        failure = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    else:
        sys.exit(0)
    with contextlib.suppress(OSError, ValueError):
        print(f"temporary failure: Daybook could not start ({failure})", file=sys.stderr)
    os._exit(75)


if __name__ == "__main__":
    main()
