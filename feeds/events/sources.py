"""Where domain events come from: a file of SQS message bodies (one a line), or the SQS queue
(`DOMAIN_EVENTS_QUEUE_URL`, through boto3; `SQS_ENDPOINT_URL` for a local one). A source hands
out batches and deletes a batch's messages once it has been applied (`ack`)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from feeds.events.consume import Message

FILE_BATCH = 500  # lines applied as one batch (bursts for one prisoner coalesce within it)
SQS_BATCH = 100  # messages gathered from the queue before they are applied
LONG_POLL = 20  # seconds a receive waits on an empty queue


class Source(Protocol):
    def batches(self, *, once: bool) -> Iterator[list[Message]]: ...

    def ack(self, messages: Sequence[Message]) -> None: ...


class FileSource:
    """A file of SQS message bodies, one a line; blank lines are skipped."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def batches(self, *, once: bool) -> Iterator[list[Message]]:
        batch: list[Message] = []
        with self.path.open(encoding="utf-8-sig") as lines:
            for line in lines:
                if line.strip():
                    batch.append(Message(line.strip()))
                if len(batch) >= FILE_BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def ack(self, messages: Sequence[Message]) -> None:
        """Nothing to delete in a file."""


def _region(queue_url: str) -> str:
    found = re.search(r"sqs[.-]([a-z0-9-]+)\.amazonaws\.com", queue_url)
    return (
        os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or (found.group(1) if found else "eu-west-2")
    )


class SqsSource:
    """The SQS queue, long-polled; messages are deleted only once applied."""

    def __init__(self, queue_url: str, *, endpoint_url: str = "", wait: int = LONG_POLL) -> None:
        import boto3

        options: dict[str, Any] = {"region_name": _region(queue_url)}
        if endpoint_url:
            options["endpoint_url"] = endpoint_url
            if not os.environ.get("AWS_ACCESS_KEY_ID"):  # a local queue takes any credentials
                options.update(aws_access_key_id="local", aws_secret_access_key="local")  # noqa: S106
        self.client = boto3.client("sqs", **options)
        self.queue_url, self.wait = queue_url, wait

    def _receive(self, wait: int) -> list[Message]:
        answer = self.client.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait
        )
        return [
            Message(m["Body"], receipt=m["ReceiptHandle"], sqs_id=m.get("MessageId", ""))
            for m in answer.get("Messages", [])
        ]

    def batches(self, *, once: bool) -> Iterator[list[Message]]:
        """Batches as they come; with `once`, until the queue answers empty. An empty batch
        after each idle long poll lets the caller stop between polls."""
        while True:
            batch = self._receive(0 if once else self.wait)
            while batch and len(batch) < SQS_BATCH:  # gather a burst, without waiting
                more = self._receive(0)
                if not more:
                    break
                batch += more
            if not batch and once:
                return
            yield batch

    def ack(self, messages: Sequence[Message]) -> None:
        receipts = [m.receipt for m in messages if m.receipt]
        for start in range(0, len(receipts), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": r}
                for i, r in enumerate(receipts[start : start + 10])
            ]
            self.client.delete_message_batch(QueueUrl=self.queue_url, Entries=entries)
