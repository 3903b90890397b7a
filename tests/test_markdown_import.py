"""The Markdown outline: export → import gives the same OKRs; hand edits come back; a
malformed line is reported with its number and nothing is imported."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from store import InvalidInputError, Store
from store.markdown_import import import_markdown
from store.portable import export_markdown

OKR = Path(sys.executable).parent / "okr"


def fill(store: Store) -> None:
    with store.write(store.cycle()) as tx:
        o1 = tx.add_objective(title="Create an unmatched customer service experience", owner="Ana",
                              team="Support", confidence=7)
        o2 = tx.add_objective(title="创造无与伦比的用户服务体验 # [b]x[/b]", owner="Dan: lead", kind="aspirational")
        o3 = tx.add_objective(title="Old", owner="Eve")
        tx.update_objective(o1.id, aligns_to=o2.id)  # a parent that comes later in the file
        tx.update_objective(o3.id, archived=True)
        tx.add_key_result(o1.id, title="Dispatch twice a day", owner="Ben", due=dt.date(2026, 12, 15))
        k = tx.add_key_result(o1.id, title="Reply time", start=24.5, target=1.0000001, unit="h per ticket")
        tx.add_key_result(o2.id, title="Migrate billing")
        gone = tx.add_key_result(o2.id, title="Dropped")
        tx.update_key_result(gone.id, archived=True)
        tx.move_key_result(k.id, -1)
        tx.check_in(k.id, "2026-W48", value=13, confidence=6)


def okrs(store: Store, name: str = "2026-Q4") -> list[object]:
    data = store.load(store.cycle(name))
    return [o.model_dump() for o in data.objectives] + [k.model_dump(exclude={"order"}) for k in data.key_results]


def order(store: Store) -> list[str]:
    data = store.load(store.cycle())
    return [o.id for o in data.objectives] + [k.id for k in data.key_results]


def test_round_trip_into_a_fresh_store_gives_the_same_okrs(store: Store, tmp_path: Path) -> None:
    fill(store)
    text = export_markdown([store.load(store.cycle())])
    other = Store.init(tmp_path / "other", today=dt.date(2026, 11, 25))
    assert import_markdown(other, text) == ["2026-Q4: 3 objectives, 4 key results (7 added, 0 updated)"]
    assert okrs(other) == okrs(store)
    assert order(other) == order(store)
    assert other.load(other.cycle()).checkins == []  # check-ins are not part of the outline
    again = export_markdown([other.load(other.cycle())])
    assert again == "".join(line for line in text.splitlines(keepends=True) if not line.startswith("- latest:"))


def test_reimport_into_the_same_store_changes_nothing_but_the_edits(store: Store) -> None:
    fill(store)
    before = okrs(store)
    text = export_markdown([store.load(store.cycle())])
    assert import_markdown(store, text) == ["2026-Q4: 3 objectives, 4 key results (0 added, 7 updated)"]
    assert okrs(store) == before
    edited = text.replace("- owner: Ben", "- owner: Bo").replace(
        "#### O2.1 Migrate billing", "#### O2.1 Migrate billing\n\n#### Move invoices\n- metric: 0 -> 500 invoices")
    import_markdown(store, edited)
    data = store.load(store.cycle())
    assert data.key_result("O1.1").owner == "Bo"  # type: ignore[union-attr]
    new = data.key_result("O2.3")
    assert new is not None and (new.title, new.start, new.target, new.unit) == ("Move invoices", 0, 500, "invoices")
    assert data.checkin("O1.2", "2026-W48") is not None  # check-ins untouched


BAD = [
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n\n### O1 Fine\n- owner: Ana\nowner Ben\n",
     "line 7: not understood: 'owner Ben'"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n- owner: Ana\n- confidence: 11\n",
     "line 6: objective O1: confidence: Input should be less than or equal to 10"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n- owner: Ana\n#### O1.1 KR\n"
     "- metric: 24 to 2 h\n", "line 7: a metric looks like '24 -> 2 h'"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n- owner: Ana\n- colour: red\n",
     "line 6: objective has no field 'colour'"),
    ("## Cycle 2026-Q4\n#### O1.1 KR\n", "line 2: a key result before any objective heading"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### Fine\n- owner: Ana\n#### O7.1 KR\n",
     "line 6: key result O7.1 is under objective O1"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n- owner: Ana\n#### O2.1 KR\n",
     "line 6: key result O2.1 is under objective O1"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n- owner: Ana\n- aligns to: O9\n",
     "line 6: O1 aligns to O9, which is neither in the file nor in cycle 2026-Q4"),
    ("## Cycle 2026-Q4\n- start: 2026-10-01\n- end: 2026-12-31\n### O1 Fine\n", "line 4: the objective O1 needs a '- owner: ...' line"),
    ("## Cycle 2026-Q4\n- start: 2026-10-02\n- end: 2026-12-31\n", "line 1: cycle 2026-Q4 is 2026-10-01 to 2026-12-31 in the store"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_malformed_line_is_reported_and_nothing_imported(store: Store, text: str, message: str) -> None:
    # A good cycle first: it must not be imported either.
    good = "# OKRs\n\n## Cycle 2027-Q1\n- start: 2027-01-01\n- end: 2027-03-31\n### New\n- owner: Ana\n\n"
    shift = good.count("\n")
    with pytest.raises(InvalidInputError) as e:
        import_markdown(store, good + text)
    line, rest = message.split(": ", 1)
    assert str(e.value).startswith(f"line {int(line.split()[1]) + shift}: {rest}")
    assert str(e.value).endswith("nothing was imported")
    assert [c.name for c in store.cycles()] == ["2026-Q4"]
    assert store.load(store.cycle()).objectives == []


def test_cli_import_md_round_trip_and_error(store: Store, tmp_path: Path) -> None:
    fill(store)
    out = subprocess.run([str(OKR), "export", "--format", "markdown", "--store", str(store.path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    md = tmp_path / "okrs.md"
    md.write_text(out.stdout, encoding="utf-8")
    other = Store.init(tmp_path / "other", today=dt.date(2026, 11, 25))
    res = subprocess.run([str(OKR), "import", str(md), "--store", str(other.path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "imported 2026-Q4: 3 objectives, 4 key results (7 added, 0 updated)\n"
    assert okrs(other) == okrs(store)
    md.write_text(out.stdout.replace("- kind: aspirational", "- kind: stretchy"), encoding="utf-8")
    third = Store.init(tmp_path / "third", today=dt.date(2026, 11, 25))
    res = subprocess.run([str(OKR), "import", str(md), "--store", str(third.path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    line = out.stdout.splitlines().index("- kind: aspirational") + 1
    assert res.stderr.startswith(f"Error: line {line}: objective O2: kind: Input should be 'committed' or 'aspirational'")
    assert third.load(third.cycle()).objectives == []
