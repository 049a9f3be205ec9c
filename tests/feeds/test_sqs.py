"""`consume_events` against a real SQS API: moto in server mode on localhost. Messages are
deleted only once applied (or parked); a redelivered one is a duplicate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from cases.models import Prison, Prisoner
from feeds.events.parse import RECEIVED, UPDATED
from feeds.fake.documents import notification
from feeds.fake.server import FakeHmpps
from feeds.models import ParkedMessage
from tests.feeds.conftest import doc, run_json

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def queue(moto_url: str, settings: Any, request: Any) -> Any:
    sqs = boto3.client(
        "sqs",
        endpoint_url=moto_url,
        region_name="eu-west-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106
    )
    url = sqs.create_queue(QueueName=f"events-{request.node.name[:60]}")["QueueUrl"]
    settings.DOMAIN_EVENTS_QUEUE_URL = url
    settings.SQS_ENDPOINT_URL = moto_url
    yield sqs, url
    sqs.delete_queue(QueueUrl=url)


def _left(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def test_it_applies_the_queue_and_deletes_what_it_applied(
    fake: FakeHmpps, leeds: Prison, queue: Any
) -> None:
    sqs, url = queue
    fake.state.put(doc("B2000BB"))
    bodies = [
        notification(RECEIVED, {"nomsNumber": "B2000BB", "prisonId": "LEI"}, message_id="q-1"),
        notification(UPDATED, {"nomsNumber": "B2000BB"}, message_id="q-2"),
        notification(UPDATED, {"nomsNumber": "B2000BB"}, message_id="q-2"),  # at least once
        notification(UPDATED, {"nomsNumber": "Z9999ZZ"}, message_id="q-3"),  # unknown: parked
    ]
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=body)
    line, code = run_json("consume_events", "--once")
    assert code == 0
    assert line == {"received": 4, "applied": 2, "duplicates": 1, "parked": 1}
    assert Prisoner.objects.get(prison_number="B2000BB").current_prison == leeds
    assert ParkedMessage.objects.get().message_id == "q-3"
    assert _left(sqs, url) == 0

    sqs.send_message(QueueUrl=url, MessageBody=bodies[0])  # redelivered
    line, _ = run_json("consume_events", "--once")
    assert line == {"received": 1, "applied": 0, "duplicates": 1, "parked": 0}
    assert _left(sqs, url) == 0


def test_without_a_queue_or_a_file_it_cannot_start(fake: FakeHmpps, settings: Any) -> None:
    settings.DOMAIN_EVENTS_QUEUE_URL = ""
    line, code = run_json("consume_events", "--once")
    assert code == 1 and line == {}
