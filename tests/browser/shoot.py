"""Screenshots of running app pages in headless Chromium, waiting until each page has finished its run.

Usage: python tests/browser/shoot.py BASE_URL OUT_DIR [--mobile] [--tall] PATH [PATH ...]
Prints seconds to a settled page and any exception text; exits 1 if a page showed an exception.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Every page a visitor can open (the admin page needs a sign-in), by its address.
PAGES = [
    "",
    "outcomes",
    "quality_mark",
    "members",
    "target_tracker",
    "gaps",
    "local_authority?la=E06000017",
    "evidence_pack",
    "evidence_pack?la=E08000006&pack=la",  # one local authority's pack
    "institutions",
    "partnerships",
    "methods",
    "accessibility",
]
DESKTOP = {"width": 1400, "height": 1000}
MOBILE = {"width": 390, "height": 844}
FOOTER_MARK = "any sample register is fictional and flagged"  # the footer, drawn last in every run


def settle(page, timeout_ms: int = 60000) -> None:
    """A run has finished when the footer (drawn last) is there and no run is in progress."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_ms)
    page.wait_for_function(
        f"""() => (document.querySelector('[data-testid="stMain"]').innerText.includes({FOOTER_MARK!r})
                || document.querySelector('[data-testid="stException"]'))
               && !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(800)


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    mobile = "--mobile" in argv
    tall = "--tall" in argv  # Streamlit scrolls inside its own container: a tall window shows the whole page
    argv = [a for a in argv if a not in ("--mobile", "--tall")]
    base, out, targets = argv[0].rstrip("/"), Path(argv[1]), argv[2:] or ["/"]
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        viewport = dict(MOBILE if mobile else DESKTOP)
        if tall:
            viewport["height"] = 5000
        page = browser.new_page(viewport=viewport)
        for target in targets:
            started = time.time()
            page.goto(base + target)
            settle(page)
            name = (re.sub(r"[^A-Za-z0-9]+", "_", target).strip("_") or "home") + ("_mobile" if mobile else "")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            errors = exceptions(page)
            failures += bool(errors)
            print(
                f"{time.time() - started:6.2f}s {target} -> {out / name}.png"
                + (f" EXCEPTION {errors[0][:300]}" if errors else "")
            )
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
