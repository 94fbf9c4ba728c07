"""The rule registry: rules, findings, and the decorator that ties a rule to its emitter.

A rule is declared by :func:`rule` on the one function that emits it, its *emitter*:
the mapping from rule to emitter is the registry, so no rule can lack an emitter and
no emitter can speak for a rule that was not declared. An emitter reads a report
(and the scoring policy) and yields a :class:`Hit` for each place its rule applies;
:func:`check` turns every hit into a :class:`Finding` carrying the rule's code and,
unless the hit says otherwise, its severity.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar, cast

import attrs

from perfeval._text import path_sort_keys
from perfeval.codes import CodeEnum
from perfeval.model import Report

if TYPE_CHECKING:
    from perfeval.scoring import Policy

__all__ = [
    "EMITTERS",
    "RULES",
    "Emitter",
    "Finding",
    "Hit",
    "Rule",
    "Severity",
    "check",
    "rule",
    "rules",
    "shared",
]


class Severity(CodeEnum):
    """How serious a :class:`Finding` is.

    >>> from perfeval.checks import Severity
    >>> Severity.ERROR.value, Severity.ERROR.label
    ('error', '错误')
    >>> Severity("warning").description
    'Plausible, but the report should explain it'
    """

    ERROR = ("error", "错误", "The figures contradict each other")
    WARNING = ("warning", "警告", "Plausible, but the report should explain it")
    INFO = ("info", "提示", "Worth knowing; nothing to correct")


_CODE: Final = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_code(_: object, __: object, value: Any) -> None:
    if not isinstance(value, str) or _CODE.fullmatch(value) is None:
        msg = f"code must be lower-case words joined by '-', such as 'total-zero', not {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Rule:
    """One rule of the registry: what :func:`check` looks for, and how serious it is.

    Attributes:
        code: The stable code its findings carry, lower-case words joined by ``-``
            (``sum-report-totals``); the first word names the area (``sum``,
            ``total``, ``execution``, ``actual``, ``indicator``, ``score``,
            ``grade``, ``issue``).
        severity: The severity of its findings unless :attr:`description` says
            otherwise.
        title: A short English title.
        title_zh: The title in Chinese.
        description: What the rule checks and why, in English.

    >>> from perfeval.checks import RULES, Rule, Severity
    >>> RULES["total-zero"].severity
    Severity.ERROR
    >>> Rule("Total Zero", Severity.ERROR, "t", "t", "d")
    Traceback (most recent call last):
    ...
    ValueError: code must be lower-case words joined by '-', such as 'total-zero', not 'Total Zero'
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    title: str
    title_zh: str
    description: str


@attrs.frozen
class Finding:
    """What :func:`check` found: a rule's code, a severity, where, and what.

    Attributes:
        code: The code of the :class:`Rule` (stable, e.g. ``sum-report-totals``).
        severity: How serious this finding is.
        path: A JSON pointer (RFC 6901) to the figure concerned; ``""`` is the
            whole document.
        message: What was found, in English, with the figures involved.
        message_zh: The same in Chinese.

    >>> from perfeval.checks import Finding, Severity
    >>> finding = Finding("total-zero", Severity.ERROR, "/totals/budget",
    ...                   "the total is 0万元", "合计为0万元")
    >>> print(finding)
    /totals/budget: error [total-zero] the total is 0万元
    >>> finding.rule.title
    'A total of zero while its rows carry money'
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    message_zh: str = attrs.field(validator=attrs.validators.instance_of(str))

    @property
    def rule(self) -> Rule:
        """The rule that produced this finding.

        Raises:
            KeyError: The code names no rule of :data:`RULES`.
        """
        return RULES[self.code]

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.severity.value} [{self.code}] {self.message}"


class Hit(NamedTuple):
    """What an emitter yields: where its rule applies, and what to say.

    The emitter names no code: :func:`check` adds its rule's. *severity* is
    ``None`` for the rule's own, or the exception the rule's description allows
    (a gap within display rounding is only :attr:`Severity.INFO`). A named tuple,
    since a large report makes thousands of them.
    """

    path: str
    message: str
    message_zh: str
    severity: Severity | None = None


#: An emitter: reads a report under a scoring policy, yields its rule's hits.
Emitter = Callable[[Report, "Policy"], Iterable[Hit]]
_E = TypeVar("_E", bound=Emitter)

#: The areas a code's first word may name, in the order of the catalogue.
_AREAS: Final = ("sum", "total", "execution", "actual", "indicator", "score", "grade", "issue")

_RULES: dict[str, Rule] = {}
_EMITTERS: dict[str, Emitter] = {}

#: Every rule, by code, in the order of the catalogue (read-only).
RULES: Final[Mapping[str, Rule]] = MappingProxyType(_RULES)
#: The emitter of every rule, by code (read-only).
EMITTERS: Final[Mapping[str, Emitter]] = MappingProxyType(_EMITTERS)


def _catalogue_key(code: str) -> int:
    return _AREAS.index(code.split("-", 1)[0])


def rule(
    code: str, severity: Severity, *, title: str, title_zh: str, description: str
) -> Callable[[_E], _E]:
    """Declare a rule on the function that emits it, and register both.

    The catalogue lists rules by area (the first word of the code, in the order of
    ``sum``, ``total``, ``execution``, ``actual``, ``indicator``, ``score``, ``grade``,
    ``issue``), then in the order they were declared. The description's line breaks
    and runs of spaces become single spaces.

    Args:
        code: The rule's stable code (see :attr:`Rule.code`).
        severity: The severity of its findings.
        title: A short English title.
        title_zh: The title in Chinese.
        description: What the rule checks and why.

    Returns:
        A decorator that registers the function as the rule's emitter and returns it
        unchanged.

    Raises:
        ValueError: The code is malformed, or its first word names no area.
        RuntimeError: A rule with that code is already declared, or the function
            already emits another rule.

    >>> from perfeval.checks._registry import Severity, rule
    >>> @rule("total-zero", Severity.ERROR, title="t", title_zh="t", description="d")
    ... def emit(report, policy):
    ...     return ()
    Traceback (most recent call last):
    ...
    RuntimeError: two rules have the code 'total-zero'
    """
    declared = Rule(code, severity, title, title_zh, " ".join(description.split()))
    if declared.code.split("-", 1)[0] not in _AREAS:
        msg = f"the first word of the code {code!r} must name an area, one of {', '.join(_AREAS)}"
        raise ValueError(msg)

    def register(emitter: _E) -> _E:
        if code in _RULES:
            msg = f"two rules have the code {code!r}"
            raise RuntimeError(msg)
        for other, known in _EMITTERS.items():
            if known is emitter:
                msg = f"{emitter.__qualname__} already emits {other!r}; one emitter per rule"
                raise RuntimeError(msg)
        emitters: dict[str, Emitter] = {**_EMITTERS, code: emitter}
        # Keep the read-only views in catalogue order: by area, then as declared.
        ordered = sorted([*_RULES.values(), declared], key=lambda r: _catalogue_key(r.code))
        _RULES.clear()
        _RULES.update((each.code, each) for each in ordered)
        _EMITTERS.clear()
        _EMITTERS.update((each.code, emitters[each.code]) for each in ordered)
        return emitter

    return register


def rules() -> tuple[Rule, ...]:
    """Every rule, in the order of the catalogue.

    >>> from perfeval.checks import rules
    >>> [rule.code for rule in rules()][:3]
    ['sum-report-totals', 'sum-project-totals', 'sum-expenditure-categories']
    """
    return tuple(_RULES.values())


#: The policy the caller of :func:`check` gave, ``None`` if none: scoring then follows
#: each project's printed score groups, as :func:`perfeval.scoring.score` does.
GIVEN_POLICY: ContextVar[Policy | None] = ContextVar("perfeval_checks_policy", default=None)


#: The report of the check() under way, and what its rules computed from it (see shared()).
_SHARED: ContextVar[tuple[Report, dict[object, object]] | None] = ContextVar(
    "perfeval_checks_shared", default=None
)
_T = TypeVar("_T")


def shared(compute: Callable[[Report], _T]) -> Callable[[Report], _T]:
    """Let the rules of one :func:`check` share what *compute* reads from the report.

    During a check of a report, the first call computes and later calls return the same
    result, which no caller may change (make it a tuple). Outside :func:`check`, as for
    another report, every call computes.

    >>> from perfeval import examples
    >>> from perfeval.checks._registry import shared
    >>> @shared
    ... def names(report):
    ...     print("reading")
    ...     return tuple(project.name for project in report.projects)
    >>> report = examples.load("kaifu-2020")
    >>> names(report) == names(report)
    reading
    reading
    True
    """

    def once(report: Report) -> _T:
        state = _SHARED.get()
        if state is None or state[0] is not report:
            return compute(report)
        results = state[1]
        if compute in results:
            return cast("_T", results[compute])
        result = results[compute] = compute(report)
        return result

    return functools.update_wrapper(once, compute)


def check(report: Report, *, policy: Policy | None = None) -> list[Finding]:
    """Check a report's figures against each other; return what is found.

    Every rule of :data:`RULES` runs; the findings are sorted by path (array indices
    in numeric order), then code, then message, so the result is deterministic. An
    empty list means nothing was found.

    Args:
        report: The report to check.
        policy: The scoring method (:class:`perfeval.scoring.Policy`) that printed
            scores are compared with and that gives the grade bands. ``None`` scores
            each project by its printed layout as :func:`perfeval.scoring.score`
            does (its score groups, else the national rules) and grades by
            :data:`perfeval.scoring.DEFAULT_POLICY`.

    Returns:
        The findings, sorted.

    Raises:
        TypeError: *report* is not a :class:`~perfeval.model.Report` (read JSON
            with :func:`perfeval.serialize.loads` first), or *policy* is not a
            :class:`~perfeval.scoring.Policy`.

    >>> from perfeval import examples
    >>> from perfeval.checks import Severity, check
    >>> findings = check(examples.load("tangxi-2022"))
    >>> print(findings[-1])
    /projects/0/totals/initial_budget: error [total-zero] 委托业务项目: the initial budget total ...
    >>> print(findings[-1].message_zh)
    委托业务项目：年初预算数合计印为0万元，而资金明细合计90万元
    >>> sorted({finding.code for finding in findings if finding.severity is Severity.ERROR})
    ['execution-rate-printed', 'total-zero']
    >>> check({"title": "2020年度重点项目绩效评价结果"})
    Traceback (most recent call last):
    ...
    TypeError: check() needs a Report, not dict; read JSON with perfeval.loads() first
    """
    given: object = report  # callers without type checking may pass anything
    if not isinstance(given, Report):
        msg = (
            f"check() needs a Report, not {type(given).__name__};"
            " read JSON with perfeval.loads() first"
        )
        raise TypeError(msg)
    # Imported here: listing the rules (the docs, the CLI's help) needs no scoring.
    from perfeval.scoring import DEFAULT_POLICY, Policy  # noqa: PLC0415

    chosen: object = DEFAULT_POLICY if policy is None else policy
    if not isinstance(chosen, Policy):
        msg = f"policy must be a Policy such as POLICIES['national'], not {type(chosen).__name__}"
        raise TypeError(msg)
    token = GIVEN_POLICY.set(policy)
    memo = _SHARED.set((report, {}))
    try:
        findings: list[Finding] = []
        for code, emit in _EMITTERS.items():
            severity = _RULES[code].severity
            findings += [
                _finding(code, stated or severity, path, message, message_zh)
                for path, message, message_zh, stated in emit(report, chosen)
            ]
    finally:
        _SHARED.reset(memo)
        GIVEN_POLICY.reset(token)
    path_key = path_sort_keys()
    return sorted(findings, key=lambda f: (path_key(f.path), f.code, f.message))


# check() builds its findings without attrs' __init__, as money arithmetic builds Money:
# every part is known good (the code is a declared rule's, the severity a Severity, the
# path and messages the str of a Hit), and five validators per finding would cost more
# than the rest of its making. Writing the slots through their descriptors bypasses
# the frozen __setattr__.
_new: Final = object.__new__
_set_code: Final[Callable[[Finding, str], None]] = Finding.__dict__["code"].__set__
_set_severity: Final[Callable[[Finding, Severity], None]] = Finding.__dict__["severity"].__set__
_set_path: Final[Callable[[Finding, str], None]] = Finding.__dict__["path"].__set__
_set_message: Final[Callable[[Finding, str], None]] = Finding.__dict__["message"].__set__
_set_message_zh: Final[Callable[[Finding, str], None]] = Finding.__dict__["message_zh"].__set__


def _finding(code: str, severity: Severity, path: str, message: str, message_zh: str) -> Finding:
    """``Finding(code, severity, path, message, message_zh)`` from parts known to be valid."""
    finding: Finding = _new(Finding)
    _set_code(finding, code)
    _set_severity(finding, severity)
    _set_path(finding, path)
    _set_message(finding, message)
    _set_message_zh(finding, message_zh)
    return finding
