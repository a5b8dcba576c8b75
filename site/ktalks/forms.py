"""Filter forms of the public K-talk pages (GET forms: they work without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommitmentStatus, HostBody, Theme

OPEN = "open"
ALL = "all"


def _year_choices(years):
    return [("", _("All years"))] + [(str(year), str(year)) for year in years]


class KTalkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search K-talks"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All themes")
    )
    host = forms.ModelChoiceField(
        label=_("Host body"), queryset=HostBody.objects.all(), required=False, empty_label=_("All hosts")
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)


class CommitmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open (promised or in progress)")), (ALL, _("All statuses"))]
        + list(CommitmentStatus.choices),
    )
    host = forms.ModelChoiceField(
        label=_("Host body"), queryset=HostBody.objects.all(), required=False, empty_label=_("All hosts")
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)
