"""The benchmark's rows and the table it prints."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float | None          # seconds, or KiB when unit == "KiB", or % of a CPU when unit == "%"
    unit: str = "s"
    ratio: float | None = None
    target: float | None = None  # the ratio may be at most this; None: reported only
    note: str = ""
    error: bool = False          # could not be measured, though it should have been

    @property
    def result(self) -> str:
        if self.error:
            return "ERROR"
        if self.value is None:
            return "SKIP"
        if self.target is None or self.ratio is None:
            return "-"
        return "PASS" if self.ratio <= self.target else "FAIL"

    @property
    def missed(self) -> bool:
        return self.result in ("FAIL", "ERROR")


def allowance_ratio(floor: float, stack: float, multiple: float) -> float:
    """The target as a ratio to ``stack`` that leaves okr what ``multiple`` x ``floor``
    left it over ``floor``: (stack + (multiple - 1) floor) / stack, rounded down to the
    hundredth the table prints."""
    return math.floor((stack + (multiple - 1) * floor) / stack * 100) / 100


def unmeasured(name: str, note: str, *, target: float | None = None, unit: str = "s", error: bool = False) -> Row:
    return Row(name, None, unit=unit, target=target, note=note, error=error)


def print_table(rows: list[Row]) -> None:
    def fmt_value(r: Row) -> str:
        if r.value is None:
            return "-"
        if r.unit == "%":
            return f"{r.value:.2f} %"
        return f"{r.value / 1024:.1f} MiB" if r.unit == "KiB" else f"{r.value * 1000:.1f} ms"

    table = [("measurement", "median", "ratio", "target", "result", "note")]
    for r in rows:
        table.append((r.name, fmt_value(r), f"{r.ratio:.2f}x" if r.ratio is not None else "-",
                      f"<= {r.target}x" if r.target is not None else "-", r.result, r.note))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for n, line in enumerate(table):
        print("  ".join(cell.ljust(w) if i in (0, 5) else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
