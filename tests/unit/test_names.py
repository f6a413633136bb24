"""Applicant names: canonical form, branches, entity ids and applicant types."""

from __future__ import annotations

import hashlib

import pytest

from gdip.datacenter.normalise.names import (
    branch_parent,
    classify_applicant,
    entity_id,
    normalise_name,
    to_simplified,
)

SAME_ENTITY = [
    ("华为技术有限公司", "华为技术有限公司深圳分公司"),
    ("华为技术有限公司", " 华为技术有限公司 "),
    ("ＴＣＬ科技集团股份有限公司", "TCL科技集团股份有限公司"),
    ("tcl科技集团股份有限公司", "TCL科技集团股份有限公司"),
    ("騰訊科技（深圳）有限公司", "腾讯科技(深圳)有限公司"),
    ("比亚迪股份有限公司", "比亚迪股份有限公司广州分公司"),
    ("深圳市大疆创新科技有限公司", "深圳市大疆创新科技有限责任公司"),
    ("中兴通讯股份有限公司", "中兴通讯 股份有限公司"),
    ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"),
    ("Huawei Technologies Co., Ltd.", "Huawei Technologies Company Limited"),
    ("Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd. Shenzhen Branch"),
    ("Apple Inc.", "Apple Incorporated"),
    ("International Business Machines Corporation", "International Business Machines Corp."),
    ("Siemens Aktiengesellschaft", "Siemens AG"),
    ("Robert Bosch GmbH", "ROBERT BOSCH G.M.B.H."),
    ("Google LLC", "Google L.L.C."),
    ("The Procter & Gamble Company", "Procter and Gamble Co"),
    ("Samsung Electronics Co., Ltd.", "SAMSUNG ELECTRONICS CO.,LTD"),
    ("中国平安财产保险股份有限公司", "中国平安财产保险股份有限公司深圳分公司"),
    ("中国建设银行股份有限公司", "中国建设银行股份有限公司广州天河支行"),
    ("广州视源电子科技股份有限公司", "廣州視源電子科技股份有限公司"),
    ("OPPO广东移动通信有限公司", "oppo广东移动通信有限公司"),
    ("中山大学", "中山大學"),
    ("深圳迈瑞生物医疗电子股份有限公司", "深圳迈瑞生物医疗电子股份有限公司上海分公司"),
    ("广东欧珀移动通信有限公司", "广东欧珀移动通信有限公司东莞分公司"),
    ("美的集团股份有限公司", "“美的”集团股份有限公司"),
    ("珠海格力电器股份有限公司", "珠海格力电器股份有限公司【】"),
    ("北京市金杜律师事务所", "北京市金杜律师事务所深圳分所"),
]

DIFFERENT_ENTITY = [
    ("深圳市腾讯计算机系统有限公司", "腾讯科技(深圳)有限公司"),
    ("比亚迪股份有限公司", "比亚迪汽车工业有限公司"),
    ("中兴通讯股份有限公司", "中兴通讯有限公司"),  # different legal forms stay apart
    ("华为技术有限公司", "华为终端有限公司"),
    ("Huawei Technologies Co., Ltd.", "Huawei Device Co., Ltd."),
    ("华为技术有限公司", "华为技术有限公司研究院"),  # a 研究院 is not a branch
    ("Apple Inc.", "Apple Corp."),
]


@pytest.mark.parametrize(("a", "b"), SAME_ENTITY)
def test_same_entity(a: str, b: str) -> None:
    assert entity_id(a) == entity_id(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_ENTITY)
def test_different_entity(a: str, b: str) -> None:
    assert entity_id(a) != entity_id(b)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ＴＣＬ科技集团股份有限公司", "tcl科技集团股份有限公司"),
        ("騰訊科技（深圳）有限公司", "腾讯科技(深圳)有限公司"),
        ("深圳市大疆创新科技有限责任公司", "深圳市大疆创新科技有限公司"),
        ("华为技术有限公司深圳分公司", "华为技术有限公司深圳分公司"),  # the default keeps the branch
        ("Huawei Technologies Co., Ltd.", "huawei technologies co ltd"),
        ("Huawei Technologies Company Limited", "huawei technologies co ltd"),
        ("The Procter & Gamble Company", "procter and gamble co"),
        ("ROBERT BOSCH G.M.B.H.", "robert bosch gmbh"),
        ("Koninklijke Philips N.V.", "koninklijke philips nv"),
        ("", ""),
    ],
)
def test_normalise_name(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


def test_normalise_name_parent() -> None:
    assert normalise_name("华为技术有限公司深圳分公司", parent=True) == "华为技术有限公司"
    assert normalise_name("华为技术有限公司", parent=True) == "华为技术有限公司"


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("华为技术有限公司深圳分公司", "华为技术有限公司"),
        ("華為技術有限公司深圳分公司", "华为技术有限公司"),
        ("中国建设银行股份有限公司广州天河支行", "中国建设银行股份有限公司"),
        ("深圳市某某集团有限公司第一分公司", "深圳市某某集团有限公司"),
        ("东莞市某某电子有限公司驻广州办事处", "东莞市某某电子有限公司"),
        ("佛山市某某陶瓷有限公司二分厂", "佛山市某某陶瓷有限公司"),
        ("北京市金杜律师事务所深圳分所", "北京市金杜律师事务所"),
        ("Huawei Technologies Co., Ltd. Shenzhen Branch", "Huawei Technologies Co., Ltd."),
        ("Acme Inc., Beijing Representative Office", "Acme Inc."),
        ("华为技术有限公司", None),
        ("华为技术有限公司研究院", None),
        ("深圳市南山区粤海街道办事处", None),  # a government office, not a company branch
        ("清华大学深圳国际研究生院", None),
    ],
)
def test_branch_parent(name: str, parent: str | None) -> None:
    assert branch_parent(name) == parent


def test_entity_id_format_and_uscc() -> None:
    key = "华为技术有限公司"
    assert entity_id("华为技术有限公司") == "N:" + hashlib.sha1(key.encode()).hexdigest()[:16]
    assert entity_id("华为技术有限公司", "91440300708461136T") == "U:91440300708461136T"
    assert entity_id("任意名称", " 91440300708461136t ") == "U:91440300708461136T"
    # An invalid USCC is ignored: the name decides.
    assert entity_id("华为技术有限公司", "91440300708461136A") == entity_id("华为技术有限公司")
    # A branch with its own valid USCC keeps the USCC.
    first17 = "91440300MA5F00000"
    from gdip.core.validators import uscc_check_char

    branch_uscc = first17 + uscc_check_char(first17)
    assert entity_id("华为技术有限公司深圳分公司", branch_uscc) == "U:" + branch_uscc
    with pytest.raises(ValueError):
        entity_id("  ")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("华为技术有限公司", "enterprise"),
        ("深圳市某某研究院有限公司", "enterprise"),
        ("东莞市某某五金厂", "enterprise"),
        ("某某农民专业合作社", "enterprise"),
        ("华南理工大学资产经营有限公司", "enterprise"),
        ("清华大学", "university"),
        ("深圳职业技术学院", "university"),
        ("清华大学深圳国际研究生院", "university"),
        ("中国科学院深圳先进技术研究院", "institute"),
        ("深圳清华大学研究院", "institute"),
        ("鹏城实验室", "institute"),
        ("广东省科学院", "institute"),
        ("中山大学附属第一医院", "institute"),
        ("广州市第一人民医院", "institute"),
        ("广东省知识产权保护中心", "government"),
        ("深圳市市场监督管理局", "government"),
        ("广东省人民政府", "government"),
        ("中华人民共和国海关总署", "government"),
        ("张三", "individual"),
        ("欧阳娜娜", "individual"),
        ("买买提·艾力", "individual"),
        ("中国专利保护协会", "other"),
        ("Apple Inc.", "enterprise"),
        ("Bayer AG", "enterprise"),
        ("Koninklijke Philips N.V.", "enterprise"),
        ("Massachusetts Institute of Technology", "university"),
        ("Stanford University", "university"),
        ("The Regents of the University of California", "university"),
        ("Max Planck Institute for Intelligent Systems", "institute"),
        ("Mayo Clinic", "institute"),
        ("United States of America as represented by the Secretary of the Navy", "government"),
        ("Smith, John", "individual"),
        ("John A. Smith", "individual"),
        ("Zhang San", "individual"),
        ("Commissariat à l'énergie atomique", "other"),
        ("", "other"),
    ],
)
def test_classify_applicant(name: str, kind: str) -> None:
    assert classify_applicant(name) == kind


def test_to_simplified() -> None:
    assert to_simplified("廣東省深圳市南山區") == "广东省深圳市南山区"
    assert to_simplified("广东省深圳市") == "广东省深圳市"
    assert to_simplified("Huawei") == "Huawei"
