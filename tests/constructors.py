"""A check shared by the classes whose `__init__` is written by hand for speed (frozen
dataclasses that fill their `__dict__` directly): nothing given is lost or misplaced."""

from __future__ import annotations

import dataclasses

import pytest


def assert_keeps_every_field(cls: type) -> None:
    """Each field holds what the constructor was given, by position and by name; `replace`
    and equality work; the instance stays frozen."""
    names = [spec.name for spec in dataclasses.fields(cls)]
    values = [object() for _ in names]
    made = cls(*values)
    assert [getattr(made, name) for name in names] == values
    assert made == cls(**dict(zip(names, values, strict=True)))
    assert dataclasses.replace(made) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], None)
