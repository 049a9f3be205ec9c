"""Tasks for the interventions app: none yet. Every list works out its checks when it is read
(release dates come from the rules engine on each request), so nothing needs a nightly job."""
