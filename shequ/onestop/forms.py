from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import CommunityRecordForm, style_widgets
from shequ.onestop import models
from shequ.onestop.choices import AllowanceStatus

__all__ = ["AllowanceReviewForm", "CaseForm", "ReviewForm", "ServiceItemForm"]


class ServiceItemForm(forms.ModelForm):
    class Meta:
        model = models.ServiceItem
        fields = ["name", "area", "department", "conditions", "materials", "time_limit_days", "place", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CaseForm(CommunityRecordForm):
    """A new application: the deadline and number are the service's business (`services.open_case`)."""

    phone = forms.CharField(label=_("applicant's phone"), max_length=20, required=False)

    class Meta:
        model = models.ServiceCase
        fields = ["community", "item", "applicant_name", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = models.ServiceItem.objects.filter(active=True)


class AllowanceReviewForm(CommunityRecordForm):
    class Meta:
        model = models.AllowanceReview
        fields = ["community", "household", "status", "status_reason", "review_months", "last_review_on"]

    def clean(self):
        cleaned = super().clean()
        household, community = cleaned.get("household"), cleaned.get("community")
        if household and community and household.community_id != community.pk:
            self.add_error("household", _("The household belongs to another community."))
        return cleaned


class ReviewForm(forms.Form):
    day = forms.DateField(
        label=_("reviewed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=models.AllowanceReview._meta.get_field("last_review_on").validators,  # issue #12
    )
    status = forms.ChoiceField(label=_("status"), choices=AllowanceStatus.choices)
    reason = forms.CharField(label=_("reason for the status"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
