"""Field-level parsing for interchange records: one function per value shape.

Each parser takes the raw value (whatever JSON, CSV or XML produced) and returns the
normalised value or raises RecordError naming the field, with a reason code and a message
in Chinese and English. Messages quote the offending value (shortened) so a clerk can find it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from gdip.core.validators import IdentifierError, parse_date

__all__ = [
    "RecordError",
    "parse_bool",
    "parse_date_field",
    "parse_decimal_yuan",
    "parse_enum",
    "parse_int",
    "parse_text",
    "parse_text_list",
]

_NEEDS_COLLAPSE = re.compile(r"\s\s|[\n\t\r\u3000]")
_LIST_SPLIT = re.compile(r"\s*[;；|]\s*")
TODAY_LIMIT = date(2100, 1, 1)


class RecordError(ValueError):
    """One record is unusable: reason code, field, and a bilingual message."""

    def __init__(self, code: str, field: str | None, message_zh: str, message_en: str):
        super().__init__(message_en)
        self.code = code
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en

    @classmethod
    def from_identifier(cls, exc: IdentifierError, field: str) -> RecordError:
        return cls(exc.code, field, f"字段 {field}：{exc.message_zh}", f"field {field}: {exc.message_en}")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def parse_text(value: Any, field: str, *, required: bool = False, max_length: int = 10_000) -> str | None:
    """A string, whitespace collapsed; numbers are accepted as text (CSV cells)."""
    if type(value) is str:  # the common case, kept fast: it runs ~15 times per record
        text = value.strip()
        if text and len(text) <= max_length and not _NEEDS_COLLAPSE.search(text):
            return text
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(
                "field_missing", field, f"缺少必填字段 {field}", f"required field {field} is missing"
            )
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(
            "type_invalid",
            field,
            f"字段 {field} 应为文本，实为 {_show(value)}",
            f"field {field} must be text, got {_show(value)}",
        )
    text = " ".join(str(value).split())
    if len(text) > max_length:
        raise RecordError(
            "text_too_long",
            field,
            f"字段 {field} 超过 {max_length} 个字符",
            f"field {field} is longer than {max_length} characters",
        )
    return text


def parse_text_list(value: Any, field: str, *, max_items: int = 1000) -> list[str]:
    """A list of strings from a JSON list or a ';'/'|'-separated cell."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: list[Any] = [v for v in _LIST_SPLIT.split(value.strip()) if v]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise RecordError(
            "type_invalid",
            field,
            f"字段 {field} 应为列表，实为 {_show(value)}",
            f"field {field} must be a list, got {_show(value)}",
        )
    if len(items) > max_items:
        raise RecordError(
            "list_too_long",
            field,
            f"字段 {field} 超过 {max_items} 项",
            f"field {field} has more than {max_items} items",
        )
    out = []
    for item in items:
        text = parse_text(item, field)
        if text:
            out.append(text)
    return out


def parse_enum(
    value: Any, field: str, allowed: tuple[str, ...], synonyms: dict[str, str] | None = None
) -> str | None:
    """One of the allowed codes; Chinese and English synonyms are mapped to codes."""
    text = parse_text(value, field)
    if text is None:
        return None
    key = text.lower().replace("-", "_").replace(" ", "_")
    if key in allowed:
        return key
    if synonyms:
        mapped = synonyms.get(text) or synonyms.get(key)
        if mapped:
            return mapped
    raise RecordError(
        "enum_invalid",
        field,
        f"字段 {field} 的取值 {_show(text)} 无效，应为 {'/'.join(allowed)}",
        f"field {field}: {_show(text)} is not one of {', '.join(allowed)}",
    )


_TRUE = {"true", "1", "yes", "y", "t", "是", "有"}
_FALSE = {"false", "0", "no", "n", "f", "否", "无", ""}


def parse_bool(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False if text else None
    raise RecordError(
        "bool_invalid",
        field,
        f"字段 {field} 应为是/否，实为 {_show(value)}",
        f"field {field} must be true or false, got {_show(value)}",
    )


def parse_int(value: Any, field: str, *, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
        if number is None:
            raise ValueError
    except (TypeError, ValueError):
        raise RecordError(
            "int_invalid",
            field,
            f"字段 {field} 应为整数，实为 {_show(value)}",
            f"field {field} must be a whole number, got {_show(value)}",
        ) from None
    if not low <= number <= high:
        raise RecordError(
            "int_range",
            field,
            f"字段 {field} 应在 {low}–{high} 之间，实为 {number}",
            f"field {field} must be between {low} and {high}, got {number}",
        )
    return number


_UNITS = {
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "元": Decimal(1),
}


def parse_decimal_yuan(value: Any, field: str) -> Decimal | None:
    """An amount in yuan; accepts 1,200,000 / "120万" / "1.5亿" / "3000元"."""
    if value is None or value == "":
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    factor = Decimal(1)
    for unit in ("亿元", "万元", "亿", "万", "元"):
        if text.endswith(unit):
            factor = _UNITS[unit]
            text = text[: -len(unit)].strip()
            break
    try:
        amount = (Decimal(text) * factor).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise RecordError(
            "amount_invalid",
            field,
            f"字段 {field} 不是有效金额：{_show(value)}",
            f"field {field} is not a valid amount: {_show(value)}",
        ) from None
    if amount < 0 or amount >= Decimal(10) ** 16:
        raise RecordError(
            "amount_range",
            field,
            f"字段 {field} 金额超出范围：{_show(value)}",
            f"field {field} is out of range: {_show(value)}",
        )
    return amount


def parse_date_field(value: Any, field: str, *, today: date) -> date | None:
    """A real calendar date, not in the future."""
    try:
        parsed = parse_date(value)
    except IdentifierError as exc:
        raise RecordError.from_identifier(exc, field) from None
    if parsed is not None and parsed > today:
        raise RecordError(
            "date_future",
            field,
            f"字段 {field} 的日期 {parsed} 晚于今天",
            f"field {field}: {parsed} is in the future",
        )
    return parsed


def require_order(earlier: date | None, later: date | None, earlier_field: str, later_field: str) -> None:
    """Raise when two dates that must be ordered are not (e.g. grant before filing)."""
    if earlier is not None and later is not None and later < earlier:
        raise RecordError(
            "date_order",
            later_field,
            f"{later_field}（{later}）早于 {earlier_field}（{earlier}）",
            f"{later_field} ({later}) is before {earlier_field} ({earlier})",
        )
