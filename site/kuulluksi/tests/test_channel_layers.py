"""The production channel layer takes a burst of sends bigger than its connection pool."""

import ast
import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils.module_loading import import_string

from testing.processes import redis_reachable

from .test_settings_profiles import PRODUCTION_ENV, _settings_value


def _production_layer():
    """The channel layer exactly as the production profile configures it, on a Redis database of its own."""
    result = _settings_value(
        "CHANNEL_LAYERS['default']", dict(PRODUCTION_ENV, REDIS_URL="redis://127.0.0.1:6379/12")
    )
    assert result.returncode == 0, result.stderr
    layer = ast.literal_eval(result.stdout.strip())
    config = dict(layer["CONFIG"], prefix=f"burst-{uuid.uuid4().hex}")
    channel_layer = import_string(layer["BACKEND"])(**config)
    return channel_layer, channel_layer.create_pool(0).max_connections


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_a_burst_of_sends_larger_than_the_pool_is_delivered_whole():
    """Twice as many rooms sent to at once as the pool has connections: every send waits its turn."""
    layer, pool_size = _production_layer()
    rooms = 2 * pool_size

    async def burst():
        # Named channels, one list each, so that no list's capacity (100 messages) is what is tested.
        channels = [f"burst-{number}" for number in range(rooms)]
        for number, channel in enumerate(channels):
            await layer.group_add(f"room-{number}", channel)
        try:
            sent = await asyncio.gather(
                *(
                    layer.group_send(f"room-{number}", {"type": "chat.message", "n": number})
                    for number in range(rooms)
                ),
                return_exceptions=True,
            )
            failed = [repr(outcome) for outcome in sent if isinstance(outcome, BaseException)]
            if failed:
                return failed, []
            received = [await asyncio.wait_for(layer.receive(channel), 5) for channel in channels]
        finally:
            await layer.flush()
        return [], received

    # A loop of its own in a thread of its own: a browser test before this one may have left a running
    # event loop in this thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        failed, received = thread.submit(asyncio.run, burst()).result()
    assert failed == []
    assert [message["n"] for message in received] == list(range(rooms))
