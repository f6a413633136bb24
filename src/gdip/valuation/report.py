"""The valuation report (HTML and PDF) in the section order of asset-appraisal practice.

Order of 《资产评估执业准则——无形资产》 / 《专利资产评估指导意见》 reports: cover, 委托方,
评估对象和评估范围, 评估目的, 价值类型, 评估基准日, 评估依据, 评估方法 (value degree, income,
market, cost tables with every intermediate value, the sensitivity tornado as inline SVG),
评估假设, 评估结论, 特别事项说明. The PDF uses the WenQuanYi Micro Hei font (WeasyPrint).
"""

from __future__ import annotations

import hashlib
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from gdip.valuation.service import PatentValuation

__all__ = ["SECTION_HEADINGS", "render_html", "render_report", "tornado_svg"]

TEMPLATES_DIR = Path(__file__).with_name("templates")
SECTION_HEADINGS = (
    "一、委托方及其他报告使用人",
    "二、评估对象和评估范围",
    "三、评估目的",
    "四、价值类型",
    "五、评估基准日",
    "六、评估依据",
    "七、评估方法",
    "八、评估假设",
    "九、评估结论",
    "十、特别事项说明",
)
KIND_ZH = {"invention": "发明专利", "utility": "实用新型专利", "design": "外观设计专利"}
STATUS_ZH = {
    "valid": "有效",
    "pending": "审查中",
    "lapsed": "失效",
    "expired": "期满",
    "invalidated": "无效",
    "withdrawn": "撤回",
    "rejected": "驳回",
}
DIM_ZH = {"legal": "法律", "technical": "技术", "economic": "经济"}
EVENT_ZH = {"pledge": "质押", "licence": "许可", "transfer": "转让"}
MATCH_ZH = {"ipc_subclass": "同IPC小类", "industry": "同产业", "ipc_section": "同IPC部"}


def yuan(v: float | None) -> str:
    return "—" if v is None else f"{v:,.2f} 元"


def _n(v: float | None, digits: int = 2) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def tornado_svg(valuation: PatentValuation, width: int = 560) -> str:
    """A tornado chart of the sensitivity rows as inline SVG (no script)."""
    sens = valuation.sensitivity
    if sens is None or not sens.rows:
        return ""
    rows = sens.rows
    label_w, pad, bar_h, gap = 120, 10, 22, 8
    lo = min(min(r.value_low, r.value_high) for r in rows)
    hi = max(max(r.value_low, r.value_high) for r in rows)
    span = (hi - lo) or 1.0
    plot_w = width - label_w - 2 * pad
    height = pad * 2 + len(rows) * (bar_h + gap) + 20

    def x(v: float) -> float:
        return label_w + pad + (v - lo) / span * plot_w

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="WenQuanYi Micro Hei" font-size="10">'
    ]
    for i, r in enumerate(rows):
        y = pad + i * (bar_h + gap)
        a, b = sorted((r.value_low, r.value_high))
        parts.append(
            f'<text x="{label_w - 4}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{escape(r.label_zh)}</text>'
        )
        down_lo, down_hi = sorted((r.value_low, sens.base))
        up_lo, up_hi = sorted((r.value_high, sens.base))
        parts.append(
            f'<rect x="{x(down_lo):.1f}" y="{y}" width="{max(0.5, x(down_hi) - x(down_lo)):.1f}" '
            f'height="{bar_h}" fill="#c0504d"/>'
        )
        parts.append(
            f'<rect x="{x(up_lo):.1f}" y="{y}" width="{max(0.5, x(up_hi) - x(up_lo)):.1f}" '
            f'height="{bar_h}" fill="#4f81bd"/>'
        )
        parts.append(f'<text x="{x(b) + 3:.1f}" y="{y + bar_h * 0.7:.1f}">{b / 1e4:,.1f}万</text>')
        del a
    bx = x(sens.base)
    parts.append(
        f'<line x1="{bx:.1f}" y1="{pad - 4}" x2="{bx:.1f}" y2="{height - 20}" '
        'stroke="#333" stroke-dasharray="3,2"/>'
    )
    parts.append(
        f'<text x="{bx:.1f}" y="{height - 6}" text-anchor="middle">基准 {sens.base / 1e4:,.1f} 万元</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _context(v: PatentValuation, client: str | None, purpose: str) -> dict[str, Any]:
    s = v.subject
    d = v.degree
    holders = "、".join(s.holders) or "—"
    subject_rows = [
        ("专利号/申请号", f"{s.office} {s.application_number}"),
        ("名称", s.title or "—"),
        ("专利类型", KIND_ZH.get(s.kind, s.kind)),
        ("法律状态", STATUS_ZH.get(s.status, s.status)),
        ("申请日", str(s.filing_date)),
        ("授权日", str(s.grant_date or "—")),
        ("届满日", str(s.expiry_date or "—")),
        ("剩余法定保护期（年）", _n(s.remaining_legal_years)),
        ("主分类号 / 战略性新兴产业", f"{s.ipc_main or '—'} / {', '.join(s.sei_codes) or '—'}"),
        ("专利权人", holders),
        ("权利要求数", str(s.claims)),
        ("高新技术企业", "是" if s.high_tech else "否"),
    ]
    degree_rows = [
        {
            "dim": DIM_ZH[x.dimension],
            "name": x.name_zh,
            "weight": _n(x.weight),
            "score": _n(x.score),
            "text": x.explanation_zh,
        }
        for x in d.sub_scores
    ]
    dim_rows = [(f"{DIM_ZH[k]}价值度（权重 {d.weights[k]:.2f}）", _n(val)) for k, val in d.dimensions.items()]
    weights_text = " + ".join(f"{d.weights[k]:.2f}×{d.dimensions[k]:.2f}" for k in d.dimensions)
    ctx: dict[str, Any] = {
        "s": s,
        "report_no": "GDIP-V-"
        + hashlib.sha256(f"{s.key}|{v.as_of}|{v.params_digest}".encode()).hexdigest()[:12].upper(),
        "client": client or holders,
        "holders": holders,
        "purpose": purpose,
        "as_of": v.as_of.isoformat(),
        "report_date": date.today().isoformat(),
        "params_path": v.params_path,
        "params_digest": v.params_digest,
        "subject_rows": subject_rows,
        "degree_rows": degree_rows,
        "dim_rows": dim_rows,
        "weights_text": weights_text,
        "pvd": _n(d.pvd),
        "scenario": d.scenario,
        "fwd_years": 5,
        "warnings": [zh for zh, _ in v.warnings],
        "tax_rate": "15%" if s.high_tech else "25%",
    }
    used = [k for k in ("income", "market", "cost") if k in v.results]
    ctx["method_text"] = (
        "本次评估采用"
        + "、".join({"income": "收益法（收入分成法）", "market": "市场法", "cost": "成本法"}[k] for k in used)
        + "。收益法为专利质押评估的主要方法；市场法以平台收录的质押、许可、转让交易作为可比案例；"
        "成本法因专利成本与价值弱对应，仅作为价值下限。"
    )
    inc = v.results.get("income")
    if inc is not None:
        i = inc.inputs
        ctx["income"] = True
        ctx["income_params"] = [
            ("分成率 K", f"{i.share_rate:.4%}", i.notes.get("share_rate", "")),
            ("衰减率 d", f"{i.decay_rate:.2%}", f"{i.decay_pattern}；{i.notes.get('decay', '')}"),
            ("折现率 r", f"{i.discount_rate:.2%}", i.notes.get("discount", "")),
            ("所得税率 T", f"{i.tax_rate:.0%}", i.notes.get("tax", "")),
            ("收益期 n（年）", f"{i.life_years:.2f}", i.notes.get("life", "")),
            ("增长率 g", f"{i.growth:.2%}", i.notes.get("growth", "")),
            (
                "折现时点",
                "年中" if i.mid_year else "年末",
                "τ_t = (t−1) + f_t/2" if i.mid_year else "τ_t = (t−1) + f_t",
            ),
        ]
        ctx["income_years"] = [
            [
                y.t,
                _n(y.fraction, 3),
                _n(y.revenue),
                _n(y.decay, 4),
                f"{y.share_rate:.4%}",
                _n(y.royalty),
                _n(y.tax),
                _n(y.after_tax),
                _n(y.timing, 3),
                _n(y.discount_factor, 4),
                _n(y.present_value),
            ]
            for y in inc.years
        ]
        ctx["income_value"] = _n(inc.value)
    mk = v.results.get("market")
    if mk is not None:
        ctx["market"] = {
            "n": mk.n,
            "value": yuan(mk.value),
            "q1": yuan(mk.q1),
            "q3": yuan(mk.q3),
            "note": "" if mk.sufficient else "可比交易不足，仅供参考。",
        }
        ctx["market_rows"] = [
            [
                f"{c.office} {c.application_number}",
                EVENT_ZH.get(c.event_type, c.event_type),
                str(c.event_date),
                _n(c.amount),
                _n(c.implied_value),
                _n(c.factors.get("time"), 3),
                _n(c.factors.get("life"), 3),
                _n(c.factors.get("kind"), 2),
                _n(c.adjusted_value),
                MATCH_ZH.get(c.match_level, c.match_level),
            ]
            for c in mk.comparables
        ]
    cs = v.results.get("cost")
    if cs is not None:
        ctx["cost"] = True
        ctx["cost_rows"] = [(f"{it.label_zh} {it.code}", _n(it.amount), it.formula) for it in cs.items]
        ctx["cost_rows"] += [
            ("重置成本 C", _n(cs.replacement_cost), ""),
            ("贬值率 ρ", f"{cs.depreciation_rate:.4f}", "已使用年限 /（已使用年限 + 剩余经济寿命）"),
            ("成本法评估值（下限）", _n(cs.value), cs.formula),
        ]
    sens = v.sensitivity
    if sens is not None:
        from django.utils.safestring import mark_safe

        ctx["tornado_svg"] = mark_safe(tornado_svg(v))
        ctx["step"] = f"{sens.step:.0%}"
        ctx["tornado_rows"] = [
            [
                r.label_zh,
                f"{r.input_low:.4g}",
                f"{r.input_high:.4g}",
                _n(r.value_low),
                _n(r.value_high),
                _n(r.swing),
            ]
            for r in sens.rows
        ]
    c = v.conclusion
    ctx["conclusion_value"] = yuan(c.value)
    ctx["conclusion_wan"] = f"{c.value / 1e4:,.2f} 万元"
    ctx["conclusion_low"] = yuan(c.low)
    ctx["conclusion_high"] = yuan(c.high)
    ctx["conclusion_text"] = c.explanation_zh
    ctx["conclusion_text_en"] = c.explanation_en
    return ctx


def _ensure_django() -> None:
    from django.conf import settings

    if not settings.configured:
        from gdip.cli.bootstrap import setup_django

        setup_django()


def render_html(v: PatentValuation, *, client: str | None = None, purpose: str = "质押融资") -> str:
    """The report as a standalone HTML page."""
    _ensure_django()
    from django.template import Context, Engine

    engine = Engine(dirs=[str(TEMPLATES_DIR)], autoescape=True)
    return engine.get_template("valuation/report.html").render(Context(_context(v, client, purpose)))


def render_report(
    v: PatentValuation, out: Path | str, *, client: str | None = None, purpose: str = "质押融资"
) -> Path:
    """Write the report: PDF when ``out`` ends with .pdf, else HTML."""
    out = Path(out)
    html = render_html(v, client=client, purpose=purpose)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".pdf":
        from weasyprint import HTML

        HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(str(out))
    else:
        out.write_text(html, "utf-8")
    return out
