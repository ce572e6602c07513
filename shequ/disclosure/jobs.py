"""The PDF of a published disclosure, rendered in the background worker (INFO-1; WeasyPrint with the system's Noto
CJK fonts). It is rendered once, from the frozen record, and kept; a correction is a new version with its own PDF."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

__all__ = ["render_pdf", "write_pdf"]

logger = logging.getLogger("shequ.jobs")


def write_pdf(disclosure) -> bytes:
    from weasyprint import HTML  # imported on use: a second to load, and it needs the system's Pango

    from shequ.disclosure.report import sections

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("disclosure/pdf.html", {"disclosure": disclosure, "sections": sections(disclosure)})
    return HTML(string=html).write_pdf()


@task()
def render_pdf(disclosure_id: int) -> str:
    """Render and keep a published disclosure's PDF (once: a PDF already kept is never replaced)."""
    from shequ.disclosure.choices import DisclosureStatus
    from shequ.disclosure.models import Disclosure

    disclosure = Disclosure.objects.select_related("community").get(pk=disclosure_id)
    if disclosure.pdf or disclosure.status not in DisclosureStatus.public():
        return disclosure.pdf.name
    pdf = write_pdf(disclosure)
    name = f"{disclosure.community.code}-{disclosure.month:%Y-%m}-v{disclosure.version}.pdf"
    disclosure.pdf.save(name, ContentFile(pdf), save=False)
    Disclosure.objects.filter(pk=disclosure.pk).update(pdf=disclosure.pdf.name)
    logger.info("disclosure %s: PDF of %d bytes", disclosure.pk, len(pdf))
    return disclosure.pdf.name
