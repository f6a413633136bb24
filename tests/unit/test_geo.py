"""Address resolution: Guangdong first, former names, zones, other provinces, English and foreign."""

from __future__ import annotations

import time

import pytest

from gdip.datacenter.normalise.geo import (
    GeoMatch,
    guangdong_cities,
    guangdong_districts,
    region_name,
    resolve_address,
)


def _codes(text: str) -> tuple[str | None, str | None, str | None]:
    match = resolve_address(text)
    assert match is not None, text
    return match.province_code, match.city_code, match.district_code


GD = "440000"

# (address, city code, district code or None)
GUANGDONG_ADDRESSES = [
    # full and partial explicit addresses
    ("广东省深圳市南山区粤海街道科技园", "440300", "440305"),
    ("深圳市南山区科技园南区高新南一道", "440300", "440305"),
    ("广东省广州市天河区天河路385号", "440100", "440106"),
    ("广州市越秀区北京路50号", "440100", "440104"),
    ("广州市天河区中山大道西55号", "440100", "440106"),
    ("广东省佛山市顺德区北滘镇美的大道6号", "440600", "440606"),
    ("珠海市香洲区前山金鸡西路789号", "440400", "440402"),
    ("深圳市龙华区民治街道", "440300", "440309"),
    ("深圳市光明区凤凰街道", "440300", "440311"),
    ("深圳市坪山区坑梓街道", "440300", "440310"),
    ("汕尾市城区香洲街道", "441500", "441502"),
    ("韶关市乳源瑶族自治县乳城镇", "440200", "440232"),
    ("清远市连山壮族瑶族自治县", "441800", "441825"),
    # short city and district names
    ("深圳南山", "440300", "440305"),
    ("广州天河", "440100", "440106"),
    # district without a city
    ("南山区科技园", "440300", "440305"),
    ("龙岗区坂田华为基地", "440300", "440307"),
    ("白云区机场路", "440100", "440111"),
    # a township tells the district once the city is named
    ("深圳市粤海街道高新区社区", "440300", "440305"),
    # former names
    ("广州市萝岗区科学大道", "440100", "440112"),
    ("萝岗区开创大道", "440100", "440112"),
    ("从化市街口街道", "440100", "440117"),
    ("增城市荔城街道", "440100", "440118"),
    ("揭东县曲溪镇", "445200", "445203"),
    ("清新县太和镇", "441800", "441803"),
    ("梅县程江镇", "441400", "441403"),
    ("梅州市梅县区新城", "441400", "441403"),
    ("高要市南岸街道", "441200", "441204"),
    ("电白县水东镇", "440900", "440904"),
    ("云安县六都镇", "445300", "445303"),
    ("潮安县庵埠镇", "445100", "445103"),
    ("番禺市市桥镇", "440100", "440113"),
    ("花都市新华镇", "440100", "440114"),
    ("顺德市大良镇", "440600", "440606"),
    ("南海市桂城街道", "440600", "440605"),
    ("新会市会城镇", "440700", "440705"),
    ("广州市东山区", "440100", "440104"),
    # development and functional zones
    ("深圳市前海深港合作区前湾一路1号", "440300", "440305"),
    ("前海深港现代服务业合作区", "440300", "440305"),
    ("珠海市横琴新区宝华路6号", "440400", "440402"),
    ("横琴粤澳深度合作区", "440400", "440402"),
    ("南沙自贸区", "440100", "440115"),
    ("广州科学城科学大道182号", "440100", "440112"),
    ("中新广州知识城", "440100", "440112"),
    ("知识城", "440100", "440112"),
    ("惠州仲恺高新区", "441300", "441302"),
    ("仲恺高新区和畅五路", "441300", "441302"),
    ("广州大学城", "440100", "440113"),
    ("大学城外环西路", "440100", "440113"),
    ("深圳大学城", "440300", "440305"),
    ("东莞松山湖高新技术产业开发区", "441900", None),
    ("松山湖科技产业园区", "441900", None),
    ("中山火炬开发区", "442000", None),
    ("火炬开发区", "442000", None),
    # Dongguan and Zhongshan have no district layer
    ("东莞市长安镇", "441900", None),
    ("广东省东莞市虎门镇", "441900", None),
    ("中山市小榄镇", "442000", None),
    # traditional and full-width
    ("廣東省深圳市南山區", "440300", "440305"),
    ("廣州市天河區", "440100", "440106"),
    ("广东省　深圳市　南山区", "440300", "440305"),
]


@pytest.mark.parametrize(("address", "city", "district"), GUANGDONG_ADDRESSES)
def test_guangdong_addresses(address: str, city: str, district: str | None) -> None:
    assert _codes(address) == (GD, city, district)


def test_full_match_is_complete_and_certain() -> None:
    assert resolve_address("广东省深圳市南山区粤海街道科技园") == GeoMatch(
        province_code="440000",
        city_code="440300",
        district_code="440305",
        city_name="深圳市",
        district_name="南山区",
        confidence=1.0,
    )


def test_confidence_levels() -> None:
    def conf(text: str) -> float:
        match = resolve_address(text)
        assert match is not None
        return match.confidence

    assert conf("深圳市南山区") == 1.0
    assert conf("东莞市长安镇") == 1.0  # no district layer: a named city is complete
    assert conf("深圳南山") == 0.9  # two short names
    assert conf("广东省佛山市") == 0.9  # city only
    assert conf("南山区科技园") == 0.77  # city inferred, and 鹤岗 also has a 南山区
    assert conf("海淀区中关村") == 0.85  # city inferred, unique name
    assert conf("萝岗区") == 0.77  # former name, city inferred
    assert conf("广州市萝岗区") == 0.9
    assert conf("惠州仲恺高新区") == 0.76
    assert conf("广东省") == 0.6
    assert conf("Nanshan District, Shenzhen") == 0.9


def test_province_only() -> None:
    assert resolve_address("广东省") == GeoMatch("440000", None, None, None, None, 0.6)


def test_guangdong_first_for_shared_district_names() -> None:
    # 南山区 also exists in 鹤岗 (230404); with its city named it resolves there.
    assert _codes("黑龙江省鹤岗市南山区") == ("230000", "230400", "230404")
    assert _codes("南山区") == (GD, "440300", "440305")
    # 龙华区 is also in 海口.
    assert _codes("海南省海口市龙华区") == ("460000", "460100", "460106")
    assert _codes("龙华区") == (GD, "440300", "440309")


def test_road_names_are_not_units() -> None:
    assert resolve_address("中山大道西55号") is None
    assert _codes("深圳市福田区深南大道") == (GD, "440300", "440304")
    assert _codes("广州北京路") == (GD, "440100", None)


def test_other_provinces() -> None:
    # Municipalities have no city level in the MCA table: city_code is None.
    assert resolve_address("北京市海淀区中关村") == GeoMatch("110000", None, "110108", None, "海淀区", 1.0)
    assert _codes("上海市浦东新区张江高科技园区") == ("310000", None, "310115")
    assert _codes("浙江省杭州市西湖区文三路") == ("330000", "330100", "330106")
    assert _codes("湖北省武汉市东湖新技术开发区") == ("420000", "420100", None)
    assert _codes("香港九龙") == ("810000", None, None)


@pytest.mark.parametrize(
    "address",
    [
        "Tokyo, Japan",
        "California",
        "1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
        "東京都千代田区丸の内1-1",
        "Seoul, Republic of Korea",
        "",
        "城区",
    ],
)
def test_unresolved(address: str) -> None:
    assert resolve_address(address) is None


@pytest.mark.parametrize(
    ("address", "codes"),
    [
        ("Shenzhen, Guangdong", (GD, "440300", None)),
        ("Nanshan District, Shenzhen", (GD, "440300", "440305")),
        ("No. 1 Keji Road, Nanshan District, Shenzhen, Guangdong, P.R. China", (GD, "440300", "440305")),
        ("Huawei Base, Bantian, Longgang District, Shenzhen 518129, China", (GD, "440300", "440307")),
        ("Panyu District, Guangzhou City", (GD, "440100", "440113")),
        ("Dongguan, Guangdong Province", (GD, "441900", None)),
        ("SHEN ZHEN", (GD, "440300", None)),
        ("Guangdong, China", (GD, None, None)),
    ],
)
def test_english_addresses(address: str, codes: tuple[str, str | None, str | None]) -> None:
    assert _codes(address) == codes


def test_names_are_filled() -> None:
    match = resolve_address("松山湖")
    assert match is not None
    assert (match.city_name, match.district_name) == ("东莞市", None)
    match = resolve_address("横琴")
    assert match is not None
    assert (match.city_name, match.district_name) == ("珠海市", "香洲区")


def test_reference_helpers() -> None:
    cities = guangdong_cities()
    assert len(cities) == 21
    assert cities[0] == ("440100", "广州市")
    assert ("441900", "东莞市") in cities and ("442000", "中山市") in cities
    districts = guangdong_districts()
    assert ("440311", "光明区", "440300") in districts
    assert ("440112", "黄埔区", "440100") in districts
    assert all(code.startswith(city[:4]) for code, _, city in districts)
    assert len([d for d in districts if d[2] == "440300"]) == 9
    assert region_name("440305") == "南山区"
    assert region_name("440305000000") == "南山区"
    assert region_name("440000") == "广东省"
    assert region_name("441900") == "东莞市"
    assert region_name("440116") is None  # 萝岗区's old code is not current
    assert region_name("") is None


def test_speed() -> None:
    resolve_address("广东省深圳市南山区粤海街道科技园")  # warm up the tables
    addresses = [f"广东省深圳市南山区粤海街道科技园{i}号" for i in range(2000)]
    start = time.perf_counter()
    for address in addresses:
        resolve_address(address)
    uncached = (time.perf_counter() - start) / len(addresses)
    start = time.perf_counter()
    for address in addresses:
        resolve_address(address)
    cached = (time.perf_counter() - start) / len(addresses)
    assert uncached < 1e-3
    assert cached < 20e-6
