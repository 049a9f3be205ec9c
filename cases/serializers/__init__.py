"""API shapes, by subject: prisoners, sessions, policy and figures (`prisoners`), changes of a
case's facts (`facts`) and roll imports (`roll`). Names are re-exported here."""

from cases.serializers.facts import (
    ArrivalSerializer,
    CaseFactsSerializer,
    DetailsChangeSerializer,
    MergePreviewSerializer,
    MergeSerializer,
    ReleaseSerializer,
    SentenceChangeSerializer,
    TransferSerializer,
)
from cases.serializers.prisoners import (
    DailyStatisticSerializer,
    FollowUpInputSerializer,
    PrisonerDetailSerializer,
    PrisonerListSerializer,
    PrisonPolicyChangeSerializer,
    PrisonPolicySerializer,
    SentenceSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    TimelineEventSerializer,
)
from cases.serializers.roll import (
    RollImportDetailSerializer,
    RollImportSerializer,
    RollUploadSerializer,
)

__all__ = [
    "ArrivalSerializer",
    "CaseFactsSerializer",
    "DailyStatisticSerializer",
    "DetailsChangeSerializer",
    "FollowUpInputSerializer",
    "MergePreviewSerializer",
    "MergeSerializer",
    "PrisonPolicyChangeSerializer",
    "PrisonPolicySerializer",
    "PrisonerDetailSerializer",
    "PrisonerListSerializer",
    "ReleaseSerializer",
    "RollImportDetailSerializer",
    "RollImportSerializer",
    "RollUploadSerializer",
    "SentenceChangeSerializer",
    "SentenceSerializer",
    "SessionCreateSerializer",
    "SessionSerializer",
    "TimelineEventSerializer",
    "TransferSerializer",
]
