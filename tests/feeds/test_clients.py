"""The clients' reliability, over real HTTP to the fake: the token cached and renewed a minute
before it expires, retries only on timeouts, 429 and 5xx, and errors naming the service."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from feeds.clients.http import FeedError, Reliability, RequestCounter, ServiceClient, TokenSource
from feeds.clients.probation import read_probation_record
from feeds.fake.server import FakeHmpps
from feeds.fake.state import CLIENT_ID, CLIENT_SECRET
from tests.feeds.conftest import doc


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _client(fake: FakeHmpps, clock: Clock, **reliability: Any) -> ServiceClient:
    http = httpx.Client(timeout=httpx.Timeout(0.5, connect=0.5))
    counter = RequestCounter()
    tokens = TokenSource(http, fake.url, CLIENT_ID, CLIENT_SECRET, counter=counter, clock=clock)
    return ServiceClient(
        "Prisoner Search",
        fake.url,
        http=http,
        tokens=tokens,
        counter=counter,
        reliability=Reliability(backoff=0.01, **reliability),
    )


def test_the_token_is_cached_and_renewed_a_minute_early(fake: FakeHmpps) -> None:
    clock = Clock()
    client = _client(fake, clock)
    fake.state.put(doc("A1000AA"))
    assert client.get("/prisoner/A1000AA")["prisonerNumber"] == "A1000AA"
    clock.now += 1199 - 61
    client.get("/prisoner/A1000AA")
    assert fake.state.log.count("POST /auth/oauth/token") == 1
    clock.now += 2  # within the last minute of its life
    client.get("/prisoner/A1000AA")
    assert fake.state.log.count("POST /auth/oauth/token") == 2


def test_bad_credentials_are_an_auth_error(fake: FakeHmpps) -> None:
    fake.state.client_secret = "another"  # noqa: S105
    with pytest.raises(FeedError, match="^HMPPS Auth: no token: 401"):
        _client(fake, Clock()).get("/prisoner/A1000AA")


def test_429_and_5xx_are_retried_with_a_bound(fake: FakeHmpps) -> None:
    client = _client(fake, Clock(), attempts=3)
    fake.state.put(doc("A1000AA"))
    fake.state.fail("/prisoner/A1000AA", status=429)
    fake.state.fail("/prisoner/A1000AA", status=502)
    assert client.get("/prisoner/A1000AA")["prisonerNumber"] == "A1000AA"
    fake.state.fail("/prisoner/A1000AA", status=500, times=3)
    with pytest.raises(FeedError, match="answered 500 Internal Server Error 3 times"):
        client.get("/prisoner/A1000AA")
    assert fake.state.log.count("GET /prisoner/A1000AA") == 6


def test_a_404_is_none_when_allowed_and_an_error_otherwise(fake: FakeHmpps) -> None:
    client = _client(fake, Clock())
    assert client.get("/prisoner/Z9999ZZ", missing_ok=True) is None
    with pytest.raises(FeedError, match="refused: 404"):
        client.get("/prisoner/Z9999ZZ")
    assert fake.state.log.count("GET /prisoner/Z9999ZZ") == 2  # never retried


def test_the_probation_mapping_reads_the_record() -> None:
    record = read_probation_record(
        "Probation record",
        {
            "nomsId": "A1234BC",
            "crn": "x123456",
            "tier": "B2",
            "mappaLevel": 2,
            "roshLevel": "VERY_HIGH",
            "manager": {
                "name": {"forename": "Ruth", "surname": "Okafor"},
                "email": "ruth.okafor@justice.example",
                "team": {
                    "description": "Leeds North",
                    "localDeliveryUnit": {"description": "Leeds"},
                },
                "unallocated": False,
            },
            "resourcing": "ENHANCED",
        },
    )
    assert (record.crn, record.tier, record.rosh, record.mappa_level) == (
        "X123456",
        "B2",
        "very_high",
        2,
    )
    assert record.com is not None and record.com.name == "Ruth Okafor"
    assert record.com.pdu == "Leeds" and record.resourcing == "ENHANCED"
    with pytest.raises(FeedError, match="not a MAPPA level"):
        read_probation_record("Probation record", {"crn": "X123456", "mappaLevel": 7})
