"""The main job: read the bundled example's figures the way a careful reader does."""

from __future__ import annotations

import perfeval

TABLE = [  # 项目名称, 预算金额, 支出金额 as printed in the 2020 report (金额单位：万元)
    ("公共服务", "213.28万元", "703.45万元"),
    ("社会管理", "441.17万元", "318.72万元"),
]
NARRATIVE = ["3.2万余册", "四千余条", "190余次", "约25万元", "359.18万元", "173%", "二个"]


def main() -> None:
    budgets = [perfeval.parse_money(budget) for _, budget, _ in TABLE]
    spending = [perfeval.parse_money(spent) for _, _, spent in TABLE]
    for (name, _, _), budget, spent in zip(TABLE, budgets, spending):
        print(f"{name}  预算 {budget}  支出 {spent}  执行率 {perfeval.rate(spent, budget)}%")
    total_budget, total_spent = sum(budgets), sum(spending)
    print(f"合计  预算 {total_budget}  支出 {total_spent}  执行率 {perfeval.rate(total_spent, total_budget)}%")
    for text in NARRATIVE:
        print(f"{text} -> {perfeval.parse_quantity(text)!r}")


if __name__ == "__main__":
    main()
