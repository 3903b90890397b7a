"""okr's version, read from its installed metadata without importlib.metadata.

importlib.metadata brings email, zipfile, csv and more (~15 ms): more than the rest of
`okr --version` over `import click` (a benchmark target: at most 1.3x). The version is
the ``Version:`` line of the first ``okr_checkin-*.dist-info/METADATA`` on sys.path,
the one importlib.metadata would find; anything else (an egg, a zip) goes to
importlib.metadata after all.
"""

from __future__ import annotations

import os
import sys

DISTRIBUTION = "okr-checkin"
_PREFIX = DISTRIBUTION.replace("-", "_") + "-"


def okr_version() -> str:
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith(_PREFIX) and name.endswith(".dist-info"):
                found = _metadata_version(os.path.join(entry or ".", name, "METADATA"))
                if found:
                    return found
    return _version_from_importlib()


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("Version:"):
                    return line.removeprefix("Version:").strip()
                if not line.strip():  # the headers end at the first blank line
                    break
    except OSError:
        pass
    return None


def _version_from_importlib() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def version_line() -> str:
    """The `okr --version` line in the chosen language (from --lang, OKR_LANG or the locale:
    the store's setting is not read for it, to keep `okr --version` quick)."""
    from tui.i18n import _

    return _("okr, version {version}").format(version=okr_version())
