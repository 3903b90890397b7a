"""okr as installed from its wheel, not the editable install every other test imports: the
wheel and the sdist carry every package and data file git tracks, and the installed `okr`
runs (--version, demo --no-tui, every module imports, the meeting in a real terminal).

The installed programs run with a cwd outside the checkout and no PYTHONPATH
(``installed.run_env``), so nothing of the checkout can stand in for a missing file.
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from installed import PACKAGES, PROJECT, Installed, build_wheel, run, run_env
from tmux_harness import Tmux

from store import Store

pytestmark = pytest.mark.e2e
PACKAGE_FILES = (".py", ".tcss", ".mo", ".po")
VERSION = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
# Imports every module of the installed packages; prints which, which failed, and any
# that came from outside the venv (the checkout on sys.path would show up there).
IMPORT_ALL = """\
import importlib, json, pkgutil, sys, traceback
modules, failed, outside = [], [], []
def failing(name):
    failed.append(f"{name}: {traceback.format_exc()}")
for top in sys.argv[1:]:
    try:
        package = importlib.import_module(top)
    except Exception:
        failing(top)
        continue
    names = [top] + [info.name for info in pkgutil.walk_packages(package.__path__, top + ".", onerror=failing)]
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception:
            failing(name)
            continue
        modules.append(name)
        if not module.__file__.startswith(sys.prefix + "/"):
            outside.append(module.__file__)
print(json.dumps({"modules": modules, "failed": failed, "outside": outside}))
"""


def tracked(*paths: str) -> set[str]:
    """The files git tracks under ``paths`` that are in the working tree."""
    try:
        done = subprocess.run(["git", "-C", str(PROJECT), "ls-files", "-z", "--", *paths],
                              capture_output=True, text=True, timeout=30, check=False)
    except FileNotFoundError:
        pytest.skip("git is not installed: nothing to compare the packages with")
    if done.returncode != 0:
        pytest.skip(f"{PROJECT} is not a git checkout: nothing to compare the packages with")
    return {name for name in done.stdout.split("\0") if name and (PROJECT / name).is_file()}


def package_files() -> set[str]:
    files = {name for name in tracked(*PACKAGES) if name.endswith(PACKAGE_FILES)}
    assert any(name.endswith("/__init__.py") for name in files) and any(name.endswith(".tcss") for name in files)
    return files


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="module")
def sdist(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build --sdist`` of the same source the installed wheel was built from."""
    if importlib.util.find_spec("build") is None:
        pytest.fail("the sdist tests need the `build` package: pip install -e '.[test]' (make does)")
    out = tmp_path_factory.mktemp("sdist")
    run([sys.executable, "-m", "build", "--sdist", "-o", out, installed.source], cwd=out,
        what="python -m build --sdist")
    [archive] = out.glob("okr_checkin-*.tar.gz")
    return archive


def sdist_names(archive: Path) -> set[str]:
    """The sdist's files, relative to its top directory."""
    with tarfile.open(archive) as tar:
        return {member.name.split("/", 1)[1] for member in tar.getmembers() if member.isfile()}


def test_wheel_carries_every_package_and_data_file(installed: Installed) -> None:
    names = wheel_names(installed.wheel)
    missing = package_files() - names
    assert not missing, f"tracked by git but not in {installed.wheel.name}: {sorted(missing)}"
    assert {name.split("/")[0] for name in names} == {*PACKAGES, f"okr_checkin-{VERSION}.dist-info"}
    assert not [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".pyo"))]
    with zipfile.ZipFile(installed.wheel) as archive:
        top_level = archive.read(f"okr_checkin-{VERSION}.dist-info/top_level.txt").decode().split()
    assert sorted(top_level) == sorted(PACKAGES)  # not tests/, nor anything else


def test_sdist_carries_every_package_file_and_the_tests(sdist: Path) -> None:
    names = sdist_names(sdist)
    wanted = package_files() | tracked("tests") | {"README.md", "pyproject.toml"}
    missing = wanted - names
    assert not missing, f"tracked by git but not in {sdist.name}: {sorted(missing)}"
    assert not [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".pyo"))]


def test_sdist_builds_the_same_wheel(installed: Installed, sdist: Path, tmp_path: Path) -> None:
    rebuilt = build_wheel(sdist, tmp_path / "wheel")
    assert wheel_names(rebuilt) == wheel_names(installed.wheel)


def okr(installed: Installed, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(installed.okr), *args], cwd=cwd, env=run_env(), capture_output=True,
                          text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)


def test_installed_okr_version(installed: Installed, tmp_path: Path) -> None:
    done = okr(installed, "--version", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"okr, version {VERSION}"), done.stderr


def test_installed_demo_prints_the_list(installed: Installed, tmp_path: Path) -> None:
    done = okr(installed, "demo", "--dir", str(tmp_path / "demo"), "--no-tui", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Cycle ") and "O1.1  " in done.stdout and "needs help" in done.stdout
    assert "Traceback" not in done.stderr
    store = Store.open(tmp_path / "demo")
    assert store.load(store.cycle()).key_results


def test_every_installed_module_imports(installed: Installed, tmp_path: Path) -> None:
    done = subprocess.run([str(installed.python), "-c", IMPORT_ALL, *PACKAGES], cwd=tmp_path, env=run_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert not result["failed"], "\n".join(result["failed"])
    assert not result["outside"], f"imported from outside the installed venv: {result['outside']}"
    in_wheel = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                for name in wheel_names(installed.wheel) if name.endswith(".py")}
    assert set(result["modules"]) == in_wheel


def test_installed_meeting_in_a_terminal(installed: Installed, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert okr(installed, "demo", "--dir", str(demo), "--no-tui", cwd=tmp_path).returncode == 0
    command = f"{shlex.quote(str(installed.okr))} meeting --store {shlex.quote(str(demo))}; echo EXIT=$?"
    with Tmux(["sh", "-c", command], cwd=tmp_path) as term:
        term.wait_for("Objective 1")
        term.send("C-q")  # quit mid-meeting: the summary so far is printed
        printed = term.wait_for("EXIT=", history=True)
    assert "EXIT=0" in printed
    assert "NEEDS HELP (" in printed and "OBJECTIVES" in printed
