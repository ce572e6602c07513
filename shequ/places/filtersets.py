import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import ScopedFilterSet
from shequ.places.choices import DwellingUse, RentalRegistration
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingFilterSet", "DwellingFilterSet", "RentalFilterSet", "ResidentialAreaFilterSet"]


class ResidentialAreaFilterSet(ScopedFilterSet):
    search_fields = ("name", "address")

    class Meta:
        model = ResidentialArea
        fields = ["q", "division", "enclosed"]


class BuildingFilterSet(ScopedFilterSet):
    search_fields = ("number", "address", "area__name")

    class Meta:
        model = Building
        fields = ["q", "division", "area"]


class DwellingFilterSet(ScopedFilterSet):
    search_fields = ("room", "building__number", "building__area__name")
    use = django_filters.ChoiceFilter(choices=DwellingUse.choices, label=_("use"))

    class Meta:
        model = Dwelling
        fields = ["q", "division", "use", "building"]


class RentalFilterSet(ScopedFilterSet):
    search_fields = ("landlord_name", "dwelling__room", "dwelling__building__number")
    registration = django_filters.ChoiceFilter(choices=RentalRegistration.choices, label=_("registration status"))

    class Meta:
        model = Rental
        fields = ["q", "division", "registration"]
