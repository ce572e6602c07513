from shequ.core.forms import ScopedModelForm
from shequ.organizations import models

__all__ = ["SubcommitteeForm"]


class SubcommitteeForm(ScopedModelForm):
    """Members are chosen among the members of the same committee term."""

    class Meta:
        model = models.Subcommittee
        fields = ["committee", "kind", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committee = self.data.get("committee") or self.initial.get("committee") or self.instance.committee_id
        if str(committee or "").isdigit():  # a member of another term is then "not one of the choices"
            self.fields["members"].queryset = self.fields["members"].queryset.filter(committee=committee)
