"""Scoring policies as JSON files: the format, the built-ins, the schema and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import perfeval
from perfeval import _policy_file, cli, examples, serialize
from perfeval.codes import IndicatorLevel1
from perfeval.errors import ValidationError
from perfeval.schema import SCHEMA_ID
from perfeval.scoring import (
    DEFAULT_POLICY,
    POLICIES,
    Band,
    Policy,
    WeightGroup,
    load_policy,
    policy_from_dict,
    policy_schema,
    policy_to_dict,
    score,
)

from .property.strategies import example_count  # type: ignore[import-not-found, unused-ignore]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(perfeval.__file__).resolve().parent
IMPORT_ROOT = PACKAGE.parent
D = Decimal
ALL_LEVELS = [level.value for level in IndicatorLevel1]


def problems(data: Any) -> list[tuple[str, str]]:
    """The (path, message) of every problem policy_from_dict finds in *data*."""
    with pytest.raises(ValidationError) as caught:
        policy_from_dict(data)
    return [(error.path, error.message) for error in caught.value.errors]


def file_problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        load_policy(path)
    return [(error.path, error.message) for error in caught.value.errors]


def write(tmp_path: Path, data: Any, name: str = "policy.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- the built-in policies, with their weights written out by hand -----------------------------

#: name → (execution weight, [(group name, levels, weight)]), from the sources themselves.
BUILTIN_WEIGHTS: dict[str, tuple[str, list[tuple[str, set[str], str]]]] = {
    "national": (
        "10",
        [
            ("产出", {"output", "cost"}, "50"),
            ("效益", {"effect"}, "30"),
            ("满意度", {"satisfaction"}, "10"),
        ],
    ),
    "sichuan": ("10", [("绩效指标", set(ALL_LEVELS), "90")]),
    "hubei": ("20", [("年度绩效目标", set(ALL_LEVELS), "80")]),
    "ningxia": (
        "0",
        [
            ("项目决策", {"decision"}, "10"),
            ("项目管理", {"process"}, "25"),
            ("项目产出", {"output", "cost"}, "30"),
            ("项目效益", {"effect", "satisfaction"}, "35"),
        ],
    ),
    "henan-third-party": (
        "0",
        [
            ("决策", {"decision"}, "15"),
            ("过程", {"process"}, "25"),
            ("产出", {"output", "cost"}, "25"),
            ("效益", {"effect", "satisfaction"}, "35"),
        ],
    ),
}


def test_the_built_in_names_and_files() -> None:
    assert list(POLICIES) == list(BUILTIN_WEIGHTS)
    assert len(POLICIES) == 5
    shipped = sorted(path.stem for path in (PACKAGE / "policies").glob("*.json"))
    assert shipped == sorted(BUILTIN_WEIGHTS)
    assert tuple(BUILTIN_WEIGHTS) == _policy_file.BUILTIN_NAMES


@pytest.mark.parametrize("name", list(BUILTIN_WEIGHTS))
def test_built_in_weights(name: str) -> None:
    policy = POLICIES[name]
    execution, groups = BUILTIN_WEIGHTS[name]
    assert policy.name == name
    assert policy.execution_weight == D(execution)
    assert [(g.name, {level.value for level in g.levels}, g.weight) for g in policy.groups] == [
        (group, levels, D(weight)) for group, levels, weight in groups
    ]
    # Every layout adds up to 100 points.
    assert policy.execution_weight + sum(g.weight for g in policy.groups) == 100
    # A Chinese title, a source; the other rules are the national ones.
    assert re.search("[\u4e00-\u9fff]", policy.title)
    assert len(policy.source) > 40
    defaults = attrs.evolve(
        Policy(name=name),
        title=policy.title,
        source=policy.source,
        execution_weight=policy.execution_weight,
        groups=policy.groups,
    )
    assert policy == defaults


def test_national_is_the_policy_default_but_for_its_title_and_source() -> None:
    national = POLICIES["national"]
    assert DEFAULT_POLICY is national
    assert attrs.evolve(national, title="", source="") == Policy(name="national")
    assert "财预〔2020〕10号" in national.title
    assert "财预〔2020〕10号" in national.source


def test_sources_name_their_documents() -> None:
    assert "银川市本级部门项目支出绩效自评表" in POLICIES["ningxia"].source
    assert "豫财效〔2020〕10号" in POLICIES["henan-third-party"].source
    assert "表2-1" in POLICIES["henan-third-party"].source
    assert "20分*执行率" in POLICIES["hubei"].source
    assert "年度绩效目标(80分)" in POLICIES["hubei"].source
    assert "青神县" in POLICIES["sichuan"].source


def test_built_in_files_are_canonical_and_validate(tmp_path: Path) -> None:
    validator = Draft202012Validator(policy_schema())
    for name in POLICIES:
        text = (PACKAGE / "policies" / f"{name}.json").read_text(encoding="utf-8")
        data = json.loads(text, parse_float=Decimal)
        assert list(data)[:2] == ["$schema", "name"]
        assert data["$schema"] == _policy_file.POLICY_SCHEMA_ID
        assert data["name"] == name
        assert list(validator.iter_errors(data)) == []
        # The file gives only what differs from the defaults.
        assert set(data) == {"$schema", "name", "title", "source", "execution_weight", "groups"}
        assert load_policy(PACKAGE / "policies" / f"{name}.json") == POLICIES[name]


def test_policies_is_read_only_and_lazy() -> None:
    with pytest.raises(TypeError):
        POLICIES["other"] = DEFAULT_POLICY  # type: ignore[index]
    fresh = _policy_file.BuiltinPolicies()
    assert "hubei" in fresh
    assert "nowhere" not in fresh
    assert 3 not in fresh  # type: ignore[comparison-overlap]
    assert fresh._loaded == {}  # asking whether a name is there reads no file
    assert fresh["hubei"] is fresh["hubei"]
    assert list(fresh._loaded) == ["hubei"]
    assert fresh == POLICIES
    assert "national, sichuan, hubei" in repr(fresh)
    with pytest.raises(
        KeyError, match="no scoring policy named 'nowhere'; the policies are: national"
    ):
        fresh["nowhere"]
    with pytest.raises(KeyError):
        fresh[["unhashable"]]  # type: ignore[index]


def test_concurrent_first_reads_give_one_object() -> None:
    fresh = _policy_file.BuiltinPolicies()
    found: list[Policy] = []
    barrier = threading.Barrier(8)

    def read() -> None:
        barrier.wait()
        found.append(fresh["ningxia"])

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8
    assert all(policy is found[0] for policy in found)


def test_importing_scoring_reads_only_the_national_file() -> None:
    code = (
        "import perfeval.scoring as s; print(sorted(s.POLICIES._loaded));"
        " import sys; print('jsonschema' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(IMPORT_ROOT), "PATH": ""},
    )
    assert out.stdout.split() == ["['national']", "False"]


def test_built_in_policies_score_their_own_tables() -> None:
    ningxia = serialize.loads(
        (ROOT / "tests/corpus/ningxia-yinchuan-liuzhong-2021-gongyongjingfei.json").read_bytes()
    )
    card = score(ningxia.projects[0], POLICIES["ningxia"])
    # The table prints every weight; they add up to 100 with no execution row of its own.
    assert card.weight_total == D(100)
    assert all(c.path != "/budget_execution" or c.weight == 0 for c in card.components)
    hubei = serialize.loads(
        (ROOT / "tests/corpus/unverified-hubei-form-2020-changjiang-jinbu.json").read_bytes()
    )
    card = score(hubei.projects[0], POLICIES["hubei"])
    assert card.component("/budget_execution").weight == D(20)
    assert card.weight_total == D(100)


# -- load_policy --------------------------------------------------------------------------------


def test_load_policy_by_name_and_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_policy("hubei") is POLICIES["hubei"]
    data = {"name": "mine", "execution_weight": 5}
    monkeypatch.chdir(tmp_path)
    write(tmp_path, data, "national")  # a file named like a built-in
    assert load_policy("national") is POLICIES["national"]
    assert load_policy(Path("national")).name == "mine"
    assert load_policy("./national").name == "mine"
    assert load_policy(str(tmp_path / "national")).execution_weight == D(5)
    with pytest.raises(FileNotFoundError):
        load_policy("nowhere")
    with pytest.raises(IsADirectoryError):
        load_policy(tmp_path)


def test_numbers_are_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        '{"name": "n", "execution_weight": 0.1, "tolerance": "0.10", "execution_expected": 9E-1,'
        ' "overachievement": 1.30, "achieved": {"low": 0.85, "high": "1.0"},'
        ' "groups": [{"name": "g", "levels": ["output"], "weight": 33.333333333333}]}',
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.execution_weight == D("0.1")
    assert str(policy.execution_weight) == "0.1"
    assert str(policy.tolerance) == "0.10"
    assert policy.execution_expected == D("0.9")
    assert str(policy.overachievement) == "1.30"
    assert policy.achieved == Band("0.85", "1.0")
    assert str(policy.groups[0].weight) == "33.333333333333"
    for value in (policy.execution_weight, policy.tolerance, policy.groups[0].weight):
        assert type(value) is Decimal
    assert policy_from_dict({"name": "n", "execution_weight": 10}).execution_weight == D(10)
    assert policy_from_dict({"name": "n", "execution_weight": "10"}).execution_weight == D(10)


def test_defaults_and_null_overachievement() -> None:
    policy = policy_from_dict({"name": "defaults", "$schema": "./policy.schema.json"})
    assert policy == Policy(name="defaults")
    assert policy_from_dict({"name": "n", "overachievement": None}).overachievement is None
    assert policy_from_dict({"name": "n", "groups": []}).groups == ()
    assert policy_from_dict({"name": "n", "not_applicable_texts": []}).not_applicable_texts == ()


# -- every problem, with its path ----------------------------------------------------------------

GROUP = {"name": "产出", "levels": ["output"], "weight": 50}
BAD_DOCUMENTS: list[tuple[Any, list[tuple[str, str]]]] = [
    ([], [("", "must be an object (a policy), not an array of 0 items")]),
    ("national", [("", 'must be an object (a policy), not the string "national"')]),
    ({}, [("/name", "is required (名称)")]),
    ({"name": ""}, [("/name", "must not be empty")]),
    ({"name": None}, [("/name", "must be a string, not null")]),
    ({"name": "x", "title": 5}, [("/title", "must be a string, not the number 5")]),
    ({"name": "x", "$schema": 1}, [("/$schema", "must be a string, not the number 1")]),
    (
        {"name": "x", "source": "\ud800"},
        [
            (
                "/source",
                (
                    'contains a lone surrogate ("\\ud800" at character 0), which is no character'
                    " and cannot be written as UTF-8"
                ),
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": True},
        [
            (
                "/execution_weight",
                'must be a number or a decimal string such as "10", not the boolean true',
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": None},
        [("/execution_weight", 'must be a number or a decimal string such as "10", not null')],
    ),
    (
        {"name": "x", "execution_weight": "1e3"},
        [
            (
                "/execution_weight",
                'must be a number or a decimal string such as "10", not the string "1e3"',
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": "010"},
        [
            (
                "/execution_weight",
                'must be a number or a decimal string such as "10", not the string "010"',
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": D("NaN")},
        [
            (
                "/execution_weight",
                'must be a number or a decimal string such as "10", not the number NaN',
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": 0.5},
        [
            (
                "/execution_weight",
                (
                    'must be a number or a decimal string such as "10", not the Python float 0.5,'
                    " which cannot hold a decimal exactly: use decimal.Decimal or a string"
                ),
            )
        ],
    ),
    ({"name": "x", "execution_weight": -5}, [("/execution_weight", "must be 0 or more, not -5")]),
    ({"name": "x", "execution_weight": "-5"}, [("/execution_weight", "must be 0 or more, not -5")]),
    ({"name": "x", "execution_weight": "-0"}, [("/execution_weight", "must be 0 or more, not -0")]),
    (
        {"name": "x", "tolerance": "0.0000000000001"},
        [
            (
                "/tolerance",
                (
                    "must have at most 18 digits before the point and at most 12 after it;"
                    " not 0.0000000000001"
                ),
            )
        ],
    ),
    (
        {"name": "x", "tolerance": D("1E-999999")},
        [
            (
                "/tolerance",
                (
                    "must have at most 18 digits before the point and at most 12 after it;"
                    " not 1E-999999"
                ),
            )
        ],
    ),
    (
        {"name": "x", "execution_weight": 10**18},
        [
            (
                "/execution_weight",
                (
                    "must have at most 18 digits before the point and at most 12 after it;"
                    " not 1000000000000000000"
                ),
            )
        ],
    ),
    (
        {"name": "x", "excellent_from": "100.5"},
        [("/excellent_from", "must be at most 100, not 100.5")],
    ),
    (
        {"name": "x", "overachievement": "x"},
        [
            (
                "/overachievement",
                'must be a number or a decimal string such as "10" or null, not the string "x"',
            )
        ],
    ),
    (
        {"name": "x", "negative_formula": "inverse"},
        [("/negative_formula", 'must be "ratio" or "linear", not the string "inverse"')],
    ),
    (
        {"name": "x", "achieved": [0.8, 1]},
        [("/achieved", "must be an object (a band), not an array of 2 items")],
    ),
    (
        {"name": "x", "achieved": {"low": "0.9", "high": "0.8"}},
        [("/achieved", "a band must satisfy 0 <= low <= high <= 1, not low 0.9 and high 0.8")],
    ),
    (
        {"name": "x", "partially_achieved": {"low": 2, "hi": 1}},
        [
            (
                "/partially_achieved/hi",
                "is not a member of a band (did you mean high?); its members are low, high",
            ),
            ("/partially_achieved/high", "is required (上限)"),
            ("/partially_achieved/low", "must be at most 1, not 2"),
        ],
    ),
    (
        {"name": "x", "excellent_from": 70},
        [
            (
                "",
                (
                    "the grade thresholds must satisfy 0 <= fair_from <= good_from"
                    " <= excellent_from <= 100, not 60, 80, 70"
                ),
            )
        ],
    ),
    (
        {"name": "x", "met_texts": "完成"},
        [("/met_texts", 'must be an array of strings, not the string "完成"')],
    ),
    (
        {"name": "x", "not_met_texts": ["", 3, "未完成"]},
        [
            ("/not_met_texts/0", "must not be empty"),
            ("/not_met_texts/1", "must be a string, not the number 3"),
        ],
    ),
    (
        {"name": "x", "groups": {}},
        [("/groups", "must be an array of weight groups, not an object")],
    ),
    (
        {"name": "x", "groups": [5]},
        [("/groups/0", "must be an object (a weight group), not the number 5")],
    ),
    (
        {"name": "x", "groups": [{"levels": ["output"], "weight": 1, "wieght": 2}]},
        [
            ("/groups/0/name", "is required (分组名称)"),
            (
                "/groups/0/wieght",
                (
                    "is not a member of a weight group (did you mean weight?); its members are"
                    " name, levels, weight"
                ),
            ),
        ],
    ),
    (
        {"name": "x", "groups": [{**GROUP, "weight": -5}]},
        [("/groups/0/weight", "must be 0 or more, not -5")],
    ),
    ({"name": "x", "groups": [{**GROUP, "name": ""}]}, [("/groups/0/name", "must not be empty")]),
    (
        {"name": "x", "groups": [{**GROUP, "levels": "output"}]},
        [
            (
                "/groups/0/levels",
                'must be an array of first-level indicator codes, not the string "output"',
            )
        ],
    ),
    (
        {"name": "x", "groups": [{**GROUP, "levels": []}]},
        [("/groups/0/levels", 'must list at least one first-level indicator, such as "output"')],
    ),
    (
        {"name": "x", "groups": [{**GROUP, "levels": ["output", "产出", "output"]}]},
        [
            (
                "/groups/0/levels/1",
                (
                    'must be one of "decision" (决策), "process" (过程), "output" (产出),'
                    ' "effect" (效益), "cost" (成本), "satisfaction" (满意度);'
                    ' not the string "产出"'
                ),
            ),
            ("/groups/0/levels/2", "is listed twice in this group (产出)"),
        ],
    ),
    (
        {
            "name": "x",
            "groups": [GROUP, {"name": "效益", "levels": ["effect", "output"], "weight": 30}],
        },
        [
            (
                "/groups/1/levels/1",
                (
                    "is already in group 0 (产出); a first-level indicator belongs to one group"
                    " only (产出)"
                ),
            )
        ],
    ),
    (
        {"name": "x", "tolerence": 1, 1: 2, "a/b": 3},
        [
            ("", "has a member name that is not a string but the number 1"),
            (
                "/a~1b",
                (
                    "is not a member of a policy; its members are $schema, name, title, source,"
                    " execution_weight, groups, negative_formula, achieved, partially_achieved,"
                    " not_achieved, excellent_from, good_from, fair_from, not_applicable_texts,"
                    " met_texts, partially_met_texts, not_met_texts, overachievement,"
                    " execution_expected, tolerance"
                ),
            ),
            (
                "/tolerence",
                (
                    "is not a member of a policy (did you mean tolerance?); its members are"
                    " $schema, name, title, source, execution_weight, groups, negative_formula,"
                    " achieved, partially_achieved, not_achieved, excellent_from, good_from,"
                    " fair_from, not_applicable_texts, met_texts, partially_met_texts,"
                    " not_met_texts, overachievement, execution_expected, tolerance"
                ),
            ),
        ],
    ),
]


@pytest.mark.parametrize(("data", "expected"), BAD_DOCUMENTS)
def test_every_problem_is_reported_at_its_path(data: Any, expected: list[tuple[str, str]]) -> None:
    assert problems(data) == expected


def test_all_problems_at_once_in_document_order() -> None:
    found = problems(
        {
            "tolerance": -1,
            "groups": [{**GROUP, "weight": "x"}, {**GROUP, "weight": -1}] * 6,
            "achieved": {"low": 5, "high": 5},
        }
    )
    paths = [path for path, _ in found]
    assert paths[0] == "/achieved/high"
    assert paths[2:5] == ["/groups/0/weight", "/groups/1/weight", "/groups/2/weight"]
    assert paths.index("/groups/2/weight") < paths.index("/groups/10/weight")
    assert paths[-2:] == ["/name", "/tolerance"]
    with pytest.raises(ValidationError, match=r"^17 problems in the document:"):
        policy_from_dict({"tolerance": -1, "groups": [{**GROUP, "weight": "x"}] * 15})


def test_the_value_of_each_problem_is_shown() -> None:
    with pytest.raises(ValidationError) as caught:
        policy_from_dict({"name": "x", "tolerance": "-1", "groups": [{**GROUP, "weight": [1]}]})
    assert [(e.path, e.value) for e in caught.value.errors] == [
        ("/groups/0/weight", "[…]"),
        ("/tolerance", '"-1"'),
    ]


# -- files: strict JSON, size and depth ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # json's own words, which CPython 3.13 changed: both are relayed as they are.
        (
            b'{"name": "x",}',
            (
                "is not valid JSON: (Expecting property name enclosed in double quotes"
                "|Illegal trailing comma before end of object)"
            ),
        ),
        (b'{"name": "x", "name": "y"}', "appears more than once in the same object"),
        (b'{"name": "x", "tolerance": NaN}', "NaN is not a number in JSON"),
        (b'\xef\xbb\xbf{"name": "x"}', re.escape("starts with a UTF-8 byte order mark (BOM)")),
        (b'{"name": "\xff"}', "is not valid UTF-8: byte 10"),
    ],
)
def test_files_are_strict_json(tmp_path: Path, text: bytes, message: str) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(text)
    ((where, found),) = file_problems(path)
    assert re.search(message, found), found
    assert where in ("", "/name")


def test_size_limit(tmp_path: Path) -> None:
    limit = _policy_file.MAX_POLICY_BYTES
    assert limit == 2**20
    fits = b'{"name": "x"}' + b" " * (limit - 13)
    assert len(fits) == limit
    path = tmp_path / "p.json"
    path.write_bytes(fits)
    assert load_policy(path).name == "x"
    path.write_bytes(fits + b" ")
    assert file_problems(path) == [
        (
            "",
            "is larger than 1 MiB (1,048,576 bytes); perfeval reads policy files of at most that",
        )
    ]


@pytest.mark.parametrize("depth", [101, 100_000])
def test_depth_limit(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "x", "title": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    assert file_problems(path) == [
        (
            "",
            (
                "is nested more than 100 levels deep (arrays and objects); perfeval reads policy"
                " files nested at most 100 deep"
            ),
        )
    ]


def test_depth_within_the_limit_reaches_the_member(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    text = '{"name": "x", "title": "[[[{{{", "source": ' + "[" * 99 + "]" * 99 + "}"
    path.write_text(text, encoding="utf-8")
    assert file_problems(path) == [("/source", "must be a string, not an array of 1 item")]


# -- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BUILTIN_WEIGHTS))
def test_built_ins_round_trip(name: str, tmp_path: Path) -> None:
    policy = POLICIES[name]
    data = policy_to_dict(policy)
    assert list(data) == ["$schema", *(field.name for field in attrs.fields(Policy))]
    assert policy_from_dict(data) == policy
    assert load_policy(write(tmp_path, data)) == policy


def test_the_format_has_every_member_of_policy() -> None:
    names = [name for name in _policy_file._POLICY.members if name != "$schema"]
    assert names == [field.name for field in attrs.fields(Policy)]
    assert list(_policy_file._Groups.group.members) == [f.name for f in attrs.fields(WeightGroup)]
    assert list(_policy_file._Band().members) == [f.name for f in attrs.fields(Band)]


def test_to_dict_writes_decimals_as_strings_with_their_digits() -> None:
    policy = Policy(
        name="digits",
        execution_weight=D("-0"),
        tolerance=D("0.010"),
        overachievement=None,
        excellent_from=D("1E+1"),
        good_from=D("5.0"),
        fair_from=0,
    )
    data = policy_to_dict(policy)
    assert data["execution_weight"] == "0"
    assert data["tolerance"] == "0.010"
    assert data["overachievement"] is None
    assert (data["excellent_from"], data["good_from"], data["fair_from"]) == ("10", "5.0", "0")
    assert policy_from_dict(data) == policy


def test_to_dict_refuses_what_a_file_cannot_hold() -> None:
    with pytest.raises(TypeError, match="policy_to_dict\\(\\) needs a Policy, not dict"):
        policy_to_dict({"name": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="/name: must not be empty"):
        policy_to_dict(Policy(name=""))
    with pytest.raises(ValidationError, match="/met_texts/0: must not be empty"):
        policy_to_dict(Policy(name="x", met_texts=("",)))
    with pytest.raises(ValidationError, match="/tolerance: must have at most 18 digits"):
        policy_to_dict(Policy(name="x", tolerance=D("1E-13")))


PLACES = 12


@st.composite
def amounts(draw: st.DrawFn, maximum: int | None = None) -> Decimal:
    """A decimal of 0 or more, up to *maximum*, with up to 12 places (trailing zeros kept)."""
    places = draw(st.integers(0, PLACES))
    top = (maximum if maximum is not None else 10**18 - 1) * 10**places
    return D(f"{draw(st.integers(0, top))}E-{places}")


texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
words = st.lists(texts.filter(bool), max_size=4)


@st.composite
def bands(draw: st.DrawFn) -> Band:
    low, high = sorted([draw(amounts(1)), draw(amounts(1))])
    return Band(low, high)


@st.composite
def groups(draw: st.DrawFn) -> list[WeightGroup]:
    levels = draw(st.permutations(list(IndicatorLevel1)))
    cuts = sorted(draw(st.sets(st.integers(1, len(levels)), max_size=4)))
    found, start = [], 0
    for cut in cuts:
        if draw(st.booleans()):
            found.append(WeightGroup(draw(texts.filter(bool)), levels[start:cut], draw(amounts())))
        start = cut
    return found


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    fair, good, excellent = sorted(draw(amounts(100)) for _ in range(3))
    return Policy(
        name=draw(texts.filter(bool)),
        title=draw(texts),
        source=draw(texts),
        execution_weight=draw(amounts()),
        groups=draw(groups()),
        negative_formula=draw(st.sampled_from(["ratio", "linear"])),
        achieved=draw(bands()),
        partially_achieved=draw(bands()),
        not_achieved=draw(bands()),
        excellent_from=excellent,
        good_from=good,
        fair_from=fair,
        not_applicable_texts=draw(words),
        met_texts=draw(words),
        partially_met_texts=draw(words),
        not_met_texts=draw(words),
        overachievement=draw(st.none() | amounts()),
        execution_expected=draw(amounts()),
        tolerance=draw(amounts()),
    )


@settings(max_examples=example_count(300), deadline=None)
@given(policies())
def test_round_trip(policy: Policy) -> None:
    data = policy_to_dict(policy)
    again = policy_from_dict(data)
    assert again == policy
    assert policy_to_dict(again) == data
    # Through JSON text, as a file holds it.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert policy_from_dict(json.loads(text, parse_float=Decimal)) == policy


@settings(max_examples=example_count(100), deadline=None)
@given(policies())
def test_round_trip_through_a_file(policy: Policy) -> None:
    data = policy_to_dict(policy)
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    assert _policy_file._from_bytes(raw) == policy


# -- the JSON Schema -------------------------------------------------------------------------------


@pytest.mark.parametrize("copy", ["schemas/policy.schema.json", "src/perfeval/policy.schema.json"])
def test_committed_schema_is_current(copy: str) -> None:
    assert (ROOT / copy).read_text(encoding="utf-8") == _policy_file.policy_schema_text(), (
        f"{copy} is out of date; regenerate it with: python -m perfeval.schema --write"
    )


def test_schema_is_valid_and_described() -> None:
    schema = policy_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (
        schema["$id"] == "https://perfeval.readthedocs.io/en/latest/schema/1.1/policy.schema.json"
    )
    assert schema["$id"].replace("policy", "report") == SCHEMA_ID
    assert schema["required"] == ["name"]
    assert schema["additionalProperties"] is False
    objects = [schema, schema["$defs"]["WeightGroup"], schema["$defs"]["Band"]]
    for node in objects:
        for name, member in node["properties"].items():
            assert re.search("[\u4e00-\u9fff]", member["title"]) or name == "$schema", name
            assert member["description"].endswith("."), name
    assert schema["properties"]["$schema"]["title"] == "JSON 模式"
    assert schema["properties"]["execution_weight"]["default"] == "10"
    assert schema["properties"]["achieved"]["default"] == {"low": "0.8", "high": "1"}
    levels = schema["$defs"]["IndicatorLevel1"]["oneOf"]
    assert [level["const"] for level in levels] == ALL_LEVELS
    schema["$defs"].clear()
    assert policy_schema()["$defs"]  # each call is a new dict


def schema_errors(data: Any) -> list[Any]:
    return list(Draft202012Validator(policy_schema()).iter_errors(data))


#: What perfeval refuses although the schema cannot say so (each rule is in the schema's
#: description).
UNSTATED = (
    "a band must satisfy",
    "the grade thresholds must satisfy",
    "is already in group",
    "must have at most 18 digits before the point and at most 12 after it",
)


def test_the_schema_states_its_unstated_rules() -> None:
    description = policy_schema()["description"]
    for rule in ("one group at most", "low is not above its high", "fair_from <=", "12 decimal"):
        assert rule in description


def loader_problems(data: Any) -> list[str]:
    try:
        policy_from_dict(data)
    except ValidationError as exc:
        return [error.message for error in exc.errors]
    return []


def file_can_hold(data: Any) -> bool:
    """Whether *data* is what reading a file can give (no float, no lone surrogate, …)."""
    if isinstance(data, dict):
        return all(
            type(key) is str and file_can_hold(key) and file_can_hold(value)
            for key, value in data.items()
        )
    if isinstance(data, list):
        return all(file_can_hold(item) for item in data)
    if isinstance(data, str):
        return re.search("[\ud800-\udfff]", data) is None
    if isinstance(data, Decimal):
        return data.is_finite() and -999_999 <= data.adjusted() <= 999_999
    return not isinstance(data, float)


@pytest.mark.parametrize(("data", "expected"), BAD_DOCUMENTS)
def test_schema_agrees_on_the_bad_documents(data: Any, expected: list[tuple[str, str]]) -> None:
    if not file_can_hold(data):
        return
    if not schema_errors(data):  # accepted: only for a rule the schema cannot state
        assert all(any(rule in message for rule in UNSTATED) for _, message in expected), data


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 200)
    | st.decimals(min_value=-2, max_value=200, places=2)
    | st.decimals(min_value=0, max_value=1, places=14)
    | st.sampled_from(["", "0.5", "-1", "10", "1.0", "100.5", "ratio", "linear", "output", "x"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["low", "high", "name", "levels", "weight", "x"]), inner, max_size=4
        )
    ),
    max_leaves=8,
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid policy's JSON form with a few members dropped or replaced by any JSON value."""
    data = policy_to_dict(draw(policies()))
    for name in draw(st.lists(st.sampled_from(sorted(data)), max_size=3)):
        data.pop(name, None)
    for _ in range(draw(st.integers(0, 2))):
        target = data
        # An earlier turn may have replaced "groups" (or a group) with any JSON value.
        groups = data.get("groups")
        objects = (
            [group for group in groups if isinstance(group, dict)]
            if isinstance(groups, list)
            else []
        )
        if bool(objects) and draw(st.booleans()):
            target = objects[draw(st.integers(0, len(objects) - 1))]
        elif draw(st.booleans()) and isinstance(data.get("achieved"), dict):
            target = data["achieved"]
        target[draw(st.sampled_from([*target, "other"]))] = draw(json_values)
    return data


@settings(max_examples=example_count(500), deadline=None)
@given(documents())
def test_the_schema_and_the_loader_agree(data: dict[str, Any]) -> None:
    refused_by_schema = bool(schema_errors(data))
    problems_found = loader_problems(data)
    if refused_by_schema:
        assert problems_found, data
    else:
        assert all(any(rule in problem for rule in UNSTATED) for problem in problems_found), (
            data,
            problems_found,
        )


# -- the command line ----------------------------------------------------------------------------


def outputs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def ningxia_file(tmp_path: Path) -> Path:
    return write(tmp_path, policy_to_dict(POLICIES["ningxia"]), "ningxia.json")


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    data = {"name": "bad", "groups": [{**GROUP, "weight": -5}], "tolerence": "0.5"}
    return write(tmp_path, data, "bad.json")


def test_score_with_a_policy_file(capsys: pytest.CaptureFixture[str], ningxia_file: Path) -> None:
    status, out, err = outputs(
        capsys, "score", "--example", "tangxi-2022", "--policy", str(ningxia_file)
    )
    assert (status, err) == (0, "")
    assert out.startswith("委托业务项目 (entrusted-business), policy ningxia\n")
    status, by_name, _ = outputs(capsys, "score", "--example", "tangxi-2022", "--policy", "ningxia")
    assert (status, by_name) == (0, out)
    status, out, _ = outputs(
        capsys,
        "score",
        "--example",
        "tangxi-2022",
        "--policy",
        str(ningxia_file),
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["policy"] == "ningxia"
    expected = score(examples.load("tangxi-2022").projects[0], POLICIES["ningxia"])
    assert data["projects"][0]["total"] == str(expected.total)


def test_check_with_a_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    strict = write(
        tmp_path, {"name": "strict", "excellent_from": 99, "good_from": 98, "fair_from": 97}
    )
    default = outputs(capsys, "check", "--example", "tangxi-2022", "--format", "json")
    national = outputs(
        capsys, "check", "--example", "tangxi-2022", "--format", "json", "--policy", "national"
    )
    assert default == national
    status, out, err = outputs(
        capsys, "check", "--example", "tangxi-2022", "--format", "json", "--policy", str(strict)
    )
    assert err == ""
    report = examples.load("tangxi-2022")
    codes = [finding["code"] for finding in json.loads(out)["findings"]]
    expected = perfeval.check(report, policy=load_policy(strict))
    assert codes == [finding.code for finding in expected]
    assert status == (1 if any(f.severity.value == "error" for f in expected) else 0)


def test_a_bad_policy_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], bad_file: Path
) -> None:
    for command in ("score", "check"):
        status, out, err = outputs(
            capsys, command, "--example", "tangxi-2022", "--policy", str(bad_file)
        )
        assert (status, out) == (2, "")
        assert err.startswith(f"usage: perfeval {command} ")
        assert err.endswith(
            f"perfeval {command}: error: argument --policy: {bad_file} is not a valid policy file"
            " (2 problems):\n"
            "  /groups/0/weight: must be 0 or more, not -5\n"
            "  /tolerence: is not a member of a policy (did you mean tolerance?); its members are"
            " $schema, name, title, source, execution_weight, groups, negative_formula, achieved,"
            " partially_achieved, not_achieved, excellent_from, good_from, fair_from,"
            " not_applicable_texts, met_texts, partially_met_texts, not_met_texts, overachievement,"
            " execution_expected, tolerance\n"
        )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "nowhere",
            (
                "no scoring policy named 'nowhere'; the policies are: henan-third-party, hubei,"
                " national, ningxia, sichuan (or give the path of a policy file)"
            ),
        ),
        ("missing.json", "cannot read the policy file missing.json: No such file or directory"),
        ("dir/x", "cannot read the policy file dir/x: No such file or directory"),
        (".", "cannot read the policy file .: Is a directory"),
        ("a\0b", "cannot read the policy file 'a\\x00b': embedded null byte"),
    ],
)
def test_policy_values_that_are_not_policies(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    status, out, err = outputs(capsys, "score", "--example", "tangxi-2022", "--policy", value)
    assert (status, out) == (2, "")
    assert err.endswith(f"perfeval score: error: argument --policy: {message}\n")


def test_a_policy_file_with_a_json_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "x",}', encoding="utf-8")
    status, _, err = outputs(capsys, "check", "--example", "kaifu-2020", "--policy", str(path))
    assert status == 2
    assert f"{path} is not a valid policy file (1 problem):\n  is not valid JSON: " in err


def test_no_traceback_as_a_user_runs_it(bad_file: Path, ningxia_file: Path) -> None:
    env = {"PYTHONPATH": str(IMPORT_ROOT), "PYTHONIOENCODING": "utf-8", "PATH": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "perfeval", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
        )

    bad = run("score", "--example", "kaifu-2020", "--policy", str(bad_file))
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "/groups/0/weight: must be 0 or more, not -5" in bad.stderr
    good = run("check", "--example", "kaifu-2020", "--policy", str(ningxia_file))
    assert good.returncode == 0, good.stderr
    assert "Traceback" not in good.stderr


def test_schema_command_with_policy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = outputs(capsys, "schema", "--policy")
    assert (status, out) == (0, _policy_file.policy_schema_text())
    target = tmp_path / "policy.schema.json"
    assert outputs(capsys, "schema", "--policy", "--out", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == _policy_file.policy_schema_text()
    assert outputs(capsys, "schema", "--policy", "--check", "--out", str(target))[0] == 0
    assert outputs(capsys, "schema", "--check", "--out", str(target))[0] == 1  # not the report's
    target.write_text("{}\n", encoding="utf-8")
    status, _, err = outputs(capsys, "schema", "--policy", "--check", "--out", str(target))
    assert status == 1
    assert f"regenerate it with: perfeval schema --policy --out {target}" in err


def test_schema_command_policy_checks_the_file_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)  # a checkout's copy is not assumed: the file is given
    status, out, err = outputs(capsys, "schema", "--policy", "--check")
    assert (status, out) == (2, "")
    assert "--check compares a file: give it with --out PATH" in err
    published = "schemas/policy.schema.json"
    assert outputs(capsys, "schema", "--policy", "--check", "--out", published) == (
        0,
        f"{published}: up to date\n",
        "",
    )


# -- the example of docs/scoring.md, end to end ---------------------------------------------------


def doc_blocks() -> tuple[dict[str, str], list[str]]:
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = text.split("## Policies as files", 1)[1]
    files = dict(re.findall(r"```\{code-block\} json\n:caption: (\S+)\n\n(.*?)```", section, re.S))
    consoles = re.findall(r"```console\n(.*?)```", section, re.S)
    return files, consoles


def test_the_documented_example_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, consoles = doc_blocks()
    assert sorted(files) == ["ningxia.json", "report.json"]
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # The documented file is the built-in policy but for its source.
    documented = load_policy("ningxia.json")
    assert documented == attrs.evolve(POLICIES["ningxia"], source=documented.source)
    command, *shown = consoles[0].splitlines()
    assert command == "$ perfeval score --policy ningxia.json report.json"
    status, out, err = outputs(capsys, *command.split()[2:])
    assert (status, err) == (0, "")
    table = shown[: shown.index("notes:")]
    assert out.splitlines()[: len(table)] == table
    assert outputs(capsys, "score", "--policy", "ningxia", "report.json")[1] == out
    # The documented problems of a bad file are those perfeval reports.
    command, *shown = consoles[1].splitlines()
    (tmp_path / "bad.json").write_text(
        json.dumps({"name": "bad", "groups": [{**GROUP, "weight": -5}], "tolerence": "0.5"}),
        encoding="utf-8",
    )
    status, _, err = outputs(capsys, *command.split()[2:])
    assert status == 2
    lines = err.splitlines()
    assert shown[0].startswith("usage: perfeval score ")  # wrapped by the terminal's width
    for line in shown[1:]:
        start = line.removesuffix("…")
        assert any(actual.startswith(start) for actual in lines), line
