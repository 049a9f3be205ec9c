"""The staff `bench/load.py` simulates (Locust): 60% POMs, 20% heads of OMU, 20% case admins.

Each starts signed in (a session made for them before the run: a sign-in, a password hash each,
happens once a working day, not in the busy hour measured here), then works through their daily
pages with a second or so between clicks. Requests are named by page, so the figures group by
page. Reads `OMU_LOAD_STAFF`: a JSON file of usernames by role ("pom", "head", "admin"), and
`OMU_LOAD_SESSIONS`: a JSON file of a session cookie's value by username.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re

import urllib3
from locust import HttpUser, between, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the bench's own certificate

with open(os.environ["OMU_LOAD_STAFF"]) as staff_file:
    STAFF: dict[str, list[str]] = json.load(staff_file)
with open(os.environ["OMU_LOAD_SESSIONS"]) as sessions_file:
    SESSIONS: dict[str, str] = json.load(sessions_file)
CASE_LINK = re.compile(r'href="/prisoners/([A-Z0-9]+)/"')
CSRF_COOKIE = "__Host-omu_csrftoken"
SESSION_COOKIE = "__Host-omu_session"


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self) -> None:
        self.client.verify = False  # the bench's self-signed certificate
        self.username = random.choice(STAFF[self.role])
        self.client.cookies.set(SESSION_COOKIE, SESSIONS[self.username])
        self.cases: list[str] = []

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
            return response.text


class Pom(Staff):
    weight = 6
    role = "pom"

    @task(3)
    def caseload(self) -> None:
        text = self.page("/allocation/caseload/", "caseload")
        self.cases = sorted(set(CASE_LINK.findall(text))) or self.cases

    @task(5)
    def case_page(self) -> None:
        if self.cases:
            self.page(f"/prisoners/{random.choice(self.cases)}/", "case page")

    @task(1)
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
            headers={
                "X-CSRFToken": self.client.cookies.get(CSRF_COOKIE, ""),
                "Referer": f"{self.host}/",
            },
            name="log a session (API)",
        )

    @task(1)
    def my_tasks(self) -> None:
        self.page("/screening/tasks/", "my tasks")


class HeadOfOmu(Staff):
    weight = 2
    role = "head"

    @task(3)
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")

    @task(2)
    def prisoners(self) -> None:
        self.page("/prisoners/", "prisoner list")

    @task(1)
    def handovers(self) -> None:
        self.page("/handover/", "handover lists")

    @task(1)
    def staff(self) -> None:
        self.page("/allocation/staff/", "staff and caseloads")


class CaseAdmin(Staff):
    weight = 2
    role = "admin"

    @task(3)
    def allocation_queue(self) -> None:
        self.page("/allocation/", "allocation queue")

    @task(3)
    def omu_tasks(self) -> None:
        self.page("/screening/tasks/omu/", "OMU tasks")

    @task(1)
    def prisoners(self) -> None:
        self.page("/prisoners/", "prisoner list")
