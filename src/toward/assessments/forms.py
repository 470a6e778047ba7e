from __future__ import annotations

from django import forms

from toward.content.assessments_schema import Assessment

MISSING = "Please choose one answer here."
INVALID = "That is not one of the answers here; please choose one of these."


class AssessmentForm(forms.Form):
    """All statements on one page, each a group of radio buttons (a fieldset with a legend)."""

    def __init__(self, assessment: Assessment, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        choices = [(str(o.value), o.label) for o in assessment.scale]
        for number, item in enumerate(assessment.items, start=1):
            self.fields[item.id] = forms.ChoiceField(
                label=item.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": MISSING, "invalid_choice": INVALID},
            )
            self.fields[item.id].number = number

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}
