"""Validation and normalisation of the identifiers the platform ingests.

Every function either returns the canonical form of its input or raises `IdentifierError`,
whose `code` is a stable machine-readable reason (used in reject files and API errors) and
whose messages say precisely what is wrong, in Chinese and English.

Rules implemented:

* 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from ``0-9A-HJ-NPQRTUWXY``; positions
  3–8 are the registering authority's region code (6 digits); position 18 is a check character
  (weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28; check = 31 − (sum mod 31), 31 → 0).
* CN patent application numbers: since 2003-10-01, 12 digits (year, type digit, 7-digit
  serial) plus a check digit (weights 2,3,4,5,6,7,8,9,2,3,4,5, sum mod 11, 10 → X); before
  that, 8 digits (2-digit year, type digit, 5-digit serial) with weights 2..9 and the same rule.
* IPC symbols in the WIPO display form ``H01M 10/0525``.
* Dates in the spellings found in Chinese and international sources.

All functions are pure and cached: they run once per record during ingest.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "USCC_CHARSET",
    "CnApplicationNumber",
    "IdentifierError",
    "cn_check_digit",
    "normalise_application_number",
    "normalise_ipc",
    "parse_cn_application_number",
    "parse_date",
    "uscc_check_char",
    "validate_uscc",
]


class IdentifierError(ValueError):
    """An identifier that cannot be normalised; `code` says why, in a stable form."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return self.message_en

    def __reduce__(self) -> tuple[type[IdentifierError], tuple[str, str, str]]:
        # Exceptions cross process boundaries in parallel ingest; the default pickling would
        # call __init__ with the single message argument.
        return (type(self), (self.code, self.message_zh, self.message_en))


def _clean(text: str) -> str:
    """NFKC-fold (full-width → half-width), drop all whitespace and uppercase."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def _require_str(value: object, code: str, what_zh: str, what_en: str) -> str:
    if not isinstance(value, str):
        raise IdentifierError(
            code,
            f"{what_zh}必须是文本，实为 {type(value).__name__}",
            f"{what_en} must be text, got {type(value).__name__}",
        )
    return value


# --------------------------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters of a USCC."""
    if len(first17) != 17:
        raise IdentifierError(
            "uscc_length",
            f"计算校验位需要 17 个字符，实为 {len(first17)} 个",
            f"the check character needs 17 characters, got {len(first17)}",
        )
    total = 0
    for pos, (ch, weight) in enumerate(zip(first17, _USCC_WEIGHTS, strict=True), start=1):
        value = _USCC_VALUE.get(ch)
        if value is None:
            raise IdentifierError(
                "uscc_charset",
                f"统一社会信用代码第 {pos} 位含非法字符“{ch}”（不得使用 I、O、Z、S、V 及标点）",
                f"USCC character {pos} is not allowed: {ch!r} (I, O, Z, S, V and punctuation are not used)",
            )
        total += value * weight
    return USCC_CHARSET[(31 - total % 31) % 31]


@lru_cache(maxsize=100_000)
def validate_uscc(text: str) -> str:
    """Return the normalised 18-character USCC or raise IdentifierError."""
    code = _clean(_require_str(text, "uscc_length", "统一社会信用代码", "USCC"))
    if len(code) != 18:
        raise IdentifierError(
            "uscc_length",
            f"统一社会信用代码应为 18 位，实为 {len(code)} 位：{code}",
            f"USCC must have 18 characters, got {len(code)}: {code}",
        )
    for pos, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUE:
            raise IdentifierError(
                "uscc_charset",
                f"统一社会信用代码第 {pos} 位含非法字符“{ch}”（不得使用 I、O、Z、S、V 及标点）",
                f"USCC character {pos} is not allowed: {ch!r} (I, O, Z, S, V and punctuation are not used)",
            )
    region = code[2:8]
    if not region.isdigit():
        raise IdentifierError(
            "uscc_region",
            f"统一社会信用代码第 3–8 位应为 6 位数字的登记管理机关行政区划码，实为 {region}",
            f"USCC characters 3-8 must be the 6-digit region code of the registering authority, got {region}",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(
            "uscc_check",
            f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}",
            f"USCC check character is wrong: expected {expected}, got {code[17]}",
        )
    return code


# --------------------------------------------------------------------------------------------
# CN patent application numbers

_KIND_BY_TYPE = {"1": "invention", "2": "utility", "3": "design", "8": "invention", "9": "utility"}
_APPNO_RE = re.compile(r"^(?:ZL|CN)*(\d{12}|\d{8})\.?([0-9X])$")
_FIRST_12_DIGIT_YEAR = 2003  # the 12-digit format started on 2003-10-01
_FIRST_8_DIGIT_YEAR = 1985  # the Patent Law took effect on 1985-04-01


@dataclass(frozen=True, slots=True)
class CnApplicationNumber:
    """A parsed CN application number."""

    canonical: str  # "202110921116.9" or "91100001.4"
    digits: str  # without the check digit
    check: str
    year: int
    type_digit: str
    kind: str  # invention | utility | design
    pct: bool  # a PCT application entering the Chinese national phase


def cn_check_digit(digits: str) -> str:
    """Return the check digit of a 12-digit (since 2003) or 8-digit (before) application number."""
    if len(digits) not in (8, 12) or not digits.isdigit() or not digits.isascii():
        raise IdentifierError(
            "appno_format",
            f"计算校验位需要 8 位或 12 位数字，实为“{digits}”",
            f"the check digit needs 8 or 12 digits, got {digits!r}",
        )
    # 12 digits: weights 2..9,2..5; 8 digits: weights 2..9.
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(digits))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


@lru_cache(maxsize=200_000)
def parse_cn_application_number(text: str) -> CnApplicationNumber:
    """Parse a CN application number in any common written form or raise IdentifierError."""
    raw = _require_str(text, "appno_format", "申请号", "application number")
    cleaned = _clean(raw)
    match = _APPNO_RE.match(cleaned)
    if match is None:
        raise IdentifierError(
            "appno_format",
            f"无法识别的中国专利申请号：“{raw.strip()}”（应为 12 位数字 + 校验位，如 202110921116.9；"
            "2003 年前为 8 位数字 + 校验位）",
            f"not a CN patent application number: {raw.strip()!r} (expected 12 digits and a check digit "
            "such as 202110921116.9, or 8 digits and a check digit before 2003)",
        )
    digits, check = match.group(1), match.group(2)
    if len(digits) == 12:
        year = int(digits[:4])
        type_digit = digits[4]
        first_year = _FIRST_12_DIGIT_YEAR
    else:
        yy = int(digits[:2])
        # Two-digit years: 85..99 are 1985..1999, 00..03 are 2000..2003 (before the switch).
        year = 1900 + yy if yy >= 85 else 2000 + yy
        type_digit = digits[2]
        first_year = _FIRST_8_DIGIT_YEAR
    last_year = _FIRST_12_DIGIT_YEAR if len(digits) == 8 else _dt.date.today().year
    if not first_year <= year <= last_year:
        raise IdentifierError(
            "appno_year",
            f"申请号中的年份 {year} 超出范围（{len(digits)} 位申请号应在 {first_year}–{last_year} 年之间）："
            f"{raw.strip()}",
            f"application year {year} is out of range ({len(digits)}-digit numbers are from "
            f"{first_year}-{last_year}): {raw.strip()!r}",
        )
    kind = _KIND_BY_TYPE.get(type_digit)
    if kind is None:
        raise IdentifierError(
            "appno_type",
            f"申请号的申请种类位应为 1、2、3、8 或 9，实为 {type_digit}：{raw.strip()}",
            f"the application type digit must be 1, 2, 3, 8 or 9, got {type_digit}: {raw.strip()!r}",
        )
    expected = cn_check_digit(digits)
    if check != expected:
        raise IdentifierError(
            "appno_check",
            f"申请号校验位错误：应为 {expected}，实为 {check}（{digits}.{check}）",
            f"application number check digit is wrong: expected {expected}, got {check} ({digits}.{check})",
        )
    return CnApplicationNumber(
        canonical=f"{digits}.{check}",
        digits=digits,
        check=check,
        year=year,
        type_digit=type_digit,
        kind=kind,
        pct=type_digit in "89",
    )


_OFFICE_RE = re.compile(r"^[A-Z]{2}$")
_OTHER_APPNO_RE = re.compile(r"^[A-Z0-9]{4,20}$")
_OTHER_APPNO_STRIP = str.maketrans("", "", " ,/-.")


@lru_cache(maxsize=200_000)
def normalise_application_number(office: str, text: str) -> str:
    """Return the canonical application number for an office (strict for CN, lenient elsewhere)."""
    office_code = _clean(_require_str(office, "appno_office", "局代码", "office code"))
    if not _OFFICE_RE.match(office_code):
        raise IdentifierError(
            "appno_office",
            f"受理局代码应为 2 个字母（如 CN、WO、EP、US），实为“{office}”",
            f"office must be a 2-letter code (CN, WO, EP, US, ...), got {office!r}",
        )
    if office_code == "CN":
        return parse_cn_application_number(text).canonical
    raw = _require_str(text, "appno_format", "申请号", "application number")
    number = _clean(raw).translate(_OTHER_APPNO_STRIP)
    if number.startswith(office_code) and len(number) > 2:
        number = number[2:]
    if not _OTHER_APPNO_RE.match(number):
        raise IdentifierError(
            "appno_format",
            f"{office_code} 申请号应为 4–20 位字母或数字，实为“{raw.strip()}”",
            f"{office_code} application number must be 4-20 letters or digits, got {raw.strip()!r}",
        )
    return number


# --------------------------------------------------------------------------------------------
# IPC symbols

_IPC_OFFICIAL_RE = re.compile(r"^([A-H])(\d{2})([A-Z])(\d{4})(\d{6})$")
_IPC_DISPLAY_RE = re.compile(r"^([A-H])(\d{2})([A-Z])(?:(\d{1,4})(?:/(\d{2,6}))?)?$")
# A trailing edition or version indicator, e.g. "H01M 10/0525 (2010.01)" or "...(2006.01)".
_IPC_VERSION_RE = re.compile(r"\(\d{4}\.\d{2}\)$|\(\d{4}\)$")


def _ipc_error(raw: str) -> IdentifierError:
    return IdentifierError(
        "ipc_syntax",
        f"无法识别的 IPC 分类号：“{raw.strip()}”（应如 H01M 10/0525 或 H01M）",
        f"not an IPC symbol: {raw.strip()!r} (expected e.g. H01M 10/0525 or H01M)",
    )


def _subgroup(digits: str) -> str:
    # WIPO display keeps at least two subgroup digits and drops trailing zeros beyond them.
    stripped = digits.rstrip("0")
    return stripped.ljust(2, "0")


@lru_cache(maxsize=200_000)
def normalise_ipc(text: str) -> str:
    """Return an IPC symbol in WIPO display form (``H01M 10/0525``, or ``H01M`` for a subclass)."""
    raw = _require_str(text, "ipc_syntax", "IPC 分类号", "IPC symbol")
    cleaned = _IPC_VERSION_RE.sub("", _clean(raw))
    official = _IPC_OFFICIAL_RE.match(cleaned)
    if official is not None:
        section, klass, subclass, group, subgroup = official.groups()
    else:
        display = _IPC_DISPLAY_RE.match(cleaned)
        if display is None:
            raise _ipc_error(raw)
        section, klass, subclass, group, subgroup = display.groups()
    if klass == "00":
        raise _ipc_error(raw)
    head = f"{section}{klass}{subclass}"
    if group is None:
        return head
    group_number = int(group)
    if group_number == 0:
        raise _ipc_error(raw)
    # A bare main group ("H01M 10") is the main group itself, whose subgroup is /00.
    return f"{head} {group_number}/{_subgroup(subgroup or '00')}"


# --------------------------------------------------------------------------------------------
# Dates

_DATE_RE = re.compile(
    r"^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))"
    r"(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_date(value: object) -> _dt.date | None:
    """Return a date from a date object or a common date spelling; None for empty input."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        if not _MIN_YEAR <= value.year <= _MAX_YEAR:
            raise _date_error(value.isoformat())
        return value
    if not isinstance(value, str):
        raise _date_error(repr(value))
    return _parse_date_text(value)


def _date_error(shown: str) -> IdentifierError:
    return IdentifierError(
        "date_invalid",
        f"无效日期：“{shown}”（应如 2021-06-30、2021/6/30、20210630 或 2021年6月30日，年份在 "
        f"{_MIN_YEAR}–{_MAX_YEAR} 之间）",
        f"invalid date: {shown!r} (expected e.g. 2021-06-30, 2021/6/30, 20210630 or 2021年6月30日, "
        f"year {_MIN_YEAR}-{_MAX_YEAR})",
    )


@lru_cache(maxsize=50_000)
def _parse_date_text(text: str) -> _dt.date | None:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    match = _DATE_RE.match(cleaned)
    if match is None:
        raise _date_error(text.strip())
    year = int(match.group(1))
    month = int(match.group(2) or match.group(4))
    day = int(match.group(3) or match.group(5))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _date_error(text.strip())
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise _date_error(text.strip()) from None
