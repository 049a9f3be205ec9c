"""A checklist item's view keeps what it is given (its constructor is written by hand)."""

from handover.selectors.assessment import ItemView
from tests.constructors import assert_keeps_every_field


def test_an_item_views_hand_written_constructor_keeps_every_field() -> None:
    assert_keeps_every_field(ItemView)
