"""Serve a built site on 127.0.0.1 the way GitHub Pages does: gzipped text, 404.html.

A project site lives under a path (``https://actlib.github.io/activations/``), and MkDocs
writes that path into the 404 page's links, so the site is served under the same path
(``--base /activations/``). Used by the browser tests (``with serve(site_dir, base) as
url: ...``) and by the Lighthouse audit, so that both measure what readers download.
From the command line::

    python -m scripts.reports.serve_site /tmp/site                 # a free port, printed
    python -m scripts.reports.serve_site /tmp/site --port 8001 --base /activations/
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import threading
from collections.abc import Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

# What GitHub Pages compresses: text formats. Fonts (woff2) and PNGs are compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}


class PagesHandler(SimpleHTTPRequestHandler):
    """A static file handler that gzips text and answers a missing path with 404.html."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".json": "application/json",
    }
    server: PagesServer

    def translate_path(self, path: str) -> str:
        base = self.server.base.rstrip("/")
        return super().translate_path(path[len(base) :] or "/")

    def send_head(self) -> io.BytesIO | None:  # type: ignore[override]
        url_path = urlsplit(self.path).path
        base = self.server.base.rstrip("/")
        if url_path == base or url_path.startswith(base + "/"):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not url_path.endswith("/"):
                    return super().send_head()  # the 301 to the slash-terminated URL
                path = path / "index.html"
            if path.is_file():
                return self._send_file(path, HTTPStatus.OK)
        not_found = Path(self.directory) / "404.html"
        if not_found.is_file():
            return self._send_file(not_found, HTTPStatus.NOT_FOUND)
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _send_file(self, path: Path, status: HTTPStatus) -> io.BytesIO:
        body = path.read_bytes()
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = accepts_gzip and path.suffix in COMPRESSIBLE
        if compress:
            body = gzip.compress(body, mtime=0)
        self.send_response(status)
        content_type = self.guess_type(str(path))
        if content_type.startswith("text/") or content_type == "image/svg+xml":
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        # A browser that navigates away mid-response is normal, not an error to print.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().copyfile(source, outputfile)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class PagesServer(ThreadingHTTPServer):
    daemon_threads = True
    # A browser opens six connections to a host at once, each request a connection (HTTP/1.0).
    # With socketserver's default backlog of 5, the kernel drops one when this thread is slow
    # to accept (a busy machine), and TCP retries it after 1, 2, 4, 8 s: a stalled page.
    request_queue_size = 128
    base = "/"
    verbose = False


def make_server(
    directory: Path, port: int = 0, base: str = "/", *, verbose: bool = False
) -> PagesServer:
    """A server of ``directory`` at ``http://127.0.0.1:port{base}``, not yet running.

    ``port=0`` takes any free port; ``base`` is the URL path the site lives under.
    """
    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(f"{directory} holds no index.html: is it a built site?")
    if not (base.startswith("/") and base.endswith("/")):
        raise ValueError(f"base must start and end with '/', got {base!r}")
    handler = partial(PagesHandler, directory=os.fspath(directory))
    server = PagesServer(("127.0.0.1", port), handler)
    server.base = base
    server.verbose = verbose
    return server


def base_url(server: PagesServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{server.base}"


@contextlib.contextmanager
def serve(directory: Path, base: str = "/") -> Iterator[str]:
    """Serve ``directory`` in a background thread; yield the site's URL.

    The URL is ``http://127.0.0.1:PORT{base}`` on a free port, e.g.
    ``http://127.0.0.1:41234/activations/``.
    """
    server = make_server(directory, 0, base)
    thread = threading.Thread(target=server.serve_forever, name="serve_site", daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a built site (mkdocs build -d DIR)")
    parser.add_argument("--port", type=int, default=0, help="0 (the default): any free port")
    parser.add_argument("--base", default="/", help="URL path of the site (default: /)")
    args = parser.parse_args()
    server = make_server(args.directory, args.port, args.base, verbose=True)
    print(f"serving {args.directory} at {base_url(server)}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
