"""A local stand-in for the national services (HMPPS Auth, Prisoner Search, the probation
record and Tiering) speaking the national services' shapes, for a developer's loop
(`manage.py fake_hmpps`), the tests and the benchmark. Never used by the product itself."""
