"""A graded cycle as plain text, Markdown and JSON (the `okr grade` output and its exports).

Pure functions over ``store.grading.CycleGrade``. Bands and flags are always in words, so
nothing depends on colour; user text has control characters stripped and, in Markdown,
every significant character escaped.
"""

from __future__ import annotations

from typing import Any

from store.grading import CycleGrade, Flag, KRGrade, ObjectiveGrade
from tui.display import quantity
from tui.i18n import N_, _
from tui.report.json_out import cleaned, dumps
from tui.report.markdown import md
from tui.report.summary import clean, pad, shown

# Bumped when a key of the JSON form is renamed or removed (new keys may appear).
GRADE_JSON_VERSION = 1
BANDS = N_("above 0.7 strong · 0.6-0.7 good · between 0.4 and 0.6 fair · 0.4 or less bad")


def score(value: float | None, band: Any) -> str:
    """"0.65 good", or "-" when there is nothing to grade."""
    return "-" if value is None else f"{value:.2f} {shown(band)}"


def status(graded: CycleGrade) -> str:
    if graded.final:
        return _("final: the cycle ended {end}").format(end=graded.end)
    return _("provisional: the cycle ends {end}").format(end=graded.end)


def kr_facts(kr: KRGrade) -> str:
    """"70%", "70% · 6 h" for a metric, "no check-ins" when never checked in."""
    if kr.progress is None:
        return _("no check-ins")
    value = f" · {quantity(kr.value, kr.unit)}" if kr.value is not None else ""
    return f"{kr.progress}%{value}"


def objective_facts(obj: ObjectiveGrade) -> str:
    facts = [clean(obj.owner), shown(obj.kind)] + ([_("team {name}").format(name=clean(obj.team))] if obj.team else [])
    return ", ".join(facts)


# -- plain text ----------------------------------------------------------------------------
def render_text(graded: CycleGrade) -> str:
    out = [_("OKR grades · cycle {cycle} ({start} to {end}) · {status}").format(
        cycle=clean(graded.cycle), start=graded.start, end=graded.end, status=status(graded)),
           _("bands: {bands}").format(bands=_(BANDS)), ""]
    if not graded.objectives:
        out.append(_("No objectives."))
    width = max((len(k.id) for o in graded.objectives for k in o.key_results), default=0)
    for obj in graded.objectives:
        out.append(f"{obj.id}  {pad(score(obj.score, obj.band), 12)} {clean(obj.title)}  ({objective_facts(obj)})")
        out += [f"      ! {flag.shown}" for flag in obj.flags]
        if not obj.key_results:
            out.append("      " + _("no key results to grade"))
        for kr in obj.key_results:
            out.append(f"    {kr.id:<{width}}  {pad(score(kr.score, kr.band), 12)} {clean(kr.title)}"
                       f"  ({clean(kr.owner)}) · {kr_facts(kr)}")
            out += [f"    {'':<{width}}  ! {flag.shown}" for flag in kr.flags]
        out.append("")
    flags = graded.flags
    out.append(_("CONVERSATIONS WORTH HAVING ({n})").format(n=len(flags)))
    if not flags:
        out.append("  " + _("None flagged."))
    id_width = max((len(i) for i, _ in flags), default=0)
    out += [f"  {item:<{id_width}}  {flag.shown}" for item, flag in flags]
    return "\n".join(out) + "\n"


# -- Markdown --------------------------------------------------------------------------------
def _md_flags(indent: str, flags: list[Flag]) -> list[str]:
    return [f"{indent}- " + _("flag: {text}").format(text=md(flag.shown)) for flag in flags]


def render_markdown(graded: CycleGrade) -> str:
    out = ["## " + _("OKR grades: {cycle} ({start} to {end})").format(
        cycle=md(graded.cycle), start=graded.start, end=graded.end), "",
           "*" + _("{status}. Bands: {bands}.").format(status=md(status(graded)), bands=md(_(BANDS))) + "*", "",
           "### " + _("Objectives"), ""]
    if not graded.objectives:
        out.append(_("No objectives."))
    for obj in graded.objectives:
        out.append(f"- **{obj.id} {md(obj.title)}** ({md(objective_facts(obj))}): "
                   f"**{score(obj.score, obj.band)}**")
        out += _md_flags("  ", obj.flags)
        for kr in obj.key_results:
            out.append(f"  - {kr.id} {md(kr.title)} ({md(kr.owner)}): **{score(kr.score, kr.band)}**"
                       f" · {md(kr_facts(kr))}")
            out += _md_flags("    ", kr.flags)
    flags = graded.flags
    out += ["", "### " + _("Conversations worth having ({n})").format(n=len(flags)), ""]
    if not flags:
        out.append(_("None flagged."))
    out += [f"- **{item}**: {md(flag.shown)}" for item, flag in flags]
    return "\n".join(out) + "\n"


# -- JSON ----------------------------------------------------------------------------------
def render_json(graded: CycleGrade) -> str:
    """``grade_version`` then ``CycleGrade.to_dict()`` (see README)."""
    data = {"grade_version": GRADE_JSON_VERSION, **cleaned(graded.to_dict())}
    return dumps(data) + "\n"
