"""The limit for bench/chat_load.py: a minimal broadcast consumer on the same stack (daphne, Channels,
the Redis channel layer from the same settings), with no authentication, storage or moderation."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")
django.setup()

from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench"


class BroadcastConsumer(AsyncJsonWebsocketConsumer):
    groups = [GROUP]

    async def receive_json(self, content, **kwargs):
        await self.channel_layer.group_send(GROUP, {"type": "bench.message", "content": content})

    async def bench_message(self, event):
        await self.send_json(event["content"])


application = ProtocolTypeRouter({"websocket": URLRouter([path("ws/bench/", BroadcastConsumer.as_asgi())])})
