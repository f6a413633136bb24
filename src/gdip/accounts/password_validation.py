"""Password policy (等保 2.0 身份鉴别: 口令复杂度): Django validators, messages in zh/en.

* ``LengthValidator``: at least 10 characters.
* ``CharacterClassesValidator``: at least three of lower case, upper case, digit, symbol.
* ``UsernameValidator``: not the username and not containing it (case-insensitive).
* ``CommonPasswordValidator``: not in Django's list of 20,000 common (breached) passwords, also
  after undoing the usual disguises: case, reversal, leetspeak (``P@ssw0rd`` → ``password``) and
  digits or symbols stuck on either end (``Password2024!`` → ``password``).
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = [
    "CharacterClassesValidator",
    "CommonPasswordValidator",
    "LengthValidator",
    "UsernameValidator",
    "password_variants",
]

# Common substitutions; digits that stand for two letters give two variants.
_LEET = {
    "0": "o",
    "1": "i",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "i",
    "+": "t",
    "€": "e",
    "¡": "i",
}
_LEET_ALT = {**_LEET, "1": "l", "!": "l", "|": "l", "9": "q"}
_EDGE = string.digits + string.punctuation + " "
# A stripped core shorter than this is not compared: "ab" from "ab#2938471%$" says nothing.
_MIN_CORE = 4


class LengthValidator:
    """At least `min_length` characters."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password must contain at least %(min_length)d character.",
                    "The password must contain at least %(min_length)d characters.",
                    self.min_length,
                ),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


def character_classes(password: str) -> set[str]:
    """Which of lower, upper, digit, symbol occur (non-ASCII letters count as letters of their case)."""
    classes: set[str] = set()
    for ch in password:
        if ch.isdigit():
            classes.add("digit")
        elif ch.isalpha():
            if ch.islower():
                classes.add("lower")
            elif ch.isupper():
                classes.add("upper")
            else:  # letters without case (CJK): count as symbols, they widen the alphabet too
                classes.add("symbol")
        else:
            classes.add("symbol")
    return classes


class CharacterClassesValidator:
    """At least `min_classes` of the four character classes."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(min_classes)d of: lower-case letters, "
                    "upper-case letters, digits and symbols."
                ),
                code="password_too_simple",
                params={"min_classes": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(min_classes)d of: lower-case letters, upper-case "
            "letters, digits and symbols."
        ) % {"min_classes": self.min_classes}


class UsernameValidator:
    """Not the username, and not containing it, ignoring case."""

    def validate(self, password: str, user: Any = None) -> None:
        username = str(getattr(user, "username", "") or "").strip().casefold() if user is not None else ""
        if username and username in password.casefold():
            raise ValidationError(
                _("The password must not contain the username."), code="password_contains_username"
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain your username.")


def _deleet(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


def password_variants(password: str) -> set[str]:
    """The forms compared with the list: lower case, reversed, de-leeted, with decorations stripped."""
    base = password.casefold()
    candidates = {base}
    # Digits and symbols stuck on either end ("password" in "!!Password2024").
    for part in (base.strip(_EDGE), base.lstrip(_EDGE), base.rstrip(_EDGE)):
        if len(part) >= _MIN_CORE:
            candidates.add(part)
    for table in (_LEET, _LEET_ALT):
        candidates |= {_deleet(c, table) for c in list(candidates)}
    return candidates | {c[::-1] for c in candidates}


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(django_validation.CommonPasswordValidator().passwords)


class CommonPasswordValidator:
    """Not a common or breached password (Django's list), nor a disguised form of one."""

    def validate(self, password: str, user: Any = None) -> None:
        common = _common_passwords()
        if any(v in common for v in password_variants(password)):
            raise ValidationError(
                _("This password is too common, or a thinly disguised common password."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password can't be a commonly used password, reversed or with letters swapped for digits."
        )
