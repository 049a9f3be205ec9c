"""The staff `bench/load.py` simulates (Locust): 60% POMs, 20% heads of OMU, 20% case admins.

Each starts signed in (a session made for them before the run: a sign-in, a password hash each,
happens once a working day, not in the busy hour measured here), then works through their daily
pages with a second or so between clicks. Requests are named by page, so the figures group by
page; anything but a 200 (a redirect to sign in, say) is an error. Reads `OMU_LOAD_STAFF`: a JSON
file of usernames by role ("pom", "head", "admin"), and `OMU_LOAD_SESSIONS`: a JSON file of a
session cookie's value by username. `OMU_LOAD_PROXY=1`: requests come as through the TLS proxy
in front of production's gunicorn (`X-Forwarded-Proto: https`).

The users are Locust's `FastHttpUser` (geventhttpclient): Locust shares this machine's two
cores with the server, and its `requests`-based user cost about 30 ms of CPU a request here (a
new TLS context for every connection), a third of the machine at 20 requests a second.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import secrets
import string

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser
from mix import PAGES, USERS  # bench/mix.py: the day's mix, shared with bench/pages.py

with open(os.environ["OMU_LOAD_STAFF"]) as staff_file:
    STAFF: dict[str, list[str]] = json.load(staff_file)
with open(os.environ["OMU_LOAD_SESSIONS"]) as sessions_file:
    SESSIONS: dict[str, str] = json.load(sessions_file)
CASE_LINK = re.compile(r'href="/prisoners/([A-Z0-9]+)/"')
CSRF_COOKIE = "__Host-omu_csrftoken"
SESSION_COOKIE = "__Host-omu_session"
BEHIND_PROXY = os.environ.get("OMU_LOAD_PROXY") == "1"


class Staff(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    insecure = True  # the bench's self-signed certificate, when gunicorn serves TLS itself
    role = ""

    def on_start(self) -> None:
        self.username = random.choice(STAFF[self.role])
        # The cookies a browser sends, written out: the secure ones go over plain HTTP behind
        # the proxy too. A CSRF secret of our own (Django checks the header against the cookie).
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.headers = {
            "Cookie": f"{SESSION_COOKIE}={SESSIONS[self.username]}; {CSRF_COOKIE}={self.csrf}",
            **({"X-Forwarded-Proto": "https"} if BEHIND_PROXY else {}),
        }
        # The address the browser sees (always https): Django checks a POST's Referer against it.
        self.origin = "https://" + (self.host or "").partition("://")[2].rstrip("/")
        self.cases: list[str] = []

    def page(self, url: str, name: str) -> str:
        with self.client.get(
            url, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} at {url}")
            return response.text or ""


class Pom(Staff):
    weight = USERS["pom"]
    role = "pom"

    @task(PAGES["pom"]["caseload"])
    def caseload(self) -> None:
        text = self.page("/allocation/caseload/", "caseload")
        self.cases = sorted(set(CASE_LINK.findall(text))) or self.cases

    @task(PAGES["pom"]["case page"])
    def case_page(self) -> None:
        if self.cases:
            self.page(f"/prisoners/{random.choice(self.cases)}/", "case page")

    @task(PAGES["pom"]["log a session (API)"])
    def log_session(self) -> None:
        if not self.cases:
            return
        when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=random.randint(1, 48))
        self.client.post(
            "/api/v1/sessions/",
            json={
                "prisoner": random.choice(self.cases),
                "kind": "pom_supervision",
                "occurred_at": when.isoformat(),
                "duration_minutes": 30,
                "held": True,
                "summary": "Supervision session (load test).",
            },
            headers={**self.headers, "X-CSRFToken": self.csrf, "Referer": f"{self.origin}/"},
            name="log a session (API)",
        )

    @task(PAGES["pom"]["my tasks"])
    def my_tasks(self) -> None:
        self.page("/screening/tasks/", "my tasks")


class HeadOfOmu(Staff):
    weight = USERS["head"]
    role = "head"

    @task(PAGES["head"]["dashboard"])
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")

    @task(PAGES["head"]["prisoner list"])
    def prisoners(self) -> None:
        self.page("/prisoners/", "prisoner list")

    @task(PAGES["head"]["handover lists"])
    def handovers(self) -> None:
        self.page("/handover/", "handover lists")

    @task(PAGES["head"]["staff and caseloads"])
    def staff(self) -> None:
        self.page("/allocation/staff/", "staff and caseloads")


class CaseAdmin(Staff):
    weight = USERS["admin"]
    role = "admin"

    @task(PAGES["admin"]["allocation queue"])
    def allocation_queue(self) -> None:
        self.page("/allocation/", "allocation queue")

    @task(PAGES["admin"]["OMU tasks"])
    def omu_tasks(self) -> None:
        self.page("/screening/tasks/omu/", "OMU tasks")

    @task(PAGES["admin"]["prisoner list"])
    def prisoners(self) -> None:
        self.page("/prisoners/", "prisoner list")
