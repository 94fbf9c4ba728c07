from __future__ import annotations

import pickle
import re

import pytest

from perfeval import codes


@pytest.mark.parametrize("code_list", codes.code_lists(), ids=lambda c: c.__name__)
def test_every_code_has_chinese_label_and_english_description(
    code_list: type[codes.CodeEnum],
) -> None:
    assert len(code_list) >= 1
    for member in code_list:
        assert isinstance(member.value, str)
        assert member.value
        assert re.search(r"[\u4e00-\u9fff]", member.label), member
        assert re.match(r"[A-Z][a-z ]", member.description), member
        assert code_list(member.value) is member


@pytest.mark.parametrize("code_list", codes.code_lists(), ids=lambda c: c.__name__)
def test_codes_pickle_to_the_same_member(code_list: type[codes.CodeEnum]) -> None:
    for member in code_list:
        assert pickle.loads(pickle.dumps(member)) is member  # noqa: S301 - our own data


def test_code_lists_cover_every_enum_in_the_module() -> None:
    defined = {
        obj
        for obj in vars(codes).values()
        if isinstance(obj, type) and issubclass(obj, codes.CodeEnum) and obj is not codes.CodeEnum
    }
    assert defined == set(codes.code_lists())


def test_contract_codes() -> None:
    assert [m.value for m in codes.MoneyUnit] == ["yuan", "qian_yuan", "wan_yuan", "yi_yuan"]
    assert [m.value for m in codes.Operator] == [">=", "<=", "=", ">", "<", "qualitative"]
    assert codes.ProjectType.RECURRING.value == "recurring"
    assert [m.exponent for m in codes.MoneyUnit] == [0, 3, 4, 8]


def test_unknown_code_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a valid"):
        codes.Grade("outstanding")


def test_repr_names_the_member() -> None:
    assert repr(codes.Grade.GOOD) == "Grade.GOOD"
