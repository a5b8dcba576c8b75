"""WebSocket routes, mounted by kuulluksi.asgi behind origin checking and session authentication."""

from django.urls import path

from .consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/chat/<int:session_id>/", ChatConsumer.as_asgi()),
]
