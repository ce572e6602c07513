from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shequ.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from django.db.models.signals import post_save

        from shequ.people import importers, lookups, navigation  # noqa: F401  (registers importers and the menu)

        post_save.connect(lookups.write_deferred, sender="core.ImportJob", dispatch_uid="people-id-lookups")
