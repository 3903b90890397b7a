"""The `okr` console script: the CLI, started without the cyclic garbage collector.

Start-up makes ~100k objects that live as long as the process (modules, pydantic's
validators, the cycle's records, the widgets). The collector would walk them all again
and again while they are built (~70 ms of a meeting's start, measured) and free nothing.
It is switched back on when the command ends (after ``gc.freeze()``: the exit's collection
would walk it all), or, in a terminal app, once its first frame is painted (after
``gc.freeze()`` has set what start-up made aside for good).
"""

from __future__ import annotations

import gc
import os
import sys
import types

PLUGIN_LOADER = "pydantic.plugin._loader"


def no_plugin_search() -> None:
    """okr uses no pydantic plugins (PYDANTIC_DISABLE_PLUGINS=__all__, the default here),
    yet pydantic imports its plugin loader with the first model it builds, and the loader
    imports importlib.metadata (email, zipfile, csv, socket: ~10 ms and ~1.5 MiB of every
    command that reads the store) only to find that it may load none. With plugins
    disabled that answer is known, so it is given here. Another setting in the environment
    gets pydantic's own loader."""
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") != "__all__" or PLUGIN_LOADER in sys.modules:
        return
    loader = types.ModuleType(PLUGIN_LOADER, "No pydantic plugins: PYDANTIC_DISABLE_PLUGINS=__all__ (tui/cli/launch.py).")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> () : none
    sys.modules[PLUGIN_LOADER] = loader


def main(args: list[str] | None = None) -> None:
    gc.disable()
    no_plugin_search()
    try:
        from tui.cli.main import main as cli

        cli(args, prog_name="okr")
    finally:
        # What the command made lives until the process ends: set aside, it is not walked
        # again by the collection Python makes as it exits (`okr list` on a 16-team
        # quarter: 230 -> 190 ms side by side).
        gc.freeze()
        gc.enable()
