"""Applicant and owner names: the canonical matching form, branches, stable ids and applicant types.

Rules of `normalise_name` (each is applied in this order):

1. Unicode NFKC: full-width letters, digits and brackets become half-width (``（）`` → ``()``,
   ``ＴＣＬ`` → ``TCL``).
2. Traditional → simplified Chinese (OpenCC ``t2s``), only when the text contains a character
   that the conversion changes (checked with a precomputed character set, so simplified text
   costs one set test).
3. Case folding (``TCL`` → ``tcl``), so Latin parts of Chinese names match too.
4. Chinese names (any CJK character present): all whitespace, quotes (``“”‘’"'「」『』《》``) and
   middle dots are removed; ``【】〔〕[]［］`` become ``()``; empty ``()`` are dropped;
   ``有限责任公司`` becomes ``有限公司`` (the same legal form, 有限责任公司, written two ways), but
   ``股份有限公司`` stays distinct because a joint-stock company is a different legal form and
   usually a different registered entity from a same-named limited company.
5. Latin-script names: ``&`` → ``and``; dotted abbreviations are joined (``G.m.b.H.`` → ``gmbh``,
   ``L.L.C.`` → ``llc``, ``S.A.`` → ``sa``); all other punctuation becomes a space; spaces are
   collapsed; a leading ``the`` is dropped; legal-form words are unified token by token:
   ``company`` → ``co``, ``limited`` → ``ltd``, ``corporation`` → ``corp``, ``incorporated`` →
   ``inc``, ``aktiengesellschaft`` → ``ag`` — so ``Co., Ltd.``, ``Company Limited`` and ``Co Ltd``
   all read ``co ltd``. Different legal forms (``inc`` vs ``corp``, ``gmbh`` vs ``ag``) stay distinct.
6. With ``parent=True`` a branch suffix is removed (``华为技术有限公司深圳分公司`` →
   ``华为技术有限公司``); see `branch_parent`. The default keeps the branch so the exact name can
   still be matched.

`entity_id` hashes the parent form: every branch of a company gets the company's id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = [
    "APPLICANT_TYPES",
    "branch_parent",
    "classify_applicant",
    "entity_id",
    "normalise_name",
    "to_simplified",
]

APPLICANT_TYPES = ("enterprise", "university", "institute", "individual", "government", "other")

# --------------------------------------------------------------------------------------------
# Traditional → simplified


@lru_cache(maxsize=1)
def _opencc_t2s() -> tuple[frozenset[str], object]:
    """Load the OpenCC t2s converter and the set of characters it can change (once)."""
    import opencc  # imported lazily: building its dictionaries costs ~20 ms

    dictionary = Path(opencc.__file__).with_name("dictionary")
    trigger: set[str] = set()
    with open(dictionary / "TSCharacters.txt", encoding="utf-8") as fh:
        for line in fh:
            key, _, values = line.rstrip("\n").partition("\t")
            if values.split(" ")[0] != key:
                trigger.update(key)
    with open(dictionary / "TSPhrases.txt", encoding="utf-8") as fh:
        for line in fh:
            key, _, values = line.rstrip("\n").partition("\t")
            value = values.split(" ")[0]
            # A phrase rule can only change text that contains one of the characters it rewrites.
            trigger.update(k for i, k in enumerate(key) if i >= len(value) or value[i] != k)
    return frozenset(trigger), opencc.OpenCC("t2s")


@lru_cache(maxsize=100_000)
def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified; other text is returned unchanged."""
    trigger, converter = _opencc_t2s()
    if trigger.isdisjoint(text):
        return text
    return str(converter.convert(text))  # type: ignore[attr-defined]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


# --------------------------------------------------------------------------------------------
# Branches

_ZH_BRANCH_RE = re.compile(
    r"^(?P<parent>.+(?:公司|集团|厂|银行|事务所|合作社|\(有限合伙\)))"
    r"(?P<place>[^()]{0,20}?)"
    r"(?P<kind>分公司|分厂|分店|分行|支行|分理处|分所|办事处|代表处|营业部|经营部)$"
)
_EN_BRANCH_RE = re.compile(
    r"^(?P<parent>.+\b(?:co\.?,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.?|incorporated|corp\.?"
    r"|corporation|company|co\.|gmbh|ag|llc|l\.l\.c\.|plc|s\.a\.|b\.v\.|n\.v\.))"
    r"[\s,]+(?P<place>[\w\s.,'-]{0,40}?)[\s,]*"
    r"(?:branch(?:\s+office)?|representative\s+office|rep\.?\s+office|liaison\s+office)\.?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=200_000)
def branch_parent(name: str) -> str | None:
    """Return the parent company's name when `name` is a branch (分公司, 分厂, 办事处…), else None.

    The parent is returned NFKC-folded, simplified and stripped, not fully normalised. Research
    institutes, subsidiaries (子公司) and 研究院 of a company are separate entities, not branches.
    """
    text = to_simplified(unicodedata.normalize("NFKC", name)).strip()
    if _has_cjk(text):
        compact = "".join(text.split())
        match = _ZH_BRANCH_RE.match(compact)
    else:
        match = _EN_BRANCH_RE.match(" ".join(text.split()))
    if match is None:
        return None
    parent = match.group("parent").strip(" ,")
    return parent or None


# --------------------------------------------------------------------------------------------
# Normalisation

_ZH_DROP = str.maketrans({ch: None for ch in "“”‘’\"'「」『』《》〈〉·•・"})
_ZH_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")"})
_DOTTED_ABBREV_RE = re.compile(r"\b(?:[a-z]\.\s?){2,}")
_PUNCT_RE = re.compile(r"[^\w\s]+|_")
_EN_LEGAL = {
    "company": "co",
    "limited": "ltd",
    "corporation": "corp",
    "incorporated": "inc",
    "aktiengesellschaft": "ag",
}


def _normalise_zh(text: str) -> str:
    text = "".join(text.split()).translate(_ZH_DROP).translate(_ZH_BRACKETS).replace("()", "")
    text = text.strip(",.;:，。；：、")
    return text.replace("有限责任公司", "有限公司")


def _normalise_en(text: str) -> str:
    text = text.replace("&", " and ")
    text = _DOTTED_ABBREV_RE.sub(_join_dotted, text)
    words = _PUNCT_RE.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_EN_LEGAL.get(word, word) for word in words)


@lru_cache(maxsize=200_000)
def normalise_name(name: str, parent: bool = False) -> str:
    """Return the canonical matching form of an organisation or person name (rules: module doc)."""
    text = to_simplified(unicodedata.normalize("NFKC", name))
    if parent:
        text = branch_parent(text) or text
    text = text.casefold()
    return _normalise_zh(text) if _has_cjk(text) else _normalise_en(text)


@lru_cache(maxsize=200_000)
def entity_id(name: str, uscc: str | None = None) -> str:
    """Return a stable entity id: ``U:<USCC>`` for a valid USCC, else ``N:<sha1 of the parent name>``.

    A valid USCC always wins, even for a branch (a registered branch has its own USCC, so the
    id then identifies the branch); without one, branches share their parent's name-based id.
    An invalid USCC is ignored. Raises ValueError for an empty name without a valid USCC.
    """
    if uscc:
        from gdip.core.validators import IdentifierError, validate_uscc

        try:
            return "U:" + validate_uscc(uscc)
        except IdentifierError:
            pass
    key = normalise_name(name, parent=True)
    if not key:
        raise ValueError("entity_id needs a non-empty name or a valid USCC")
    return "N:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Applicant types

_ZH_ENTERPRISE_RE = re.compile(
    r"公司|集团|企业|合作社|有限合伙|商行|工作室|事务所|厂$|厂\(|分厂|商店|门市部|经营部"
)
_ZH_INSTITUTE_END_RE = re.compile(
    r"(?:研究院|研究所|研究中心|实验室|科学院|工程院|研究总院|设计院|医院|卫生院|保健院)$"
)
_ZH_UNIVERSITY_RE = re.compile(r"大学|学院|学校|学堂|中学|小学|幼儿园|党校|研究生院")
_ZH_INSTITUTE_RE = re.compile(
    r"科学院|研究院|研究所|研究中心|实验室|工程院|医院|卫生院|保健院|疾病预防控制中心|血液中心|研究会|检测院|检验院|计量院"
)
_ZH_GOVERNMENT_RE = re.compile(
    r"(?:局|委员会|管委会|政府|厅|办公室|海关|法院|检察院|公安局|派出所|街道办事处|部|署|中心|站|总队|支队|大队)$"
)
_ZH_OTHER_ORG_RE = re.compile(r"协会|学会|基金会|联合会|商会|促进会|联盟|俱乐部|寺|教会")
_ZH_PERSON_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,10}$")

_EN_ENTERPRISE_RE = re.compile(
    r"\b(?:co|ltd|limited|inc|incorporated|corp|corporation|company|gmbh|ag|llc|plc|sa|bv|nv|kk|"
    r"kabushiki kaisha|oy|ab|spa|srl|sas|lp|llp|pte|pty|group|holdings|industries|technologies|"
    r"enterprises)\b"
)
_EN_UNIVERSITY_RE = re.compile(
    r"\b(?:university|universities|college|polytechnic|institute of technology|school|universidad|"
    r"universitat|universitaet|universite|università|universita)\b"
)
_EN_INSTITUTE_RE = re.compile(
    r"\b(?:institute|institut|academy|research|laboratory|laboratories|hospital|clinic|"
    r"recherche|forschung|national lab)\b"
)
_EN_GOVERNMENT_RE = re.compile(
    r"\b(?:ministry|department|government|agency|administration|bureau|commission|"
    r"secretary of|state of|represented by|republic|municipal|council|office of)\b"
)
_EN_ORG_WORD_RE = re.compile(
    r"\b(?:association|foundation|society|trust|fund|church|club|union|center|centre|systems|"
    r"electronics|pharma|pharmaceuticals|international|motors|solutions|labs|energy|medical|bank|"
    r"and|of|the|for)\b"
)
_EN_PERSON_RE = re.compile(
    r"^[a-z][a-z'\-]+,\s*[a-z][a-z'\-.]*(?:\s+[a-z][a-z'\-.]*){0,2}$"  # Surname, Given [Middle]
    r"|^[a-z][a-z'\-.]*(?:\s+[a-z][a-z'\-.]*){1,2}$"  # Given [Middle] Surname
)


@lru_cache(maxsize=200_000)
def classify_applicant(name: str) -> str:
    """Return the applicant type: enterprise, university, institute, individual, government or other.

    Order matters: a company keyword wins (``XX研究院有限公司`` and ``XX大学资产经营有限公司`` are
    enterprises); then names ending in a research-unit or hospital word (``深圳清华大学研究院``,
    ``中山大学附属第一医院``: separate 事业单位 from the university) are institutes;
    then universities; then institutes anywhere in the name, including hospitals (public
    hospitals are 事业单位 counted with research institutions in patent statistics); then
    government bodies (局, 委员会, 政府, 中心 at the end …); then 2–4 Chinese characters with no
    organisation keyword (or ``名·姓``) and Latin ``Surname, Given`` / two-three plain words are
    individuals; everything else is other.
    """
    text = to_simplified(unicodedata.normalize("NFKC", name)).strip()
    if not text:
        return "other"
    if _has_cjk(text):
        compact = "".join(text.split()).casefold()
        if _ZH_ENTERPRISE_RE.search(compact) or _EN_ENTERPRISE_RE.search(compact):
            return "enterprise"
        if _ZH_INSTITUTE_END_RE.search(compact):
            return "institute"
        if _ZH_UNIVERSITY_RE.search(compact):
            return "university"
        if _ZH_INSTITUTE_RE.search(compact):
            return "institute"
        if _ZH_OTHER_ORG_RE.search(compact):
            return "other"
        if _ZH_GOVERNMENT_RE.search(compact):
            return "government"
        if _ZH_PERSON_RE.match(compact):
            return "individual"
        return "other"
    lowered = " ".join(text.casefold().split())
    words = " ".join(_PUNCT_RE.sub(" ", _DOTTED_ABBREV_RE.sub(_join_dotted, lowered)).split())
    if _EN_ENTERPRISE_RE.search(words):
        return "enterprise"
    if _EN_UNIVERSITY_RE.search(words):
        return "university"
    if _EN_INSTITUTE_RE.search(words):
        return "institute"
    if _EN_GOVERNMENT_RE.search(words):
        return "government"
    if not _EN_ORG_WORD_RE.search(words) and _EN_PERSON_RE.match(lowered):
        return "individual"
    return "other"


def _join_dotted(match: re.Match[str]) -> str:
    return match.group(0).replace(".", "").replace(" ", "") + " "
