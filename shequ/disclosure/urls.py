from django.urls import path

from shequ.core.registry import register_page
from shequ.disclosure import models, views

app_name = "disclosure"

urlpatterns = [
    *views.DisclosureViews.urls("disclosures"),
    path("disclosures/<int:pk>/pdf/", views.PdfView.as_view(model=models.Disclosure), name="pdf"),
    path("compile/", views.CompileView.as_view(), name="compile"),
]
register_page("disclosure:pdf", "disclosure.view_disclosure")
register_page("disclosure:compile", "disclosure.add_disclosure")
