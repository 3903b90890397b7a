"""The meeting summary as text (scrollback) and Markdown (docs, wiki); Slack is in slack.py,
JSON in json_out.py. Sections: needs help (ranked, each key result once, the asks that name
a helper first), objectives (referring to it), not checked in, blockers resolved this week
and still open, wins, next steps.

Pure functions over ``store.summary.Summary``. User text is never read as markup: the
text form is built from ``rich.text.Text`` pieces, the Markdown form backslash-escapes
every character Markdown gives a meaning to, and control characters are stripped from
user text in every form.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from store.blockers import week_since
from store.rules import Band, Reason, confidence_band
from store.summary import KRLine, ObjectiveLine, Summary
from tui.display import NBSP, one_line, pct, quantity
from tui.display import bar as cells_bar
from tui.display import clean_lines as clean  # the name history.py, grade.py and the renderers use
from tui.i18n import _

_BLOCKED = f"{Reason.BLOCKED}: "


# -- shared bits ---------------------------------------------------------------------

def change(now: float | None, before: float | None) -> str:
    """" (+10)", " (-2)", " (±0)", or "" when there is nothing to compare."""
    if now is None or before is None:
        return ""
    delta = round(now) - round(before)
    return f" ({delta:+d})" if delta else " (±0)"


def confidence(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def shown(word: object) -> str:
    """One of the store's English words (a band, a kind) as shown; the msgids are the
    words themselves (tui/widgets/words.py marks them)."""
    return _(str(word)) if word else ""


def band_note(band: str) -> str:
    """" (risky but likely)" after a confidence, "" without a band."""
    return _(" ({band})").format(band=shown(band)) if band else ""


def band_cells() -> int:
    """The widest band in the chosen language (English: "needs a breakthrough")."""
    return max(cell_len(_(str(band))) for band in Band)


def objective_confidence(obj: ObjectiveLine) -> str:
    """"6/10 (+1, needs a breakthrough)": the objective's confidence, its change and band."""
    if obj.confidence is None:
        return "-"
    band = shown(confidence_band(obj.confidence))
    delta = change(obj.confidence, obj.confidence_before).strip(" ()")
    notes = _("{change}, {band}").format(change=delta, band=band) if delta else band
    return _("{value} ({notes})").format(value=f"{obj.confidence}/10", notes=notes)


def metric(kr: KRLine) -> str:
    """A metric key result's current value with its unit ("6 h"), else ""."""
    if kr.value is None:
        return ""
    return quantity(kr.value, kr.unit)


def other_reasons(kr: KRLine) -> list[str]:
    """The needs-help reasons in the chosen language but the blocker one, which is shown as
    its own fields (found by its name, or by its English words in an older line)."""
    shown = kr.shown_reasons
    if not kr.blocker:
        return shown
    names = kr.reason_names or [""] * len(kr.reasons)
    return [r for r, name, english in zip(shown, names, kr.reasons)
            if name != Reason.BLOCKED and not english.startswith(_BLOCKED)]


def blocker_label(kr: KRLine) -> str:
    """"blocker" or "blocker (3rd week, since 2026-W46)"."""
    if kr.blocker_age > 1:
        return _("blocker ({age})").format(age=week_since(kr.blocker_age, kr.blocker_since))
    return _("blocker")


def reason_parts(kr: KRLine) -> list[str]:
    """All of a flagged key result's reasons, plain (renderers escape them): the blocker and
    who could help first, then the others in rank order."""
    parts = [_("{label}: {text}").format(label=blocker_label(kr), text=kr.blocker)] if kr.blocker else []
    if kr.help_from:
        parts.append(_("help from: {who}").format(who=kr.help_from))
    return parts + other_reasons(kr)


def not_checked_in(kr: KRLine) -> str:
    """"not checked in this week (latest 2026-W47)", or "" when it was."""
    if kr.checked_in:
        return ""
    if not kr.latest_week:
        return _("never checked in")
    return _("not checked in this week (latest {week})").format(week=kr.latest_week)


def help_numbers(summary: Summary) -> dict[str, int]:
    """Each needs-help key result's number in the ranked list, for the objectives to refer to."""
    return {kr.id: i for i, kr in enumerate(summary.needs_help, start=1)}


def duration(meeting: dict[str, Any]) -> str:
    """"14 min" for a finished meeting, "not finished" otherwise."""
    started, ended = meeting.get("started"), meeting.get("ended")
    if not started or not ended:
        return _("not finished")
    minutes = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds() / 60
    return _("{n} min").format(n=max(0, round(minutes)))


def scope(summary: Summary) -> list[str]:
    """The summary's filter and cycle/week, as phrases."""
    parts = [_("cycle {name}").format(name=clean(summary.cycle)), _("week {week}").format(week=summary.week)]
    if summary.team:
        parts.append(_("team {name}").format(name=clean(summary.team)))
    if summary.review:  # says what is left out: others' key results under the owner's objectives
        parts.append(_("only {owner}'s key results").format(owner=clean(summary.owner)))
    elif summary.owner:
        parts.append(_("owner {name}").format(name=clean(summary.owner)))
    return parts


def review_title(summary: Summary) -> str:
    """"Li Wei's weekly review" (a review's head, as the app's title says it)."""
    return _("{owner}'s weekly review").format(owner=clean(summary.owner))


def meeting_parts(meeting: dict[str, Any]) -> list[str]:
    if meeting.get("kind") == "review":  # its facilitator and attendee are the owner
        return [_("review {id}").format(id=clean(meeting.get("id", ""))), duration(meeting)]
    parts = [_("meeting {id}").format(id=clean(meeting.get("id", "")))]
    if meeting.get("facilitator"):
        parts.append(_("facilitator {name}").format(name=clean(meeting["facilitator"])))
    if meeting.get("attendees"):
        parts.append(_("attendees {names}").format(names=", ".join(clean(a) for a in meeting["attendees"])))
    parts.append(duration(meeting))
    return parts


# -- plain / ANSI text ---------------------------------------------------------------
def pad(text: str, cells: int) -> str:
    """Pad to a width in terminal cells (wide characters count twice)."""
    return text + " " * max(0, cells - cell_len(text))


def bar(progress: int | None) -> str:
    """"[####------]": plain ASCII, for any terminal's scrollback and a pasted log."""
    return "[" + cells_bar(progress, full="#", empty="-") + "]"


def _line(*parts: str | tuple[str, str]) -> Text:
    """A Text from plain strings and (string, style) pairs; strings are never parsed."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(part[0], style=part[1])
        else:
            out.append(part)
    return out


def _block(indent: str, label: str, text: str, style: str = "") -> list[Text]:
    """A labelled, possibly multi-line user text; continuation lines are indented."""
    lines = clean(text).splitlines() or [""]
    hang = indent + " " * cell_len(label)
    out = [_line(indent, (label, "dim"), (lines[0], style))]
    out += [_line(hang, (rest, style)) for rest in lines[1:]]
    return out


def _needs_help_text(summary: Summary) -> list[Text]:
    out = [_line((_("NEEDS HELP ({n})").format(n=len(summary.needs_help)), "bold red"))]
    if not summary.needs_help:
        out.append(_line("  " + _("Nothing needs help this week.")))
    for i, kr in enumerate(summary.needs_help, start=1):
        band = band_note(kr.band)
        value = f" · {metric(kr)}" if metric(kr) else ""
        missing = f" · {not_checked_in(kr)}" if not_checked_in(kr) else ""
        out.append(_line(f"  {i}. ", (kr.id, "bold"), "  ", (clean(kr.title), "bold"), f"  ({clean(kr.owner)})",
                         (missing, "yellow")))
        out.append(_line(f"        {bar(kr.progress)} {pct(kr.progress)}{value} · "
                         + _("confidence {value}").format(value=confidence(kr.confidence)) + band))
        # One line with every reason and who could help (user text never wraps it: one line).
        out.append(_line("        ", ("! ", "dim"), (" · ".join(one_line(p) for p in reason_parts(kr)),
                                                     "yellow")))
    return out


def help_flag(kid: str, numbers: dict[str, int]) -> str:
    """"  ! needs help #2" held together by NBSP (a wrap never leaves "!" or "#2" alone on a
    line), or "" for a key result that does not need help."""
    if kid not in numbers:
        return ""
    return f"  !{NBSP}" + _("needs help #{n}").format(n=numbers[kid]).replace(" ", NBSP)


def kr_brief(kr: KRLine) -> str:
    """"40% · 6 h · confidence 6/10": a key result's latest numbers in a ledger line."""
    value = f" · {metric(kr)}" if metric(kr) else ""
    return f"{pct(kr.progress)}{value} · " + _("confidence {value}").format(value=confidence(kr.confidence))


def _ledger_text(summary: Summary) -> list[Text]:
    """Not checked in, Resolved this week, Still open."""
    numbers = help_numbers(summary)
    out = [Text(), _line((_("NOT CHECKED IN ({n})").format(n=len(summary.not_checked_in)), "bold yellow"))]
    if not summary.not_checked_in:
        out.append(_line("  " + _("Every key result was checked in.")))
    for kr in summary.not_checked_in:
        flag = help_flag(kr.id, numbers)
        latest = latest_phrase(kr, kr_brief(kr))
        out.append(_line("  ", (kr.id, "bold"), "  ", clean(kr.title), f" ({clean(kr.owner)}) · {latest}",
                         (flag, "bold red")))
    if summary.absent:  # only when someone was marked absent: not "fine", not "not checked in"
        out += [Text(), _line((_("ABSENT ({n})").format(n=len(summary.absent)), "bold yellow"))]
    for kr in summary.absent:
        flag = help_flag(kr.id, numbers)
        latest = latest_phrase(kr, kr_brief(kr))
        out.append(_line("  ", (kr.id, "bold"), "  ", clean(kr.title),
                         f" ({clean(kr.owner)}) · " + _("absent") + f" · {latest}", (flag, "bold red")))
    out += [Text(), _line((_("RESOLVED THIS WEEK ({n})").format(n=len(summary.resolved)), "bold green"))]
    if not summary.resolved:
        out.append(_line("  " + _("None.")))
    for b in summary.resolved:
        out.append(_line("  ", (b["kr"], "bold"), "  ", one_line(b["text"]),
                         "  " + resolved_phrase(b, helper_phrase(b))))
    out += [Text(), _line((_("STILL OPEN ({n})").format(n=len(summary.still_open)), "bold yellow"))]
    if not summary.still_open:
        out.append(_line("  " + _("No open blockers.")))
    for b in summary.still_open:
        out.append(_line("  ", (b["kr"], "bold"), "  ", one_line(b["text"]),
                         "  " + open_phrase(b, helper_phrase(b), clean(b["owner"]))))
    return out


def open_age(b: dict[str, Any]) -> str:
    return _("raised this week") if b["age"] <= 1 else week_since(b["age"], b["raised"])


def helper_phrase(b: dict[str, Any]) -> str:
    return " · " + _("{who} could help").format(who=clean(b["help_from"])) if b["help_from"] else ""


def latest_phrase(kr: KRLine, facts: str) -> str:
    """"latest 2026-W47: 40% · confidence 6/10" for a key result not checked in this week."""
    return _("latest {week}: {facts}").format(week=kr.latest_week, facts=facts) if kr.latest_week \
        else _("no check-in yet")


def resolved_phrase(b: dict[str, Any], helper: str) -> str:
    """"(raised 2026-W46 · Legal could help)" (``helper`` already escaped as the form needs)."""
    return _("(raised {week}{helper})").format(week=b["raised"], helper=helper)


def open_phrase(b: dict[str, Any], helper: str, owner: str) -> str:
    """"(3rd week, since 2026-W46 · Legal could help · Ben's)"."""
    return _("({age}{helper} · {owner}'s)").format(age=open_age(b), helper=helper, owner=owner)


def _objective_text(obj: ObjectiveLine, id_cells: int, numbers: dict[str, int]) -> list[Text]:
    facts = [clean(obj.owner), shown(obj.kind)]
    if obj.aligns_to:
        facts.append(_("aligns to {id}").format(id=clean(obj.aligns_to)))
    out = [_line("  ", (obj.id, "bold"), "  ", (clean(obj.title), "bold"), f"  ({', '.join(facts)})")]
    out.append(_line("      " + objective_facts(obj)))
    if obj.note:
        out.extend(_block("      ", _("note: "), obj.note))
    for kr in obj.key_results:
        progress = pad(pct(kr.progress) + change(kr.progress, kr.progress_before), len("100% (+100)"))
        conf = pad(f"{confidence(kr.confidence)} {shown(kr.band)}".rstrip(), len("10/10 ") + band_cells())
        value = f" · {metric(kr)}" if metric(kr) else ""
        flag = (help_flag(kr.id, numbers), "bold red")
        # Numbers on a line of their own, so they line up whatever the title's length.
        out.append(_line(f"      {pad(kr.id, id_cells)}  ", clean(kr.title), f" ({clean(kr.owner)})", flag))
        out.append(_line(f"      {' ' * id_cells}  {bar(kr.progress)} {progress} {conf}{value}".rstrip()))
    return out


def objective_facts(obj: ObjectiveLine) -> str:
    """"progress 40% (+5) · confidence 6/10 (+1, needs a breakthrough)"."""
    return (_("progress {value}").format(value=pct(obj.progress) + change(obj.progress, obj.progress_before))
            + " · " + _("confidence {value}").format(value=objective_confidence(obj)))


def _lines(summary: Summary) -> list[Text]:
    title = review_title(summary) if summary.review else _("OKR check-in summary")
    out = [_line((title, "bold"), " · " + " · ".join(scope(summary)))]
    if summary.meeting:
        out.append(_line(" · ".join(meeting_parts(summary.meeting))))
    out += [Text(), *_needs_help_text(summary), Text(), _line((_("OBJECTIVES"), "bold"))]
    if not summary.objectives:
        out.append(_line("  " + _("No objectives.")))
    id_cells = max((cell_len(k.id) for o in summary.objectives for k in o.key_results), default=0)
    numbers = help_numbers(summary)
    for obj in summary.objectives:
        out += _objective_text(obj, id_cells, numbers)
    out += _ledger_text(summary)
    out += [Text(), _line((_("WINS"), "bold green"))]
    if not summary.wins:
        out.append(_line("  " + _("None recorded.")))
    for win in summary.wins:
        out.append(_line("  ", (clean(win["objective"]), "bold"), "  ", clean(win["title"])))
        out.extend(_block("      ", "", win["wins"], "green"))
    out += [Text(), _line((_("NEXT STEPS"), "bold"))]
    if not summary.next_steps:
        out.append(_line("  " + _("None recorded.")))
    for step in summary.next_steps:
        out.append(_line("  ", (step["kr"], "bold"), "  ", clean(step["title"])))
        out.extend(_block("      ", "", step["next_step"]))
    return out




def wrap(line: Text, width: int) -> list[Text]:
    """The line in ``width`` cells, broken at spaces; continuation lines keep the line's
    indent and two more, so a wrapped fact stays under its key result."""
    plain = line.plain
    if cell_len(plain) <= width:
        return [line]
    indent = len(plain) - len(plain.lstrip(" ")) + 2
    if indent >= width // 2:
        return [line]
    offsets, start, room = [], 0, width
    while cell_len(plain[start:]) > room:
        cut = plain.rfind(" ", start + 1, start + room + 1)
        if cut <= start:  # one word longer than the line: cut it where it must be
            cut = start + room
        offsets.append(cut)
        start = cut
        while start < len(plain) and plain[start] == " ":
            start += 1
        room = width - indent
    pieces = line.divide(offsets)
    out = [pieces[0]]
    for piece in pieces[1:]:
        piece = piece.divide([len(piece.plain) - len(piece.plain.lstrip(" "))])[-1]
        out.append(Text(" " * indent) + piece)
    return out


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:  # not a terminal after all
        return 0


def render_text(summary: Summary, *, color: bool = False, width: int | None = None) -> str:
    """The summary for a terminal's scrollback; ANSI styles only when ``color``. When
    printed to a terminal (``color``) lines are wrapped to its width (or ``width``) with
    their indent kept: the terminal's own wrap starts again at column 0."""
    lines = _lines(summary)
    if width is None and color:
        width = _terminal_width()
    if width:
        lines = [part for line in lines for part in wrap(line, max(40, width))]
    if not color:
        return "\n".join(line.plain.rstrip().replace(NBSP, " ") for line in lines) + "\n"
    from rich.console import Console  # 35 ms to import: only colour output needs it

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False, emoji=False,
                      markup=False, width=max(80, *(cell_len(line.plain) for line in lines)))
    for line in lines:
        console.print(line, soft_wrap=True)
    return buffer.getvalue().replace(NBSP, " ")
