"""Identifier validation: USCC, CN application numbers, other offices, IPC symbols and dates."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdip.core.validators import (
    USCC_CHARSET,
    CnApplicationNumber,
    IdentifierError,
    cn_check_digit,
    normalise_application_number,
    normalise_ipc,
    parse_cn_application_number,
    parse_date,
    uscc_check_char,
    validate_uscc,
)

# --------------------------------------------------------------------------------------------
# USCC


def test_uscc_huawei_is_valid() -> None:
    # 华为技术有限公司: the check character T agrees with GB 32100-2015.
    assert validate_uscc("91440300708461136T") == "91440300708461136T"
    assert uscc_check_char("91440300708461136") == "T"


@pytest.mark.parametrize(
    "code",
    # Codes in the published GB 32100 format whose check characters this implementation
    # confirms (only codes that pass are kept here).
    ["91440300708461136T", "914403001922038216", "91110000802100433B", "91330100799655058B"],
)
def test_uscc_known_valid_codes(code: str) -> None:
    assert validate_uscc(code) == code


def test_uscc_recalled_code_with_wrong_check_is_rejected() -> None:
    # "91440300279583285T" was quoted in the brief with a question mark; under the GB 32100
    # rule its check character must be Y, so as written it cannot be a real code.
    with pytest.raises(IdentifierError) as info:
        validate_uscc("91440300279583285T")
    assert info.value.code == "uscc_check"
    assert info.value.message_en == "USCC check character is wrong: expected Y, got T"
    assert info.value.message_zh == "统一社会信用代码校验位错误：应为 Y，实为 T"
    assert str(info.value) == info.value.message_en


def test_uscc_normalises_spaces_case_and_full_width() -> None:
    assert validate_uscc(" 9144 0300 7084 6113 6t ") == "91440300708461136T"
    assert validate_uscc("９１４４０３００７０８４６１１３６Ｔ") == "91440300708461136T"


def test_uscc_computed_check_characters_round_trip() -> None:
    for first17 in ("91440300MA5F00000", "52440000MJL123456", "12440000455858019", "92440101MA9Y12345"):
        code = first17 + uscc_check_char(first17)
        assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9144030070846113", "uscc_length"),
        ("91440300708461136TT", "uscc_length"),
        ("", "uscc_length"),
        ("91440300708461I36T", "uscc_charset"),  # I is not in the character set
        ("9144030070846113-T", "uscc_charset"),
        ("9144A300708461136T", "uscc_region"),
        ("91440300708461136A", "uscc_check"),
    ],
)
def test_uscc_rejections(code: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc(code)
    assert info.value.code == reason


def test_uscc_charset_message_names_the_position() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc("91440300708461I36T")
    assert "character 15" in info.value.message_en
    assert "第 15 位" in info.value.message_zh


def test_identifier_error_pickles() -> None:
    error = IdentifierError("uscc_check", "中文", "English")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message_zh, copy.message_en) == ("uscc_check", "中文", "English")
    assert isinstance(copy, ValueError)


@given(
    st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)
def test_uscc_property_check_char(head: str, region: str, org: str) -> None:
    first17 = head + region + org
    check = uscc_check_char(first17)
    assert validate_uscc(first17 + check) == first17 + check
    wrong = next(ch for ch in USCC_CHARSET if ch != check)
    with pytest.raises(IdentifierError) as info:
        validate_uscc(first17 + wrong)
    assert info.value.code == "uscc_check"


# --------------------------------------------------------------------------------------------
# CN application numbers


def test_cn_check_digits_of_the_documented_examples() -> None:
    # Computed by hand with weights 2,3,4,5,6,7,8,9,2,3,4,5 (sum mod 11): all three examples
    # in the reference notes are correct.
    assert cn_check_digit("202110921116") == "9"
    assert cn_check_digit("201810336559") == "X"
    assert cn_check_digit("202011167667") == "2"
    assert cn_check_digit("98123456") == "9"
    # The brief's format example "91100001.4" has the wrong check digit: the rule gives 1.
    assert cn_check_digit("91100001") == "1"


@pytest.mark.parametrize(
    "text",
    [
        "ZL 2021 1 0921116.9",
        "ZL202110921116.9",
        "202110921116.9",
        "2021109211169",
        "CN202110921116.9",
        "zl２０２１１０９２１１１６．９",
        " 2021 1092 1116 . 9 ",
    ],
)
def test_cn_appno_written_forms(text: str) -> None:
    parsed = parse_cn_application_number(text)
    assert parsed == CnApplicationNumber(
        canonical="202110921116.9",
        digits="202110921116",
        check="9",
        year=2021,
        type_digit="1",
        kind="invention",
        pct=False,
    )


def test_cn_appno_x_check_lowercase() -> None:
    assert parse_cn_application_number("CN201810336559.X").canonical == "201810336559.X"
    assert parse_cn_application_number("cn201810336559.x").canonical == "201810336559.X"
    assert parse_cn_application_number("202011167667.2").year == 2020
    assert parse_cn_application_number("2020111676672").canonical == "202011167667.2"


def test_cn_appno_kinds_and_pct() -> None:
    for type_digit, kind, pct in (
        ("1", "invention", False),
        ("2", "utility", False),
        ("3", "design", False),
        ("8", "invention", True),
        ("9", "utility", True),
    ):
        digits = f"2019{type_digit}0012345"
        parsed = parse_cn_application_number(digits + cn_check_digit(digits))
        assert (parsed.kind, parsed.pct, parsed.type_digit, parsed.year) == (kind, pct, type_digit, 2019)


def test_cn_appno_eight_digits_before_2003() -> None:
    parsed = parse_cn_application_number("98123456.9")
    assert parsed == CnApplicationNumber(
        canonical="98123456.9",
        digits="98123456",
        check="9",
        year=1998,
        type_digit="1",
        kind="invention",
        pct=False,
    )
    assert parse_cn_application_number("ZL 91 1 00001.1").canonical == "91100001.1"
    assert parse_cn_application_number("ZL 91 1 00001.1").year == 1991
    assert parse_cn_application_number("021234566").year == 2002  # 02123456 + check 6
    assert parse_cn_application_number("85200001" + cn_check_digit("85200001")).kind == "utility"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("202110921116.8", "appno_check"),
        ("201810336559.1", "appno_check"),
        ("98123456.1", "appno_check"),
        ("91100001.4", "appno_check"),
        ("CN112345678A", "appno_format"),  # a publication number
        ("202110921116.9A", "appno_format"),  # trailing kind letter
        ("20211092111", "appno_format"),
        ("ZL2021109211", "appno_format"),
        ("", "appno_format"),
        ("2002109211160", "appno_year"),  # 12-digit numbers start in 2003
        ("2099109211163", "appno_year"),
        ("84123456" + "2", "appno_year"),
        ("202140921116" + "1", "appno_type"),
        ("98723456.0", "appno_type"),
    ],
)
def test_cn_appno_rejections(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as info:
        parse_cn_application_number(text)
    assert info.value.code == reason


def test_cn_appno_check_message() -> None:
    with pytest.raises(IdentifierError) as info:
        parse_cn_application_number("ZL 2021 1 0921116.8")
    assert info.value.message_en == (
        "application number check digit is wrong: expected 9, got 8 (202110921116.8)"
    )
    assert info.value.message_zh == "申请号校验位错误：应为 9，实为 8（202110921116.8）"


def _forms(digits: str, check: str) -> list[str]:
    year, kind, serial = digits[:4], digits[4], digits[5:]
    return [
        f"{digits}.{check}",
        f"{digits}{check}",
        f"CN{digits}.{check}",
        f"ZL{digits}.{check}",
        f"ZL {year} {kind} {serial}.{check}",
        f"cn {digits}.{check.lower()}",
        "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in f"{digits}.{check}"),
    ]


_twelve_digits = st.builds(
    lambda year, kind, serial: f"{year}{kind}{serial:07d}",
    st.integers(2003, dt.date.today().year),
    st.sampled_from("12389"),
    st.integers(0, 9_999_999),
)


@given(_twelve_digits)
def test_cn_appno_property_round_trip(digits: str) -> None:
    check = cn_check_digit(digits)
    for form in _forms(digits, check):
        parsed = parse_cn_application_number(form)
        assert parsed.canonical == f"{digits}.{check}"
        assert parsed.digits == digits
        assert parsed.year == int(digits[:4])


@given(_twelve_digits, st.sampled_from("0123456789X"))
def test_cn_appno_property_wrong_check_rejected(digits: str, other: str) -> None:
    check = cn_check_digit(digits)
    if other == check:
        return
    with pytest.raises(IdentifierError) as info:
        parse_cn_application_number(f"{digits}.{other}")
    assert info.value.code == "appno_check"


# --------------------------------------------------------------------------------------------
# Other offices


def test_normalise_application_number_other_offices() -> None:
    assert normalise_application_number("CN", "ZL 2021 1 0921116.9") == "202110921116.9"
    assert normalise_application_number("us", "US 16/123,456") == "16123456"
    assert normalise_application_number("WO", "PCT/CN2021/123456") == "PCTCN2021123456"
    assert normalise_application_number("WO", "WO 2021/123456") == "2021123456"
    assert normalise_application_number("EP", "EP 21 123 456.7") == "211234567"
    assert normalise_application_number("JP", "2021-123456") == "2021123456"
    assert normalise_application_number("KR", "10-2021-0123456") == "1020210123456"


@pytest.mark.parametrize(
    ("office", "text", "reason"),
    [
        ("US", "12", "appno_format"),
        ("US", "1234#5678", "appno_format"),
        ("EP", "1" * 21, "appno_format"),
        ("CHN", "123456", "appno_office"),
        ("", "123456", "appno_office"),
        ("CN", "12345678901", "appno_format"),
    ],
)
def test_normalise_application_number_rejections(office: str, text: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalise_application_number(office, text)
    assert info.value.code == reason


# --------------------------------------------------------------------------------------------
# IPC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H01M 10/0525", "H01M 10/0525"),
        ("H01M10/0525", "H01M 10/0525"),
        ("H01M0010052500", "H01M 10/0525"),
        ("h01m 10/0525", "H01M 10/0525"),
        ("H01M", "H01M"),
        ("H01M 10/00", "H01M 10/00"),
        ("H01M0010000000", "H01M 10/00"),
        ("G06F0003048800", "G06F 3/0488"),
        ("G06F 3/048", "G06F 3/048"),
        ("A61K0031400000", "A61K 31/40"),
        ("H01M 10/0525 (2010.01)", "H01M 10/0525"),
        ("Ｈ０１Ｍ　１０／０５２５", "H01M 10/0525"),
        ("H01M 10", "H01M 10/00"),
        ("B65D 2101/0023", "B65D 2101/0023"),
    ],
)
def test_normalise_ipc(text: str, expected: str) -> None:
    assert normalise_ipc(text) == expected


@pytest.mark.parametrize(
    "text", ["Z01M 10/00", "H1M 10/00", "H01 10/00", "H01M 10/5", "H01M 0/00", "", "H00M"]
)
def test_normalise_ipc_rejections(text: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normalise_ipc(text)
    assert info.value.code == "ipc_syntax"


# --------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    "value",
    [
        "2021-06-30",
        "2021/6/30",
        "20210630",
        "2021.06.30",
        "2021年6月30日",
        " 2021-06-30 ",
        "２０２１－０６－３０",
        "2021-06-30T08:15:00",
        "2021-06-30 08:15:00+08:00",
        dt.date(2021, 6, 30),
        dt.datetime(2021, 6, 30, 8, 15),
    ],
)
def test_parse_date_forms(value: object) -> None:
    assert parse_date(value) == dt.date(2021, 6, 30)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_date_empty(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value",
    ["2021-02-30", "1899-12-31", "2101-01-01", "2021-13-01", "30/06/2021", "June 2021", "20210631", 20210630],
)
def test_parse_date_invalid(value: object) -> None:
    with pytest.raises(IdentifierError) as info:
        parse_date(value)
    assert info.value.code == "date_invalid"
    assert str(value) in info.value.message_en
    assert str(value) in info.value.message_zh
