"""The project's own processes on the loopback, for the tests, the benchmarks and the deployment
rehearsal: a free port, daphne started and waited for, a clean stop. Nothing here runs in the site."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
ASGI_APP = "kuulluksi.asgi:application"


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    """Whether a Redis (or anything) listens there: tests that need the real one skip without it."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def wait_until_serving(
    port: int, *, path: str | None = "/healthz", timeout: float = 60, process=None, log=None
) -> None:
    """Return once ``http://127.0.0.1:<port><path>`` answers (or, with ``path=None``, the port accepts
    connections). Fails early, with the end of ``log``, when ``process`` has exited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if path is None:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            else:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                output = ""
                if log is not None:
                    log.seek(0)
                    output = log.read()
                    output = output.decode(errors="replace") if isinstance(output, bytes) else output
                raise RuntimeError(f"nothing served on port {port}: {output[-2000:]}") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill if it does not go (daphne waits for open connections to drain)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def project_env(env: dict, *extra_paths: str) -> dict:
    """``env`` with the project on ``PYTHONPATH`` (``site/`` is a folder on the path, not a package)."""
    return {**env, "PYTHONPATH": os.pathsep.join([*extra_paths, str(ROOT / "site"), str(ROOT)])}


class Daphne(NamedTuple):
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def running_daphne(
    env: dict,
    *,
    port: int | None = None,
    app: str = ASGI_APP,
    log=None,
    health: str | None = "/healthz",
    python: str = sys.executable,
):
    """Start daphne on 127.0.0.1 with ``env`` (see :func:`project_env`) and yield a :class:`Daphne` once it
    serves ``health`` (``None``: once it accepts connections).

    daphne's output goes to ``log`` (a file the caller owns) or to a temporary file that is read only
    when it fails to start: a pipe nobody reads would fill up and stall it. ``python`` is the interpreter
    whose daphne runs (another project's venv for a comparison)."""
    port = port or free_port()
    own_log = log is None
    log = tempfile.TemporaryFile() if own_log else log  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_serving(port, path=health, process=process, log=log)
        yield Daphne(port, process)
    finally:
        stop(process)
        if own_log:
            log.close()
