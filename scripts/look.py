#!/usr/bin/env python
"""Render built pages and PDF pages to PNG so a change can be looked at before it is committed.

Site pages are shot in Debian's Chromium (through Playwright's ``executable_path``; never
``playwright install``) at 1400 and 390 px, served from 127.0.0.1 with every other request
aborted. PDF pages are rendered with ``pdftoppm``. Examples::

    .venv/bin/python scripts/look.py kap14_patienters_erfarenheter index
    .venv/bin/python scripts/look.py --menu index          # also shoot the phone menu opened
    .venv/bin/python scripts/look.py --pdf 1-3 --pdf 40    # PDF pages 1, 2, 3 and 40
    .venv/bin/python scripts/look.py --full kap08_resurstilldelning   # whole page, not one screen
    .venv/bin/python scripts/look.py --at "Tabell 14.5" kap14_patienters_erfarenheter  # screen from that text

Prints one line per PNG (with the page width seen at each viewport) into ``--out``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1400, 390)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _page_ranges(specs: list[str]) -> list[int]:
    pages: list[int] = []
    for spec in specs:
        first, _, last = spec.partition("-")
        pages += list(range(int(first), int(last or first) + 1))
    return pages


def shoot_pages(
    html: Path, names: list[str], out: Path, full: bool, menu: bool, at: str | None = None
) -> None:
    """Screenshot each page at every width in WIDTHS; with ``menu`` also with the phone menu open."""
    from playwright.sync_api import sync_playwright

    server, base = _serve(html)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name in names:
                stem = name.removesuffix(".html")
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})

                    def guard(route):
                        ok = urlparse(route.request.url).hostname == "127.0.0.1"
                        route.continue_() if ok or route.request.url.startswith("data:") else route.abort()

                    page.route("**/*", guard)
                    page.goto(f"{base}{stem}.html", wait_until="networkidle")
                    seen = page.evaluate("document.documentElement.scrollWidth")
                    if at:
                        page.get_by_text(at).first.scroll_into_view_if_needed()
                    target = out / f"{stem}-{width}.png"
                    page.screenshot(path=str(target), full_page=full)
                    print(f"{target}  (page width {seen} px at viewport {width} px)")
                    if menu:
                        button = page.locator(".primary-toggle:visible").first
                        if button.count():
                            button.click()
                            page.wait_for_timeout(400)
                            target = out / f"{stem}-{width}-meny.png"
                            page.screenshot(path=str(target))
                            print(f"{target}  (menu opened)")
                    page.close()
            browser.close()
    finally:
        server.shutdown()


def render_pdf(pdf: Path, pages: list[int], out: Path, dpi: int) -> None:
    """Render the chosen PDF pages to PNG with pdftoppm."""
    for n in pages:
        prefix = out / f"pdf-{n:03d}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(n),
                "-l",
                str(n),
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        print(f"{prefix}.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*", help="page stems or file names in the built site, e.g. index")
    parser.add_argument("--pdf", action="append", default=[], help="PDF page or range, e.g. 3 or 10-12")
    parser.add_argument("--full", action="store_true", help="whole page instead of the first screen")
    parser.add_argument("--at", help="scroll to the first element with this text before the shot")
    parser.add_argument("--menu", action="store_true", help="also shoot each page with the menu opened")
    parser.add_argument("--dpi", type=int, default=60, help="resolution of PDF pages (default 60)")
    parser.add_argument("--build", type=Path, default=ROOT / "_build", help="build folder (default _build)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "look", help="where PNGs go")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.pages:
        shoot_pages(args.build / "html", args.pages, args.out, args.full, args.menu, args.at)
    if args.pdf:
        render_pdf(args.build / "latex" / "god-och-nara-vard.pdf", _page_ranges(args.pdf), args.out, args.dpi)
    if not args.pages and not args.pdf:
        parser.print_usage()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
