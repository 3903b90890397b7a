"""The theme names, apart from the Theme objects: the CLI checks ``--theme`` without
importing textual (``okr list`` and friends must start fast)."""

DEFAULT_THEME = "okr-dark"
THEME_NAMES: tuple[str, ...] = ("okr-dark", "okr-light", "okr-contrast", "okr-colorblind")
