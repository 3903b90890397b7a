"""A private sshd for end-to-end tests: 127.0.0.1, a free high port, throwaway keys.

    with Sshd(tmp_dir / "sshd") as sshd:
        with SshTerminal(sshd, ["okr", "meeting"], env={"OKR_STORE": store}, term="xterm",
                         directory=tmp_dir / "session") as session:
            session.term.wait_for("Objective 1")
            session.kill_client()

Everything it needs lives in its own directory: host key, user key, authorized_keys,
sshd_config (key auth only, ``UsePAM no``, ``StrictModes no``), pid file and log. The
daemon runs in the foreground (``-D``) as a child of the test and is stopped by its pid.
The remote command is a plain command line; the environment the program needs (TERM,
locale, OKR_STORE, the test's isolated HOME) is put on that line with ``env``, so the
server needs no AcceptEnv / PermitUserEnvironment.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

import pytest
from tmux_harness import Tmux

SSHD = Path("/usr/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")  # sshd refuses to start without it
START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
CALL_TIMEOUT = 30.0
CONFIG = """\
ListenAddress 127.0.0.1
Port {port}
HostKey {host_key}
PidFile {pid_file}
AuthorizedKeysFile {authorized_keys}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
UseDNS no
X11Forwarding no
AllowTcpForwarding no
LogLevel VERBOSE
"""
EXIT_MARK = "SSH-EXIT="


def require_sshd() -> tuple[Path, str, str]:
    """sshd, ssh and ssh-keygen, or skip the test (``.ci/run`` installs them)."""
    ssh, keygen = shutil.which("ssh"), shutil.which("ssh-keygen")
    if not os.access(SSHD, os.X_OK):
        pytest.skip(f"{SSHD} not found: apt-get install openssh-server (.ci/run does)")
    if ssh is None or keygen is None:
        pytest.skip("ssh / ssh-keygen not found: apt-get install openssh-client (.ci/run does)")
    return SSHD, ssh, keygen


def free_port() -> int:
    """A port on 127.0.0.1 free right now (the kernel picks it from the ephemeral range)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sshd:
    """One sshd of the test's own; ``client()`` builds the ssh command line that reaches it."""

    def __init__(self, directory: Path) -> None:
        self.sshd, self.ssh, self.keygen = require_sshd()
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.host_key = self.dir / "host_ed25519"
        self.user_key = self.dir / "user_ed25519"
        self.authorized_keys = self.dir / "authorized_keys"
        self.config = self.dir / "sshd_config"
        self.pid_file = self.dir / "sshd.pid"
        self.log = self.dir / "sshd.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> Sshd:
        self._keygen(self.host_key)
        self._keygen(self.user_key)
        self.authorized_keys.write_text(self.user_key.with_suffix(".pub").read_text())
        self.authorized_keys.chmod(0o600)
        PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
        # The port is free when picked but may be taken before sshd binds it: try again.
        for _ in range(3):
            self.port = free_port()
            self.config.write_text(CONFIG.format(
                port=self.port, host_key=self.host_key, pid_file=self.pid_file,
                authorized_keys=self.authorized_keys))
            self._check_config()
            self._process = subprocess.Popen(
                [str(self.sshd), "-D", "-f", str(self.config), "-E", str(self.log)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if self._wait_listening():
                return self
            self.stop()
        raise AssertionError(f"sshd did not start; its log:\n{self.log_text()}")

    def stop(self) -> None:
        """Stop the daemon by its pid (SIGTERM, then SIGKILL if it lingers)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)

    def __enter__(self) -> Sshd:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"

    # -- the client --------------------------------------------------------------------
    def client(self, command: Sequence[str], *, env: Mapping[str, str] | None = None,
               tty: bool = True, pid_file: Path | None = None) -> list[str]:
        """``ssh [-tt] … root@127.0.0.1 'env K=V … command'``: run ``command`` on this sshd.

        The remote side gets a login shell's bare environment; ``env`` puts back what the
        program needs. The server takes a command as one string, so each part is quoted.
        With ``pid_file`` the remote shell writes its pid there and execs the command, so
        the file names the remote program's process.
        """
        remote = shlex.join(["env", *(f"{k}={v}" for k, v in (env or {}).items()), *command])
        if pid_file is not None:
            remote = f"echo $$ > {shlex.quote(str(pid_file))} && exec {remote}"
        return [self.ssh, *(["-tt"] if tty else ["-T"]), "-i", str(self.user_key),
                "-p", str(self.port), "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                "-o", "IdentitiesOnly=yes", "root@127.0.0.1", remote]

    def run(self, command: Sequence[str], *, env: Mapping[str, str] | None = None,
            timeout: float = CALL_TIMEOUT) -> subprocess.CompletedProcess[str]:
        """Run ``command`` over ssh without a terminal; its output and status."""
        return subprocess.run(self.client(command, env=env, tty=False), capture_output=True,
                              text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)

    # -- internals ---------------------------------------------------------------------
    def _keygen(self, path: Path) -> None:
        subprocess.run([self.keygen, "-q", "-t", "ed25519", "-N", "", "-C", "okr-test", "-f",
                        str(path)], check=True, capture_output=True, timeout=CALL_TIMEOUT)

    def _check_config(self) -> None:
        done = subprocess.run([str(self.sshd), "-t", "-f", str(self.config)], capture_output=True,
                              text=True, timeout=CALL_TIMEOUT, check=False)
        if done.returncode != 0:
            raise AssertionError(f"sshd rejects its config: {done.stderr.strip()}")

    def _wait_listening(self) -> bool:
        """Poll until the port accepts; False if sshd died first (e.g. the port was taken)."""
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return True
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"sshd not listening after {START_TIMEOUT:.0f}s; its log:\n{self.log_text()}")


class SshTerminal:
    """``ssh -tt`` to an :class:`Sshd` in a tmux terminal of type ``term`` (no COLORTERM).

    The pane runs ``sh -c 'ssh …; echo SSH-EXIT=$?; exec sleep …'``: tmux 3.3 sometimes
    misses the exit (or the last output) of a pane whose program ends quickly, so the pane
    outlives ssh and says when ssh ended and with which status. The shell writes its pid
    to a file, which finds the ssh client (its child) to kill; the remote program's pid is
    written by the remote shell (see :meth:`Sshd.client`).
    """

    def __init__(self, sshd: Sshd, command: Sequence[str], *, env: Mapping[str, str],
                 term: str, directory: Path, width: int = 100, height: int = 30) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.local_pid_file = directory / "shell.pid"
        self.remote_pid_file = directory / "remote.pid"
        for stale in (self.local_pid_file, self.remote_pid_file):
            stale.unlink(missing_ok=True)
        ssh = shlex.join(sshd.client(command, env=env, pid_file=self.remote_pid_file))
        script = (f"echo $$ > {shlex.quote(str(self.local_pid_file))}; {ssh};"
                  f" echo {EXIT_MARK}$?; exec sleep 3600")
        self.term = Tmux(["sh", "-c", script], term=term, width=width, height=height)

    def __enter__(self) -> SshTerminal:
        self.term.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.term.close()  # hangs up ssh, so sshd hangs up the remote program
        remote = _read_pid(self.remote_pid_file, 0) if self.remote_pid_file.exists() else None
        if remote is not None and not wait_gone(remote, STOP_TIMEOUT):
            os.kill(remote, signal.SIGKILL)  # a test failed and left it hung: ours to end

    def wait_closed(self, timeout: float = 30.0) -> int:
        """Wait until ssh has exited; its exit status (the remote program's, if it ran)."""
        screen = self.term.wait_for(lambda s: re.search(EXIT_MARK + r"\d+", s) is not None, timeout, history=True)
        # The mark is printed where the dead client left the cursor: old screen text may follow it.
        return int(re.findall(EXIT_MARK + r"(\d+)", screen)[-1])

    def client_pid(self, timeout: float = 10.0) -> int:
        """The local ssh client's pid: the pane shell's child."""
        shell = _read_pid(self.local_pid_file, timeout)
        children = [pid for pid in _pids() if _ppid(pid) == shell]
        assert len(children) == 1, f"expected one ssh under the pane shell {shell}, got {children}"
        return children[0]

    def remote_pid(self, timeout: float = 30.0) -> int:
        """The remote program's pid (it runs on this host, under the test's sshd)."""
        return _read_pid(self.remote_pid_file, timeout)

    def kill_client(self) -> None:
        """Drop the connection the hard way: SIGKILL the ssh client (no goodbye to sshd)."""
        os.kill(self.client_pid(), signal.SIGKILL)


def wait_gone(pid: int, timeout: float = 20.0) -> bool:
    """Poll until process ``pid`` no longer exists (a zombie counts as gone); True if it went."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def _read_pid(path: Path, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        text = path.read_text().strip() if path.exists() else ""
        if text.isdigit():
            return int(text)
        if time.monotonic() > deadline:
            raise AssertionError(f"no pid in {path} after {timeout:.0f}s")
        time.sleep(0.1)


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _ppid(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields is not None else None


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: state, ppid, …; None if there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
