"""The monthly disclosure register, declared once (issue #14 item 6; INFO-1; `core.registers`). Its figures are
compiled and its steps are the platform's: staff write only the text of a draft."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.disclosure.models import TEXT_FIELDS, Disclosure


@register
class DisclosureRegister(Register):
    model = Disclosure
    fields = TEXT_FIELDS
    list_fields = ("month", "community", "version", "status", "reviewed_at", "published_at")
    search_fields = ("community__name",)
    filter_fields = ("status", "month")
    natural_key = ("community", "month", "version")
    read_only = ("month", "version", "status", "compiled_at", "reviewed_at", "published_at", "content_hash")
    not_importable = _("A disclosure is compiled from the platform's data, never imported.")
