"""Helpers for the tests, the benchmarks and the deployment rehearsal, kept in one package that the site
never imports (``tests/test_layers.py`` checks it): processes on the loopback (``processes``), a WebSocket
client that keeps a chat room like chat.js (``wsclient``), an answering client and a cuttable TCP proxy
(``loadtools``), and moderation's sample content and submission helper (``moderation``)."""
