from __future__ import annotations

import pickle

import pytest

from perfeval import errors


def test_hierarchy() -> None:
    assert issubclass(errors.ValidationError, errors.PerfevalError)
    assert issubclass(errors.ValidationError, ValueError)
    assert issubclass(errors.ParseError, errors.PerfevalError)
    assert issubclass(errors.ParseError, ValueError)
    assert issubclass(errors.CurrencyMismatchError, ValueError)


def test_validation_error_lists_every_problem() -> None:
    err = errors.ValidationError(
        [
            errors.ErrorDetail("/title", "is required"),
            errors.ErrorDetail("/fiscal_year", "must be an integer", '"2020"'),
        ]
    )
    assert [e.path for e in err.errors] == ["/title", "/fiscal_year"]
    assert str(err).splitlines() == [
        "2 problems in the document:",
        "  /title: is required",
        "  /fiscal_year: must be an integer",
    ]


def test_whole_document_error_is_named() -> None:
    assert str(errors.ErrorDetail("", "must be a JSON object")) == (
        "(document): must be a JSON object"
    )


def test_errors_pickle() -> None:
    err = errors.ValidationError([errors.ErrorDetail("/a", "bad", "1")])
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own data
    assert again.errors == err.errors
    parse = errors.ParseError("12x元", 2, "expected a unit")
    again_parse = pickle.loads(pickle.dumps(parse))  # noqa: S301 - our own data
    assert (again_parse.text, again_parse.position, again_parse.reason) == (
        "12x元",
        2,
        "expected a unit",
    )
    mismatch = pickle.loads(pickle.dumps(errors.CurrencyMismatchError("CNY", "USD")))  # noqa: S301
    assert str(mismatch) == "cannot combine CNY with USD amounts"


def test_parse_error_caret_accounts_for_wide_characters() -> None:
    err = errors.ParseError("万元12x", 4, "expected a digit")
    lines = str(err).splitlines()
    assert lines[1] == "    万元12x"
    # 万元 take two columns each, then "12": the caret sits under "x".
    assert lines[2] == "    " + " " * 6 + "^"


def test_shorten() -> None:
    assert errors.shorten("a" * 61) == "a" * 59 + "…"
    assert len(errors.shorten("a" * 1000, 20)) == 20


def test_validation_error_is_catchable_as_value_error() -> None:
    with pytest.raises(ValueError, match="1 problem"):
        raise errors.ValidationError([errors.ErrorDetail("", "bad")])
