from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Assignment
from shequ.accounts.roles import ROLE_LEVELS, Role
from shequ.accounts.separation import separation_error
from shequ.core.forms import ScopedModelForm
from shequ.regions.choices import DivisionLevel

__all__ = [
    "LOGIN_FAILED_MESSAGE",
    "AssignmentForm",
    "LoginForm",
    "OwnPasswordChangeForm",
    "ResetPasswordForm",
    "TokenForm",
]

# One message for an unknown user, a wrong password, an inactive and a locked account (IA-3).
LOGIN_FAILED_MESSAGE = _("Incorrect user name or password, or the account is temporarily locked.")


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED_MESSAGE, "inactive": LOGIN_FAILED_MESSAGE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": "form-control"})

    def locked_out(self):
        """Turn this form into the generic failure, as a locked account must look like any failed login."""
        self.cleaned_data = {}
        self._errors = forms.utils.ErrorDict()
        self.add_error(None, LOGIN_FAILED_MESSAGE)


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["user", "role", "division", "department"]

    def clean(self):
        data = super().clean()
        role, division = data.get("role"), data.get("division")
        if role and division and division.level not in ROLE_LEVELS[Role(role)]:
            levels = "、".join(str(DivisionLevel(level).label) for level in ROLE_LEVELS[Role(role)])
            raise forms.ValidationError(
                _("The role {role} is held at level: {levels}.").format(role=Role(role).label, levels=levels)
            )
        user = data.get("user")
        if role and user is not None:
            held = Assignment.objects.filter(user=user).exclude(pk=self.instance.pk).values_list("role", flat=True)
            message = separation_error(held, role)
            if message:
                raise forms.ValidationError(message)
        return data


def _styled(form):
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class OwnPasswordChangeForm(PasswordChangeForm):
    """The user's own change (IA-2): old password, then the new one through every configured validator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)


class ResetPasswordForm(SetPasswordForm):
    """A new password set through a one-time link (IA-2): the validators apply, nothing further is forced."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit)


class TokenForm(forms.Form):
    """A six-digit code from the user's authenticator app (issue #12, IA-1)."""

    token = forms.RegexField(
        label=_("Verification code"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("Enter the six digits shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
