#!/usr/bin/env python3
"""Set up perfeval's development environments and run its jobs.

Usage::

    python3 scripts/dev.py demo     # set up .venv and run the main job on the bundled example
    python3 scripts/dev.py test     # set up and run the whole test suite on every CPython
                                    # 3.10-3.13 found (pyenv), else on this interpreter

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


def test_with(python: Path, *, full: bool) -> list[str]:
    """Run every gate with one interpreter; return the names of failed steps.

    With *full* the property tests draw all their examples; otherwise a fifth
    (``PERFEVAL_EXAMPLES=light``): the heavy runs need one interpreter, not four.
    """
    exe = ensure_venv(python, dev=True)
    bindir = exe.parent
    version = version_of(exe)
    env = dict(os.environ)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COVERAGE_FILE"] = str(ROOT / "build" / f".coverage.{version}")
    env["PERFEVAL_EXAMPLES"] = "full" if full else "light"
    modules = ensure_js()
    if modules is not None:
        env["PERFEVAL_NODE_MODULES"] = str(modules)
    build = ROOT / "build" / version
    lint = [p for p in LINT_PATHS if (ROOT / p).exists()]
    sphinx = [str(exe), "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b"]
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", [str(bindir / "ruff"), "check", *lint]),
        ("ruff format", [str(bindir / "ruff"), "format", "--check", *lint]),
        ("mypy --strict", [str(exe), "-m", "mypy", "--strict", "src", "tests"]),
        (
            "pytest + coverage",
            [str(exe), "-m", "coverage", "run", "-m", "pytest", "-p", "no:cacheprovider"],
        ),
        ("coverage report", [str(exe), "-m", "coverage", "report"]),
        ("sphinx html", [*sphinx, "html", "docs", str(build / "html")]),
        ("sphinx doctest", [*sphinx, "doctest", "docs", str(build / "doctest")]),
    ]
    print(f"\n===== Python {version} ({env['PERFEVAL_EXAMPLES']} examples) =====", flush=True)
    failed = [f"{version}: {name}" for name, cmd in steps if not run_step(name, cmd, env)]
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


def cmd_test(args: argparse.Namespace) -> int:
    pythons = [Path(args.python)] if args.python else find_interpreters()
    print("interpreters:", ", ".join(str(p) for p in pythons), flush=True)
    failed: list[str] = []
    for python in pythons:
        failed += test_with(python, full=python == pythons[-1])  # the newest runs in full
    print()
    if failed:
        print("FAILED steps:\n  " + "\n  ".join(failed))
        return 1
    print(f"all gates passed on {len(pythons)} interpreter(s)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Validate, check and summarise the bundled kaifu-2020 report with the perfeval CLI."""
    exe = ensure_venv(Path(args.python or sys.executable), dev=False)
    perfeval = [str(exe), "-m", "perfeval"]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    status = 0
    for command in (["check", "--example", "kaifu-2020"], ["summary", "--example", "kaifu-2020"]):
        print(f"$ perfeval {' '.join(command)}", flush=True)
        status |= subprocess.run([*perfeval, *command], cwd=ROOT, env=env, check=False).returncode
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", choices=("demo", "test"))
    parser.add_argument("--python", help="run with this interpreter only")
    args = parser.parse_args()
    return cmd_demo(args) if args.job == "demo" else cmd_test(args)


if __name__ == "__main__":
    sys.exit(main())
