"""The consumer's loop: batch after batch from a source, each applied then acknowledged."""

from __future__ import annotations

import logging
from collections.abc import Callable

from feeds.clients import Feeds
from feeds.events.consume import Counts, consume_batch
from feeds.events.sources import Source

logger = logging.getLogger(__name__)


def consume(
    source: Source, feeds: Feeds, *, once: bool, stop: Callable[[], bool] | None = None
) -> Counts:
    """Apply every batch the source gives (all of a file; the queue until empty with `once`,
    else until `stop()` says so, checked between batches); the totals."""
    total = Counts()
    for batch in source.batches(once=once):
        if batch:
            counts = consume_batch(batch, feeds)
            source.ack(batch)  # only now: every message is applied, a duplicate, or parked
            total.add(counts)
            logger.debug("Domain events: %s", counts.line())
        if stop is not None and stop():
            break
    return total
