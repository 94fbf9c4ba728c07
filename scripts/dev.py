#!/usr/bin/env python3
"""Set up perfeval's development environments and run its jobs, all or one at a time.

Usage::

    python3 scripts/dev.py demo     # set up .venv and run the main job on the bundled example
    python3 scripts/dev.py test     # set up and run the whole test suite on every CPython
                                    # 3.10-3.13 found (pyenv), else on this interpreter

One job at a time, on one interpreter (``--python 3.12``, a version found by pyenv or a
path; the newest found by default)::

    python3 scripts/dev.py list                  # the sessions, one line each
    python3 scripts/dev.py test --python 3.12    # every gate, on 3.12 only
    python3 scripts/dev.py pytest -- -k money -x # pytest alone; arguments after -- go to pytest
    python3 scripts/dev.py lint                  # ruff check and ruff format --check
    python3 scripts/dev.py types                 # mypy --strict, and mypy and pyright on
                                                 # the user programs of tests/typing
    python3 scripts/dev.py docs                  # the Sphinx html and doctest builds
    python3 scripts/dev.py bench -- --quick      # bench/run.py; arguments after -- go to it
    python3 scripts/dev.py sdist                 # build the sdist and the wheel, test the sdist

Only the standard library is used here, so it runs on a fresh machine with nothing but
Python >= 3.10 and the package index. Each interpreter gets its own virtual environment
under ``.venv/``; it is reinstalled only when ``pyproject.toml`` changes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venv"
MINORS = ("3.10", "3.11", "3.12", "3.13")
LINT_PATHS = ["src", "tests", "scripts", "bench", "docs", "conftest.py"]


def find_interpreters() -> list[Path]:
    """The newest pyenv CPython of each minor 3.10-3.13, else the current interpreter."""
    found: dict[str, tuple[tuple[int, ...], Path]] = {}
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = Path(
            subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        for version_dir in sorted((root / "versions").glob("3.*")):
            parts = version_dir.name.split(".")
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                continue  # skip dev builds, virtualenvs and other flavours
            minor = ".".join(parts[:2])
            exe = version_dir / "bin" / f"python{minor}"
            if minor in MINORS and exe.exists():
                key = tuple(int(p) for p in parts)
                if minor not in found or key > found[minor][0]:
                    found[minor] = (key, exe)
    if not found:
        return [Path(sys.executable)]
    return [found[m][1] for m in MINORS if m in found]


def version_of(python: Path) -> str:
    out = subprocess.run(
        [str(python), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def ensure_venv(python: Path, *, dev: bool) -> Path:
    """Create (or reuse) the virtual environment for *python*; return its interpreter."""
    venv = VENVS / version_of(python)
    exe = venv / "bin" / "python"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = venv / "perfeval-stamp"
    installed = stamp.read_text() if exe.exists() and stamp.exists() else ""
    # A development environment also serves the demo; a runtime-only one does not serve tests.
    if installed == f"{digest}:dev" or (installed == f"{digest}:runtime" and not dev):
        return exe
    # The development tools are a dependency group (PEP 735): pip 25.1 or later.
    extra = ["-e", ".", "--group", "dev"] if dev else ["-e", "."]
    print(f"==> setting up {venv.relative_to(ROOT)} ({python})", flush=True)
    if not exe.exists():
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
    pip = [str(exe), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, *extra], check=True, cwd=ROOT)
    stamp.write_text(f"{digest}:{'dev' if dev else 'runtime'}")
    return exe


#: The JavaScript packages the ajv test needs, pinned to their major versions.
JS_PACKAGES = ("ajv@8", "ajv-formats@3")
JS_ROOT = ROOT / "build" / "js"


def ensure_js() -> Path | None:
    """Install ajv under build/js once, where npm exists; return its node_modules.

    Without Node.js the ajv test reports itself skipped (and fails under CI=true).
    """
    npm, node = shutil.which("npm"), shutil.which("node")
    modules = JS_ROOT / "node_modules"
    if (modules / "ajv" / "package.json").is_file():
        return modules
    if npm is None or node is None:
        print("==> Node.js/npm not found: the ajv test will be skipped", flush=True)
        return None
    print(f"==> installing {' '.join(JS_PACKAGES)} into {JS_ROOT.relative_to(ROOT)}", flush=True)
    JS_ROOT.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--no-audit", "--no-fund", "--silent", *JS_PACKAGES]
    if subprocess.run(command, cwd=JS_ROOT, check=False).returncode != 0:
        print("==> npm install failed: the ajv test will be skipped", flush=True)
        return None
    return modules


def run_step(name: str, cmd: list[str], env: dict[str, str], *, cwd: Path = ROOT) -> bool:
    print(f"--> {name}: {' '.join(cmd)}", flush=True)
    started = time.perf_counter()
    ok = subprocess.run(cmd, cwd=cwd, env=env, check=False).returncode == 0
    print(
        f"<-- {name}: {'ok' if ok else 'FAILED'} ({time.perf_counter() - started:.1f}s)", flush=True
    )
    return ok


Step = tuple[str, list[str]]


def prepare(python: Path, *, examples: str, js: bool = False) -> tuple[Path, dict[str, str]]:
    """Set up the development environment of *python*; return its interpreter and the
    environment its jobs run in (*examples*: how many property examples, light or full).
    """
    exe = ensure_venv(python, dev=True)
    env = dict(os.environ)
    env["PATH"] = f"{exe.parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COVERAGE_FILE"] = str(ROOT / "build" / f".coverage.{version_of(exe)}")
    env["PERFEVAL_EXAMPLES"] = examples
    if js:
        modules = ensure_js()
        if modules is not None:
            env["PERFEVAL_NODE_MODULES"] = str(modules)
        if not (env.get("PERFEVAL_CHROMIUM") or shutil.which("chromium")):
            # tests/test_render_browser.py drives Debian's chromium (fonts-noto-cjk for
            # the Chinese glyphs); .ci/run installs both.
            print("==> chromium not found: the browser tests will be skipped", flush=True)
    return exe, env


def lint_steps(exe: Path) -> list[Step]:
    lint = [p for p in LINT_PATHS if (ROOT / p).exists()]
    ruff = str(exe.parent / "ruff")
    return [
        ("ruff check", [ruff, "check", *lint]),
        ("ruff format", [ruff, "format", "--check", *lint]),
    ]


def mypy_step(exe: Path) -> Step:
    return ("mypy --strict", [str(exe), "-m", "mypy", "--strict", "src", "tests"])


def pytest_steps(exe: Path, extra: list[str]) -> list[Step]:
    pytest = ["-m", "pytest", "-p", "no:cacheprovider", *extra]
    return [
        ("pytest + coverage", [str(exe), "-m", "coverage", "run", *pytest]),
        ("coverage report", [str(exe), "-m", "coverage", "report"]),
    ]


def docs_steps(exe: Path) -> list[Step]:
    build = ROOT / "build" / version_of(exe)
    sphinx = [str(exe), "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b"]
    return [
        ("sphinx html", [*sphinx, "html", "docs", str(build / "html")]),
        ("sphinx doctest", [*sphinx, "doctest", "docs", str(build / "doctest")]),
    ]


def run_steps(label: str, steps: list[Step], env: dict[str, str]) -> list[str]:
    """Run every step, even after a failure; return the failed ones, named with *label*."""
    return [f"{label}: {name}" for name, cmd in steps if not run_step(name, cmd, env)]


def test_with(python: Path, *, full: bool) -> list[str]:
    """Run every gate with one interpreter; return the names of failed steps.

    With *full* the property tests draw all their examples; otherwise a fifth
    (``PERFEVAL_EXAMPLES=light``): the heavy runs need one interpreter, not four.
    """
    exe, env = prepare(python, examples="full" if full else "light", js=True)
    version = version_of(exe)
    steps = [*lint_steps(exe), mypy_step(exe), *pytest_steps(exe, []), *docs_steps(exe)]
    print(f"\n===== Python {version} ({env['PERFEVAL_EXAMPLES']} examples) =====", flush=True)
    failed = run_steps(version, steps, env)
    if full:  # the heavy gate, on one interpreter: what is published must pass too
        failed += [f"{version}: {name}" for name in test_sdist(exe, env)]
    return failed


def test_sdist(exe: Path, env: dict[str, str]) -> list[str]:
    """Build the sdist and the wheel, and run the suite from the unpacked sdist.

    The sdist is unpacked into ``build/sdist/``, installed there into a fresh virtual
    environment with the development group its own ``pyproject.toml`` names, and its
    tests run against it (a fifth of the property examples: the full run was above).
    Returns the names of the steps that failed.
    """
    dist, work = ROOT / "build" / "dist", ROOT / "build" / "sdist"
    for path in (dist, work):
        shutil.rmtree(path, ignore_errors=True)
    build = [str(exe), "-m", "build", "--outdir", str(dist), str(ROOT)]
    if not run_step("build sdist and wheel", build, env):
        return ["build sdist and wheel"]
    archives = sorted(dist.glob("perfeval-*.tar.gz"))
    wheels = sorted(dist.glob("perfeval-*.whl"))
    if len(archives) != 1 or len(wheels) != 1:
        print(f"expected one sdist and one wheel in {dist}, found {archives + wheels}")
        return ["build sdist and wheel"]
    work.mkdir(parents=True)
    with tarfile.open(archives[0]) as archive:
        archive.extractall(work, filter="data")
    (unpacked,) = work.glob("perfeval-*")
    venv = work / "venv"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    group = f"{unpacked / 'pyproject.toml'}:dev"
    steps: list[tuple[str, list[str]]] = [
        ("sdist: virtual environment", [str(exe), "-m", "venv", str(venv)]),
        ("sdist: pip", [*pip, "--upgrade", "pip"]),
        ("sdist: install", [*pip, "-e", str(unpacked), "--group", group]),
        ("sdist: tests", [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q"]),
    ]
    sdist_env = {**env, "PERFEVAL_EXAMPLES": "light", "PATH": f"{venv / 'bin'}:{env['PATH']}"}
    for name, cmd in steps:
        if not run_step(name, cmd, sdist_env, cwd=unpacked):
            return [name]
    return []


def resolve_python(wanted: str | None) -> Path:
    """The interpreter a one-interpreter session runs on.

    *wanted* is a version (``3.12``, ``3.12.1``) among those :func:`find_interpreters`
    finds, or the path of an interpreter; without it, the newest found.
    """
    found = find_interpreters()
    if wanted is None:
        return found[-1]
    if os.sep in wanted or Path(wanted).exists():
        return Path(wanted)
    for python in reversed(found):
        version = version_of(python)
        if version == wanted or version.startswith(f"{wanted}."):
            return python
    names = ", ".join(version_of(python) for python in found)
    raise SystemExit(f"no Python {wanted} found (found: {names}); give a version or a path")


def report(failed: list[str], done: str) -> int:
    print()
    if failed:
        print("FAILED steps:\n  " + "\n  ".join(failed))
        return 1
    print(done)
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    """Every gate on every CPython 3.10-3.13 found, or on --python only."""
    pythons = [resolve_python(args.python)] if args.python else find_interpreters()
    print("interpreters:", ", ".join(str(p) for p in pythons), flush=True)
    failed: list[str] = []
    for python in pythons:
        failed += test_with(python, full=python == pythons[-1])  # the newest runs in full
    return report(failed, f"all gates passed on {len(pythons)} interpreter(s)")


def single(
    args: argparse.Namespace, steps: Callable[[Path], list[Step]], *, js: bool = False
) -> int:
    """Run the *steps* of one session on one interpreter."""
    # The environment's PERFEVAL_EXAMPLES is kept: a fifth of the examples by default.
    exe, env = prepare(
        resolve_python(args.python), examples=os.environ.get("PERFEVAL_EXAMPLES", "light"), js=js
    )
    version = version_of(exe)
    print(f"\n===== {args.job}: Python {version} =====", flush=True)
    return report(run_steps(version, steps(exe), env), f"{args.job}: passed on Python {version}")


def cmd_pytest(args: argparse.Namespace) -> int:
    """pytest with branch coverage; arguments after -- go to pytest."""
    # A selection of tests cannot reach the coverage threshold: report it only for all.
    return single(
        args, lambda exe: pytest_steps(exe, args.extra)[: 1 if args.extra else 2], js=True
    )


def cmd_lint(args: argparse.Namespace) -> int:
    """ruff check and ruff format --check."""
    return single(args, lint_steps)


def cmd_types(args: argparse.Namespace) -> int:
    """mypy --strict on src and tests; mypy and pyright on the user programs of tests/typing."""
    typing = ["-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/typing"]
    return single(args, lambda exe: [mypy_step(exe), ("mypy + pyright", [str(exe), *typing])])


def cmd_docs(args: argparse.Namespace) -> int:
    """The Sphinx html and doctest builds, warnings as errors, into build/<version>/."""
    return single(args, docs_steps)


def cmd_bench(args: argparse.Namespace) -> int:
    """The benchmarks, bench/run.py; arguments after -- go to it (--quick, --rounds N)."""
    return single(args, lambda exe: [("bench", [str(exe), "-m", "bench.run", *args.extra])])


def cmd_sdist(args: argparse.Namespace) -> int:
    """Build the sdist and the wheel, and run the test suite from the unpacked sdist."""
    exe, env = prepare(resolve_python(args.python), examples="light")
    version = version_of(exe)
    failed = [f"{version}: {name}" for name in test_sdist(exe, env)]
    return report(failed, f"sdist: passed on Python {version}")


def cmd_demo(args: argparse.Namespace) -> int:
    """Validate, check and summarise the bundled kaifu-2020 report with the perfeval CLI."""
    python = resolve_python(args.python) if args.python else Path(sys.executable)
    exe = ensure_venv(python, dev=False)
    perfeval = [str(exe), "-m", "perfeval"]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    status = 0
    for command in (["check", "--example", "kaifu-2020"], ["summary", "--example", "kaifu-2020"]):
        print(f"$ perfeval {' '.join(command)}", flush=True)
        status |= subprocess.run([*perfeval, *command], cwd=ROOT, env=env, check=False).returncode
    return status


def cmd_list(args: argparse.Namespace) -> int:
    """These sessions, one line each."""
    del args
    width = max(map(len, SESSIONS))
    for name, (command, _) in SESSIONS.items():
        summary = (command.__doc__ or "").strip().splitlines()[0]
        print(f"{name:<{width}}  {summary}")
    return 0


#: Each session: its function, and whether it takes arguments after ``--``.
SESSIONS: dict[str, tuple[Callable[[argparse.Namespace], int], bool]] = {
    "demo": (cmd_demo, False),
    "test": (cmd_test, False),
    "pytest": (cmd_pytest, True),
    "lint": (cmd_lint, False),
    "types": (cmd_types, False),
    "docs": (cmd_docs, False),
    "bench": (cmd_bench, True),
    "sdist": (cmd_sdist, False),
    "list": (cmd_list, False),
}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    # What follows -- goes to pytest or bench as it is (argparse would read its options).
    split = arguments.index("--") if "--" in arguments else len(arguments)
    arguments, extra = arguments[:split], arguments[split + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s SESSION [--python PYTHON] [-- ARGUMENTS...]",
        epilog="sessions: " + ", ".join(SESSIONS) + " (`list` describes them); arguments"
        " after -- go to pytest (session pytest) or bench/run.py (session bench)",
    )
    parser.add_argument("job", choices=SESSIONS, metavar="SESSION")
    parser.add_argument(
        "--python",
        help="run with this interpreter only: a version (3.12) or a path; for one-interpreter"
        " sessions the newest found by default",
    )
    args = parser.parse_args(arguments)
    args.extra = extra
    command, takes_extra = SESSIONS[args.job]
    if extra and not takes_extra:
        parser.error(f"{args.job} takes no arguments after --: {' '.join(extra)}")
    return command(args)


if __name__ == "__main__":
    sys.exit(main())
