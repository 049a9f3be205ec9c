"""API shapes, by subject: prisoners, sessions, policy and figures (`prisoners`), changes of a
case's facts (`facts`) and roll imports (`roll`). Names are re-exported here."""

from cases.serializers.audit import (
    AuditEntrySerializer,
    AuditQuerySerializer,
    SubjectAccessSerializer,
)
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
from cases.serializers.figures import DefinitionSerializer, FigureSerializer
from cases.serializers.limits import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_ID,
    MAX_SMALL_NUMBER,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    InputDateField,
    InputDateTimeField,
    id_field,
    plausible_date,
    version_field,
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
    "AuditEntrySerializer",
    "AuditQuerySerializer",
    "SubjectAccessSerializer",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_ID",
    "MAX_SMALL_NUMBER",
    "REASON_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "InputDateField",
    "InputDateTimeField",
    "id_field",
    "plausible_date",
    "version_field",
    "ArrivalSerializer",
    "CaseFactsSerializer",
    "DailyStatisticSerializer",
    "DefinitionSerializer",
    "DetailsChangeSerializer",
    "FigureSerializer",
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
