from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.admission.choices import ItemStatus
from shequ.admission.models import AdmittedItem
from shequ.core.forms import ScopedModelForm, style_widgets
from shequ.funding.choices import AccountKind, DonorKind, EntryKind, FundKind, ProjectStatus
from shequ.funding.models import MAX_YEAR, MIN_YEAR, Account, FundraisingProject
from shequ.regions.models import Division

__all__ = [
    "AllocateItemForm",
    "CancelDonationForm",
    "DonationForm",
    "FundraisingProjectForm",
    "PostForm",
    "ReverseForm",
]


class PostForm(forms.Form):
    """An allocation into an earmark or a disbursement from it (FIN-3). The amount is text, read as a Decimal."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            (EntryKind.ALLOCATION, EntryKind.ALLOCATION.label),
            (EntryKind.DISBURSEMENT, EntryKind.DISBURSEMENT.label),
        ],
    )
    earmark = forms.ModelChoiceField(label=_("earmarked sub-account"), queryset=Account.objects.none())
    other = forms.ModelChoiceField(
        label=_("source or expenditure"),
        queryset=Account.objects.none(),
        help_text=_("Where an allocation comes from, or what a disbursement pays for."),
    )
    amount = forms.CharField(label=_("amount (yuan)"), max_length=20)
    day = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("description"), max_length=200)
    community = forms.ModelChoiceField(label=_("for the community"), queryset=Division.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = Account.objects.restrict(user, "change")
        self.fields["earmark"].queryset = accounts.filter(kind=AccountKind.EARMARK)
        # Donations arrive on their project with donor and receipt (`services.receive_donation`), never from here.
        self.fields["other"].queryset = accounts.filter(kind__in=[AccountKind.SOURCE, AccountKind.EXPENSE]).exclude(
            kind=AccountKind.SOURCE, fund=FundKind.FUNDRAISING
        )
        self.fields["community"].queryset = Division.objects.restrict(user, "view").communities()
        style_widgets(self)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("reason for the reversal"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class AllocateItemForm(forms.Form):
    """费随事转 (FIN-1): a published admitted item's funding for a year arrives in the street's earmark for it. The
    items offered are those of the departments above the streets whose ledgers the user keeps."""

    item = forms.ModelChoiceField(label=_("admitted item"), queryset=AdmittedItem.objects.none())
    year = forms.IntegerField(label=_("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    bank = forms.ModelChoiceField(
        label=_("bank account"),
        queryset=Account.objects.none(),
        help_text=_("The street office's bank account; the earmark for the item is opened under it on first use."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        banks = Account.objects.restrict(user, "change").filter(kind=AccountKind.BANK, division__level="street")
        self.fields["bank"].queryset = banks.select_related("division")
        # A street's departments are its district's and its city's: the codes of the streets' ancestors.
        above = {code for street in banks.values_list("division__code", flat=True) for code in _ancestors(street)}
        self.fields["item"].queryset = (
            AdmittedItem.objects.unscoped("items of the departments above the user's streets")
            .filter(status=ItemStatus.PUBLISHED, funding_per_community__gt=0, department__division__code__in=above)
            .select_related("department")
        )
        self.fields["year"].initial = timezone.localdate().year
        style_widgets(self)


def _ancestors(code: str) -> list[str]:
    """The district's and the city's (and the province's) codes above a street's code."""
    return [code[:2] + "0" * 10, code[:4] + "0" * 8, code[:6] + "0" * 6]


class DonationForm(forms.Form):
    """One donation to an open fundraising project (FIN-1), recorded by `services.receive_donation`. The amount is
    text, read as a Decimal by the service. No ID or phone number is asked for."""

    project = forms.ModelChoiceField(label=_("fundraising project"), queryset=FundraisingProject.objects.none())
    donor_name = forms.CharField(label=_("donor"), max_length=100)
    donor_kind = forms.ChoiceField(label=_("donor kind"), choices=DonorKind.choices)
    anonymous = forms.BooleanField(
        label=_("anonymous"), required=False, help_text=_("A person who asks not to be named: shown as anonymous.")
    )
    amount = forms.CharField(label=_("amount (yuan)"), max_length=20)
    received_on = forms.DateField(label=_("received on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        projects = FundraisingProject.objects.restrict(user, "view").filter(status=ProjectStatus.OPEN)
        self.fields["project"].queryset = projects.select_related("division")
        style_widgets(self)


class CancelDonationForm(forms.Form):
    reason = forms.CharField(label=_("reason for the cancellation"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class FundraisingProjectForm(ScopedModelForm):
    """The project's earmark is chosen among the earmarked sub-accounts the user may see (FIN-1)."""

    class Meta:
        model = FundraisingProject
        fields = ("division", "name", "purpose", "target", "starts_on", "ends_on", "status", "earmark")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earmark"].queryset = self.fields["earmark"].queryset.filter(kind=AccountKind.EARMARK)
