"""Add a new SM4 field key, make it active, and re-encrypt every protected value under it (DESIGN.md §5).

Old keys stay in the key file so that a backup taken before the rotation can still be read; remove them by hand
once no backup needs them. Blind indexes are not affected (they use the separate index key).
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from shequ.core.crypto import add_key, decrypt, encrypt, key_id_of, keyring
from shequ.core.models import ProtectedValuesMixin

BATCH = 2000


def protected_fields(model) -> list[str]:
    return [f.name for f in model._meta.fields if f.name.endswith("_encrypted")]


class Command(BaseCommand):
    help = "Rotate the personal-data encryption key: new key id, every ciphertext re-encrypted."

    def add_arguments(self, parser):
        parser.add_argument("--resume", action="store_true", help="re-encrypt under the current key without adding one")

    def handle(self, *args, resume, **options):
        kid = keyring().active if resume else add_key(settings.DATA_KEY_FILE)
        ring = keyring()
        total = 0
        for model in apps.get_models():
            if not issubclass(model, ProtectedValuesMixin):
                continue
            names = protected_fields(model)
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            queryset = model.objects.unscoped("key rotation") if hasattr(model.objects, "unscoped") else model.objects
            last = 0
            while True:
                rows = list(queryset.filter(pk__gt=last).order_by("pk").only("pk", *names)[:BATCH])
                if not rows:
                    break
                with transaction.atomic():
                    changed = []
                    for row in rows:
                        dirty = False
                        for name in names:
                            token = getattr(row, name)
                            if token and key_id_of(token) != kid:
                                field = f"{label}.{name.removesuffix('_encrypted')}"
                                setattr(
                                    row, name, encrypt(decrypt(token, field=field, ring=ring), field=field, ring=ring)
                                )
                                dirty = True
                        if dirty:
                            changed.append(row)
                    model.objects.bulk_update(changed, names)
                total += len(changed)
                last = rows[-1].pk
        self.stdout.write(f"Active key {kid}; re-encrypted {total} records.")
