"""HMPPS domain events (docs/commands.md#consume_events):
read from an SQS queue or a file, each applied by reading the fresh document it points at."""
