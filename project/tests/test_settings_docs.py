"""Every variable project/settings.py reads is documented where people set it.

Kept apart from test_settings.py: these read the documentation, not the settings.
"""

import json
import re
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
# env.str("NAME", …), env.bool("NAME", …), required("NAME", …) and the like.
READ = re.compile(r'(?:\benv\.\w+|\brequired)\(\s*"([A-Z][A-Z0-9_]*)"')


def read_by_settings():
    return set(READ.findall((REPOSITORY / "project" / "settings.py").read_text()))


def test_settings_read_the_variables_this_test_expects():
    """The scan finds the settings' variables, so the checks below are not vacuous."""
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_FILE_PATH"} <= read_by_settings()


def test_env_example_lists_every_variable_settings_read():
    """.env.example names every variable Daybook reads, so nobody has to read settings.py."""
    listed = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (REPOSITORY / ".env.example").read_text(), re.M)
    )
    assert read_by_settings() - listed == set()


def test_app_json_declares_every_variable_settings_read():
    """Heroku's deploy button asks for, or explains, every variable Daybook reads."""
    declared = set(json.loads((REPOSITORY / "app.json").read_text())["env"])
    assert read_by_settings() - declared == set()
