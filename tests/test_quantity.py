"""Quantities, targets and actuals (perfeval.quantity)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from perfeval import quantity
from perfeval._io.limits import MAX_TEXT_LENGTH
from perfeval.codes import MoneyUnit
from perfeval.errors import ParseError
from perfeval.money import Money
from perfeval.quantity import (
    Achievement,
    Actual,
    Operator,
    Qualifier,
    Quantity,
    Target,
    parse_actual,
    parse_quantity,
    parse_target,
    parse_target_columns,
)

EXACT = Qualifier.EXACT
AT_LEAST = Qualifier.AT_LEAST
ABOUT = Qualifier.APPROXIMATELY
AT_MOST = Qualifier.AT_MOST
GE, LE, EQ, GT, LT = Operator.GE, Operator.LE, Operator.EQ, Operator.GT, Operator.LT
QUALITATIVE = Operator.QUALITATIVE


def same(left: Quantity, right: Quantity) -> bool:
    """Equal, and the values have the same digits (32000, not 3.2E+4)."""
    return left == right and left.value.as_tuple() == right.value.as_tuple()


# -- every figure of the seed report (kaifu 2020), as a careful reader takes it -------------

SEED_FIGURES = [
    # 1. 重点项目支出基本情况
    ("654.45万元", "654.45", "万元", EXACT),
    ("2 个", "2", "个", EXACT),  # 包含项目 2 个
    ("1022.17 万元", "1022.17", "万元", EXACT),
    ("0 万元", "0", "万元", EXACT),
    ("213.28", "213.28", None, EXACT),  # table cells: the unit is the table's 万元
    ("703.45", "703.45", None, EXACT),
    ("441.17", "441.17", None, EXACT),
    ("318.72", "318.72", None, EXACT),
    # 2.1 社会管理项目
    ("3.2万余册", "32000", "册", AT_LEAST),
    ("13次", "13", "次", EXACT),
    ("50个", "50", "个", EXACT),
    ("18名", "18", "名", EXACT),
    ("56名", "56", "名", EXACT),
    ("36名", "36", "名", EXACT),
    ("51起", "51", "起", EXACT),
    ("359.18万元", "359.18", "万元", EXACT),
    ("200万元", "200", "万元", EXACT),
    ("1805名", "1805", "名", EXACT),
    ("506户", "506", "户", EXACT),
    ("9名", "9", "名", EXACT),
    ("4个", "4", "个", EXACT),
    ("3件", "3", "件", EXACT),
    ("2件", "2", "件", EXACT),
    ("8件", "8", "件", EXACT),
    ("10余次", "10", "次", AT_LEAST),
    ("2人", "2", "人", EXACT),
    ("173%", "173", "%", EXACT),
    ("四千余条", "4000", "条", AT_LEAST),
    ("8次", "8", "次", EXACT),
    ("十名", "10", "名", EXACT),  # 前十名
    ("190余次", "190", "次", AT_LEAST),
    ("49篇", "49", "篇", EXACT),
    # 2.2 公共服务项目
    ("27个", "27", "个", EXACT),
    ("1位", "1", "位", EXACT),
    ("1名", "1", "名", EXACT),
    ("1台", "1", "台", EXACT),
    ("1支", "1", "支", EXACT),
    ("1本", "1", "本", EXACT),
    ("29318户", "29318", "户", EXACT),
    ("4976条", "4976", "条", EXACT),
    ("1295人", "1295", "人", EXACT),
    ("700人", "700", "人", EXACT),
    ("540余人", "540", "人", AT_LEAST),
    ("100万元", "100", "万元", EXACT),
    ("5个", "5", "个", EXACT),
    ("82个", "82", "个", EXACT),
    ("4期", "4", "期", EXACT),
    ("9期", "9", "期", EXACT),
    ("375人", "375", "人", EXACT),
    ("151人", "151", "人", EXACT),
    ("880人", "880", "人", EXACT),
    ("6128人", "6128", "人", EXACT),
    ("1326名", "1326", "名", EXACT),
    ("30人", "30", "人", EXACT),
    ("10批次", "10", "批次", EXACT),
    ("131人", "131", "人", EXACT),
    ("约25万元", "25", "万元", ABOUT),
    ("68人", "68", "人", EXACT),
    ("二个", "2", "个", EXACT),
]

OTHER_FORMS = [
    # digits
    ("1,805名", "1805", "名", EXACT),
    ("101,612.42元", "101612.42", "元", EXACT),
    ("１２３．４", "123.4", None, EXACT),
    ("１，８０５人", "1805", "人", EXACT),
    ("0.50", "0.50", None, EXACT),
    ("100.00%", "100.00", "%", EXACT),
    ("-5%", "-5", "%", EXACT),
    ("－3.5万元", "-3.5", "万元", EXACT),
    ("−2人", "-2", "人", EXACT),
    ("  50个 ", "50", "个", EXACT),
    ("\u300050个\u3000", "50", "个", EXACT),
    # Chinese numerals
    ("二十五人", "25", "人", EXACT),
    ("十五次", "15", "次", EXACT),
    ("三百零五户", "305", "户", EXACT),
    ("一万二千册", "12000", "册", EXACT),
    ("四千", "4000", None, EXACT),
    ("两个", "2", "个", EXACT),
    ("三点五公里", "3.5", "公里", EXACT),
    # mixed and multipliers of a count
    ("3.2万", "32000", None, EXACT),
    ("3万人", "30000", "人", EXACT),
    ("1万2千人", "12000", "人", EXACT),
    ("1.5亿", "150000000", None, EXACT),
    ("3万人次", "30000", "人次", EXACT),
    ("3.2 万册", "32000", "册", EXACT),
    ("1.23456 万册", "12345.6", "册", EXACT),
    ("十多万人", "100000", "人", AT_LEAST),
    ("20万余元", "200000", "元", AT_LEAST),
    ("3万亿", "3000000000000", None, EXACT),
    ("3多万亿人", "3000000000000", "人", AT_LEAST),
    ("3万 亿人", "3000000000000", "人", EXACT),
    # money units keep their scale word
    ("1.5亿元", "1.5", "亿元", EXACT),
    ("12千元", "12", "千元", EXACT),
    ("三百万元", "300", "万元", EXACT),
    ("二十余万元", "20", "万元", AT_LEAST),
    ("100余万元", "100", "万元", AT_LEAST),
    ("25余千元", "25", "千元", AT_LEAST),
    ("一万二千元", "12000", "元", EXACT),
    ("1万2千元", "12000", "元", EXACT),
    ("3万亿元", "30000", "亿元", EXACT),
    ("5千米", "5", "千米", EXACT),
    ("3千克", "3", "千克", EXACT),
    ("5余百分点", "5", "百分点", AT_LEAST),
    # percentages
    ("95％", "95", "%", EXACT),
    ("百分之九十五", "95", "%", EXACT),
    ("百分之95", "95", "%", EXACT),
    ("百分之九十五以上", "95", "%", AT_LEAST),
    ("约百分之九十", "90", "%", ABOUT),
    ("100百分比", "100", "%", EXACT),
    ("3‰", "3", "‰", EXACT),
    # units as printed
    ("5km", "5", "km", EXACT),
    ("5 km以上", "5", "km", AT_LEAST),
    ("2次/年", "2", "次/年", EXACT),
    ("30℃", "30", "℃", EXACT),
    ("20ｋｍ", "20", "ｋｍ", EXACT),
    # qualifiers
    ("约100人", "100", "人", ABOUT),
    ("大约100人", "100", "人", ABOUT),
    ("约 100 人", "100", "人", ABOUT),
    ("近100人", "100", "人", AT_MOST),
    ("将近100人", "100", "人", AT_MOST),
    ("不到100人", "100", "人", AT_MOST),
    ("不足5%", "5", "%", AT_MOST),
    ("100多人", "100", "人", AT_LEAST),
    ("100余", "100", None, AT_LEAST),
    ("95%以上", "95", "%", AT_LEAST),
    ("95%及以上", "95", "%", AT_LEAST),
    ("100人以上", "100", "人", AT_LEAST),
    ("5人以下", "5", "人", AT_MOST),
    ("5%以内", "5", "%", AT_MOST),
    ("100人左右", "100", "人", ABOUT),
    ("100人上下", "100", "人", ABOUT),
    ("100左右", "100", None, ABOUT),
    ("约100人左右", "100", "人", ABOUT),  # redundant but agreeing
    ("100余人以上", "100", "人", AT_LEAST),
    # a bare 百/千/万/亿 before 余/多 or after a prefix
    ("百余次", "100", "次", AT_LEAST),
    ("千余人", "1000", "人", AT_LEAST),
    ("万余人", "10000", "人", AT_LEAST),
    ("近千人", "1000", "人", AT_MOST),
    ("近万元", "10000", "元", AT_MOST),
    ("百余万元", "100", "万元", AT_LEAST),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), SEED_FIGURES + OTHER_FORMS)
def test_parse_quantity(text: str, value: str, unit: str | None, qualifier: Qualifier) -> None:
    assert same(parse_quantity(text), Quantity(Decimal(value), unit, qualifier))


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("", 0, "expected a quantity"),
        ("   ", 3, "expected a quantity"),
        ("abc", 0, "expected a number such as 1805, 3.2万 or 四千"),
        ("个", 0, "expected a number"),
        ("万人", 0, "expected a number"),
        ("百分比", 0, "expected a number"),
        ("约", 1, "expected a number"),
        ("-", 1, "expected a number"),
        ("1805名（506户）", 5, "expected a qualifier (以上, 左右, 以内) or the end of the text"),
        ("3.2.1册", 3, "a number has only one decimal point"),
        ("3.", 1, "expected a digit after the decimal point"),
        ("3.万", 1, "expected a digit after the decimal point"),
        ("1,80人", 1, "expected three digits after the thousands separator"),
        ("约100余人", 4, "余 (or more) contradicts 约 (about)"),
        ("近100人左右", 5, "左右 (about) contradicts 近 (at most)"),
        ("100余人以下", 5, "以下 (at most) contradicts 余 (or more)"),
        ("百十人", 0, "expected a digit before 百"),
        ("3万 万人", 3, "expected a unit"),
        ("一亿 万人", 3, "expected a unit"),
        ("二二个", 1, "two digits in a row"),
        ("12千人", 2, "expected a single digit before 千"),
        ("3.2万5册", 4, "a decimal number can only be followed by 万 or 亿"),
        ("50个以上的", 5, "expected the end of the text after 以上"),
        ("50个#", 3, "expected a qualifier"),
        ("95%人", 3, "expected a qualifier"),
        ("百分之九十五%", 6, "expected a qualifier"),
        ("50#", 2, "expected a unit (册, 人次, %, 万元 …), a qualifier"),
        ("25余千人", 3, "expected a unit"),
        ("3余余人", 2, "expected a unit"),
        ("1亿万人", 2, "expected a number"),
        ("3两", 1, "two digits in a row"),
    ],
)
def test_parse_quantity_refuses(text: str, position: int, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_quantity(text)
    assert caught.value.text == text
    assert caught.value.position == position
    assert reason in caught.value.reason


def test_parse_quantity_needs_a_string() -> None:
    with pytest.raises(TypeError, match="text must be a str, not int"):
        parse_quantity(5)  # type: ignore[arg-type]


# -- the value objects -------------------------------------------------------------------


def test_quantity_converts_and_defaults() -> None:
    quantity = Quantity(5)
    assert quantity.value == Decimal(5)
    assert quantity.unit is None
    assert quantity.qualifier is EXACT
    assert Quantity("3.20", "册").value.as_tuple() == Decimal("3.20").as_tuple()
    assert Quantity(Decimal("1"), "%") == Quantity(1, "%")
    assert Quantity(32000, "册") != Quantity("3.2", "万册")
    assert hash(Quantity("1.0", "个")) == hash(Quantity(1, "个"))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((0.5,), TypeError, "value must be a Decimal, an int or a decimal string, not float"),
        (("1e3",), ValueError, "value must be a decimal number"),
        ((Decimal("NaN"),), ValueError, "value must be a finite number"),
        ((None,), TypeError, "value must be a Decimal"),
        ((1, 5), TypeError, "unit must be a str, not int"),
        ((1, ""), ValueError, "unit must not be empty; omit the member"),
        ((1, " 个"), ValueError, "unit must not begin or end with a space or a line break"),
        ((1, "个", "at_least"), TypeError, "qualifier must be a Qualifier, not str"),
        ((1, "个", None), TypeError, "qualifier must be a Qualifier, not NoneType"),
    ],
)
def test_quantity_refuses(arguments: tuple[Any, ...], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        Quantity(*arguments)


def test_quantity_is_frozen() -> None:
    quantity = Quantity(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        quantity.value = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "titles"),
    [
        (Quantity, {"value": "数值", "unit": "计量单位", "qualifier": "限定词"}),
        (Target, {"operator": "指标性质", "value": "指标值", "text": "原文"}),
        (Actual, {"value": "实际完成值", "achievement": "达成情况", "text": "原文"}),
    ],
)
def test_fields_carry_a_title_and_a_description(cls: type, titles: dict[str, str]) -> None:
    fields = attrs.fields(cls)
    assert {field.name: field.metadata["title"] for field in fields} == titles
    for field in fields:
        assert field.metadata["description"][:3].isascii()  # English, with Chinese examples
        assert field.metadata["spec"].title == field.metadata["title"]
    if cls is Quantity:
        assert fields[0].metadata["spec"].kind.name == "decimal"


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity(32000, "册", AT_LEAST), "32000余册"),
        (Quantity(95, "%", AT_LEAST), "95%以上"),
        (Quantity(5, "km", AT_LEAST), "5余km"),
        (Quantity(100, None, AT_LEAST), "100以上"),
        (Quantity(25, "万元", ABOUT), "约25万元"),
        (Quantity(100, "人", AT_MOST), "不到100人"),
        (Quantity("0.50", None), "0.50"),
        (Quantity(Decimal("3.2E+4"), "册"), "32000册"),
        (Quantity(-5, "%", ABOUT), "约-5%"),
    ],
)
def test_str(quantity: Quantity, text: str) -> None:
    assert str(quantity) == text
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity(32000, "册", AT_LEAST), "Quantity('32000', '册', Qualifier.AT_LEAST)"),
        (Quantity("0.50"), "Quantity('0.50')"),
        (Quantity(5, None, ABOUT), "Quantity('5', qualifier=Qualifier.APPROXIMATELY)"),
        (Quantity(Decimal("3.2E+4")), "Quantity('32000')"),
    ],
)
def test_repr(quantity: Quantity, text: str) -> None:
    assert repr(quantity) == text
    namespace = {"Quantity": Quantity, "Qualifier": Qualifier}
    assert eval(text, namespace) == quantity  # noqa: S307 - the repr is Python source


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("359.18万元", Money("359.18", MoneyUnit.WAN_YUAN)),
        ("101,612.42元", Money("101612.42", MoneyUnit.YUAN)),
        ("12千元", Money("12", MoneyUnit.QIAN_YUAN)),
        ("1.5亿元", Money("1.5", MoneyUnit.YI_YUAN)),
    ],
)
def test_as_money(text: str, money: Money) -> None:
    result = parse_quantity(text).as_money()
    assert result == money
    assert result.unit is money.unit
    assert result.amount.as_tuple() == money.amount.as_tuple()


def test_as_money_refuses_other_units_and_qualified_amounts() -> None:
    with pytest.raises(ValueError, match="51起 is not an amount of money"):
        parse_quantity("51起").as_money()
    with pytest.raises(ValueError, match="100 is not an amount of money"):
        Quantity(100).as_money()
    with pytest.raises(
        ValueError,
        match="约25万元 is not an exact amount; pass ignore_qualifier=True to take 25万元",
    ):
        parse_quantity("约25万元").as_money()
    approximate = parse_quantity("约25万元").as_money(ignore_qualifier=True)
    assert approximate == Money(25, MoneyUnit.WAN_YUAN)


def test_target_and_actual_need_something() -> None:
    with pytest.raises(ValueError, match=r"^Target must have at least one of the members value"):
        Target(GE)
    with pytest.raises(ValueError, match=r"^Actual must have at least one of the members value"):
        Actual()
    assert Target(value=Quantity(1)).text is None
    assert Target(text="效果明显").operator is None
    assert Actual(achievement=Achievement.ACHIEVED).text is None


@pytest.mark.parametrize(
    ("cls", "members", "error", "message"),
    [
        (Target, {"operator": ">=", "value": Quantity(1)}, TypeError, "^operator must be"),
        (Target, {"value": "50个"}, TypeError, "^value must be a Quantity, not str"),
        (Target, {"value": Quantity(1), "text": 5}, TypeError, "^text must be a str, not int"),
        (Target, {"text": ""}, ValueError, "^text must not be empty"),
        (Actual, {"value": 50}, TypeError, "^value must be a Quantity, not int"),
        (Actual, {"achievement": "achieved"}, TypeError, "^achievement must be an? "),
        (Actual, {"text": " 达成"}, ValueError, "^text must not begin or end with a space"),
    ],
)
def test_target_and_actual_check_types(
    cls: type, members: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        cls(**members)


# -- targets -----------------------------------------------------------------------------


def q(value: str, unit: str | None = None, qualifier: Qualifier = EXACT) -> Quantity:
    return Quantity(Decimal(value), unit, qualifier)


TARGETS = [
    # the domain notes: operator, number and unit in one cell
    ("≥50个", GE, q("50", "个")),
    ("≥100百分比", GE, q("100", "%")),
    ("≤90万元", LE, q("90", "万元")),
    ("=100%", EQ, q("100", "%")),
    ("≤10次", LE, q("10", "次")),
    ("≤5%", LE, q("5", "%")),
    # symbols, half- and full-width
    (">=90%", GE, q("90", "%")),
    (">＝90%", GE, q("90", "%")),
    ("＞=90%", GE, q("90", "%")),
    ("＞＝90%", GE, q("90", "%")),
    ("≧90%", GE, q("90", "%")),
    ("⩾90%", GE, q("90", "%")),
    ("<=3天", LE, q("3", "天")),
    ("＜=3天", LE, q("3", "天")),
    ("＜＝3天", LE, q("3", "天")),
    ("<＝3天", LE, q("3", "天")),
    ("≦3天", LE, q("3", "天")),
    ("⩽3天", LE, q("3", "天")),
    (">0", GT, q("0")),
    ("＞0", GT, q("0")),
    ("<5%", LT, q("5", "%")),
    ("＜5%", LT, q("5", "%")),
    ("＝100%", EQ, q("100", "%")),
    ("==1", EQ, q("1")),
    ("≥ 50 个", GE, q("50", "个")),
    ("≥３．５万元", GE, q("3.5", "万元")),
    # words
    ("不低于95%", GE, q("95", "%")),
    ("不少于50人", GE, q("50", "人")),
    ("不小于2次", GE, q("2", "次")),
    ("大于等于3", GE, q("3")),
    ("大于或等于3", GE, q("3")),
    ("不高于5%", LE, q("5", "%")),
    ("不超过90万元", LE, q("90", "万元")),
    ("不多于3次", LE, q("3", "次")),
    ("不大于3次", LE, q("3", "次")),
    ("小于等于2", LE, q("2")),
    ("小于或等于2", LE, q("2")),
    ("高于1", GT, q("1")),
    ("大于1", GT, q("1")),
    ("超过100人", GT, q("100", "人")),
    ("多于100人", GT, q("100", "人")),
    ("低于5%", LT, q("5", "%")),
    ("小于5%", LT, q("5", "%")),
    ("少于5%", LT, q("5", "%")),
    ("等于100%", EQ, q("100", "%")),
    ("不低于四千条", GE, q("4000", "条")),
    # suffix words are the operator
    ("95%以上", GE, q("95", "%")),
    ("95%及以上", GE, q("95", "%")),
    ("5%以下", LE, q("5", "%")),
    ("5%及以下", LE, q("5", "%")),
    ("5天以内", LE, q("5", "天")),
    ("≥95%以上", GE, q("95", "%")),  # the same thing twice
    ("百分之九十五以上", GE, q("95", "%")),
    ("100人左右", None, q("100", "人", ABOUT)),  # 左右 stays a qualifier
    # bare numbers and quantities
    ("43.2", None, q("43.2")),
    ("100", None, q("100")),
    ("3.2万余册", None, q("32000", "册", AT_LEAST)),
    ("约25万元", None, q("25", "万元", ABOUT)),
    ("≥约25万元", GE, q("25", "万元", ABOUT)),
    # free text ending with an operator and a figure
    ("辖区企业满意率达95%以上", GE, q("95", "%")),
    ("满意度不低于90%", GE, q("90", "%")),
    ("满意率≥90%", GE, q("90", "%")),
    ("满意率 ≥ 90%", GE, q("90", "%")),
    ("满意度90%以上", GE, q("90", "%")),
    ("完成率达百分之九十五以上", GE, q("95", "%")),
    ("近三年投诉率低于5%", LT, q("5", "%")),
    ("按时完成项目一个以上", GE, q("1", "个")),
]


@pytest.mark.parametrize(("text", "operator", "value"), TARGETS)
def test_parse_target(text: str, operator: Operator | None, value: Quantity) -> None:
    target = parse_target(text)
    assert target == Target(operator, value, text)
    assert target.value is not None
    assert same(target.value, value)


@pytest.mark.parametrize(
    "text",
    [
        # the two reference reports and the domain notes
        "效果明显",
        "严格执行相关制度规定",
        "在项目计划完成时间内完成",
        "符合相关规定",
        # no operator: a figure in a sentence is not a target value
        "满意率达到100%",
        "辖区企业满意率95%",
        # two figures, or the figure does not end the text
        "辖区100家企业满意率达95%以上",
        "2023年12月31日前完成",
        "满意率达95%以上，无投诉",
        "≥95%，≤100%",
        # contradictions and other things that are not quantities
        "≥95%以下",
        "≥良好",
        "=是",
        "X光检查合格",
        "X",
        "x次",
        "优",
    ],
)
def test_parse_target_qualitative(text: str) -> None:
    assert parse_target(text) == Target(QUALITATIVE, None, text)


@pytest.mark.parametrize(
    "text",
    [
        "≥**人次",
        "≥XX%",
        "≥xx%",
        "≥××个",
        "≥＊＊",
        "≥__天",
        "＞＿＿%",
        "≥ ** 人次",
        "**人次",
        "XX",
        "**",
        "≥",
    ],
)
def test_parse_target_blank_template(text: str) -> None:
    assert parse_target(text) == Target(None, None, text)


def test_parse_target_keeps_the_text_stripped() -> None:
    assert parse_target("  ≥50个\n") == Target(GE, q("50", "个"), "≥50个")
    assert parse_target(" 效果明显 ").text == "效果明显"


@pytest.mark.parametrize("text", ["", " ", "\u3000\n"])
def test_parse_target_refuses_blank_text(text: str) -> None:
    with pytest.raises(ParseError, match="expected a target such as") as caught:
        parse_target(text)
    assert caught.value.position == len(text)


# -- targets in columns (Sichuan) -------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (("=", "100", "%"), Target(EQ, q("100", "%"), "=100%")),  # 青神 2023, both rows
        (("≥", "95", "百分比"), Target(GE, q("95", "%"), "≥95百分比")),
        (("≥", "95", "％"), Target(GE, q("95", "%"), "≥95％")),
        (("≤", "90", "万元"), Target(LE, q("90", "万元"), "≤90万元")),
        ((" ≥ ", " 50 ", " 个 "), Target(GE, q("50", "个"), "≥50个")),
        (("不低于", "3", "次"), Target(GE, q("3", "次"), "不低于3次")),
        (("＞", "0", None), Target(GT, q("0"), "＞0")),
        (("=", "100%", "%"), Target(EQ, q("100", "%"), "=100%")),
        (("=", "100%", None), Target(EQ, q("100", "%"), "=100%")),
        (("", "100", "个"), Target(None, q("100", "个"), "100个")),
        (("", "95以上", "%"), Target(GE, q("95", "%"), "95以上%")),
        (("≥", "95以上", "%"), Target(GE, q("95", "%"), "≥95以上%")),
        (("≥", "3.2万", "册"), Target(GE, q("32000", "册"), "≥3.2万册")),
        (("≥", "约100", ""), Target(GE, q("100", None, ABOUT), "≥约100")),
        (("定性", "好", None), Target(QUALITATIVE, None, "好")),
        (("定性指标", " 效果明显 ", ""), Target(QUALITATIVE, None, "效果明显")),
        (("≥", "**", "人次"), Target(None, None, "≥**人次")),
    ],
)
def test_parse_target_columns(columns: tuple[str, str, str | None], expected: Target) -> None:
    assert parse_target_columns(*columns) == expected


@pytest.mark.parametrize(
    ("columns", "text", "position", "reason"),
    [
        (("约", "100", "%"), "约", 0, "expected an operator (=, ≥, ≤, >, <"),
        ((" ≥=", "1", None), " ≥=", 2, "expected an operator"),
        (("≥", "", None), "", 0, "expected a target value such as 100"),
        (("≥", "  ", "%"), "  ", 2, "expected a target value"),
        (("定性", "", None), "", 0, "expected a target value"),
        (("≥", "abc", None), "abc", 0, "expected a number"),
        (("≥", "95%", "个"), "95%", 2, "the value is in % but the unit column says 个"),
        (("＞", "95以上", None), "95以上", 2, "the value says >= but the operator column says >"),
        (("≥", "1805名（506户）", None), "1805名（506户）", 5, "expected a qualifier"),
    ],
)
def test_parse_target_columns_refuses(
    columns: tuple[str, str, str | None], text: str, position: int, reason: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_target_columns(*columns)
    assert (caught.value.text, caught.value.position) == (text, position)
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ((1, "100", "%"), "operator must be a str, not int"),
        (("=", 100, "%"), "value must be a str, not int"),
        (("=", "100", 1), "unit must be a str, not int"),
    ],
)
def test_parse_target_columns_needs_strings(columns: tuple[Any, Any, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        parse_target_columns(*columns)


# -- actuals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quantities: the text is kept only when str(value) does not give it back
        ("50", Actual(value=q("50"))),
        ("100", Actual(value=q("100"))),
        ("90", Actual(value=q("90"))),
        ("100%", Actual(value=q("100", "%"))),
        (" 8 ", Actual(value=q("8"))),
        ("3.2万余册", Actual(value=q("32000", "册", AT_LEAST), text="3.2万余册")),
        ("１００％", Actual(value=q("100", "%"), text="１００％")),
        ("100百分比", Actual(value=q("100", "%"), text="100百分比")),
        # achievements: the text is kept
        ("达成预期指标", Actual(achievement=Achievement.ACHIEVED, text="达成预期指标")),
        ("达成", Actual(achievement=Achievement.ACHIEVED, text="达成")),
        ("已完成", Actual(achievement=Achievement.ACHIEVED, text="已完成")),
        ("完成", Actual(achievement=Achievement.ACHIEVED, text="完成")),
        ("达标", Actual(achievement=Achievement.ACHIEVED, text="达标")),
        ("达到预期目标", Actual(achievement=Achievement.ACHIEVED, text="达到预期目标")),
        ("按时完成", Actual(achievement=Achievement.ACHIEVED, text="按时完成")),
        ("全部完成年度任务。", Actual(achievement=Achievement.ACHIEVED, text="全部完成年度任务。")),
        ("部分达成", Actual(achievement=Achievement.PARTIALLY_ACHIEVED, text="部分达成")),
        ("部分完成", Actual(achievement=Achievement.PARTIALLY_ACHIEVED, text="部分完成")),
        ("未达成", Actual(achievement=Achievement.NOT_ACHIEVED, text="未达成")),
        ("未完成", Actual(achievement=Achievement.NOT_ACHIEVED, text="未完成")),
        ("未达成预期指标", Actual(achievement=Achievement.NOT_ACHIEVED, text="未达成预期指标")),
        ("未能完成", Actual(achievement=Achievement.NOT_ACHIEVED, text="未能完成")),
        ("尚未完成", Actual(achievement=Achievement.NOT_ACHIEVED, text="尚未完成")),
        ("没有达到预期目标", Actual(achievement=Achievement.NOT_ACHIEVED, text="没有达到预期目标")),
        # anything else
        ("完成率95%", Actual(text="完成率95%")),
        ("基本完成", Actual(text="基本完成")),
        ("效果明显", Actual(text="效果明显")),
        ("已完成，效果明显", Actual(text="已完成，效果明显")),
    ],
)
def test_parse_actual(text: str, expected: Actual) -> None:
    assert parse_actual(text) == expected


@pytest.mark.parametrize("text", ["", "  "])
def test_parse_actual_refuses_blank_text(text: str) -> None:
    with pytest.raises(ParseError, match="expected an actual value such as") as caught:
        parse_actual(text)
    assert caught.value.position == len(text)


def test_parsers_need_strings() -> None:
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        parse_target(b"50")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be a str, not NoneType"):
        parse_actual(None)  # type: ignore[arg-type]


# -- properties --------------------------------------------------------------------------

UNITS = [
    None,
    "%",
    "册",
    "人次",
    "个",
    "万元",
    "千元",
    "亿元",
    "元",
    "km",
    "百分点",
    "千米",
    "次/年",
]
PREFIXES = [("约", ABOUT), ("大约", ABOUT), ("近", AT_MOST), ("将近", AT_MOST)]
PREFIXES += [("不到", AT_MOST), ("不足", AT_MOST)]
INFIXES = [("余", AT_LEAST), ("多", AT_LEAST)]
SUFFIXES = [("以上", AT_LEAST), ("及以上", AT_LEAST), ("以下", AT_MOST), ("以内", AT_MOST)]
SUFFIXES += [("左右", ABOUT), ("上下", ABOUT)]


# A document keeps at most 12 decimal places; longer numbers are a ParseError (tested apart).
def _twelve_places_at_most(value: Decimal) -> bool:
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -12


decimals: st.SearchStrategy[Decimal] = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15
).filter(_twelve_places_at_most)


def test_more_than_twelve_places_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="at most 12 after it"):
        parse_quantity("0.0000000000001人")
    assert parse_quantity("0.000000000001人").value == Decimal("0.000000000001")


spaces = st.sampled_from(["", " ", "\u3000"])


@st.composite
def quantity_texts(draw: st.DrawFn) -> tuple[str, Decimal, str | None, Qualifier]:
    """A quantity as a report could print it, with what it means."""
    value = draw(decimals)
    number = format(value, "f")
    unit = draw(st.sampled_from(UNITS))
    where = draw(st.sampled_from(["none", "prefix", "infix", "suffix"]))
    qualifier = EXACT
    prefix = infix = suffix = ""
    if where == "prefix":
        prefix, qualifier = draw(st.sampled_from(PREFIXES))
    elif where == "infix":
        infix, qualifier = draw(st.sampled_from(INFIXES))
    elif where == "suffix":
        suffix, qualifier = draw(st.sampled_from(SUFFIXES))
    text = prefix + draw(spaces) + number + infix + draw(spaces) + (unit or "") + suffix
    printed_unit = "%" if unit == "百分比" else unit
    return draw(spaces) + text + draw(spaces), value, printed_unit, qualifier


@given(quantity_texts())
def test_any_decimal_with_any_qualifier_and_unit(
    case: tuple[str, Decimal, str | None, Qualifier],
) -> None:
    text, value, unit, qualifier = case
    quantity = parse_quantity(text)
    assert quantity.value.as_tuple() == value.as_tuple()  # the digits as printed
    assert (quantity.unit, quantity.qualifier) == (unit, qualifier)


@given(quantity_texts())
def test_str_reads_back(case: tuple[str, Decimal, str | None, Qualifier]) -> None:
    quantity = parse_quantity(case[0])
    assert parse_quantity(str(quantity)) == quantity


@given(st.integers(0, 10**8), st.sampled_from(["万", "亿"]), st.sampled_from(["册", "人", None]))
def test_wan_and_yi_multiply_a_count(number: int, marker: str, unit: str | None) -> None:
    factor = 10**4 if marker == "万" else 10**8
    quantity = parse_quantity(f"{number}{marker}{unit or ''}")
    assert same(quantity, Quantity(Decimal(number * factor), unit))


def check_parse_quantity(text: str) -> None:
    """A quantity that reads back from its str(), or a ParseError that points into *text*."""
    try:
        quantity = parse_quantity(text)
    except ParseError as error:
        failure = error
    else:
        assert parse_quantity(str(quantity)) == quantity
        return
    assert failure.text == text
    assert 0 <= failure.position <= len(text)


@given(st.text())
def test_parse_quantity_raises_only_parse_errors(text: str) -> None:
    check_parse_quantity(text)


@given(
    st.text(
        alphabet="0123456789.,约余多万亿千百十一二三四五六七八九零个人%以上左右≥<=＝ ", max_size=12
    )
)
def test_parsers_on_numeral_soup(text: str) -> None:
    check_parse_quantity(text)
    assume(text.strip())
    target = parse_target(text)
    assert target.text == text.strip()
    actual = parse_actual(text)
    assert actual.text == text.strip() or str(actual.value) == text.strip()


@given(st.text(min_size=1).filter(str.strip))
def test_parse_target_and_parse_actual_read_any_text(text: str) -> None:
    try:
        target = parse_target(text)
    except ParseError as error:
        refused: ParseError | None = error
    else:
        refused = None
    if refused is not None:
        # Only a figure longer than a document keeps is refused (e.g. '1000000000000000000').
        reason = refused.reason
        assert "at most 18 digits before the point" in reason or "more than 100 digits" in reason
        return
    assert target.text == text.strip()
    actual = parse_actual(text)
    assert actual.text is not None or actual.value is not None


def test_a_target_figure_longer_than_a_document_keeps_is_refused() -> None:
    # 19 digits before the point: one more than a quantity's amount holds.
    with pytest.raises(ParseError, match="at most 18 digits before the point"):
        parse_target("1000000000000000000")
    assert parse_target("100000000000000000").value == Quantity("100000000000000000")


@pytest.mark.parametrize("cell", ["一", "－", "—", "-", "/", "无", " 一 ", "——"])
def test_a_dash_cell_is_never_a_number(cell: str) -> None:
    # Tables print 一 (a typed or scanned dash) in empty cells; it is not the numeral.
    target, actual = parse_target(cell), parse_actual(cell)
    assert (target.operator, target.value, target.text) == (None, None, cell.strip())
    assert (actual.value, actual.achievement, actual.text) == (None, None, cell.strip())
    assert parse_target_columns("=", cell, "%").value is None


def test_a_numeral_one_with_a_unit_is_still_a_number() -> None:
    assert parse_target("一个").value == Quantity(1, "个")
    assert parse_actual("一次").value == Quantity(1, "次")


@pytest.mark.parametrize(
    ("text", "operator"), [("﹦100%", Operator.EQ), ("﹥5个", Operator.GT), ("﹤=3次", Operator.LE)]
)
def test_small_form_operators_are_read(text: str, operator: Operator) -> None:
    # Seen in a Yunnan table converted from a document: 指标性质 printed as ﹦ (U+FE66).
    assert parse_target(text).operator is operator
    assert parse_target_columns(text[0], "1", "%").operator is (
        Operator.EQ if text[0] == "﹦" else Operator.GT if text[0] == "﹥" else Operator.LT
    )


# -- limits: a document's texts and numbers, read in linear work ---------------------------

#: Every way of reading a text, as the function that reads one.
READERS: dict[str, Callable[[str], object]] = {
    "quantity": parse_quantity,
    "target": parse_target,
    "actual": parse_actual,
    "target operator column": lambda text: parse_target_columns(text, "5", "人"),
    "target value column": lambda text: parse_target_columns("≥", text, "人"),
    "target unit column": lambda text: parse_target_columns("≥", "5", text),
}
TOO_LONG = (
    f"the text is {MAX_TEXT_LENGTH + 1:,} characters long; perfeval reads texts of at most"
    f" {MAX_TEXT_LENGTH:,} characters"
)


@pytest.mark.parametrize("reader", list(READERS))
def test_a_text_longer_than_a_documents_is_refused_unread(
    reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_reading(*_: Any, **__: Any) -> None:
        raise AssertionError("read")

    monkeypatch.setattr(quantity, "_QuantityReader", no_reading)
    monkeypatch.setattr(quantity, "parse_number", no_reading)
    text = "5" + "人" * MAX_TEXT_LENGTH
    with pytest.raises(ParseError) as caught:
        READERS[reader](text)
    assert (caught.value.position, caught.value.reason) == (MAX_TEXT_LENGTH, TOO_LONG)
    assert caught.value.text is text


def test_texts_of_a_documents_length_are_read() -> None:
    longest = "5" + " " * (MAX_TEXT_LENGTH - 2) + "人"
    assert parse_quantity(longest) == Quantity(5, "人")
    assert parse_actual(longest).value == Quantity(5, "人")
    assert parse_target("≥" + longest[1:]).value is None  # not a figure: kept as text
    words = "好" * MAX_TEXT_LENGTH
    assert parse_target(words) == Target(QUALITATIVE, None, words)
    assert parse_actual(words) == Actual(text=words)
    unit = "人" * (MAX_TEXT_LENGTH - 2)
    assert parse_target_columns("≥", "5", unit) == Target(GE, Quantity(5, unit), "≥5" + unit)
    with pytest.raises(ParseError, match="the three columns together are 1,000,001 characters"):
        parse_target_columns("≥", "5", unit + "人")


@pytest.mark.parametrize("reader", list(READERS))
def test_a_lone_surrogate_is_refused_where_it_is(reader: str) -> None:
    text = "5人" + chr(0xDC00)
    with pytest.raises(ParseError) as caught:
        READERS[reader](text)
    assert caught.value.position == 2
    assert caught.value.reason.startswith('the text contains a lone surrogate ("\\udc00" at')
    str(caught.value).encode("utf-8")  # printable: the surrogate is not in the message


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("1" * 101 + "人", 100),
        ("1" + "0" * 100 + "万余人", 100),
        ("-0." + "0" * 99 + "1%", 102),
        ("三点" + "五" * 100 + "万", 101),
    ],
)
def test_a_figure_of_more_than_100_digits_is_refused_by_name(text: str, position: int) -> None:
    reason = "a number of more than 100 digits; perfeval reads numbers of at most 100"
    for read, at in (
        (parse_quantity, 0),
        (lambda t: parse_target("≥" + t), 1),
        (lambda t: parse_target("满意率达" + t.replace("以上", "") + "以上"), 4),
        (lambda t: parse_target_columns("≥", t), 0),
    ):
        with pytest.raises(ParseError) as caught:
            read(text)
        assert (caught.value.position, caught.value.reason) == (position + at, reason)
    # An actual keeps it as text, as it does a figure too long for a document.
    assert parse_actual(text) == Actual(text=text)


def test_a_figure_of_100_digits_is_read_and_held_to_a_documents_digits() -> None:
    with pytest.raises(ParseError, match="at most 18 digits before the point"):
        parse_quantity("1" * 100 + "人")
    assert parse_quantity("1" * 18 + "人").value == Decimal("1" * 18)
    assert parse_actual("1" * 100 + "人") == Actual(text="1" * 100 + "人")


def test_a_long_figure_in_words_does_not_make_a_target() -> None:
    # The words hold a figure the target is not read with: the target is qualitative.
    text = "共" + "1" * 200 + "人参加，效果明显"
    assert parse_target(text) == Target(QUALITATIVE, None, text)
    assert parse_target("共" + "1" * 30 + "人参加") == Target(
        QUALITATIVE, None, "共" + "1" * 30 + "人参加"
    )


def _calls(read: Callable[[str], object], text: str) -> int:
    """How many functions (Python's and C's) reading *text* calls: the work, counted."""
    count = 0

    def profile(_: Any, event: str, __: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        read(text)
    except ParseError:
        pass
    finally:
        sys.setprofile(None)
    return count


HOSTILE: dict[str, Callable[[int], str]] = {
    "numerals and units": lambda n: "达" + "一人" * n + "，",
    "numerals and units with a suffix": lambda n: "达" + "一人" * n + "，以上",
    "numerals and units, then a figure": lambda n: "达" + "一人" * n + "，5人以上",
    "operators": lambda n: "大于" * n + "x",
    "operators and qualifiers": lambda n: "大于约" * n,
    "operators and numerals": lambda n: "不低于一，" * n + "x",
    "spaces": lambda n: "达" + " " * n + "一x",
    "qualifiers": lambda n: "约" * n + "5",
    "places": lambda n: "十" * n,
    "groups": lambda n: "一万" * n,
    "markers": lambda n: "5" + "万" * n,
    "fractions": lambda n: "达三点" + "五" * n + "人以上",
    "achievements": lambda n: "达成" + "预期" * n + "x",
}


@pytest.mark.parametrize("hostile", list(HOSTILE))
@pytest.mark.parametrize("read", [parse_target, parse_quantity, parse_actual])
def test_hostile_texts_cost_work_linear_in_their_length(
    hostile: str, read: Callable[[str], object]
) -> None:
    # Doubling the text at most doubles the work (plus a little); quadratic reading,
    # as free text once was, would quadruple it.
    small = _calls(read, HOSTILE[hostile](2_000))
    large = _calls(read, HOSTILE[hostile](4_000))
    assert large <= 2.2 * small + 100, (small, large)
    assert large <= 40 * len(HOSTILE[hostile](4_000)) + 1_000, large


def test_unit_runs_are_read_as_one_character_at_a_time_reads_them() -> None:
    # The regular expression that finds unit runs in one pass agrees with the
    # character tests it stands for.
    alphabet = "人一万元以上及下内左右xX/² 5%，"

    @given(st.text(alphabet, max_size=30))
    def agree(text: str) -> None:
        for start in range(len(text) + 1):
            end = start
            while (
                end < len(text)
                and quantity._is_unit_char(text[end])
                and not quantity._starts_suffix(text, end)
            ):
                end += 1
            found = quantity._UNIT_RUN.match(text, start)
            assert (start if found is None else found.end()) == end

    agree()
