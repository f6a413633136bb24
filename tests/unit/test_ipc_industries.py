"""The editable IPC → industry mapping: loading, validation errors, longest-prefix matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdip.datacenter.reference.industries import (
    MAPPING_SCHEMA,
    IndustryMappingError,
    load_ipc_industry_mapping,
    match_industries,
)

HEADER = """
version: 1
sei_categories:
  - {code: "01", name_zh: 新一代信息技术产业, name_en: New-generation IT}
  - {code: "04", name_zh: 生物产业, name_en: Biotechnology}
clusters:
  - {code: GD06, name_zh: 现代轻工纺织, name_en: Light industry}
  - {code: GD09, name_zh: 生物医药与健康, name_en: Biomedicine}
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_default_mapping_has_the_documented_columns_and_the_nine_categories():
    table = load_ipc_industry_mapping()
    assert table.schema == MAPPING_SCHEMA
    assert table.num_rows > 50
    rows = {r["ipc_prefix"]: r for r in table.to_pylist()}
    assert rows["H01M 10"]["sei_name_zh"] == "新能源汽车产业"
    assert rows["H01M"]["sei_code"] == "06"
    assert rows["A61K 8"]["sei_code"] is None and rows["A61K 8"]["cluster_name_zh"] == "现代轻工纺织"
    assert {r["sei_code"] for r in rows.values()} - {None} <= {f"0{i}" for i in range(1, 10)}
    assert len({r["cluster_code"] for r in rows.values()} - {None}) == 20


def test_longest_prefix_wins_and_main_groups_do_not_match_by_digits(tmp_path):
    path = write(
        tmp_path,
        """
mappings:
  - {ipc: A61K, sei: "04", cluster: GD09}
  - {ipc: A61K 8, sei: null, cluster: GD06}
  - {ipc: G06F, sei: "01"}
""",
    )
    assert match_industries(["A61K 8/97"], path) == ([], ["GD06"])
    # "A61K 80/00" is main group 80, not a child of main group 8: the subclass entry applies.
    assert match_industries(["A61K 80/00"], path) == (["04"], ["GD09"])
    assert match_industries(["A61K 31/4709", "G06F 16/27", "B65D 81/00"], path) == (["01", "04"], ["GD09"])
    assert match_industries([], path) == ([], [])


def test_default_mapping_examples():
    assert match_industries(["H01M 10/0525"]) == (["05"], ["GD16"])
    assert match_industries(["G06N 10/00"]) == (["01"], ["GD14"])
    assert match_industries(["F24F 11/64"]) == ([], ["GD03"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("mappings: [ {ipc: G06F, sei: '01'", "not valid YAML"),
        ("mappings:\n  - {ipc: G06F, sei: '99'}\n", "unknown sei code '99'"),
        ("mappings:\n  - {ipc: G06F, cluster: GD77}\n", "unknown cluster code 'GD77'"),
        ("mappings:\n  - {ipc: 'H01M 10/0525', sei: '01'}\n", "not an IPC subclass"),
        ("mappings:\n  - {ipc: G06F, sei: '01'}\n  - {ipc: G06F, sei: '04'}\n", "appears twice"),
        ("mappings:\n  - {ipc: G06F}\n", "needs a sei or a cluster code"),
        ("mappings: []\n", "'mappings' must be a non-empty list"),
    ],
)
def test_bad_mapping_files_fail_with_a_clear_message(tmp_path, body, message):
    with pytest.raises(IndustryMappingError, match=message) as info:
        load_ipc_industry_mapping(write(tmp_path, body))
    assert str(tmp_path) in str(info.value)


def test_missing_file_and_non_mapping_document(tmp_path):
    with pytest.raises(IndustryMappingError, match="cannot read"):
        load_ipc_industry_mapping(tmp_path / "absent.yaml")
    path = tmp_path / "list.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(IndustryMappingError, match="must be a YAML mapping"):
        load_ipc_industry_mapping(path)
