"""A graded cycle as plain text, Markdown and JSON (the `okr grade` output and its exports).

Pure functions over ``store.grading.CycleGrade``. Bands and flags are always in words, so
nothing depends on colour; user text has control characters stripped and, in Markdown,
every significant character escaped.
"""

from __future__ import annotations

from typing import Any

from store.grading import CycleGrade, Flag, KRGrade, ObjectiveGrade

from tui.report.json_out import cleaned, dumps
from tui.report.summary import clean, md

# Bumped when a key of the JSON form is renamed or removed (new keys may appear).
GRADE_JSON_VERSION = 1
BANDS = "above 0.7 strong · 0.6-0.7 good · between 0.4 and 0.6 fair · 0.4 or less bad"


def score(value: float | None, band: Any) -> str:
    """"0.65 good", or "-" when there is nothing to grade."""
    return "-" if value is None else f"{value:.2f} {band}"


def status(graded: CycleGrade) -> str:
    if graded.final:
        return f"final: the cycle ended {graded.end}"
    return f"provisional: the cycle ends {graded.end}"


def kr_facts(kr: KRGrade) -> str:
    """"70%", "70% · 6 h" for a metric, "no check-ins" when never checked in."""
    if kr.progress is None:
        return "no check-ins"
    value = f" · {kr.value:g} {clean(kr.unit)}".rstrip() if kr.value is not None else ""
    return f"{kr.progress}%{value}"


def objective_facts(obj: ObjectiveGrade) -> str:
    facts = [clean(obj.owner), str(obj.kind)] + ([f"team {clean(obj.team)}"] if obj.team else [])
    return ", ".join(facts)


# -- plain text ----------------------------------------------------------------------------
def render_text(graded: CycleGrade) -> str:
    out = [f"OKR grades · cycle {clean(graded.cycle)} ({graded.start} to {graded.end}) · {status(graded)}",
           f"bands: {BANDS}", ""]
    if not graded.objectives:
        out.append("No objectives.")
    width = max((len(k.id) for o in graded.objectives for k in o.key_results), default=0)
    for obj in graded.objectives:
        out.append(f"{obj.id}  {score(obj.score, obj.band):<12} {clean(obj.title)}  ({objective_facts(obj)})")
        out += [f"      ! {flag.text}" for flag in obj.flags]
        if not obj.key_results:
            out.append("      no key results to grade")
        for kr in obj.key_results:
            out.append(f"    {kr.id:<{width}}  {score(kr.score, kr.band):<12} {clean(kr.title)}"
                       f"  ({clean(kr.owner)}) · {kr_facts(kr)}")
            out += [f"    {'':<{width}}  ! {flag.text}" for flag in kr.flags]
        out.append("")
    flags = graded.flags
    out.append(f"CONVERSATIONS WORTH HAVING ({len(flags)})")
    if not flags:
        out.append("  None flagged.")
    id_width = max((len(i) for i, _ in flags), default=0)
    out += [f"  {item:<{id_width}}  {flag.text}" for item, flag in flags]
    return "\n".join(out) + "\n"


# -- Markdown --------------------------------------------------------------------------------
def _md_flags(indent: str, flags: list[Flag]) -> list[str]:
    return [f"{indent}- flag: {md(flag.text)}" for flag in flags]


def render_markdown(graded: CycleGrade) -> str:
    out = [f"## OKR grades: {md(graded.cycle)} ({graded.start} to {graded.end})", "",
           f"*{md(status(graded))}. Bands: {md(BANDS)}.*", "", "### Objectives", ""]
    if not graded.objectives:
        out.append("No objectives.")
    for obj in graded.objectives:
        out.append(f"- **{obj.id} {md(obj.title)}** ({md(objective_facts(obj))}): "
                   f"**{score(obj.score, obj.band)}**")
        out += _md_flags("  ", obj.flags)
        for kr in obj.key_results:
            out.append(f"  - {kr.id} {md(kr.title)} ({md(kr.owner)}): **{score(kr.score, kr.band)}**"
                       f" · {md(kr_facts(kr))}")
            out += _md_flags("    ", kr.flags)
    flags = graded.flags
    out += ["", f"### Conversations worth having ({len(flags)})", ""]
    if not flags:
        out.append("None flagged.")
    out += [f"- **{item}**: {md(flag.text)}" for item, flag in flags]
    return "\n".join(out) + "\n"


# -- JSON ----------------------------------------------------------------------------------
def render_json(graded: CycleGrade) -> str:
    """``grade_version`` then ``CycleGrade.to_dict()`` (see README)."""
    data = {"grade_version": GRADE_JSON_VERSION, **cleaned(graded.to_dict())}
    return dumps(data) + "\n"
