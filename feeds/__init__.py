"""The national feeds: Prisoner Search, the probation record, Tiering and the HMPPS domain
events keep the service in step with NOMIS and nDelius (docs/commands.md#sync_prison).

`feeds` sits above the feature apps and writes only through their services and those of
`cases` (`cases.services.facts`, `cases.roll`, `allocation.services.com_record`), so every
change it makes is audited with its source like any other."""
