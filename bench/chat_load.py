"""Chat load benchmark: real WebSocket clients against daphne workers on the Redis channel layer.

    PYTHONPATH=site:. .venv/bin/python bench/chat_load.py --clients 300 --rate 2 --duration 30 --workers 2
    PYTHONPATH=site:. .venv/bin/python bench/chat_load.py --clients 1000 --workers 4 --rate 2 --duration 20 \
        --database-url postgres://postgres@127.0.0.1:5432/kuulluksi_chat_bench

Two runs on the same machine, same Redis, same client code:

1. **chat** — the real application (``kuulluksi.asgi``): session cookie authentication, origin check,
   rate limits, moderation screening, the message stored in the database, broadcast after commit.
2. **baseline** — a minimal broadcast consumer (``bench/chat_baseline_asgi.py``): receive a frame,
   ``group_send`` it to everyone. This is the limit the stack itself sets.

Each run connects ``--clients`` clients to one room, then sends ``--rate`` messages per second in total
(from random clients) for ``--duration`` seconds, waits for deliveries to drain, and reports delivery
latency (send → arrival at every client, p50/p99), what every client ends up with — lost deliveries,
messages shown twice (one text under two ids), frames that repeated a message the client already had
(absorbed: a message is shown once per id) — and the workers' memory. The clients are spread over
``--workers`` daphne processes (default 2), which share the room through Redis. The two runs
alternate ``--repetitions`` times (default 3), each repetition in a chat session of its own, and the
ratio chat / baseline is taken within each repetition. Loopback only; the database is PostgreSQL
(``--database-url``, recreated empty for the run), the Redis keys have their own prefix. The soft limit
of open files is raised to the hard one (a thousand clients and their workers' sockets).
"""

import argparse
import asyncio
import collections
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from chat.tests.servers import setup_script  # noqa: E402
from testing.processes import running_daphne  # noqa: E402
from testing.wsclient import ChatClient, HandshakeRefused, RoomView  # noqa: E402


def _log(stack: ExitStack, name: str):
    """daphne's output, kept in the temporary folder for when a run goes wrong."""
    path = Path(tempfile.gettempdir()) / f"chat-bench-{name}-{uuid.uuid4().hex[:8]}.log"
    return stack.enter_context(open(path, "w"))


def memory_kib(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


async def load(
    urls: list, cookies: list, *, rate: float, duration: float, chat: bool, volunteer: str
) -> dict:
    """Connect every client (spread over the workers' ``urls``), send ``rate`` messages/s for
    ``duration`` s, and count what each client ends up with.

    In the chat a participant is heard only while a volunteer on duty has a socket open in the room,
    so the ``volunteer`` (a session cookie) connects first and stays for the whole run, as on a real
    shift; the volunteer neither sends nor is counted.
    """
    latencies: list[float] = []
    run = uuid.uuid4().hex[:8]

    def record(text) -> None:
        if isinstance(text, str) and text.startswith(run):
            latencies.append(time.monotonic() - float(text.split()[2]))

    def baseline_view(client) -> dict:
        seen: dict = {}

        def on_frame(frame):
            text = frame.get("bench")
            if text not in seen:
                record(text)
            seen[text] = seen.get(text, 0) + 1

        client.on_frame = on_frame
        return seen

    retries = 0

    async def open_client(url, cookie):
        """Connect; a refused or reset handshake is retried after a second, as chat.js does."""
        nonlocal retries
        for _attempt in range(5):
            try:
                if chat:  # what chat.js does: resume on welcome, fill revision gaps from the database
                    view = RoomView(on_new=lambda message: record(message["text"]))
                    await view.connect(url, cookie=cookie)
                    return view.client, view
                client = await ChatClient.connect(url, cookie=cookie)
                return client, baseline_view(client)
            except (HandshakeRefused, OSError, TimeoutError):
                retries += 1
                await asyncio.sleep(1)
        raise ConnectionError(f"could not connect to {url} in 5 attempts")

    on_duty = await ChatClient.connect(urls[0], cookie=volunteer) if chat else None
    opened = []
    for index in range(0, len(cookies), 50):  # connect in batches, as a room fills up
        opened.extend(
            await asyncio.gather(
                *(
                    open_client(urls[(index + n) % len(urls)], cookie)
                    for n, cookie in enumerate(cookies[index : index + 50])
                )
            )
        )
    clients = [client for client, _view in opened]
    await asyncio.sleep(5)  # let the room settle
    connected = sum(not client.closed for client in clients)

    sent = 0
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < duration:
        due = int(elapsed * rate) + 1
        while sent < due:
            text = f"{run} {sent} {time.monotonic():.6f}"
            sender = random.choice(clients)
            sender.send({"type": "send", "text": text} if chat else {"bench": text})
            sent += 1
        await asyncio.sleep(max(0.0, (sent / rate) - (time.monotonic() - start)))
    expected = sent * len(clients)

    def counts() -> tuple[int, int, int]:
        """(distinct messages delivered, messages shown more than once, frames repeating a message)"""
        delivered = shown_twice = repeats = 0
        for _client, view in opened:
            if chat:
                texts = [m["text"] for m in view.messages.values() if m.get("text", "").startswith(run)]
                delivered += len(set(texts))
                shown_twice += len(texts) - len(set(texts))  # one text under two ids: stored twice
                repeats += view.repeats
            else:
                delivered += len(view)
                repeats += sum(view.values()) - len(view)
        return delivered, shown_twice, repeats

    drain_deadline = time.monotonic() + 20
    while counts()[0] < expected and time.monotonic() < drain_deadline:
        await asyncio.sleep(0.2)
    delivered, shown_twice, repeats = counts()
    if chat:
        refused = collections.Counter(error["code"] for _client, view in opened for error in view.errors)
        if refused:
            print(f"  errors the server answered: {dict(refused)}", flush=True)
    dropped = [client.close_code for client in clients if client.closed]
    if dropped:
        print(f"  {len(dropped)} connection(s) closed by the server during the run: {dropped}", flush=True)
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
    if on_duty is not None:
        await on_duty.close()
    latencies.sort()
    return {
        "connected": connected,
        "retries": retries,
        "sent": sent,
        "expected": expected,
        "received": delivered,
        "lost": expected - delivered,
        "duplicated": shown_twice,
        "repeats": repeats,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
    }


def _session_script(clients: int, repetition: int) -> str:
    """The chat tests' set-up with a volunteer and a room of the repetition's own (names are unique)."""
    script = setup_script(clients)
    for name in ("ohjaaja", "avoin"):
        script = script.replace(f'"{name}', f'"{name}{repetition}')
    return script.replace("ohjaaja@", f"ohjaaja{repetition}@")


def fresh_database(url: str) -> None:
    """Drop and create the run's PostgreSQL database (its name must say it is a bench database)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    if "bench" not in name:
        raise SystemExit(f"refusing to recreate {name!r}: the bench database's name contains 'bench'")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--rate", type=float, default=30, help="messages per second, in total")
    parser.add_argument("--duration", type=float, default=60, help="seconds of sending")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--workers", type=int, default=2, help="daphne processes; clients spread over them")
    parser.add_argument("--repetitions", type=int, default=3, help="chat and baseline, alternating")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "CHAT_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulluksi_chat_bench"
        ),
        help="PostgreSQL database of the run (dropped and created again)",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 1000 or not 0 < args.rate <= 200 or not 0 < args.duration <= 600:
        parser.error("keep it bounded: 1-1000 clients, at most 200 messages/s, at most 600 s")
    if not 1 <= args.workers <= 4:
        parser.error("1-4 workers")
    if not 1 <= args.repetitions <= 10:
        parser.error("1-10 repetitions")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the daphne workers inherit it
    fresh_database(args.database_url)

    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'site'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "KUULLUKSI_PROFILE": "embedded",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CHANNEL_LAYER_PREFIX": f"chat-bench-{uuid.uuid4().hex}",
        "CACHE_KEY_PREFIX": f"chat-bench-{uuid.uuid4().hex}",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_IN_DATABASE": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    print("Preparing the database …", flush=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    results = {"chat": [], "baseline": []}
    for repetition in range(args.repetitions):
        setup = subprocess.run(  # a chat session of its own for each repetition
            [*manage, "shell", "-c", _session_script(args.clients, repetition)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(setup.stdout.strip().splitlines()[-1])
        for name, app, path, chat in (
            ("chat", "kuulluksi.asgi:application", f"/ws/chat/{data['session']}/", True),
            ("baseline", "bench.chat_baseline_asgi:application", "/ws/bench/", False),
        ):
            print(
                f"Repetition {repetition + 1}, {name}: {args.clients} clients, {args.rate}/s for "
                f"{args.duration} s (load average {os.getloadavg()[0]:.2f}) …",
                flush=True,
            )
            with ExitStack() as stack:
                health = "/healthz" if chat else None  # the bare baseline serves WebSockets only
                workers = [
                    stack.enter_context(running_daphne(env, app=app, health=health, log=_log(stack, name)))
                    for _worker in range(args.workers)
                ]
                result = asyncio.run(
                    load(
                        [f"ws://127.0.0.1:{worker.port}{path}" for worker in workers],
                        data["guests"],
                        rate=args.rate,
                        duration=args.duration,
                        chat=chat,
                        volunteer=data["volunteer"],
                    )
                )
                memory = [memory_kib(worker.process.pid) for worker in workers]
                result.update({key: sum(m[key] for m in memory) for key in ("VmRSS", "VmHWM")})
            result["load"] = os.getloadavg()[0]
            results[name].append(result)

    print()
    print(
        f"{'run':<10}{'rep':>4}{'connected':>10}{'retried':>8}{'sent':>7}{'deliveries':>12}{'lost':>7}{'twice':>7}"
        f"{'repeats':>9}{'p50 ms':>9}{'p99 ms':>9}{'RSS MiB':>9}{'peak MiB':>9}{'load':>6}"
    )
    for name, runs in results.items():
        for number, r in enumerate(runs, 1):
            print(
                f"{name:<10}{number:>4}{r['connected']:>10}{r['retries']:>8}{r['sent']:>7}{r['received']:>12}"
                f"{r['lost']:>7}{r['duplicated']:>7}{r['repeats']:>9}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}"
                f"{r['VmRSS'] / 1024:>9.1f}{r['VmHWM'] / 1024:>9.1f}{r['load']:>6.2f}"
            )
    for name, runs in results.items():
        print(
            f"{name}: median p50 {statistics.median(r['p50_ms'] for r in runs):.1f} ms, median p99 "
            f"{statistics.median(r['p99_ms'] for r in runs):.1f} ms, lost {sum(r['lost'] for r in runs)} of "
            f"{sum(r['expected'] for r in runs)}, twice {sum(r['duplicated'] for r in runs)}"
        )
    ratios = [c["p99_ms"] / b["p99_ms"] for c, b in zip(results["chat"], results["baseline"], strict=True)]
    p50_ratios = [
        c["p50_ms"] / b["p50_ms"] for c, b in zip(results["chat"], results["baseline"], strict=True)
    ]
    print(
        f"\np99 chat / p99 baseline = {statistics.median(ratios):.2f} (median; per repetition: "
        f"{' '.join(f'{r:.2f}' for r in ratios)}; goal: at most 2); p50 ratio {statistics.median(p50_ratios):.2f}"
    )


if __name__ == "__main__":
    main()
