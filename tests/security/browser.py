"""Chromium for the security browser tests, in a thread of its own.

tests/browser keeps one sync Playwright for the whole run in the main thread, and a thread may
hold only one: these tests run their page in another thread, with its own browser. Every page
records the Content-Security-Policy violations the browser reports (`violations`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connections
from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

T = TypeVar("T")

# Records every violation the browser reports, from before any of the page's own scripts.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    found: list[str] = page.evaluate("window.__csp || []")
    return found


def _run(scenario: Callable[[Page], T]) -> T:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM beside Playwright's loop
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.add_init_script(WATCH)
                return scenario(page)
            finally:
                browser.close()
                # While Playwright's loop runs, this thread's connections are kept apart from
                # the ones outside it (asgiref's Local, see tests/browser/conftest.py): close
                # them before the loop stops, or they stay open, unseen, and the test database
                # cannot be dropped at the end.
                connections.close_all()
    finally:
        connections.close_all()  # this thread's, so the test database can be dropped


def in_browser(scenario: Callable[[Page], T]) -> T:
    """Run `scenario` with a fresh page, in a thread of its own; its result or its error."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(_run, scenario).result()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
