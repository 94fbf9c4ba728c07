"""Verdicts on the corpus: every finding read by hand, every printed total reproduced.

Each report of ``tests/corpus`` was read against its transcription
(``tests/corpus/sources/*.md``, the "Hand-verified facts" sections). ``REVIEWED``
lists every finding :func:`perfeval.check` makes on it, with one line of why a
reviewer would sign it; the test fails on any finding not in the list (a false
alarm is a bug) and on any listed one that is no longer found (a real error
waved through). ``HAND_VERIFIED`` maps each inconsistency the transcriptions
record to the finding that reports it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfeval import check, loads
from perfeval.model import Report
from perfeval.scoring import POLICIES, Status, score

CORPUS = Path(__file__).parent / "corpus"

#: (code, path, severity) of every finding, per report, with why a reviewer signs it.
REVIEWED: dict[str, dict[tuple[str, str, str], str]] = {
    "chongqing-kexuecheng-rongmeiti-2021-dept-table": {
        ("indicator-empty", "/department/indicators/1", "warning"): (
            "“三公经费变动率 prints 2 of 2 points and neither a target nor a result"
        ),
        ("indicator-empty", "/department/indicators/7", "warning"): (
            "“三公经费控制率 prints 2 of 2 points and neither a target nor a result"
        ),
        ("score-unmet-full", "/department/indicators/8/score", "warning"): (
            "政府采购执行率 72.74 % against a target of 100 %, yet full 2 of 2"
        ),
    },
    "hebei-langfang-shipinxuexiao-2019-nuantong": {
        ("score-differs", "/projects/0/budget_execution/score", "warning"): (
            "10 × 37.24 / 43.2 = 8.62, printed 9 (rounded to a whole point)"
        ),
        ("score-differs", "/projects/0/indicators/0/score", "warning"): (
            "工程资金金额 37.24 of 43.2: 10 × 37.24 / 43.2 = 8.62, printed 9"
        ),
        ("execution-low", "/projects/0/totals/expenditure", "info"): (
            "37.24 / 43.2 = 86.20 % < 90 %; the table gives its reason (尾款, 最高限价), so info"
        ),
    },
    "hubei-ezhou-xzspj-2021-shiminzhongxin": {
        ("score-weights-total", "/projects/0", "warning"): (
            "the money row prints 分值 100 and the visible indicators 70: 170 before the cut"
        ),
        ("score-differs", "/projects/0/budget_execution/score", "warning"): (
            "money row 分值 100 × 83.5 % = 83.5, printed 98"
        ),
        ("score-differs", "/projects/0/indicators/0/score", "warning"): (
            "预算执行率 as an indicator: 20 × 83.5 % = 16.70, printed 18"
        ),
        ("indicator-cost-above-expenditure", "/projects/0/indicators/4/actual", "warning"): (
            "成本指标 actual 150万 while 全年执行数 is 125.25万"
        ),
        ("execution-low", "/projects/0/totals/expenditure", "warning"): (
            "125.25 / 150 = 83.50 % < 90 % and no 偏差原因 is printed"
        ),
    },
    "ningxia-yinchuan-liuzhong-2021-gongyongjingfei": {
        ("score-execution-below-full", "/projects/0/indicators/4/score", "warning"): (
            "预算执行率 100 % (64.8 / 64.8), scored 9 of 10"
        ),
        ("score-met-below-weight", "/projects/0/indicators/12/score", "info"): (
            "公用经费完成时间: 2021年12月完成 restated as the result, 4 of 5, no reason"
        ),
        ("score-met-below-weight", "/projects/0/indicators/19/score", "info"): (
            "社会效益: the result restates the target, 13 of 15, no reason"
        ),
        ("score-met-below-weight", "/projects/0/indicators/22/score", "info"): (
            "可持续影响: the result restates the target, 8 of 10, no reason"
        ),
        ("sum-project-score", "/projects/0/score", "error"): (
            "自评得分 98, but the rows add to 84 + at most 10 (the cut satisfaction row) = 94"
        ),
    },
    "unverified-hubei-form-2020-changjiang-jinbu": {
        ("actual-above-100-percent", "/projects/0/indicators/3/actual/value", "warning"): (
            "a satisfaction printed as 290 % (the form's OCR of ≥90 %): impossible as printed"
        ),
    },
    "yunnan-lijiang-guchengqu-2020-weipian": {
        ("score-met-below-weight", "/projects/0/indicators/0/score", "info"): (
            "72890 against 72890, 9 of 10, no reason"
        ),
        ("score-met-below-weight", "/projects/0/indicators/1/score", "info"): (
            "100 % against 100 %, 19 of 20, no reason"
        ),
        ("score-met-below-weight", "/projects/0/indicators/2/score", "info"): (
            "100 % against 100 %, 19 of 20, no reason"
        ),
        ("score-met-below-weight", "/projects/0/indicators/3/score", "info"): (
            "95 % against ≥95 %, 27 of 30, no reason"
        ),
    },
}

#: The inconsistencies the transcriptions record (Hand-verified facts), and the
#: finding that reports each one.
HAND_VERIFIED: list[tuple[str, str, str]] = [
    ("chongqing-kexuecheng-rongmeiti-2021-dept-table", "score-unmet-full", "政府采购执行率"),
    ("chongqing-kexuecheng-rongmeiti-2021-dept-table", "indicator-empty", "三公经费"),
    ("hebei-langfang-shipinxuexiao-2019-nuantong", "score-differs", "8.62"),
    ("hubei-ezhou-xzspj-2021-shiminzhongxin", "score-differs", "98"),
    ("hubei-ezhou-xzspj-2021-shiminzhongxin", "score-differs", "16.70"),
    ("hubei-ezhou-xzspj-2021-shiminzhongxin", "indicator-cost-above-expenditure", "150万"),
    ("ningxia-yinchuan-liuzhong-2021-gongyongjingfei", "score-execution-below-full", "9 of 10"),
    ("ningxia-yinchuan-liuzhong-2021-gongyongjingfei", "score-met-below-weight", "4 of 5"),
    ("ningxia-yinchuan-liuzhong-2021-gongyongjingfei", "score-met-below-weight", "13 of 15"),
    ("ningxia-yinchuan-liuzhong-2021-gongyongjingfei", "score-met-below-weight", "8 of 10"),
    ("ningxia-yinchuan-liuzhong-2021-gongyongjingfei", "sum-project-score", "94"),
    ("yunnan-lijiang-guchengqu-2020-weipian", "score-met-below-weight", "27.00 of 30.00"),
]


def load(name: str) -> Report:
    return loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted(path.stem for path in CORPUS.glob("*.json"))


@pytest.mark.parametrize("name", names())
def test_every_finding_was_read_by_hand(name: str) -> None:
    found = {(f.code, f.path, f.severity.value) for f in check(load(name))}
    reviewed = set(REVIEWED.get(name, {}))
    assert found - reviewed == set(), "a finding nobody has reviewed (a false alarm?)"
    assert reviewed - found == set(), "a reviewed finding is no longer found"


@pytest.mark.parametrize(("name", "code", "fragment"), HAND_VERIFIED)
def test_every_hand_verified_inconsistency_is_found(name: str, code: str, fragment: str) -> None:
    messages = [f.message for f in check(load(name)) if f.code == code]
    assert any(fragment in message for message in messages), messages


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        # 10.40 + 11.47 + 19.88 + 23.25 = 65.00 (表2-1), every row taken as printed:
        # a third-party table has no targets to score against.
        ("henan-shengji-2024-third-party-score", Decimal("65.00")),
        # 执行率 1.56 / 1.56 = 100 %: 20 × 100 % = 20; 年度绩效目标 (80分) over 4 rows that
        # print no 分值, every target met: 80; 20 + 80 = 100.
        ("unverified-hubei-form-2020-changjiang-jinbu", Decimal("100")),
    ],
)
def test_consistent_printed_totals_are_reproduced(name: str, printed: Decimal) -> None:
    project = load(name).projects[0]
    assert project.score == printed
    card = score(project)
    assert card.complete
    assert abs(card.total - printed) <= Decimal("0.5")


def test_the_layouts_of_the_corpus_are_followed() -> None:
    ningxia = score(load("ningxia-yinchuan-liuzhong-2021-gongyongjingfei").projects[0])
    assert ningxia.layout == "score_groups"
    # The execution rate is an indicator of 项目管理: no second execution row is made.
    assert ningxia.components[0].path == "/indicators/0"
    execution = ningxia.component("/indicators/4")
    assert (execution.weight, execution.score) == (Decimal(10), Decimal("10.00"))
    assert execution.note.endswith("10 × 100 % = 10")
    # The cut satisfaction row carries its group's 10 (服务对象满意度指标 10分).
    assert ningxia.component("/indicators/24").weight == Decimal("10.00")
    hubei = score(load("unverified-hubei-form-2020-changjiang-jinbu").projects[0])
    assert hubei.whole
    assert hubei.component("/budget_execution").weight == Decimal(20)
    # 80 shared by 4 rows for display only: 20 each.
    assert [c.weight for c in hubei.components[1:]] == [Decimal("20.00")] * 4
    # The national policy, given explicitly, wins over the printed layout.
    explicit = score(
        load("unverified-hubei-form-2020-changjiang-jinbu").projects[0], POLICIES["national"]
    )
    assert (explicit.layout, explicit.whole) == ("policy", True)
    assert explicit.component("/budget_execution").weight == Decimal(20)  # as printed


def test_rows_taken_as_printed_are_counted_and_said() -> None:
    card = score(load("henan-shengji-2024-third-party-score").projects[0])
    assert card.taken_as_printed == 28
    assert all(c.status is Status.TAKEN_AS_PRINTED for c in card.components)
    assert any(note.startswith("28 rows taken as printed") for note in card.notes)
