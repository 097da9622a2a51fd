import pytest
from django.core.exceptions import ImproperlyConfigured

from project.environment import Environment


def test_a_set_string_is_read():
    """A variable that is set is returned without surrounding spaces."""
    assert Environment({"NAME": " value "}).str("NAME") == "value"


def test_a_missing_required_variable_names_itself():
    """A required variable that is missing stops start-up and says which one."""
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        Environment({}).str("SECRET_KEY")


def test_an_empty_variable_counts_as_missing():
    """SECRET_KEY= (empty) is as missing as no SECRET_KEY at all."""
    assert Environment({"NAME": "  "}).str("NAME", "fallback") == "fallback"
    assert "NAME" not in Environment({"NAME": "  "})


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("FALSE", False), ("", None)])
def test_booleans_are_true_or_false(raw, expected):
    """Only 'true' and 'false' (any case) are booleans; unset uses the default."""
    assert Environment({"DEBUG": raw}).bool("DEBUG", default=None) is expected


@pytest.mark.parametrize("raw", ["yes", "1", "on", "ture"])
def test_anything_else_is_not_a_boolean(raw):
    """A near-miss like DEBUG=yes is an error, not a silent guess."""
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be 'true' or 'false'"):
        Environment({"DEBUG": raw}).bool("DEBUG", default=False)


def test_whole_numbers_are_checked():
    """A number that is not one is reported with its name and value."""
    assert Environment({"DAYS": "14"}).int("DAYS", 30) == 14
    assert Environment({}).int("DAYS", 30) == 30
    with pytest.raises(ImproperlyConfigured, match="DAYS must be a whole number, not 'soon'"):
        Environment({"DAYS": "soon"}).int("DAYS", 30)


def test_lists_are_comma_separated():
    """Lists split on commas and ignore blanks and spaces."""
    env = Environment({"HOSTS": "a.example.com, b.example.com,,"})
    assert env.list("HOSTS", []) == ["a.example.com", "b.example.com"]
    assert env.list("OTHER", ["x"]) == ["x"]


def test_variables_are_gathered_by_prefix():
    """Every POSTMARK_* variable is handed on, and nothing else."""
    env = Environment({"POSTMARK_SERVER_TOKEN": "t", "POSTMARK_EMPTY": "", "OTHER": "o"})
    assert env.with_prefix("POSTMARK_") == {"POSTMARK_SERVER_TOKEN": "t"}
