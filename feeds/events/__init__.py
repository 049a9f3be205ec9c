"""HMPPS domain events (hmpps-feeds.md section 3, kept in docs/commands.md#consume_events):
read from an SQS queue or a file, each applied by reading the fresh document it points at."""
