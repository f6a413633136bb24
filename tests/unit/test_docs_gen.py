"""The generated data-model documentation covers the code exactly and is committed up to date."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from gdip.datacenter import domain as d
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.docs_gen import ENUMS, REGENERATE, render_data_model, render_interchange
from gdip.datacenter.field_docs import ENUM_LABELS, FIELD_DOCS, FILE_LEVEL_CODES, REJECT_CODES
from gdip.datacenter.services.ingest import ingest_file

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "gdip"
DOCS = ROOT / "docs"

STRUCTS = {"party": d.PARTY, "family_member": d.FAMILY_MEMBER, "award": d.AWARD}

# Reason codes as the code base writes them: the first string argument of the error classes,
# the second of RecordIssue (after the position), and the code argument of the validators'
# _require_str helper.
_CODE = r'"([a-z][a-z0-9_]*)"'
_EMITTERS = [
    re.compile(r"\b(?:RecordError|IdentifierError|IngestFailed|UnsafeXMLError)\(\s*" + _CODE),
    re.compile(r"\bRecordIssue\(\s*[^,\"()]+(?:\([^()]*\))?[^,\"()]*,\s*" + _CODE),
    re.compile(r"\b_require_str\(\s*[^,]+,\s*" + _CODE),
]


def _emitted_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text("utf-8")
        for pattern in _EMITTERS:
            for match in pattern.finditer(text):
                found.setdefault(match.group(1), set()).add(str(path.relative_to(ROOT)))
    return found


def _expected_tables() -> dict[str, list[str]]:
    tables = {name: [c for c, _ in kind.columns] for name, kind in d.KINDS.items()}
    for name, struct in STRUCTS.items():
        tables[name] = [struct.field(i).name for i in range(struct.num_fields)]
    tables["_system"] = [c for c, _ in d.SYSTEM_COLUMNS]
    return tables


def _struct_types(t: pa.DataType) -> list[pa.StructType]:
    if pa.types.is_list(t):
        return _struct_types(t.value_type)
    return [t] if pa.types.is_struct(t) else []


def test_every_column_has_a_field_doc() -> None:
    expected = _expected_tables()
    assert set(FIELD_DOCS) == set(expected)
    for table, columns in expected.items():
        documented = FIELD_DOCS[table]
        assert set(documented) - set(columns) == set(), f"{table}: FieldDoc for a column that does not exist"
        assert set(columns) - set(documented) == set(), f"{table}: columns without a FieldDoc"
        for column in columns:
            doc = documented[column]
            assert doc.meaning_en.strip() and doc.meaning_zh.strip(), f"{table}.{column}: empty meaning"
            assert doc.interchange.strip() and doc.st36.strip() and doc.uspto.strip(), f"{table}.{column}"


def test_every_struct_in_the_schemas_is_documented() -> None:
    used = [s for kind in d.KINDS.values() for _, t in kind.columns for s in _struct_types(t)]
    assert used, "the kinds use no struct types any more: update this test"
    for struct in used:
        assert any(struct == known for known in STRUCTS.values()), f"undocumented struct {struct}"


def test_enumerations_are_labelled() -> None:
    assert {name for name, *_ in ENUMS} == set(ENUM_LABELS)
    for name, allowed, synonyms, _ in ENUMS:
        assert list(ENUM_LABELS[name]) == list(allowed), name
        assert set(synonyms.values()) <= set(allowed), name


def test_every_emitted_reason_code_is_documented() -> None:
    emitted = _emitted_codes()
    assert len(emitted) >= 30, "the reason-code scan found almost nothing: the patterns are stale"
    missing = {code: sorted(files) for code, files in emitted.items() if code not in REJECT_CODES}
    assert not missing, f"reason codes emitted but not in field_docs.REJECT_CODES: {missing}"
    sources = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py") if p.name != "field_docs.py")
    stale = [code for code in REJECT_CODES if f'"{code}"' not in sources]
    assert not stale, f"REJECT_CODES lists codes nothing emits: {stale}"
    assert FILE_LEVEL_CODES.issubset(REJECT_CODES)
    for code, (zh, en) in REJECT_CODES.items():
        assert zh.strip() and en.strip(), code


@pytest.mark.parametrize(
    ("name", "render"), [("data-model.md", render_data_model), ("interchange.md", render_interchange)]
)
def test_committed_docs_are_current(name: str, render: Callable[[], str]) -> None:
    path = DOCS / name
    assert path.exists(), f"docs/{name} is missing: run `{REGENERATE}`"
    assert path.read_text("utf-8") == render(), f"docs/{name} is stale: run `{REGENERATE}`"


def _doc_records(tag: str) -> dict[str, dict[str, object]]:
    text = (DOCS / "interchange.md").read_text("utf-8")
    blocks = re.findall(r"<!-- " + tag + r": ([a-z-]+) -->\n```json\n(.*?)\n```", text, re.S)
    return {kind: json.loads(body) for kind, body in blocks}


@pytest.mark.parametrize("tag", ["example", "minimal"])
@pytest.mark.parametrize("kind", list(d.KINDS))
def test_documented_records_ingest_cleanly(kind: str, tag: str, tmp_path: Path) -> None:
    records = _doc_records(tag)
    assert kind in records, f"docs/interchange.md has no {tag} record for {kind}"
    path = tmp_path / f"{kind}.jsonl"
    path.write_bytes(json.dumps(records[kind], ensure_ascii=False).encode("utf-8") + b"\n")
    report = ingest_file(kind, path, lake=ParquetLake(tmp_path / "lake"))
    assert report.rejected == 0, report.reasons
    assert report.loaded == 1
