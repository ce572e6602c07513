"""Pages of the population register (issue #3): registers, a resident's page, unmasking and moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shequ.core.pickers import use_pickers
from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, ObjectEditView, ObjectView
from shequ.people import forms, services
from shequ.people.choices import MoveKind
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident, ResidentMove

__all__ = [
    "CareRecordViews",
    "FloatingRecordViews",
    "HouseholdViews",
    "ResidentMoveViews",
    "ResidentViews",
]


class MaskedDetailView(ObjectDetailView):
    """Detail page of a register with protected values: the masked forms only (the base already drops ciphertext
    and blind-index columns), and no search keys."""

    hidden_fields = (*ObjectDetailView.hidden_fields, "pinyin_keys", "division_code")


@method_decorator(never_cache, name="dispatch")
class NoStoreEditView(ObjectEditView):
    """Add and edit pages of registers taking plaintext ID numbers, phones or addresses, which a refused form shows
    again as typed: never kept by the browser or a proxy (`Cache-Control: no-store`; issue #12, PI-4)."""


@method_decorator(never_cache, name="dispatch")
class ResidentDetailView(MaskedDetailView):
    """A resident's page and its unmasking: `Cache-Control: no-store`, as it shows an unmasked value (issue #12,
    PI-4), and at most `SHEQU_UNMASK_PER_HOUR` unmaskings per user an hour (`services.unmask`)."""

    def extra_context(self, obj):
        user = self.request.user
        context = super().extra_context(obj)
        context["unmask_form"] = forms.UnmaskForm()
        # The age this year, not the exact age: watching the exact age change reveals the birthday (issue #12).
        self.add_fact(context, _("age this year"), obj.age_this_year)
        self.add_fact(context, _("minor"), _("Yes") if obj.is_minor else _("No"))
        context["care_records"] = (
            CareRecord.objects.restrict(user).filter(resident=obj)
            if user_may(user, "people.view_carerecord", obj.division_code)
            else None
        )
        context["floating"] = FloatingRecord.objects.restrict(user).filter(resident=obj).first()
        context["moves"] = ResidentMove.objects.restrict(user).filter(resident=obj)
        context["may_unmask"] = user_may(user, "people.unmask_resident", obj.division_code)
        context["may_move"] = user_may(user, "people.change_resident", obj.division_code)
        return context

    def post(self, request, pk):
        """Unmask one field with a reason: shown once on this page, written to the access log (DESIGN.md §5)."""
        resident = self.get_object()
        form = forms.UnmaskForm(request.POST)
        revealed = None
        if form.is_valid():
            field = form.cleaned_data["field"]
            try:
                value = services.unmask(
                    acting_user=request.user, resident=resident, field=field, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                revealed = (dict(form.fields["field"].choices)[field], value)
        return self.render_detail(resident, unmask_form=form, revealed=revealed)


class MoveView(ObjectView):
    """Move a resident to another household, out of the city, or record a death (issue #3 moves)."""

    action = "change"

    def picker_form(self):
        return forms.MoveForm(user=self.request.user)

    def get(self, request, pk):
        resident = self.get_object()
        return self.render(resident, forms.MoveForm(user=request.user))

    def post(self, request, pk):
        resident = self.get_object()
        form = forms.MoveForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == "transfer":
                    services.move_resident(
                        acting_user=request.user,
                        resident=resident,
                        to_household=data["household"],
                        day=data["date"],
                        note=data["note"],
                    )
                elif data["kind"] == MoveKind.MOVE_OUT:
                    services.record_move_out(
                        acting_user=request.user, resident=resident, day=data["date"], note=data["note"]
                    )
                else:
                    services.record_death(
                        acting_user=request.user, resident=resident, day=data["date"], note=data["note"]
                    )
            except PermissionDenied:
                form.add_error(None, _("The record would lie outside your jurisdiction."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved {object}.").format(object=resident))
                visible = Resident.objects.restrict(request.user).filter(pk=resident.pk).exists()
                return redirect(resident.get_absolute_url() if visible else "people:resident_list")
        return self.render(resident, form)

    def render(self, resident, form):
        use_pickers(form)
        return render(self.request, "people/move.html", self.context(object=resident, form=form))


class HouseholdDetailView(MaskedDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["members"] = Resident.objects.restrict(self.request.user).filter(household=obj)
        context["may_add_member"] = user_may(self.request.user, "people.add_resident", obj.division_code)
        return context


class HouseholdViews(ModelViews):
    model = Household
    detail_view = HouseholdDetailView
    edit_view = NoStoreEditView


class ResidentViews(ModelViews):
    model = Resident
    detail_view = ResidentDetailView
    edit_view = NoStoreEditView


class FloatingRecordViews(ModelViews):
    model = FloatingRecord


class CareRecordViews(ModelViews):
    model = CareRecord
    detail_view = MaskedDetailView
    edit_view = NoStoreEditView


class ResidentMoveViews(ModelViews):
    model = ResidentMove
    kinds = ("list", "detail")
