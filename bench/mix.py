"""The working day `bench/load.py` simulates, written once: how many of the staff hold each role
and how often each of them opens each page. `bench/locustfile.py` takes its Locust weights from
here, and `bench/pages.py` weighs each page's time by its share of the requests.

Each entry is a Locust weight: `USERS` in tenths of the staff, `PAGES` in turns of each role's
round (a POM opens a case page five times for each session logged).
"""

from __future__ import annotations

USERS = {"pom": 6, "head": 2, "admin": 2}

PAGES = {
    "pom": {"caseload": 3, "case page": 5, "log a session (API)": 1, "my tasks": 1},
    "head": {"dashboard": 3, "prisoner list": 2, "handover lists": 1, "staff and caseloads": 1},
    "admin": {"allocation queue": 3, "OMU tasks": 3, "prisoner list": 1},
}


def share(role: str, page: str) -> float:
    """The page's share of all requests when opened by staff of `role` (each click is one
    request)."""
    users = USERS[role] / sum(USERS.values())
    return users * PAGES[role][page] / sum(PAGES[role].values())
