"""`okr sync`: one store on several hosts, through git (commands in store/git.py).

Git holds the journal (store/journal.py) and the two files that say how to treat it. The
root file and the cycle files are each host's own, rebuilt from the journal (store/replay.py)
whenever it brings something new: journal file names are unique to their host, so a merge
never conflicts, and every host rebuilds the same files from the same journal.

A sync commits this host's new journal files, fetches, merges and rebuilds while it holds the
root file's and every cycle's lock (a write that comes meanwhile waits, then sees the merged
files: an open meeting's live refresh shows them), then pushes; a push refused because
another host pushed first is fetched, merged and pushed again.

Nothing to do costs two git commands and no import of the models (`okr sync` in a loop, a cron job).
"""

from __future__ import annotations

import shutil
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .errors import NoStoreError
from .files import atomic_write, chmod_dir, read_bytes
from .git import Git, Rejected, SyncError, Unreachable
from .i18n import _, ngettext
from .journal import JOURNAL, LOCAL_DIR, EventName, host_id, is_synced, make_dir

ROOT_FILE = "okr.json"  # as store/store.py names it (importing it would load the models)
REMOTE = "origin"
PUSH_TRIES = 5
GITIGNORE = """\
# okr sync: git holds the journal; okr.json and the cycle files are rebuilt from it on each host
/*
!/.gitignore
!/.gitattributes
!/journal/
*.lock
.*.tmp*
"""
GITATTRIBUTES = """\
# okr sync: a journal file is written once, byte for byte: never converted, never merged as text
/journal/** -text merge=binary
"""


@dataclass
class Report:
    """What a sync did, for the person who ran it."""

    host: str
    sent: int = 0
    received: Counter[str] = field(default_factory=Counter)  # host -> changes
    notes: list[str] = field(default_factory=list)  # renamed ids, replaced values, skipped files

    def lines(self) -> list[str]:
        if not self.sent and not self.received and not self.notes:
            return [_("up to date: nothing to send or receive")]
        got = sum(self.received.values())
        if self.received:
            said = ngettext("sent {sent} change, received {got} from {hosts}",
                            "sent {sent} changes, received {got} from {hosts}", self.sent)
        else:
            said = ngettext("sent {sent} change, received {got}", "sent {sent} changes, received {got}", self.sent)
        out = [said.format(sent=self.sent, got=got, hosts=_hosts(self.received))]
        return out + list(dict.fromkeys(self.notes))


def _hosts(counts: Counter[str]) -> str:
    """"a.1f (2), b.9c (1)": each host and how many of its changes."""
    return _(", ").join(_("{host} ({n})").format(host=h, n=n) for h, n in sorted(counts.items()))


def default_path() -> Path:
    """The store when no --store is given: as store/store.py says (without loading the models)."""
    import os

    import platformdirs

    env = os.environ.get("OKR_STORE")
    return Path(env) if env else Path(platformdirs.user_data_dir("okr-checkin"))


# -- setting up ------------------------------------------------------------------------
def init(store_path: Path, remote: str | None) -> list[str]:
    """Make the store's directory a git repository (or use the one it is in) with a journal;
    with ``remote``, publish it there. A directory with no store joins ``remote`` (a clone)."""
    if not (store_path / ROOT_FILE).exists():
        if remote is None:
            raise NoStoreError(_("no store at {path}; create one with okr init --store {path}, or join a synced one "
                                 "with: okr sync init --remote URL --store {path}").format(path=store_path))
        return join(store_path, remote)
    from .store import Store

    store = Store.open(store_path)  # refuses what is not a store it can read
    git = Git(store_path, shared=store.shared)
    if remote is not None and git.remote_url(REMOTE) not in (None, remote):
        raise SyncError(_("this repository's {remote} is {url} already; leave out --remote, or change it with: "
                          "git remote set-url {remote} URL").format(remote=REMOTE, url=git.remote_url(REMOTE)))
    if remote is not None and git.remote_url(REMOTE) is None and git.remote_branches(remote):
        raise SyncError(_("{remote} holds a store already; this one is left as it was. Join that one in a new "
                          "directory: okr sync init --remote {remote} --store NEW_DIR").format(remote=remote))
    out = []
    if is_synced(store_path):
        out.append(_("{path} is set up for sync already (host {host})").format(
            path=store_path, host=host_id(store_path, shared=store.shared)))
    else:
        out.append(_set_up(store_path, git, store.shared))
    if remote is not None:
        if git.remote_url(REMOTE) is None:
            git.run("remote", "add", REMOTE, remote)
        git.run("push", "-q", "-u", REMOTE, "HEAD", network=True, what=_("to {remote}").format(remote=remote))
        out.append(_("published to {remote}").format(remote=remote))
    return out


def _set_up(store_path: Path, git: Git, shared: bool) -> str:
    if git.toplevel() is None:
        git.run("init", "-q")
    _write_if_missing(store_path / ".gitignore", GITIGNORE, shared)
    _write_if_missing(store_path / ".gitattributes", GITATTRIBUTES, shared)
    # Files another setup may have committed: from now on they are rebuilt, never merged.
    git.run("rm", "-q", "--cached", "--ignore-unmatch", "--", ROOT_FILE, "cycle-*.json")
    host = host_id(store_path, shared=shared)
    with ExitStack() as locks:
        held = _lock_all(store_path, locks)
        from .rebuild import write_baseline

        records = write_baseline(store_path, shared)
        git.add([".gitignore", ".gitattributes", *git.untracked()])
        git.commit(f"okr sync init: the store as host {host} has it", git.identity(host))
        # The files as every host will rebuild them (the same records; the order of the journal).
        _rebuild(store_path, git, None, locks, held, Report(host))
    return ngettext("set up {path} for sync: host {host}, {n} record in the journal",
                    "set up {path} for sync: host {host}, {n} records in the journal", records).format(
        path=store_path, host=host, n=records)


def join(store_path: Path, remote: str) -> list[str]:
    """Clone a synced store into a new directory, as a new host. A symbolic link in the
    directory's place is refused: git would clone into its target, and the chmod change it."""
    if store_path.is_symlink():
        raise SyncError(_("{path} is a symbolic link; make the store in a directory of its own, not through "
                          "a link (nothing was changed)").format(path=store_path))
    if store_path.exists() and any(store_path.iterdir()):
        raise SyncError(_("{path} is not empty and holds no store; give a new directory to join {remote} in").format(
            path=store_path, remote=remote))
    made = not store_path.exists()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        Git(store_path.parent).run("clone", "-q", remote, str(store_path), network=True,
                                   what=_("of {remote}").format(remote=remote))
        chmod_dir(store_path, lambda _mode: 0o700)  # through a descriptor: a link swapped in is refused
        git = Git(store_path)
        if git.status().head is None:
            _check_out_the_branch(git, remote)
        if not is_synced(store_path):
            raise SyncError(_("{remote} holds no synced okr store (no {journal}/); publish one from a store with: "
                              "okr sync init --remote {remote}").format(remote=remote, journal=JOURNAL))
        host = host_id(store_path)
        report = Report(host)
        with ExitStack() as locks:
            _rebuild(store_path, git, None, locks, _lock_all(store_path, locks), report)
    except BaseException:
        if made:
            shutil.rmtree(store_path, ignore_errors=True)
        else:
            for child in store_path.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return [_("joined {remote} in {path} as host {host}").format(remote=remote, path=store_path, host=host),
            *report.notes]


def _check_out_the_branch(git: Git, remote: str) -> None:
    """A bare remote's HEAD may name a branch nobody pushed: take the one there is."""
    branches = [b.removeprefix(f"{REMOTE}/") for b in git.out("branch", "-r", "--format=%(refname:short)").split()
                if b != f"{REMOTE}/HEAD"]
    if not branches:
        raise SyncError(_("{remote} is empty; publish a store there first with: okr sync init --remote {remote}").format(
            remote=remote))
    branch = "main" if "main" in branches else branches[0]
    git.run("checkout", "-q", "-b", branch, "--track", f"{REMOTE}/{branch}")


# -- syncing ---------------------------------------------------------------------------
def sync(store_path: Path) -> Report:
    git, host = _repo(store_path)
    report = Report(host)
    try:
        git.fetch()
    except Unreachable as e:
        sent = _commit(git, host)
        raise Unreachable(_("{error}; {kept}").format(error=e, kept=_kept(sent))) from None
    st = git.status()
    if st.upstream is None:
        sent = _commit(git, host)
        raise SyncError(_("no remote to sync with; {kept}. Set one with: okr sync init --remote URL").format(
            kept=_kept(sent)))
    if not (st.untracked or st.ahead or st.behind or _marker(store_path) != st.head):
        return report
    remote, branch = st.upstream.split("/", 1)
    for _try in range(PUSH_TRIES):
        with ExitStack() as locks:
            held = _lock_all(store_path, locks)
            _commit(git, host)
            since = _marker(store_path)
            if git.status().behind:
                git.merge(st.upstream, git.identity(host))
            _rebuild(store_path, git, since, locks, held, report)
        to_send = len(git.added(st.upstream))
        if not git.status().ahead:
            return report
        try:
            git.push(remote, branch)
        except Rejected:
            git.fetch(remote)
            continue
        except Unreachable as e:
            e.report = report
            raise Unreachable(_("{error}; {kept}").format(error=e, kept=_kept(0))) from None
        report.sent += to_send
        return report
    raise SyncError(_("{n} pushes were refused (others kept pushing first); your changes are committed here: "
                      "run okr sync again").format(n=PUSH_TRIES))


def status(store_path: Path) -> list[str]:
    """What is waiting either way: this host's changes not sent, the remote's not received."""
    git, host = _repo(store_path)
    out = [_("host {host}").format(host=host)]
    try:
        git.fetch()
    except Unreachable as e:
        out.append(_("{error} (what follows is as of the last fetch)").format(error=e))
    st = git.status()
    if st.upstream is None:
        out.append(_("no remote to sync with; set one with: okr sync init --remote URL"))
    ahead = len(git.added(st.upstream)) if st.upstream and st.ahead else 0
    to_send = ahead + st.untracked
    if st.untracked:
        out.append(ngettext("to send: {n} change ({new} not committed yet)",
                            "to send: {n} changes ({new} not committed yet)", to_send).format(n=to_send,
                                                                                               new=st.untracked))
    else:
        out.append(ngettext("to send: {n} change", "to send: {n} changes", to_send).format(n=to_send))
    if st.upstream:
        incoming = Counter(_host_of(p) for p in git.added("HEAD", st.upstream)) if st.behind else Counter()
        total = sum(incoming.values())
        if incoming:
            said = ngettext("to receive: {n} change from {hosts}", "to receive: {n} changes from {hosts}", total)
        else:
            said = ngettext("to receive: {n} change", "to receive: {n} changes", total)
        out.append(said.format(n=total, hosts=_hosts(incoming)))
    if st.head is not None and _marker(store_path) != st.head:
        out.append(_("merged changes not applied to the store yet: run okr sync"))
    return out


def _repo(store_path: Path) -> tuple[Git, str]:
    """The store's repository and this host's id; a store that is not synced says how to set it up.
    A journal without a root file (a plain ``git clone``) is fine: the sync rebuilds the store."""
    synced = is_synced(store_path)
    if not synced and not (store_path / ROOT_FILE).exists():
        raise NoStoreError(_("no store at {path}; create one with: okr init --store {path}").format(path=store_path))
    if not synced or not (store_path / ".git").exists() and Git(store_path).toplevel() is None:
        raise SyncError(_("{path} is not set up for sync; run: okr sync init --store {path} [--remote URL]").format(
            path=store_path))
    shared = _shared(store_path)
    return Git(store_path, shared=shared), host_id(store_path, shared=shared)


def _commit(git: Git, host: str) -> int:
    """Commit this host's new journal files; how many there were."""
    files = git.untracked()
    if files:
        git.add(files)
        git.commit(f"okr sync: {len(files)} change{'s' * (len(files) != 1)} from host {host}", git.identity(host))
    return len(files)


def _kept(sent: int) -> str:
    return (_("this host's changes are committed here ({n} new) and will be sent by the next okr sync").format(n=sent)
            if sent else _("this host's changes are kept here and will be sent by the next okr sync"))


def _host_of(path: str) -> str:
    name = EventName.parse(Path(path).name)
    return name.host if name else "?"


# -- locks, the marker -------------------------------------------------------------------
def _lock_all(store_path: Path, locks: ExitStack) -> set[str]:
    """Hold the root file's lock, then each cycle's (in name order); the cycles locked."""
    from .store import locked

    root_path = store_path / ROOT_FILE
    shared = _shared(store_path)
    locks.enter_context(locked(root_path, shared=shared))
    # Read under the lock: a cycle added meanwhile is in it.
    root = orjson.loads(read_bytes(root_path)) if root_path.exists() else {}
    names = sorted(c["name"] for c in root.get("cycles", []))
    for name in names:
        locks.enter_context(locked(store_path / f"cycle-{name}.json", shared=shared))
    return set(names)


def _shared(store_path: Path) -> bool:
    root_path = store_path / ROOT_FILE
    return root_path.exists() and bool(orjson.loads(read_bytes(root_path)).get("settings", {}).get("shared"))


def _marker(store_path: Path) -> str | None:
    """The commit the store's files were last rebuilt at."""
    try:
        return (store_path / LOCAL_DIR / "replayed").read_text().strip() or None
    except FileNotFoundError:
        return None


def _write_marker(store_path: Path, commit: str) -> None:
    shared = _shared(store_path)
    make_dir(store_path / LOCAL_DIR, shared=shared)
    atomic_write(store_path / LOCAL_DIR / "replayed", commit.encode() + b"\n", shared=shared)


def _write_if_missing(path: Path, text: str, shared: bool) -> None:
    if not path.exists():
        atomic_write(path, text.encode(), shared=shared)


def _rebuild(store_path: Path, git: Git, since: str | None, locks: ExitStack, held: set[str],
             report: Report) -> None:
    from .rebuild import rebuild

    head = git.out("rev-parse", "HEAD")
    full = since is None or not git.is_ancestor(since)
    added = [] if full else git.added(since)
    rebuild(store_path, full=full, added=added, locks=locks, held=held, report=report)
    _write_marker(store_path, head)
