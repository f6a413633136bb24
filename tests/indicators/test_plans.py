"""The plan as data: the packaged 14th-plan file holds the tables' exact figures; bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gdip.indicators.evaluation import EvaluationError, check_plan_registry
from gdip.indicators.plans import PLANS_DIR, PlanError, list_plans, load_plan


def test_the_packaged_plan_has_both_tables_and_the_text_targets():
    plan = load_plan("gd-14th")
    assert (plan.id, plan.region_code, plan.period_start, plan.period_end, plan.baseline_year) == (
        "gd-14th",
        "440000",
        2021,
        2025,
        2020,
    )
    assert plan.table_rows() == list(range(1, 15))  # 14 rows; row 4 holds two figures
    assert len(plan.indicators) == 15
    assert [c.row for c in plan.completion_13th] == list(range(1, 19))
    assert "gd-14th" in list_plans()


def test_the_14th_plan_table_figures_are_exact():
    ind = {i.code: i for i in load_plan("gd-14th").indicators}
    hv = ind["high_value_invention_per_10k"]
    assert (hv.baseline, hv.target, hv.nature, hv.period_total, hv.source) == (
        13.5,
        20,
        "expected",
        False,
        "computed",
    )
    assert (ind["overseas_invention_grants"].baseline, ind["overseas_invention_grants"].target) == (None, 8)
    assert ind["overseas_invention_grants"].period_total
    assert (ind["trademark_brand_index"].baseline, ind["trademark_brand_index"].target) == (87.95, 90)
    amount, projects = ind["pledge_financing_amount"], ind["pledge_financing_projects"]
    assert (amount.row, amount.baseline, amount.target, amount.period_total) == (4, 907.6, 2500, True)
    assert (projects.row, projects.baseline, projects.target, projects.period_total) == (4, 3765, 5000, True)
    assert (ind["ip_royalty_trade"].baseline, ind["ip_royalty_trade"].target) == (None, 1100)
    assert (
        ind["patent_intensive_industry_share"].target,
        ind["patent_intensive_industry_share"].comparison,
    ) == (19, "ge")
    assert (ind["copyright_industry_share"].baseline, ind["copyright_industry_share"].target) == (8.7, 9.2)
    gi = ind["gi_product_trade"]
    assert (gi.baseline, gi.target, gi.period_total, gi.source) == (752.5, 1510, True, "module")
    assert (ind["aid_mediation_cases"].target, ind["aid_mediation_cases"].comparison) == (3000, "ge")
    assert (
        ind["civil_first_instance_acceptance_rate"].target,
        ind["protection_satisfaction"].baseline,
        ind["protection_satisfaction"].target,
    ) == (85, 80, 83)
    assert (ind["public_service_website_visits"].target, ind["public_service_nodes"].target) == (50, 40)
    rate = ind["agency_invention_grant_rate"]
    assert (rate.baseline, rate.target, rate.computed) == (56.5, 60, "agency_invention_grant_rate")
    assert all(i.nature == "expected" for i in ind.values())
    assert {c for c, i in ind.items() if i.period_total} == {
        "overseas_invention_grants",
        "pledge_financing_amount",
        "pledge_financing_projects",
        "gi_product_trade",
    }


def test_the_13th_plan_completion_table_is_split_correctly():
    rows = {c.row: c for c in load_plan("gd-14th").completion_13th}
    expected = {
        1: (20, 35.1),
        2: (19, 27.8),
        3: (10, 13.1),
        4: (36, 103),
        5: (210, 543.0),
        6: (6000, 8862),
        7: (15, 29),
        8: (80, 945),
        9: (25, 397),
        10: (100, 54),
        11: (50, 85),
        12: (20, 57),
        13: (100, 181.5),
        14: (10, 11),
        15: (10, 11),
        16: (9, 8.7),
        17: (80, 75.07),
        18: (20, 21.1),
    }
    assert {r: (c.target, c.completion) for r, c in rows.items()} == expected
    assert (
        rows[1].name.zh == "发明专利有效量"
        and rows[1].category.zh == "知识产权创造"
        and rows[1].unit.zh == "万件"
    )
    assert rows[16].comparison == rows[17].comparison == "ge"
    assert rows[12].category.zh == "知识产权运用" and rows[18].category.zh == "知识产权服务"


def test_text_targets_quote_the_plan():
    targets = {t.code: t for t in load_plan("gd-14th").text_targets}
    assert (targets["fast_protection_city_share"].value, targets["fast_protection_city_share"].line) == (
        80,
        163,
    )
    assert (
        targets["manufacturing_valid_inventions"].value,
        targets["manufacturing_valid_inventions"].unit.zh,
    ) == (23, "万件")
    assert [
        targets[f"talent_{f}"].value
        for f in ("agency", "operations", "foreign_related", "enterprise_executives")
    ] == [1000] * 4
    assert targets["public_service_nodes_target"].value == 40
    assert (
        targets["high_value_cultivation_centres"].value,
        targets["high_value_cultivation_centres"].kind,
    ) == (233, "achievement")
    seed = Path("/work/shared/seed/plan-joined.txt")
    if seed.exists():  # the quotes are verbatim
        lines = seed.read_text("utf-8").splitlines()
        for t in targets.values():
            assert t.quote in lines[t.line - 1], t.code


def test_every_computed_indicator_is_registered():
    check_plan_registry(load_plan("gd-14th"))


def _variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((PLANS_DIR / "gd-14th.yaml").read_text("utf-8"))
    change(data)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_a_bad_plan_file_names_the_field(tmp_path):
    def bad(data):
        data["indicators"][3]["target"] = "lots"
        del data["indicators"][5]["nature"]

    with pytest.raises(PlanError) as err:
        load_plan(_variant(tmp_path, bad))
    message = str(err.value)
    assert "indicators.3.target" in message and "indicators.5.nature" in message and "plan.yaml" in message


def test_inconsistent_period_totals_and_unknown_fields_are_rejected(tmp_path):
    def bad(data):
        data["indicators"][1]["period_total"] = False
        data["indicators"][0]["tagret"] = 3

    with pytest.raises(PlanError, match=r"indicators\.1: Value error, period_total must be true") as err:
        load_plan(_variant(tmp_path, bad))
    assert "indicators.0.tagret: Extra inputs are not permitted" in str(err.value)


def test_another_provinces_plan_is_a_file(tmp_path):
    def other(data):
        data.update(id="zj-14th", region_code="330000", name_zh="浙江省知识产权发展规划")

    plan = load_plan(str(_variant(tmp_path, other)))
    assert (plan.id, plan.region_code) == ("zj-14th", "330000")
    with pytest.raises(PlanError, match="neither a packaged plan id"):
        load_plan("no-such-plan")
    (tmp_path / "broken.yaml").write_text("id: [unclosed", "utf-8")
    with pytest.raises(PlanError, match="cannot read plan file"):
        load_plan(tmp_path / "broken.yaml")


def test_a_plan_naming_an_unknown_computation_fails_the_registry_check(tmp_path):
    def bad(data):
        data["indicators"][0]["computed"] = "no_such_indicator"

    with pytest.raises(EvaluationError, match=r"indicators\[high_value_invention_per_10k\]\.computed"):
        check_plan_registry(load_plan(_variant(tmp_path, bad)))
