"""Every entry point is bounded by the documented limits (``docs/limits.md``).

``loads``, ``load``, ``perfeval.schema.validate`` and every command that reads
documents: each limit on both sides (at the limit the input is processed, one past it
refused), the caps on the problems listed (exactly so many, then one line saying there
are more), input larger than the limit refused after reading at most the limit and one
byte (from an endless stream), and the work and memory a hostile input costs, bounded
by counts and ``tracemalloc``, never by a clock.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import pytest

import perfeval
from perfeval import cli, examples, schema
from perfeval._io.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_FAILED_ITEMS,
    MAX_NESTING,
    MAX_PROBLEMS,
)
from perfeval.errors import ErrorDetail, ValidationError
from perfeval.schema import validate
from perfeval.serialize import load, loads

T = TypeVar("T")

IMPORT_ROOT = Path(perfeval.__file__).resolve().parent.parent
KAIFU = examples.text("kaifu-2020")
#: The last problem of a list that validate() (or the JSON text's pass) cut short.
MORE = ErrorDetail(
    "",
    f"has more problems: perfeval lists the first {MAX_PROBLEMS:,}",
    kind="limit",
    message_zh=f"还有更多问题：perfeval 只列出前 {MAX_PROBLEMS:,} 个",
)
TOO_DEEP = (
    f"is nested more than {MAX_NESTING:,} levels deep (arrays and objects); perfeval"
    f" validates data nested at most {MAX_NESTING:,} levels deep"
)
TOO_DEEP_ZH = (
    f"嵌套超过 {MAX_NESTING:,} 层（数组和对象）；perfeval 最多校验嵌套 {MAX_NESTING:,} 层的数据"
)
TOO_LARGE = (
    "is larger than a document perfeval reads: written as JSON, it would be more than"
    f" {MAX_DOCUMENT_BYTES:,} bytes (16 MiB)"
)
TOO_LARGE_ZH = (
    f"超过 perfeval 能读取的文档大小：写成 JSON 将超过 {MAX_DOCUMENT_BYTES:,} 字节（16 MiB）"
)


def limit(message: str, message_zh: str) -> ErrorDetail:
    """A problem of the whole document, past one of the limits."""
    return ErrorDetail("", message, kind="limit", message_zh=message_zh)


def project(index: int = 1, **members: Any) -> dict[str, Any]:
    return {
        "id": f"p{index}",
        "name": "公共服务",
        "budget_lines": [{"source": "fiscal", "budget": {"amount": "213.28", "unit": "wan_yuan"}}],
        **members,
    }


def minimal(**members: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": "1.0",
        "title": "2020年度重点项目绩效评价结果",
        "kind": "key_project_results",
        "fiscal_year": 2020,
        "unit": {"name": "某街道办事处"},
        "projects": [project()],
    }
    document.update(members)
    return document


def compact(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def refused(call: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def peak_of(call: Callable[[], T]) -> tuple[T, int]:
    """*call*'s result and the peak of the memory it allocated (``tracemalloc``)."""
    tracing = tracemalloc.is_tracing()
    if tracing:
        tracemalloc.reset_peak()
    else:
        tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = call()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not tracing:
            tracemalloc.stop()
    return result, peak


@pytest.fixture(scope="module")
def at_limit() -> bytes:
    """A valid document of exactly the size limit: an example padded with spaces."""
    text = KAIFU.encode("utf-8")
    return text + b" " * (MAX_DOCUMENT_BYTES - len(text))


# -- validate(): the problems listed ----------------------------------------------------------


def one_problem_each(count: int) -> dict[str, Any]:
    """A document with exactly *count* problems: an unknown member in each project."""
    return minimal(projects=[project(i, **{f"x{i}": 1}) for i in range(count)])


def test_validate_lists_every_problem_up_to_the_cap() -> None:
    error = refused(lambda: validate(one_problem_each(MAX_PROBLEMS)))
    assert len(error.errors) == MAX_PROBLEMS
    assert MORE not in error.errors
    assert [e.path for e in error.errors[:2]] == ["/projects/0/x0", "/projects/1/x1"]


def test_validate_lists_the_cap_then_says_there_are_more() -> None:
    error = refused(lambda: validate(one_problem_each(MAX_PROBLEMS + 1)))
    assert len(error.errors) == MAX_PROBLEMS + 1
    assert error.errors[-1] == MORE
    assert (
        error.errors[MAX_PROBLEMS - 1].path == f"/projects/{MAX_PROBLEMS - 1}/x{MAX_PROBLEMS - 1}"
    )
    assert str(error).startswith(f"{MAX_PROBLEMS + 1} problems in the document:")


def test_validate_stops_looking_after_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # 100,000 empty projects took 17.8 s and listed 200,000 problems: now validate()
    # turns no more of jsonschema's errors into problems than it lists, and one more.
    looked_at = 0
    details = schema._details

    def counted(error: Any, checker: Any) -> Iterator[ErrorDetail]:
        nonlocal looked_at
        looked_at += 1
        return details(error, checker)

    monkeypatch.setattr(schema, "_details", counted)
    data = minimal(projects=[{}] * 100_000)
    error, peak = peak_of(lambda: refused(lambda: validate(data)))
    assert len(error.errors) == MAX_PROBLEMS + 1
    assert error.errors[-1] == MORE
    assert looked_at <= MAX_PROBLEMS + 1
    assert peak < 16 * 2**20, f"allocated {peak:,} bytes at the peak"


def test_validate_names_unknown_members_one_by_one() -> None:
    # jsonschema's own message named all 50,000 in one text, after sorting them (6 MB).
    data = minimal(projects=[project(**{f"k{i}": 0 for i in range(50_000)})])
    error, peak = peak_of(lambda: refused(lambda: validate(data)))
    assert len(error.errors) == MAX_PROBLEMS + 1
    assert error.errors[0].path == "/projects/0/k0"
    assert peak < 4 * 2**20, f"allocated {peak:,} bytes at the peak"


# -- validate(): size and depth, as the loader bounds a text ----------------------------------


def sized(size: int, character: str = "a") -> dict[str, Any]:
    """``{"extensions": {"x": "aaa…"}}`` that is *size* bytes long as compact JSON."""
    overhead = len(compact({"extensions": {"x": ""}}))
    width = len(character.encode("utf-8"))
    assert (size - overhead) % width == 0
    data = {"extensions": {"x": character * ((size - overhead) // width)}}
    assert len(compact(data)) == size
    return data


def test_validate_size_limit_both_sides() -> None:
    # At the limit the schema looks at the data (and finds the members missing) ...
    error = refused(lambda: validate(sized(MAX_DOCUMENT_BYTES)))
    assert "/title" in [e.path for e in error.errors]
    assert TOO_LARGE not in [e.message for e in error.errors]
    # ... one byte past it, it does not: the size is the one problem.
    error = refused(lambda: validate(sized(MAX_DOCUMENT_BYTES + 1)))
    assert error.errors == (limit(TOO_LARGE, TOO_LARGE_ZH),)


def test_validate_measures_texts_in_utf8() -> None:
    overhead = len(compact({"extensions": {"x": ""}}))
    fits = MAX_DOCUMENT_BYTES - (MAX_DOCUMENT_BYTES - overhead) % 3
    assert "/title" in [e.path for e in refused(lambda: validate(sized(fits, "中"))).errors]
    over = refused(lambda: validate(sized(fits + 3, "中")))
    assert over.errors == (limit(TOO_LARGE, TOO_LARGE_ZH),)


def deep_dict(levels: int) -> dict[str, Any]:
    """Objects nested *levels* deep, counting the outermost."""
    value: dict[str, Any] = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_validate_depth_limit_both_sides() -> None:
    # The schema lets extensions hold any object: at the limit the document is valid.
    validate(minimal(extensions=deep_dict(MAX_NESTING - 1)))  # the document is a level
    error = refused(lambda: validate(minimal(extensions=deep_dict(MAX_NESTING))))
    assert error.errors == (limit(TOO_DEEP, TOO_DEEP_ZH),)


def test_validate_counts_shared_and_cyclic_data_as_json_writes_it() -> None:
    shared = project(extensions={"note": "x" * 10_000})
    error = refused(lambda: validate(minimal(projects=[shared] * 2_000)))  # 20 MB as JSON
    assert error.errors == (limit(TOO_LARGE, TOO_LARGE_ZH),)
    cycle: list[Any] = []
    cycle.append(cycle)
    assert refused(lambda: validate(minimal(extensions={"x": cycle}))).errors == (
        limit(TOO_DEEP, TOO_DEEP_ZH),
    )
    wide: dict[str, Any] = {}
    wide["a"] = wide["b"] = wide
    assert refused(lambda: validate(wide)).errors == (limit(TOO_DEEP, TOO_DEEP_ZH),)


def test_validate_counts_what_json_cannot_hold_without_looking_into_it() -> None:
    # A tuple is no JSON array: the schema would repr() every item of every one.
    items = (0,) * 10_000
    error = refused(lambda: validate(minimal(title=[items] * 2_000)))
    assert error.errors == (limit(TOO_LARGE, TOO_LARGE_ZH),)
    error = refused(lambda: validate(minimal(fiscal_year=1 << (8 * MAX_DOCUMENT_BYTES))))
    assert error.errors == (limit(TOO_LARGE, TOO_LARGE_ZH),)


# -- loads: the detailed pass's budget covers unknown members and extensions ---------------


def detailed_errors(data: dict[str, Any]) -> tuple[ErrorDetail, ...]:
    text = json.dumps(data, ensure_ascii=False)
    error, peak = peak_of(lambda: refused(lambda: loads(text)))
    assert peak < 50 * len(text) + 10 * 2**20, f"allocated {peak:,} bytes at the peak"
    return error.errors


STOPPED = (
    f"has more problems: perfeval stopped looking after {MAX_FAILED_ITEMS:,} array items,"
    " unknown members and values in extensions with problems"
)
STOPPED_ZH = (
    f"还有更多问题：perfeval 查看了 {MAX_FAILED_ITEMS:,} 个有问题的数组项、未知成员和"
    " extensions 中的值之后停止查找"
)


def unknown(count: int) -> dict[str, int]:
    return {f"k{i}": 0 for i in range(count)}


@pytest.mark.parametrize(
    ("where", "items"), [("project", 1), ("money", 2), ("report without schema_version", 0)]
)
def test_unknown_members_spend_the_budget(where: str, items: int) -> None:
    # *items*: the array items around the object, which spend the budget as well.
    def document(count: int) -> dict[str, Any]:
        if where == "project":
            return minimal(projects=[project(**unknown(count))])
        if where == "money":
            line = {"source": "fiscal", "budget": {"amount": "1", "unit": "yuan", **unknown(count)}}
            return minimal(projects=[project(budget_lines=[line])])
        data = minimal(**unknown(count))
        del data["schema_version"]
        return data

    below = detailed_errors(document(MAX_FAILED_ITEMS - 1 - items))
    assert len([e for e in below if "/k" in e.path]) == MAX_FAILED_ITEMS - 1 - items
    assert below[-1].message != STOPPED
    # An object of 5,000 unknown members listed all of them, and 1.3 million took 30 s.
    above = detailed_errors(document(5 * MAX_FAILED_ITEMS))
    assert len([e for e in above if "/k" in e.path]) == MAX_FAILED_ITEMS
    assert len(above) <= MAX_FAILED_ITEMS + 3
    assert above[-1] == limit(STOPPED, STOPPED_ZH)


def test_problems_in_extensions_spend_the_budget() -> None:
    # 300 projects whose extensions hold 300 numbers past the limit each: 90,000 problems.
    bad = [Decimal("1E+1000000")] * 300
    data = minimal(projects=[project(i, extensions={"x": bad}) for i in range(300)])
    data["schema_version"] = "1.1"
    text = json.dumps(data, default=str).replace('"1E+1000000"', "1E+1000000")
    errors = refused(lambda: loads(text)).errors
    assert MAX_FAILED_ITEMS - 10 <= len(errors) <= MAX_FAILED_ITEMS + 1  # items spend too
    assert errors[-1] == limit(STOPPED, STOPPED_ZH)


def test_score_groups_nested_past_the_stack_are_nested_too_deeply() -> None:
    group: dict[str, Any] = {"label": "x", "covers": "all"}
    for _ in range(300):  # 600 levels: json reads them, the converter recurses on them
        group = {"label": "x", "covers": "all", "groups": [group]}
    data = minimal(schema_version="1.1", projects=[project(score_groups=[group])])
    try:
        loads(json.dumps(data))
    except ValidationError as error:
        messages = [e.message for e in error.errors]
    else:  # an interpreter whose stack holds them: nothing to say
        messages = []
    assert all(message == "is nested too deeply" for message in messages), messages[0]


# -- load(): paths and files, never more than the limit and a byte --------------------------


class Endless(io.RawIOBase):
    """An endless binary stream (a pipe that never closes) that counts what is read."""

    def __init__(self, chunk: int | None = None) -> None:
        self.consumed = 0
        self.chunk = chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer) if self.chunk is None else min(len(buffer), self.chunk)
        buffer[:size] = b" " * size
        self.consumed += size
        return size


class Trickle(io.RawIOBase):
    """A stream that gives at most *chunk* bytes per read (as a pipe or socket may)."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self.data = memoryview(data)
        self.chunk = chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self.chunk, len(self.data))
        buffer[:size] = self.data[:size]
        self.data = self.data[size:]
        return size


def test_load_takes_a_path_or_a_file(tmp_path: Path) -> None:
    path = tmp_path / "kaifu.json"
    path.write_text(KAIFU, encoding="utf-8")
    expected = loads(KAIFU)
    assert load(str(path)) == expected
    assert load(path) == expected
    with path.open("rb") as binary:
        assert load(binary) == expected
        assert not binary.closed
    with path.open(encoding="utf-8") as text:
        assert load(text) == expected
    # A raw stream gives what it has (typeshed calls it no IO[bytes]; load() takes it).
    assert load(cast(IO[bytes], Trickle(KAIFU.encode("utf-8"), 1000))) == expected
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.json")
    for wrong in (KAIFU.encode("utf-8"), 1, None):
        with pytest.raises(TypeError, match="path or a file"):
            load(wrong)  # type: ignore[arg-type]


def test_load_size_limit_both_sides(tmp_path: Path, at_limit: bytes) -> None:
    assert load(io.BytesIO(at_limit)) == loads(KAIFU)
    path = tmp_path / "over.json"
    path.write_bytes(at_limit + b" ")
    error = refused(lambda: load(path))
    assert error.errors[0].message.startswith(f"is {MAX_DOCUMENT_BYTES + 1:,} bytes long;")
    error = refused(lambda: load(io.StringIO(" " * (MAX_DOCUMENT_BYTES + 1))))
    assert error.errors[0].message.startswith(
        f"is more than {MAX_DOCUMENT_BYTES:,} characters long;"
    )


@pytest.mark.parametrize("chunk", [None, 1 << 20])
def test_load_reads_no_more_than_the_limit_and_a_byte(chunk: int | None) -> None:
    stream = Endless(chunk)
    error = refused(lambda: load(cast(IO[bytes], stream)))
    assert error.errors[0].message.startswith(f"is more than {MAX_DOCUMENT_BYTES:,} bytes long;")
    assert stream.consumed == MAX_DOCUMENT_BYTES + 1


# -- the command line --------------------------------------------------------------------------


class Stdin:
    """``sys.stdin`` whose binary buffer is *buffer*."""

    def __init__(self, buffer: Any) -> None:
        self.buffer = buffer


def main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("command", ["validate", "check", "score", "summary", "upgrade"])
def test_every_command_reads_stdin_up_to_the_limit_and_a_byte(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = Endless()
    monkeypatch.setattr(sys, "stdin", Stdin(stream))
    status, out, err = main(capsys, command, "-")
    assert (status, out) == (1, "")
    assert err == (
        f"perfeval: <stdin>: is more than {MAX_DOCUMENT_BYTES:,} bytes long; perfeval reads"
        f" documents of at most {MAX_DOCUMENT_BYTES:,} bytes of UTF-8 (16 MiB)\n"
    )
    assert stream.consumed == MAX_DOCUMENT_BYTES + 1


def test_stdin_without_a_binary_buffer_is_bounded_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(" " * (MAX_DOCUMENT_BYTES + 1)))
    status, _, err = main(capsys, "validate", "-")
    assert status == 1
    assert f"is more than {MAX_DOCUMENT_BYTES:,} characters long" in err


@pytest.mark.parametrize("command", ["validate", "check", "score", "summary", "upgrade"])
def test_every_command_file_size_limit_both_sides(
    command: str, tmp_path: Path, at_limit: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    fits, over = tmp_path / "fits.json", tmp_path / "over.json"
    fits.write_bytes(at_limit)
    over.write_bytes(at_limit + b" ")
    extra = ["--check"] if command == "upgrade" else []
    status, _, err = main(capsys, command, str(fits), *extra)
    assert "bytes long" not in err
    assert status == (1 if command == "upgrade" else 0)  # kaifu-2020 is schema 1.0
    status, out, err = main(capsys, command, str(over), *extra)
    assert (status, out) == (1, "")
    assert f"perfeval: {over}: is {MAX_DOCUMENT_BYTES + 1:,} bytes long;" in err


def test_validate_schema_lists_capped_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 20,000 empty projects: 2,000 problems from loading (the detailed pass's budget,
    # two each) and its last line, then what the schema finds at other paths and its
    # own last line; never all 60,000.
    path = tmp_path / "empty-projects.json"
    path.write_bytes(compact(minimal(projects=[{}] * (20 * MAX_FAILED_ITEMS))))
    status, _, err = main(capsys, "validate", "--schema", str(path))
    lines = err.splitlines()
    assert status == 1
    assert len(lines) <= 2 * MAX_FAILED_ITEMS + 1 + MAX_PROBLEMS + 1
    assert lines[2 * MAX_FAILED_ITEMS] == f"perfeval: {path}: {STOPPED}"


def test_validate_schema_parses_the_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    validate(json.loads(KAIFU))  # the published schema is read (with json) once, here
    calls: list[int] = []
    parse = json.loads

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return parse(*args, **kwargs)

    path = tmp_path / "report.json"
    data = json.loads(KAIFU)
    data["fiscal_year"] = "2020"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(json, "loads", counted)
    status, _, err = main(capsys, "validate", "--schema", str(path))
    assert status == 1
    assert "/fiscal_year: must be a whole number" in err
    assert len(calls) == 1
    # A text the loader refuses has no data for the schema: it is not parsed again
    # without the limits (here the last of two members of a name would be checked).
    path.write_text(KAIFU.replace('"title":', '"title": 1, "title":', 1), encoding="utf-8")
    status, _, err = main(capsys, "validate", "--schema", str(path))
    assert status == 1
    duplicate = "appears more than once in the same object; each member may appear only once"
    assert err.splitlines() == [f"perfeval: {path}: /title: {duplicate}"]


def test_validate_schema_memory_is_no_worse_than_loading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = compact(minimal(projects=[{}] * 30_000, extensions={"x": [[]] * 30_000}))
    path = tmp_path / "hostile.json"
    path.write_bytes(text)
    cli.main(["validate", "--schema", "--example", "kaifu-2020"])  # imports, the validator
    _, loading = peak_of(lambda: refused(lambda: loads(text)))
    status, command = peak_of(lambda: cli.main(["validate", "--schema", str(path)]))
    capsys.readouterr()
    assert status == 1
    # The command also reads the file (its size) and holds the problems it prints.
    assert command < loading + len(text) + 4 * 2**20, (command, loading)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_input_is_refused_without_a_traceback() -> None:
    environment = dict(os.environ, PYTHONPATH=str(IMPORT_ROOT), PYTHONIOENCODING="utf-8")
    for args, stdin in (
        (["validate", "--schema", "/dev/zero"], subprocess.DEVNULL),
        (["check", "-"], "/dev/zero"),
    ):
        with open(stdin, "rb") if isinstance(stdin, str) else io.BytesIO() as given:
            proc = subprocess.run(
                [sys.executable, "-m", "perfeval", *args],
                stdin=given if isinstance(stdin, str) else stdin,
                capture_output=True,
                env=environment,
                timeout=120,
                check=False,
            )
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 1, err
        assert "Traceback" not in err
        assert f"is more than {MAX_DOCUMENT_BYTES:,} bytes long" in err


def test_hostile_documents_through_the_command_line_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 5000 + "]" * 5000
    group: dict[str, Any] = {"label": "x", "covers": "all"}
    for _ in range(300):
        group = {"label": "x", "covers": "all", "groups": [group]}
    texts = {
        "deep": deep,
        "deep project": json.dumps(minimal(projects=[]))[:-2] + deep + "]}",
        "deep extensions": json.dumps(minimal(extensions=deep_dict(900))),
        "score groups": json.dumps(
            minimal(schema_version="1.1", projects=[project(score_groups=[group])])
        ),
        "unknown members": json.dumps(minimal(projects=[project(**unknown(5000))])),
        "wrong types": json.dumps(minimal(projects=[WRONG] * 2000)),
    }
    for name, text in texts.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        for args in (["validate", "--schema"], ["check"]):
            status, _, err = main(capsys, *args, str(path))
            assert status in (0, 1), name
            assert "Traceback" not in err


WRONG: dict[str, Any] = {
    "id": 1,
    "name": [],
    "budget_lines": {},
    "totals": {"budget": {"amount": 1, "unit": 2, "currency": 3, "x": 4}},
    "indicators": [{"name": 1, "level1": 2, "target": 3}],
    "issues": "x",
}


def test_the_measurements_still_run() -> None:
    # bench/limits.py gives the figures of docs/limits.md; here only its smallest run.
    environment = dict(os.environ, PYTHONPATH=str(IMPORT_ROOT), PYTHONIOENCODING="utf-8")
    script = IMPORT_ROOT.parent / "bench" / "limits.py"
    if not script.exists():
        pytest.skip("not a source checkout")
    done = subprocess.run(
        [sys.executable, str(script), "--quick", "--shapes", "empty projects"],
        capture_output=True,
        env=environment,
        timeout=300,
        check=True,
    )
    rows = [line for line in done.stdout.decode("utf-8").splitlines() if line.startswith("| empty")]
    assert len(rows) == 2
    assert "refused, 2,001 problems" in rows[0]
    assert "TRACEBACK" not in done.stdout.decode("utf-8")
