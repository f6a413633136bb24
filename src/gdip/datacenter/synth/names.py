"""Applicants and right holders: the entity pool every other kind draws its parties from.

Names are built from parts (city prefix + 字号 + industry word + legal form) for enterprises,
surname + given name for individuals, and real names for universities and institutes.
Organisations get a USCC with a correct GB 32100-2015 check character and the id
``U:<USCC>``; individuals and foreign applicants get the name-based id of the ingest
normaliser, so ingested and generated records of one applicant meet on one id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.core.demo_registry import demo_enterprises
from gdip.datacenter.domain import ENTITIES, PARTY
from gdip.datacenter.normalise.names import entity_id as name_entity_id
from gdip.datacenter.synth.calibration import CITY_SHARES, TYPE_SHARES, scaled
from gdip.datacenter.synth.common import concat, date_array, day, rng_for, take_str, usccs
from gdip.datacenter.synth.regions import CITIES, FOREIGN, OTHER_PROVINCES

__all__ = ["TYPES", "EntityPool", "GroupSampler", "build_entities", "group_key"]

TYPES = ("enterprise", "university", "institute", "individual", "government")
T_ENT, T_UNI, T_INST, T_IND, T_GOV = range(5)
# City slots: 0..20 Guangdong cities, 21 other provinces, 22 abroad.
N_GD = len(CITIES)
SLOT_OTHER, SLOT_FOREIGN = N_GD, N_GD + 1

ZIHAO_CHARS = list(
    "华中兴创新科达信通联海天宏盛泰美嘉康瑞恒丰鑫源德昌隆益安利发晟博锐智云星光明辉腾飞宇佳和祥"
    "凯立方正威远航鹏程粤穗珠江南岭湾汇众合远致诚腾龙跃金银铭诺睿尚品优维讯捷迈拓晶芯微"
)
INDUSTRY_WORDS = [
    "电子科技",
    "通信技术",
    "信息技术",
    "智能科技",
    "新能源科技",
    "新材料科技",
    "生物科技",
    "医药科技",
    "医疗器械",
    "电器",
    "照明科技",
    "精密机械",
    "自动化设备",
    "机器人",
    "半导体",
    "光电科技",
    "软件",
    "网络科技",
    "数据科技",
    "汽车科技",
    "电池科技",
    "环保科技",
    "化工",
    "塑胶制品",
    "五金制品",
    "家具",
    "纺织",
    "服饰",
    "食品",
    "农业科技",
    "文化传播",
    "家居用品",
    "陶瓷",
    "印刷包装",
    "检测技术",
    "仪器仪表",
    "激光科技",
    "显示技术",
    "集成电路",
    "储能科技",
]
INDUSTRY_EN = [
    "Electronic Technology",
    "Communication Technology",
    "Information Technology",
    "Intelligent Technology",
    "New Energy Technology",
    "New Materials Technology",
    "Biotechnology",
    "Pharmaceutical Technology",
    "Medical Devices",
    "Electric Appliances",
    "Lighting Technology",
    "Precision Machinery",
    "Automation Equipment",
    "Robotics",
    "Semiconductor",
    "Optoelectronics",
    "Software",
    "Network Technology",
    "Data Technology",
    "Automotive Technology",
    "Battery Technology",
    "Environmental Technology",
    "Chemical",
    "Plastic Products",
    "Hardware Products",
    "Furniture",
    "Textile",
    "Apparel",
    "Food",
    "Agricultural Technology",
    "Culture Media",
    "Household Products",
    "Ceramics",
    "Printing and Packaging",
    "Testing Technology",
    "Instruments",
    "Laser Technology",
    "Display Technology",
    "Integrated Circuit",
    "Energy Storage Technology",
]
SURNAMES = list(
    "陈李黄张梁刘林吴罗郑谢何杨周许邓钟冯曾彭蔡朱苏叶赖卢郭王徐潘余江马胡温孙廖庄方丘邱杜欧袁韩"
    "肖姚莫谭程龚严汤魏沈关麦戴高伍洪宋唐翁范刁陆邝甘莫"
)
GIVEN_CHARS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉建文斌志国晓红婷俊鹏浩宇欣怡子轩嘉诚"
    "锦荣振海家豪泽楷铭颖琳淑慧思源卓然梓航立新德胜永康"
)
STREETS = [
    "科技南一路",
    "深南大道",
    "高新南七道",
    "天河北路",
    "科学大道",
    "珠江东路",
    "创业路",
    "工业大道",
    "东风路",
    "人民路",
    "环城路",
    "迎宾大道",
    "新港路",
    "滨海大道",
    "建设路",
    "中山路",
    "解放路",
    "产业园路",
    "智慧路",
    "创新大道",
]
# Real universities (name, English name, city code, patent weight).
UNIVERSITIES = (
    ("华南理工大学", "South China University of Technology", "440100", 10.0),
    ("广东工业大学", "Guangdong University of Technology", "440100", 8.0),
    ("中山大学", "Sun Yat-sen University", "440100", 7.0),
    ("深圳大学", "Shenzhen University", "440300", 6.0),
    ("华南农业大学", "South China Agricultural University", "440100", 4.0),
    ("南方科技大学", "Southern University of Science and Technology", "440300", 4.0),
    ("暨南大学", "Jinan University", "440100", 3.0),
    ("华南师范大学", "South China Normal University", "440100", 2.5),
    ("广州大学", "Guangzhou University", "440100", 2.0),
    ("哈尔滨工业大学(深圳)", "Harbin Institute of Technology, Shenzhen", "440300", 2.0),
    ("清华大学深圳国际研究生院", "Tsinghua Shenzhen International Graduate School", "440300", 2.0),
    ("南方医科大学", "Southern Medical University", "440100", 1.5),
    ("广东海洋大学", "Guangdong Ocean University", "440800", 1.0),
    ("五邑大学", "Wuyi University", "440700", 1.0),
    ("佛山科学技术学院", "Foshan University", "440600", 1.0),
    ("东莞理工学院", "Dongguan University of Technology", "441900", 1.0),
    ("汕头大学", "Shantou University", "440500", 0.8),
    ("广东药科大学", "Guangdong Pharmaceutical University", "440100", 0.8),
    ("广州医科大学", "Guangzhou Medical University", "440100", 0.8),
    ("广州中医药大学", "Guangzhou University of Chinese Medicine", "440100", 0.6),
    ("仲恺农业工程学院", "Zhongkai University of Agriculture and Engineering", "440100", 0.6),
    ("广东技术师范大学", "Guangdong Polytechnic Normal University", "440100", 0.5),
    ("香港中文大学(深圳)", "The Chinese University of Hong Kong, Shenzhen", "440300", 0.5),
    ("深圳技术大学", "Shenzhen Technology University", "440300", 0.5),
    ("惠州学院", "Huizhou University", "441300", 0.3),
    ("肇庆学院", "Zhaoqing University", "441200", 0.3),
    ("韶关学院", "Shaoguan University", "440200", 0.2),
    ("嘉应学院", "Jiaying University", "441400", 0.2),
    ("韩山师范学院", "Hanshan Normal University", "445100", 0.2),
    ("广东石油化工学院", "Guangdong University of Petrochemical Technology", "440900", 0.3),
    ("岭南师范学院", "Lingnan Normal University", "440800", 0.2),
)
INSTITUTES = (
    ("中国科学院深圳先进技术研究院", "440300", 5.0),
    ("中国科学院广州能源研究所", "440100", 2.0),
    ("中国科学院南海海洋研究所", "440100", 1.0),
    ("中国科学院广州地球化学研究所", "440100", 0.8),
    ("鹏城实验室", "440300", 1.5),
    ("季华实验室", "440600", 1.0),
    ("松山湖材料实验室", "441900", 1.0),
    ("深圳清华大学研究院", "440300", 1.5),
    ("广东省科学院智能制造研究所", "440100", 1.2),
    ("广东省科学院新材料研究所", "440100", 1.0),
    ("广东省科学院微生物研究所", "440100", 1.0),
    ("广东省科学院测试分析研究所", "440100", 0.6),
    ("广东省农业科学院", "440100", 1.0),
    ("广东省林业科学研究院", "440100", 0.4),
    ("中国电子产品可靠性与环境试验研究所", "440100", 1.0),
    ("广东电网有限责任公司电力科学研究院", "440100", 2.0),
    ("南方电网科学研究院有限责任公司", "440100", 1.5),
    ("中国热带农业科学院南亚热带作物研究所", "440800", 0.3),
    ("广东省建筑科学研究院集团股份有限公司", "440100", 0.5),
    ("珠海格力电器股份有限公司技术研究院", "440400", 0.8),
)
GOVERNMENT_WORDS = ("农业农村局", "气象局", "水务局", "生态环境局", "自然资源局", "供电局")


@dataclass
class EntityPool:
    """The generated entities plus the arrays the other generators sample from."""

    table: pa.Table  # ENTITIES.schema rows
    parties: pa.Table  # PARTY fields per entity (same order)
    etype: np.ndarray  # type index (TYPES)
    slot: np.ndarray  # city slot (0..20 Guangdong, 21 other provinces, 22 abroad)
    w_patent: np.ndarray
    w_trademark: np.ndarray
    demo_index: dict[str, int]  # demo enterprise USCC -> row

    def __len__(self) -> int:
        return self.table.num_rows

    def party_structs(self, idx: np.ndarray) -> pa.StructArray:
        """PARTY structs of entity rows."""
        taken = self.parties.take(pa.array(np.asarray(idx, dtype=np.int64)))
        return pa.StructArray.from_arrays([taken[f.name].combine_chunks() for f in PARTY], fields=list(PARTY))

    def sampler(self, weights: np.ndarray) -> GroupSampler:
        """A sampler over (type, city) groups; organisations other than firms ignore the city."""
        return GroupSampler(group_key(self.etype, self.slot), weights)


def group_key(etype: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """Sampling group of (type, city slot): firms and individuals by city, other types province-wide.

    Firms abroad or in other provinces keep their own slot whatever their type.
    """
    by_city = np.isin(etype, (T_ENT, T_IND)) | (slot >= N_GD)
    return np.where(by_city, etype * 32 + slot, etype * 32 + 31)


class GroupSampler:
    """Draws entities within a (type, city slot) group with probability proportional to a weight."""

    def __init__(self, group: np.ndarray, weights: np.ndarray):
        order = np.lexsort((np.arange(len(group)), group))
        self.order = order
        w = weights[order].astype(np.float64)
        self.cum = np.concatenate([[0.0], np.cumsum(w)])
        g = group[order]
        keys = np.arange(len(TYPES) * 32)
        self.lo = self.cum[np.searchsorted(g, keys, "left")]
        self.hi = self.cum[np.searchsorted(g, keys, "right")]

    def has(self, group: np.ndarray) -> np.ndarray:
        return self.hi[group] > self.lo[group]

    def draw(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        lo, hi = self.lo[group], self.hi[group]
        if np.any(hi <= lo):
            raise ValueError("entity sampler: a requested group has no entity with a positive weight")
        target = lo + rng.random(len(group)) * (hi - lo)
        pos = np.searchsorted(self.cum, target, "right") - 1
        return self.order[np.clip(pos, 0, len(self.order) - 1)]


def _district_tables() -> tuple[np.ndarray, np.ndarray, pa.Array, pa.Array]:
    """Flattened districts: start offset and count per city, codes and names."""
    starts: list[int] = []
    counts: list[int] = []
    codes: list[str | None] = []
    names: list[str] = []
    for c in CITIES:
        starts.append(len(codes))
        counts.append(len(c.districts))
        for code, name in c.districts:
            codes.append(code)
            names.append(name)
    return np.array(starts), np.array(counts), pa.array(codes, pa.string()), pa.array(names, pa.string())


def _zihao(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    k = len(ZIHAO_CHARS)
    a = rng.integers(0, k, n)
    b = (a + 1 + rng.integers(0, k - 1, n)) % k  # never the same character twice
    return a, b


def _org_codes(
    rng: np.random.Generator, region: list[str], n: int, prefix: tuple[int, int], serial0: int
) -> np.ndarray:
    """Rows of 17 charset indices: 2-digit type, 6-digit region, 'MA' + unique 6 + 1 random."""
    codes = np.zeros((n, 17), dtype=np.int64)
    codes[:, 0], codes[:, 1] = prefix
    codes[:, 2:8] = np.array([[int(ch) for ch in r] for r in region]) if n else 0
    codes[:, 8] = 21  # M
    codes[:, 9] = 10  # A
    # An affine bijection of a serial number: unique, yet irregular like real codes.
    value = (np.arange(serial0, serial0 + n, dtype=np.int64) * 387_420_489 + 12_345) % (31**6)
    for pos in range(15, 9, -1):
        codes[:, pos] = value % 31
        value //= 31
    codes[:, 16] = rng.integers(0, 31, n)
    return codes


def build_entities(seed: int, factor: float) -> EntityPool:
    """Generate the entity pool for a scale factor (1.0 = Guangdong-sized)."""
    rng = rng_for(seed, "entities")
    n_city = len(CITIES)
    d_start, d_count, d_codes, d_names = _district_tables()
    city_codes = pa.array([c.code for c in CITIES])
    city_names = pa.array([c.name for c in CITIES])
    city_short = pa.array([c.short for c in CITIES])

    cols: dict[str, list[pa.Array]] = {
        k: []
        for k in (
            "name",
            "name_en",
            "uscc",
            "address",
            "province_code",
            "city_code",
            "district_code",
            "country",
        )
    }
    etype_parts, slot_parts, wp_parts, wt_parts, est_parts, emp_parts = [], [], [], [], [], []

    def add(
        n: int,
        etype: int,
        slot: np.ndarray,
        wp: np.ndarray,
        wt: np.ndarray,
        est: np.ndarray,
        emp: np.ndarray,
        **arrays: pa.Array,
    ) -> None:
        for k in cols:
            cols[k].append(arrays[k] if k in arrays else pa.nulls(n, pa.string()))
        etype_parts.append(np.full(n, etype, dtype=np.int64))
        slot_parts.append(slot.astype(np.int64))
        wp_parts.append(wp)
        wt_parts.append(wt)
        est_parts.append(est)
        emp_parts.append(emp)

    def gd_address(city: np.ndarray, dist: np.ndarray) -> tuple[pa.Array, pa.Array, pa.Array]:
        street = take_str(STREETS, rng.integers(0, len(STREETS), len(city)))
        number = pa.array(rng.integers(1, 999, len(city))).cast(pa.string())
        address = concat(
            "广东省", city_names.take(pa.array(city)), d_names.take(pa.array(dist)), street, number, "号"
        )
        return address, city_codes.take(pa.array(city)), d_codes.take(pa.array(dist))

    # Demo enterprises first: fixed rows the generators give fixed portfolios.
    demos = demo_enterprises()
    demo_index = {d.uscc: i for i, d in enumerate(demos)}
    slots = np.array([[c.code for c in CITIES].index(d.city_code or "") for d in demos])
    add(
        len(demos),
        T_ENT,
        slots,
        np.zeros(len(demos)),
        np.zeros(len(demos)),
        np.full(len(demos), day("2012-06-18")),
        np.array([480, 1200]),
        name=pa.array([d.name for d in demos]),
        name_en=pa.array([d.name_en for d in demos]),
        uscc=pa.array([d.uscc for d in demos]),
        address=pa.array([d.address for d in demos]),
        province_code=pa.array(["440000"] * len(demos)),
        city_code=pa.array([d.city_code for d in demos]),
        district_code=pa.array([d.district_code for d in demos]),
        country=pa.array(["CN"] * len(demos)),
    )

    # Enterprises: city by the general shares, names unique within the province.
    n_ent = scaled(600_000, factor, minimum=400)
    cand = int(n_ent * 1.6) + 100
    city = rng.choice(n_city, cand, p=CITY_SHARES["enterprise"])
    city[:n_city] = np.arange(n_city)  # at least one firm per city, whatever the scale
    za, zb = _zihao(rng, cand)
    ind = rng.integers(0, len(INDUSTRY_WORDS), cand)
    joint = rng.random(cand) < 0.08
    code = ((za * 100 + zb) * 100 + ind) * 2 + joint
    _, first = np.unique(code, return_index=True)  # a 字号 + industry is unique province-wide
    keep = np.sort(first)[:n_ent]
    city, za, zb, ind, joint = city[keep], za[keep], zb[keep], ind[keep], joint[keep]
    n_ent = len(keep)
    dist = d_start[city] + (rng.random(n_ent) * d_count[city]).astype(np.int64)
    zihao = concat(take_str(ZIHAO_CHARS, za), take_str(ZIHAO_CHARS, zb))
    suffix = pc.if_else(pa.array(joint), "股份有限公司", "有限公司")
    name = concat(city_short.take(pa.array(city)), "市", zihao, take_str(INDUSTRY_WORDS, ind), suffix)
    address, ccode, dcode = gd_address(city, dist)
    region = [c.code for c in CITIES]
    region_rows = [region[c] for c in city]
    uscc = usccs(_org_codes(rng, region_rows, n_ent, (9, 1), 1000))
    # Heavy tails: a few firms file thousands of patents, most file none.
    wp = (rng.pareto(1.15, n_ent) + 1.0) * (rng.random(n_ent) < 0.55)
    wp = np.minimum(wp, np.quantile(wp, 0.99999) if n_ent > 1000 else wp.max())
    wt = (rng.pareto(1.6, n_ent) + 1.0) * (rng.random(n_ent) < 0.92)
    # Every city keeps a few firms that file, so a small scale never meets an empty city.
    for c in range(n_city):
        firsts = np.nonzero(city == c)[0][:3]
        wp[firsts] = np.maximum(wp[firsts], 1.0)
        wt[firsts] = np.maximum(wt[firsts], 1.0)
    est = day("1988-01-01") + (rng.beta(3.0, 1.6, n_ent) * (day("2024-06-30") - day("1988-01-01"))).astype(
        np.int64
    )
    emp = np.maximum(3, (rng.lognormal(3.2, 1.3, n_ent))).astype(np.int64)
    add(
        n_ent,
        T_ENT,
        city,
        wp,
        wt,
        est,
        emp,
        name=name,
        uscc=uscc,
        address=address,
        province_code=pa.array(["440000"] * n_ent),
        city_code=ccode,
        district_code=dcode,
        country=pa.array(["CN"] * n_ent),
    )

    # Universities and institutes: real names, fixed at every scale.
    for etype, rows, prefix in ((T_UNI, UNIVERSITIES, (1, 2)), (T_INST, INSTITUTES, (1, 2))):
        n = len(rows)
        city_i = np.array([[c.code for c in CITIES].index(r[-2]) for r in rows])
        dist = d_start[city_i] + (rng.random(n) * d_count[city_i]).astype(np.int64)
        address, ccode, dcode = gd_address(city_i, dist)
        uscc = usccs(_org_codes(rng, ["440000"] * n, n, prefix, 9000 + 100 * etype))
        weights = np.array([r[-1] for r in rows])
        add(
            n,
            etype,
            city_i,
            weights,
            weights * 0.02,
            np.full(n, day("1980-01-01")),
            np.full(n, 3000),
            name=pa.array([r[0] for r in rows]),
            name_en=pa.array([r[1] for r in rows]) if etype == T_UNI else pa.nulls(n, pa.string()),
            uscc=uscc,
            address=address,
            province_code=pa.array(["440000"] * n),
            city_code=ccode,
            district_code=dcode,
            country=pa.array(["CN"] * n),
        )

    # Government bodies: a few per city.
    city_i = np.repeat(np.arange(n_city), len(GOVERNMENT_WORDS))
    word = np.tile(np.arange(len(GOVERNMENT_WORDS)), n_city)
    n = len(city_i)
    dist = d_start[city_i]
    address, ccode, dcode = gd_address(city_i, dist)
    add(
        n,
        T_GOV,
        city_i,
        np.full(n, 0.3),
        np.full(n, 0.05),
        np.full(n, day("1990-01-01")),
        np.full(n, 200),
        name=concat(city_names.take(pa.array(city_i)), take_str(GOVERNMENT_WORDS, word)),
        uscc=usccs(_org_codes(rng, [CITIES[c].code for c in city_i], n, (1, 1), 20_000)),
        address=address,
        province_code=pa.array(["440000"] * n),
        city_code=ccode,
        district_code=dcode,
        country=pa.array(["CN"] * n),
    )

    # Individuals: unique names (the name-based id would merge namesakes anyway).
    n_ind = scaled(150_000, factor, minimum=300)
    cand = int(n_ind * 1.3) + 50
    s = rng.integers(0, len(SURNAMES), cand)
    g1 = rng.integers(0, len(GIVEN_CHARS), cand)
    g2 = np.where(rng.random(cand) < 0.7, rng.integers(0, len(GIVEN_CHARS), cand), -1)
    _, first = np.unique((s * 100 + g1) * 101 + g2 + 1, return_index=True)
    keep = np.sort(first)[:n_ind]
    n_ind = len(keep)
    s, g1, g2 = s[keep], g1[keep], g2[keep]
    given2 = pc.if_else(pa.array(g2 >= 0), take_str(GIVEN_CHARS, np.maximum(g2, 0)), "")
    name = concat(take_str(SURNAMES, s), take_str(GIVEN_CHARS, g1), given2)
    city = rng.choice(n_city, n_ind, p=CITY_SHARES["enterprise"])
    city[:n_city] = np.arange(n_city)  # at least one individual per city, whatever the scale
    dist = d_start[city] + (rng.random(n_ind) * d_count[city]).astype(np.int64)
    address, ccode, dcode = gd_address(city, dist)
    add(
        n_ind,
        T_IND,
        city,
        rng.pareto(2.0, n_ind) + 0.2,
        rng.pareto(2.0, n_ind) + 0.2,
        np.zeros(n_ind, dtype=np.int64),
        np.zeros(n_ind, dtype=np.int64),
        name=name,
        address=address,
        province_code=pa.array(["440000"] * n_ind),
        city_code=ccode,
        district_code=dcode,
        country=pa.array(["CN"] * n_ind),
    )

    # Enterprises in other provinces (they file in Guangdong's lake too, but are not residents).
    n_oth = scaled(8_000, factor, minimum=40)
    prov = rng.integers(0, len(OTHER_PROVINCES), n_oth)
    za, zb = _zihao(rng, n_oth)
    ind = rng.integers(0, len(INDUSTRY_WORDS), n_oth)
    _, first = np.unique((prov * 10_000 + za * 100 + zb) * 100 + ind, return_index=True)
    keep = np.sort(first)
    n_oth, prov, za, zb, ind = len(keep), prov[keep], za[keep], zb[keep], ind[keep]
    op = OTHER_PROVINCES
    name = concat(
        take_str([o[4] for o in op], prov),
        take_str(ZIHAO_CHARS, za),
        take_str(ZIHAO_CHARS, zb),
        take_str(INDUSTRY_WORDS, ind),
        "有限公司",
    )
    add(
        n_oth,
        T_ENT,
        np.full(n_oth, SLOT_OTHER),
        rng.pareto(1.3, n_oth) + 1.0,
        rng.pareto(1.5, n_oth) + 1.0,
        day("1995-01-01") + rng.integers(0, 9000, n_oth),
        rng.integers(10, 5000, n_oth),
        name=name,
        uscc=usccs(_org_codes(rng, [op[p][2] for p in prov], n_oth, (9, 1), 50_000)),
        address=concat(
            take_str([o[3] for o in op], prov),
            take_str(STREETS, rng.integers(0, len(STREETS), n_oth)),
            pa.array(rng.integers(1, 500, n_oth)).cast(pa.string()),
            "号",
        ),
        province_code=take_str([o[0] for o in op], prov),
        city_code=take_str([o[1] for o in op], prov),
        district_code=take_str([o[2] for o in op], prov),
        country=pa.array(["CN"] * n_oth),
    )

    # Foreign applicants: Chinese-language names as CNIPA prints them, English names, no USCC.
    n_for = scaled(3_000, factor, minimum=30)
    ctry = rng.integers(0, len(FOREIGN), n_for)
    za, zb = _zihao(rng, n_for)
    ind = rng.integers(0, len(INDUSTRY_WORDS), n_for)
    _, first = np.unique((ctry * 10_000 + za * 100 + zb) * 100 + ind, return_index=True)
    keep = np.sort(first)
    n_for, ctry, za, zb, ind = len(keep), ctry[keep], za[keep], zb[keep], ind[keep]
    fo = FOREIGN
    name = concat(
        take_str(ZIHAO_CHARS, za),
        take_str(ZIHAO_CHARS, zb),
        take_str(INDUSTRY_WORDS, ind),
        take_str([f[2] for f in fo], ctry),
    )
    name_en = concat(
        "Demo ",
        pa.array(za).cast(pa.string()),
        "-",
        pa.array(zb).cast(pa.string()),
        " ",
        take_str(INDUSTRY_EN, ind),
        " ",
        take_str([f[3] for f in fo], ctry),
    )
    add(
        n_for,
        T_ENT,
        np.full(n_for, SLOT_FOREIGN),
        rng.pareto(1.2, n_for) + 1.0,
        rng.pareto(1.5, n_for) + 1.0,
        day("1960-01-01") + rng.integers(0, 15000, n_for),
        rng.integers(100, 50_000, n_for),
        name=name,
        name_en=name_en,
        address=concat(
            take_str([f[1] for f in fo], ctry),
            "Demo Street ",
            pa.array(rng.integers(1, 999, n_for)).cast(pa.string()),
        ),
        country=take_str([f[0] for f in fo], ctry),
    )

    names = pa.concat_arrays(cols["name"])
    uscc_all = pa.concat_arrays(cols["uscc"])
    etype_all = np.concatenate(etype_parts)
    # Organisations with a USCC: U:<USCC>; the rest: the ingest normaliser's name-based id.
    uscc_py = uscc_all.to_pylist()
    names_py = names.to_pylist()
    ids = pa.array([("U:" + u) if u else name_entity_id(nm) for u, nm in zip(uscc_py, names_py, strict=True)])
    est = np.concatenate(est_parts)
    emp = np.concatenate(emp_parts)
    n_all = len(names)
    country = pa.concat_arrays(cols["country"])
    type_names = take_str(TYPES, etype_all)
    parties = pa.table(
        {
            "name": names,
            "entity_id": ids,
            "address": pa.concat_arrays(cols["address"]),
            "country": country,
            "uscc": uscc_all,
            "applicant_type": type_names,
            "province_code": pa.concat_arrays(cols["province_code"]),
            "city_code": pa.concat_arrays(cols["city_code"]),
            "district_code": pa.concat_arrays(cols["district_code"]),
        }
    )
    wp = np.concatenate(wp_parts)
    # Flags: likelier for firms that patent a lot (high-tech status needs core IP).
    rank = np.zeros(n_all)
    rank[np.argsort(wp, kind="stable")] = np.linspace(0, 1, n_all)
    is_ent = (etype_all == T_ENT) & (
        pc.equal(parties["province_code"], "440000").to_numpy(zero_copy_only=False) == 1
    )
    flag_names = ["high_tech", "specialised_sme", "ip_demonstration", "ip_advantage", "listed"]
    probs = [
        0.02 + 0.45 * rank**6,
        0.01 + 0.08 * rank**4,
        0.002 + 0.06 * rank**12,
        0.002 + 0.04 * rank**12,
        0.001 + 0.05 * rank**20,
    ]
    has = np.stack([is_ent & (rng.random(n_all) < p) for p in probs], axis=1)
    has[: len(demos)] = [True, True, True, False, False]
    counts = has.sum(axis=1)
    flat = np.nonzero(has.ravel())[0] % len(flag_names)
    from gdip.datacenter.synth.common import list_array

    flags = list_array(counts, take_str(flag_names, flat))
    table = pa.table(
        {
            "entity_id": ids,
            "name": names,
            "name_en": pa.concat_arrays(cols["name_en"]),
            "uscc": uscc_all,
            "entity_type": type_names,
            "address": parties["address"],
            "province_code": parties["province_code"],
            "city_code": parties["city_code"],
            "district_code": parties["district_code"],
            "flags": flags,
            "aliases": pa.nulls(n_all, pa.list_(pa.string())),
            "established_date": date_array(est, est > 0),
            "employees": pa.array(np.where(emp > 0, emp, 0).astype(np.int32), mask=emp <= 0),
        },
        schema=ENTITIES.schema,
    )
    return EntityPool(
        table=table,
        parties=parties,
        etype=etype_all,
        slot=np.concatenate(slot_parts),
        w_patent=wp,
        w_trademark=np.concatenate(wt_parts),
        demo_index=demo_index,
    )


# Re-exported for the generators: shares of applicant types per record kind.
__all__ += ["N_GD", "SLOT_FOREIGN", "SLOT_OTHER", "TYPE_SHARES", "T_ENT", "T_GOV", "T_IND", "T_INST", "T_UNI"]
