"""Factories for every app's models, one module per app (`demo.factories.cases`, ...).

The tests build their data with them (`create()`), and `seed_demo` builds its rows with them
(`row()`: unsaved, then bulk-inserted). Defaults are deterministic: sequences, never random.
"""
