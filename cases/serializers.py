"""API output shapes for prisoners. Input serializers live beside the operations that take input."""

from rest_framework import serializers

from cases.models import Prisoner, Sentence


class PrisonerListSerializer(serializers.ModelSerializer):
    prison = serializers.CharField(source="current_prison.code", default=None)
    sentence_start_date = serializers.DateField(read_only=True)
    display_release_date = serializers.DateField(read_only=True)
    arrival_datetime = serializers.DateTimeField(read_only=True)
    pom = serializers.SerializerMethodField()

    class Meta:
        model = Prisoner
        fields = [
            "prison_number",
            "first_name",
            "last_name",
            "date_of_birth",
            "legal_status",
            "prison",
            "location",
            "tier",
            "rosh",
            "mappa_level",
            "complexity_of_need",
            "crn",
            "sentence_start_date",
            "display_release_date",
            "arrival_datetime",
            "pom",
        ]

    def get_pom(self, obj: Prisoner) -> str | None:
        allocation = getattr(obj, "allocation", None)
        pom = allocation.primary_pom if allocation else None
        return pom.get_username() if pom else None


class SentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = [
            "description",
            "sentence_start_date",
            "indeterminate",
            "further_indeterminate_sentence",
            *Sentence.KEY_DATES,
        ]


class PrisonerDetailSerializer(PrisonerListSerializer):
    sentence = serializers.SerializerMethodField()

    class Meta(PrisonerListSerializer.Meta):
        fields = [
            *PrisonerListSerializer.Meta.fields,
            "case_allocation",
            "early_allocation",
            "open_conditions_since",
            "sentence",
        ]

    def get_sentence(self, obj: Prisoner) -> dict | None:
        sentence = self.context["case"].sentence
        return SentenceSerializer(sentence).data if sentence else None
