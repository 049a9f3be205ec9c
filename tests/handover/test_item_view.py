"""A checklist item's view keeps what it is given (its constructor is written by hand)."""

import dataclasses

import pytest

from handover.selectors.assessment import ItemView


def test_an_item_views_hand_written_constructor_keeps_every_field() -> None:
    names = [spec.name for spec in dataclasses.fields(ItemView)]
    values = [object() for _ in names]
    made = ItemView(*values)
    assert [getattr(made, name) for name in names] == values
    assert made == ItemView(**dict(zip(names, values, strict=True)))
    assert dataclasses.replace(made) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[1], None)
