"""Reading settings from the environment, strictly.

A setting that is mistyped should stop Daybook at start-up with a message
that names the variable, not run with a guess. So "DEBUG=yes" is an error,
not a quiet True, and a required secret has no default at all.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


class Environment:
    """Typed, strict access to a mapping of environment variables."""

    def __init__(self, variables: Mapping[str, str]):
        self.variables = variables

    def __contains__(self, name: str) -> bool:
        return bool(self.variables.get(name, "").strip())

    def str(self, name: str, default=_MISSING) -> str:
        value = self.variables.get(name, "").strip()
        if value:
            return value
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required here but is not set. "
                "See .env.example for what it means."
            )
        return default

    def bool(self, name: str, default: bool) -> bool:
        value = self.str(name, "").lower()
        if not value:
            return default
        if value in {"true", "false"}:
            return value == "true"
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}.")

    def int(self, name: str, default: int) -> int:
        value = self.str(name, "")
        if not value:
            return default
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.str(name, "")
        if not value:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Every variable whose name starts with prefix, e.g. POSTMARK_."""
        return {
            name: value.strip()
            for name, value in self.variables.items()
            if name.startswith(prefix) and value.strip()
        }
