"""A handover state change on the case record says the new state once, with why."""

from handover.models import HandoverEvent
from handover.plugin import _detail


def event(**fields: object) -> HandoverEvent:
    values: dict[str, object] = {
        "action": HandoverEvent.Action.STATE_CHANGED,
        "summary": "Handover state: Not yet upcoming",
        "old_value": "Not recorded",
        "new_value": "Not yet upcoming",
        "reason": "Not yet upcoming: the handover date is 21 May 2028.",
    }
    values.update(fields)
    return HandoverEvent(**values)


def test_a_first_state_says_it_once() -> None:
    assert _detail(event()) == "Not yet upcoming: the handover date is 21 May 2028."


def test_a_change_says_what_it_was() -> None:
    changed = event(
        old_value="Not yet upcoming",
        new_value="Upcoming",
        reason="Upcoming: on or after 26 March 2028, before the handover date 21 May 2028.",
    )
    assert _detail(changed) == (
        "Was not yet upcoming. Upcoming: on or after 26 March 2028, before the handover date "
        "21 May 2028."
    )


def test_other_events_keep_their_reason() -> None:
    added = event(
        action=HandoverEvent.Action.OVERRIDE_ADDED, summary="Override added.", reason="Recalled."
    )
    assert _detail(added) == "Override added. Reason: Recalled."
