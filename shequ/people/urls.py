from django.urls import path

from shequ.core.registry import register_page
from shequ.people.models import Resident
from shequ.people.views import (
    CareRecordViews,
    FloatingRecordViews,
    HouseholdViews,
    MoveView,
    ResidentMoveViews,
    ResidentViews,
)

app_name = "people"

urlpatterns = [
    *HouseholdViews.urls("households"),
    *ResidentViews.urls("residents"),
    path("residents/<int:pk>/move/", MoveView.as_view(model=Resident, views=ResidentViews), name="resident_move"),
    *FloatingRecordViews.urls("floating"),
    *CareRecordViews.urls("care"),
    *ResidentMoveViews.urls("moves"),
]
register_page("people:resident_move", "people.change_resident")
