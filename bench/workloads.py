"""Deterministic workloads in the v1 shape: dicts built from a seeded random, then JSON text.

Every document is written in perfeval's canonical form (members in model order,
defaults omitted, compact separators, ``ensure_ascii=False``), so that
``perfeval.dumps(perfeval.loads(text)) == text`` and the dump benchmarks write the
same bytes the load benchmarks read.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import perfeval

SEED = 20240520

_CHARACTERS = (
    "社区服务管理建设培训保障就业医疗养老教育环境治理安全卫生文化体育宣传维修改造设施道路绿化排水"
    "消防信息系统平台资金工程人员经费补助专项应急防控街道农村城市公共网格志愿救助住房水利农业交通"
)
_WORDS = tuple(_CHARACTERS[i : i + 2] for i in range(0, len(_CHARACTERS), 2))
_MEASURES = (
    "个",
    "人",
    "次",
    "户",
    "%",
    "万元",
    "册",
    "期",
    "批次",
    "人次",
    "公里",
    "平方米",
)
_OPERATORS = ((">=", "≥"), ("<=", "≤"), ("=", "="), (">", ">"), ("<", "<"))
_LEVEL1 = ("decision", "process", "output", "effect", "cost", "satisfaction")
_LEVEL2 = (
    "quantity",
    "quality",
    "timeliness",
    "cost",
    "economic_benefit",
    "social_benefit",
    "ecological_benefit",
    "sustainability",
    "beneficiary_satisfaction",
)
_SOURCES = ("fiscal", "carried_over", "special_account", "unit_own", "other")
_LEVELS = ("central", "provincial", "municipal", "county", "township")
_ISSUES = (
    "fund_allocation",
    "budget_execution",
    "project_management",
    "performance_targets",
    "compliance",
    "other",
)
_PROJECT_TYPES = ("recurring", "one_off", "multi_year")
_GRADES = ("excellent", "good", "fair", "poor")


def dumps(data: dict[str, Any]) -> str:
    """The JSON text of *data* as perfeval writes it (compact, non-ASCII as itself)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def amount(cents: int) -> str:
    """A 2-decimal money amount: 21328 → ``"213.28"``."""
    return f"{cents // 100}.{cents % 100:02d}"


def money(cents: int) -> dict[str, str]:
    return {"amount": amount(cents), "unit": "wan_yuan"}


def _phrase(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(words))


def _sentence(rng: random.Random, words: int) -> str:
    return _phrase(rng, words) + "。"


def _indicator(rng: random.Random) -> dict[str, Any]:
    measure = rng.choice(_MEASURES)
    target_value = rng.randint(1, 5000)
    operator, sign = rng.choice(_OPERATORS)
    actual_value = max(0, target_value + rng.randint(-target_value // 5, target_value // 5))
    actual_quantity: dict[str, Any] = {"value": str(actual_value), "unit": measure}
    actual_text = f"{actual_value}{measure}"
    if rng.random() < 0.1:
        actual_quantity["qualifier"] = "at_least"
        actual_text = f"{actual_value}余{measure}"
    return {
        "level1": rng.choice(_LEVEL1),
        "level2": rng.choice(_LEVEL2),
        "name": _phrase(rng, 2),
        "target": {
            "operator": operator,
            "value": {"value": str(target_value), "unit": measure},
            "text": f"{sign}{target_value}{measure}",
        },
        "actual": {"value": actual_quantity, "text": actual_text},
    }


def _issue(rng: random.Random, project_id: str | None) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "category": rng.choice(_ISSUES),
        "description": _sentence(rng, 4),
    }
    if project_id is not None:
        issue["project_ids"] = [project_id]
    return issue


def _budget_lines(rng: random.Random, count: int, *, full: bool) -> list[dict[str, Any]]:
    lines = []
    for _ in range(count):
        budget = rng.randint(100, 10_000_000)  # 1.00 to 100,000.00 万元
        spent = budget * rng.randint(50, 110) // 100
        line: dict[str, Any] = {"source": rng.choice(_SOURCES)}
        if full:
            line["initial_budget"] = money(budget * rng.randint(80, 100) // 100)
        line["budget"] = money(budget)
        if full or rng.random() < 0.95:
            line["expenditure"] = money(spent)
        lines.append(line)
    return lines


def _unit(rng: random.Random) -> dict[str, Any]:
    return {
        "name": "长沙市" + _phrase(rng, 2) + "局",
        "code": str(rng.randint(100000, 999999)),
        "level": "county",
        "region": "湖南省长沙市开福区",
        "region_code": "430105",
        "supervisor": "长沙市开福区人民政府",
    }


def large_report(projects: int = 1000, *, seed: int = SEED) -> dict[str, Any]:
    """A self-evaluation of *projects* projects × 3 lines × 10 indicators × 2 issues."""
    rng = random.Random(seed)
    project_list = []
    for index in range(projects):
        project_id = f"p{index:05d}"
        lines = _budget_lines(rng, 3, full=True)
        project_list.append(
            {
                "id": project_id,
                "name": _phrase(rng, 4) + "项目",
                "project_type": rng.choice(_PROJECT_TYPES),
                "budget_lines": lines,
                "indicators": [_indicator(rng) for _ in range(10)],
                "issues": [_issue(rng, project_id) for _ in range(2)],
                "score": f"{rng.randint(60, 99)}.{rng.randint(0, 9)}",
                "grade": rng.choice(_GRADES),
            }
        )
    return {
        "schema_version": "1.0",
        "title": "2023年度项目支出绩效自评报告",
        "kind": "project_self_evaluation",
        "fiscal_year": 2023,
        "unit": _unit(rng),
        "projects": project_list,
        "issues": [_issue(rng, None) for _ in range(2)],
        "score": "87.5",
        "grade": "good",
        "source": {
            "title": "2023年度项目支出绩效自评报告",
            "url": "https://example.gov.cn/perfeval/2023.html",
            "published": "2024-05-20",
        },
    }


def _objects(node: Any, kind: str) -> Iterator[dict[str, Any]]:
    """Every Money (*kind* ``"money"``) or Quantity (``"quantity"``) object of a document."""
    if isinstance(node, dict):
        is_money = node.keys() >= {"amount", "unit"}
        is_quantity = "value" in node and not isinstance(node["value"], dict)
        if (kind == "money" and is_money) or (kind == "quantity" and is_quantity):
            yield node
        else:
            for child in node.values():
                yield from _objects(child, kind)
    elif isinstance(node, list):
        for child in node:
            yield from _objects(child, kind)


def small_reports(count: int = 10_000, *, seed: int = SEED) -> list[str]:
    """*count* reports shaped like the bundled ``kaifu-2020``, with varied figures."""
    rng = random.Random(seed)
    template: dict[str, Any] = json.loads(perfeval.dumps(perfeval.examples.load("kaifu-2020")))
    money_objects = list(_objects(template, "money"))
    quantities = list(_objects(template, "quantity"))
    texts = []
    for _ in range(count):
        year = rng.randint(2015, 2024)
        template["fiscal_year"] = year
        template["title"] = f"{year}年度重点项目绩效评价结果"
        for node in money_objects:
            node["amount"] = amount(rng.randint(0, 10_000_000))
        for node in quantities:
            node["value"] = str(rng.randint(1, 30_000))
        texts.append(dumps(template))
    return texts


def aggregation_reports(
    count: int = 40_000, *, projects: int = 2, lines: int = 3, seed: int = SEED
) -> list[str]:
    """*count* minimal reports of *projects* projects × *lines* budget lines each."""
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        report = {
            "schema_version": "1.0",
            "title": f"第{index}号项目支出绩效自评",
            "kind": "project_self_evaluation",
            "fiscal_year": 2023,
            "unit": {"name": f"预算单位{index}"},
            "projects": [
                {
                    "id": f"p{number}",
                    "name": _phrase(rng, 2),
                    "budget_lines": _budget_lines(rng, lines, full=False),
                }
                for number in range(projects)
            ],
        }
        texts.append(dumps(report))
    return texts


def invalidate(data: dict[str, Any], count: int = 100, *, seed: int = SEED) -> list[str]:
    """Break *count* members of a :func:`large_report` in place; return their JSON pointers.

    A third get a JSON number where a decimal string belongs (a budget amount), a
    third a bad code (an indicator's ``level1``), a third an unknown member (in an
    issue). Each mutation is in a different object, so each is exactly one error in
    perfeval and in pydantic alike.
    """
    rng = random.Random(seed)
    projects = data["projects"]
    slots = [(p, line) for p in range(len(projects)) for line in range(3)]
    chosen_lines = rng.sample(slots, (count + 2) // 3)
    indicator_slots = [(p, i) for p in range(len(projects)) for i in range(10)]
    chosen_indicators = rng.sample(indicator_slots, (count + 1) // 3)
    issue_slots = [(p, i) for p in range(len(projects)) for i in range(2)]
    chosen_issues = rng.sample(issue_slots, count // 3)
    paths = []
    for p, line in chosen_lines:
        node = projects[p]["budget_lines"][line]["budget"]
        node["amount"] = float(node["amount"])
        paths.append(f"/projects/{p}/budget_lines/{line}/budget/amount")
    for p, i in chosen_indicators:
        projects[p]["indicators"][i]["level1"] = "outputs"
        paths.append(f"/projects/{p}/indicators/{i}/level1")
    for p, i in chosen_issues:
        projects[p]["issues"][i]["owner"] = "财政局"
        paths.append(f"/projects/{p}/issues/{i}/owner")
    return sorted(paths)
