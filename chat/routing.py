"""WebSocket routes, mounted by kuulluksi.asgi behind origin checking and session authentication."""

websocket_urlpatterns = []
