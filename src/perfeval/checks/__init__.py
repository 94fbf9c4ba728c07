"""Arithmetic and plausibility checks: what a report's figures say about each other.

A report is *valid* when it is well formed; it may still contradict itself (a 合计 that
is not the sum of its rows, a total row of zeros) or print figures that call for an
explanation (spending above the budget, a coverage of 173 %). :func:`check` reads a
:class:`~perfeval.model.Report` and returns a :class:`Finding` for each such case,
with a JSON pointer to the figure and a message in English and Chinese that quotes
the figures involved.

Every finding comes from one :class:`Rule` of the registry :data:`RULES`; its
:attr:`Rule.code` is stable (a finding's code never changes meaning), and the same
registry generates the findings catalogue of the documentation. A finding's
:class:`Severity` is the rule's, except where the rule says otherwise (a gap within
display rounding is only :attr:`Severity.INFO`):

* **error** (错误) — the figures contradict each other;
* **warning** (警告) — plausible, but the report should explain it;
* **info** (提示) — worth knowing, nothing to correct.

All money arithmetic is exact across units (:class:`~perfeval.money.Money`); rates
are rounded once, half up, to 0.01 % (:func:`~perfeval.money.rate`). Grades and
printed scores are judged by a scoring :class:`~perfeval.scoring.Policy`, the
national rules unless :func:`check` is given another.

>>> from perfeval import examples
>>> from perfeval.checks import check
>>> for finding in check(examples.load("kaifu-2020")):
...     print(finding.severity.value, finding.code, finding.path)
warning execution-overspend /projects/0/totals/expenditure
warning actual-above-100-percent /projects/1/indicators/20/actual/value
warning execution-low /projects/1/totals/expenditure
warning execution-overspend /totals/expenditure
"""

from __future__ import annotations

# Each rule is declared on the function that emits it: importing the themes registers them.
from perfeval.checks import _execution, _indicators, _issues, _scores, _sums  # noqa: F401
from perfeval.checks._registry import RULES, Finding, Rule, Severity, check, rules

__all__ = ["RULES", "Finding", "Rule", "Severity", "check", "rules"]

# Documented, printed and pickled under their public home, perfeval.checks.
for _public in (Finding, Rule, Severity, check, rules):
    _public.__module__ = __name__
del _public
