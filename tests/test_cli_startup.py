"""What keeps okr's start near the floors of its stack (issue 17): the version found
without importlib.metadata, the help's width without shutil, no search for pydantic
plugins, reads that import no lock or temp-file modules; and the same output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from store import Store
from tui.cli.common import help_width
from tui.cli.version import _metadata_version, okr_version

OKR = Path(sys.executable).parent / "okr"


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after `okr ARGS` (run as the console script runs it)."""
    probe = ("import sys\nfrom tui.cli.launch import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit:\n    pass\nprint('\\n'.join(sys.modules), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60,
                       env={**os.environ, **(env or {})})
    return set(r.stderr.splitlines())


def test_the_version_is_the_one_importlib_metadata_finds() -> None:
    assert okr_version() == version("okr-checkin")


def test_okr_version_prints_what_click_version_option_printed() -> None:
    r = subprocess.run([str(OKR), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout == f"okr, version {version('okr-checkin')}\n"


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("meeting", "--help")])
def test_version_and_help_import_neither_importlib_metadata_nor_shutil(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    assert "click" in loaded  # the probe ran
    assert not {"importlib.metadata", "shutil", "traceback"} & loaded


def test_metadata_without_a_version_line_gives_none(tmp_path: Path) -> None:
    meta = tmp_path / "METADATA"
    meta.write_text("Metadata-Version: 2.4\nName: okr-checkin\n\nVersion: 9.9 (in the body, not a header)\n")
    assert _metadata_version(str(meta)) is None
    assert _metadata_version(str(tmp_path / "missing")) is None


@pytest.mark.parametrize("columns", ["40", "60", "79", "100", "0", "x", None])
def test_help_width_is_the_width_click_picks(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert help_width() == max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def test_help_wraps_at_columns_as_before() -> None:
    r = subprocess.run([str(OKR), "meeting", "--help"], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "COLUMNS": "60"})
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 58 and any(len(line) > 50 for line in lines)


def test_reading_the_store_imports_no_plugin_search_lock_or_temp_files(store: Store) -> None:
    loaded = modules_after("list", "--format", "json", "--store", str(store.path))
    assert "store.cycle_file" in loaded  # the cycle was read
    assert not {"importlib.metadata", "filelock", "tempfile", "platformdirs"} & loaded
    assert "locale" not in loaded  # the stdlib's gettext, asked by click.Path for its name, imports it
    assert "tui.cli.help_format" not in loaded  # only to write help
    assert not {"store.commit", "store.cycle_tx", "store.store_tx", "store.lock"} & loaded  # a write's


def test_an_answer_saved_from_the_command_line_imports_no_lock_library_or_tempfile(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        tx.add_key_result(tx.add_objective(title="Ship", owner="Ana").id, title="Ship it")
    loaded = modules_after("checkin", "O1.1", "--confidence", "7", "--store", str(store.path))
    assert "store.lock" in loaded and store.load(store.cycle()).history("O1.1")[-1].confidence == 7  # it was saved
    assert not {"filelock", "tempfile", "shutil", "logging"} & loaded  # store/lock.py, files.open_temp: ~18 ms


def test_plugins_left_to_pydantic_when_the_environment_asks_for_them(store: Store) -> None:
    loaded = modules_after("list", "--store", str(store.path), env={"PYDANTIC_DISABLE_PLUGINS": "some-plugin"})
    assert {"store.cycle_file", "importlib.metadata"} <= loaded  # pydantic's own loader ran


def test_pydantic_still_asks_the_module_okr_answers_for() -> None:
    """no_plugin_search() answers for pydantic.plugin._loader.get_plugins: if pydantic stops
    asking it, the answer is dead code (and the plugin search is back in every start)."""
    import inspect

    from pydantic.plugin import _schema_validator

    from tui.cli.launch import PLUGIN_LOADER

    assert PLUGIN_LOADER == "pydantic.plugin._loader"
    assert "from ._loader import get_plugins" in inspect.getsource(_schema_validator.create_schema_validator)


def test_with_no_plugin_search_models_still_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli.launch import PLUGIN_LOADER, no_plugin_search

    monkeypatch.delitem(sys.modules, PLUGIN_LOADER, raising=False)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    no_plugin_search()
    from pydantic import BaseModel, Field, ValidationError

    class Probe(BaseModel):
        confidence: int = Field(ge=1, le=10)

    assert Probe(confidence=3).confidence == 3
    with pytest.raises(ValidationError):
        Probe(confidence=11)


def test_no_model_default_is_made_by_a_builtin() -> None:
    """pydantic asks each default factory's signature; a builtin's (``list``) is parsed from
    its text signature with tokenize, ~15 ms at the first model built."""
    import inspect

    from store import models, replay

    classes = [c for m in (models, replay) for c in vars(m).values()
               if inspect.isclass(c) and issubclass(c, models.BaseModel) and c.__module__ == m.__name__]
    factories = {f"{c.__name__}.{name}": f.default_factory
                 for c in classes for name, f in c.model_fields.items() if f.default_factory is not None}
    assert "Meeting.attendees" in factories  # the check sees the fields
    assert not [name for name, factory in factories.items() if inspect.isbuiltin(factory) or factory in (list, dict)]
