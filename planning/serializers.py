"""The shapes of the policy what-if's API: input (where, which thresholds), output (the weekly
figures of both policies, a run's progress)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planning.jobs import run_progress
from planning.models import WhatIfRun


class WhatIfInput(serializers.Serializer[dict[str, object]]):
    prison = serializers.CharField(
        max_length=3, help_text='A prison code, e.g. LEI, or "all" for every prison you may.'
    )
    changes = serializers.DictField(
        required=False,
        default=dict,
        help_text="Policy thresholds to try, by name (see the prison policy endpoint); each "
        "prison keeps its own value of any threshold left out.",
    )


class WhatIfApplyInput(WhatIfInput):
    reason = serializers.CharField(max_length=300)
    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=2**31 - 1),
        help_text="Each prison's policy version the what-if was tried against, by code (from "
        'the what-if\'s `policy_versions` or the prison policy endpoint), e.g. {"LEI": 3}. If '
        "a policy has changed since, the answer is 409 and nothing is applied.",
    )


class ProjectionSerializer(serializers.Serializer[object]):
    week_starts = serializers.ListField(child=serializers.DateField())
    series = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="One number a week for each figure: handovers_starting, com_responsible, "
        "pom_responsible, pom_supporting, oasys_due, pom_contacts_due, keywork_sessions_due.",
    )
    com_by_ldu = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text='com_responsible by the COM\'s probation delivery unit ("" where not known).',
    )
    capacity = serializers.IntegerField(help_text="Cases the POMs can hold under this policy.")
    cases = serializers.IntegerField(help_text="People counted.")


class WhatIfSerializer(serializers.Serializer[object]):
    prisons = serializers.ListField(child=serializers.CharField())
    changes = serializers.DictField()
    current = ProjectionSerializer(help_text="Today's policy.")
    proposed = ProjectionSerializer(help_text="The policy tried.")
    policy_versions = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Each prison's policy version today's figures come from, by code: send them "
        "back to apply the policy tried.",
    )


class WhatIfRunSerializer(serializers.ModelSerializer[WhatIfRun]):
    prisons = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = WhatIfRun
        fields = ["id", "status", "progress", "prisons", "changes", "start", "failure", "result"]

    def get_prisons(self, run: WhatIfRun) -> list[str]:
        return [prison.code for prison in run.prisons.all()]

    def get_progress(self, run: WhatIfRun) -> int:
        return run_progress(run)

    @extend_schema_field(WhatIfSerializer(allow_null=True))
    def get_result(self, run: WhatIfRun) -> dict[str, object] | None:
        """The figures once the run is done (the shape of the what-if for one prison)."""
        return run.result if run.status == WhatIfRun.Status.DONE else None
