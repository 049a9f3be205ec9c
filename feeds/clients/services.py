"""The clients of the national services, built from the settings (docs/commands.md#sync_prison):
each is None when its URL is not set."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings

from feeds.clients.http import FeedError, Reliability, RequestCounter, ServiceClient, TokenSource
from feeds.clients.probation import ProbationRecord, read_probation_record, read_tier

# httpx logs every request at INFO: a sync makes hundreds. Failures are reported as FeedErrors.
logging.getLogger("httpx").setLevel(logging.WARNING)

MAX_NUMBERS = 1000  # prisoners a "many by number" request may ask for
MAX_PAGES = 10_000  # a roll longer than this is a service fault, not a roll


class PrisonerSearch:
    """Prisoner Search: one prisoner, a prison's roll page by page, many by number. Answers
    are Prisoner documents as the service gives them (`feeds.documents` reads them)."""

    def __init__(self, client: ServiceClient, *, page_size: int) -> None:
        self.client, self.page_size = client, page_size

    def prisoner(self, number: str) -> dict[str, Any] | None:
        """The prisoner's document; None if Prisoner Search does not know the number."""
        found = self.client.get(f"/prisoner/{number}", missing_ok=True)
        if found is not None and not isinstance(found, dict):
            raise FeedError(self.client.name, f"/prisoner/{number} is not a Prisoner document")
        return found

    def roll(self, prison_code: str) -> Iterator[list[dict[str, Any]]]:
        """The prison's roll, one page of documents at a time, to the last page."""
        path = f"/prisoner-search/prison/{prison_code}"
        for page in range(MAX_PAGES):
            body = self.client.get(path, params={"page": page, "size": self.page_size})
            if not isinstance(body, dict) or not isinstance(body.get("content"), list):
                raise FeedError(self.client.name, f"{path} page {page} is not a page of prisoners")
            yield [doc for doc in body["content"] if isinstance(doc, dict)]
            if body.get("last", True) or not body["content"]:
                return
        raise FeedError(self.client.name, f"{path} has more than {MAX_PAGES} pages")

    def prisoners(self, numbers: list[str]) -> list[dict[str, Any]]:
        """The documents of these prisoners (those Prisoner Search knows), in requests of at
        most a thousand."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(numbers), MAX_NUMBERS):
            chunk = numbers[start : start + MAX_NUMBERS]
            body = self.client.post("/prisoner-search/prisoner-numbers", {"prisonerNumbers": chunk})
            if not isinstance(body, list):
                raise FeedError(self.client.name, "prisoner-numbers did not answer a list")
            found += [doc for doc in body if isinstance(doc, dict)]
        return found


class Probation:
    """The probation record ("manage POM cases and Delius"), by prison number."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def record(self, number: str) -> ProbationRecord | None:
        """The case's probation record; None while probation has none (a 404)."""
        body = self.client.get(f"/case-records/{number}", missing_ok=True)
        return None if body is None else read_probation_record(self.client.name, body)


class Tiering:
    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def tier(self, crn: str) -> str | None:
        """The CRN's latest tier (e.g. B2); None if Tiering has not calculated one."""
        body = self.client.get(f"/crn/{crn}/tier", missing_ok=True)
        return None if body is None else read_tier(self.client.name, body)


@dataclass
class Feeds:
    """The configured clients, sharing one connection pool, one token and one count."""

    search: PrisonerSearch | None
    probation: Probation | None
    tiering: Tiering | None
    counter: RequestCounter
    http: httpx.Client = field(repr=False)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Feeds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect() -> Feeds:
    """The clients the settings configure (`PRISONER_SEARCH_URL` and the others)."""
    counter = RequestCounter()
    timeout = httpx.Timeout(settings.FEEDS_READ_TIMEOUT, connect=settings.FEEDS_CONNECT_TIMEOUT)
    # A few connections a service at most, never a flood.
    http = httpx.Client(timeout=timeout, limits=httpx.Limits(max_connections=4))
    tokens = None
    if settings.HMPPS_AUTH_URL:
        tokens = TokenSource(
            http,
            settings.HMPPS_AUTH_URL,
            settings.HMPPS_CLIENT_ID,
            settings.HMPPS_CLIENT_SECRET,
            counter=counter,
        )
    reliability = Reliability(attempts=settings.FEEDS_ATTEMPTS, backoff=settings.FEEDS_BACKOFF)

    def client(name: str, url: str) -> ServiceClient | None:
        if not url:
            return None
        return ServiceClient(
            name, url, http=http, tokens=tokens, counter=counter, reliability=reliability
        )

    search = client("Prisoner Search", settings.PRISONER_SEARCH_URL)
    probation = client("Probation record", settings.PROBATION_API_URL)
    tiering = client("Tiering", settings.TIERING_API_URL)
    return Feeds(
        search=PrisonerSearch(search, page_size=settings.FEEDS_PAGE_SIZE) if search else None,
        probation=Probation(probation) if probation else None,
        tiering=Tiering(tiering) if tiering else None,
        counter=counter,
        http=http,
    )
