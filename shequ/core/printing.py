"""A record as a PDF, where a paper copy is customary (issue #13: a work order, a household card).

The PDF is the detail page's content laid out for A4 by WeasyPrint (HTML and CSS shared with the pages, CJK glyphs
embedded from the system's Noto CJK fonts). Handing a record out on paper is an export of personal data, so it is
access-logged like one (AU-1, PI-4).
"""

from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent

__all__ = ["PdfUnavailable", "pdf_response"]


class PdfUnavailable(Exception):
    """WeasyPrint or the system's Pango library is missing on this machine."""


def pdf_response(request, templates: list[str], context: dict, record) -> HttpResponse:
    try:
        from weasyprint import HTML  # imported on use: a second to load, and it needs the system's Pango
    except (ImportError, OSError) as missing:
        raise PdfUnavailable(str(missing)) from missing
    html = render_to_string(templates, {**context, "printed_at": timezone.localtime()}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    log_access(AccessEvent.EXPORT, user=request.user, obj=record, format="pdf", model=record._meta.label_lower)
    name = f"{record._meta.verbose_name}-{record}-{timezone.localtime():%Y%m%d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
