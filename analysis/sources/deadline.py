"""A hard deadline for a whole HTTP request, response headers included.

``requests`` bounds each socket read (``timeout``), not a request: a server that sends its
response headers one byte every half second is never "timed out". Within
:func:`request_deadline`, every connection a watched session uses has its socket shut down
when the deadline passes, so the blocked read returns at once and the request fails (the
caller reports the deadline). Sessions are watched through :func:`watch_session`, which mounts
an adapter whose connections register their sockets; nothing else about them changes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_scope = threading.local()


class _Watch:
    """The sockets in use under one deadline, shut down together when it passes."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)  # unblocks a read in another thread


class _Watched:
    def request(self, *args, **kwargs):
        """Send as usual, then register the socket with the current deadline."""
        super().request(*args, **kwargs)
        watch = getattr(_scope, "watch", None)
        if watch is not None:
            watch.add(self.sock)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections can be cut by :func:`request_deadline`."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


def watch_session(session: requests.Session) -> requests.Session:
    """Mount :class:`WatchedAdapter` for http and https where the plain adapter is mounted."""
    for prefix in ("http://", "https://"):
        if type(session.adapters.get(prefix)) is HTTPAdapter:
            session.mount(prefix, WatchedAdapter())
    return session


@contextmanager
def request_deadline(seconds: float) -> Iterator[_Watch]:
    """Shut down, after ``seconds``, the sockets that watched sessions use in this block."""
    watch = _Watch()
    previous = getattr(_scope, "watch", None)
    _scope.watch = watch
    timer = threading.Timer(max(seconds, 0.0), watch.expire)
    timer.daemon = True
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        _scope.watch = previous
