"""Signal receivers that turn saves and deletes of change-logged models into `ObjectChange` rows.

They act only inside a change context (a request, a service, a command), so migrations and fixtures stay silent.
Bulk operations (`bulk_create`, `update()`) fire no signals: importers write an import-job record instead.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from shequ.core.auditchain import stamp
from shequ.core.bulk import append
from shequ.core.choices import ChangeAction
from shequ.core.context import current_change_context
from shequ.core.models import ChangeLoggedModel, ObjectChange

__all__ = ["record_change"]


def _acting_user(context):
    user = context.user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def record_change(instance, action: str, before: dict | None, after: dict | None) -> None:
    context = current_change_context()
    if context is None:
        return
    user = _acting_user(context)
    # Appended without the ORM's statement compiler: every save of every register writes one (core.bulk).
    append(
        ObjectChange,
        [
            stamp(
                ObjectChange(
                    user=user,
                    user_name=user.get_username() if user else "",
                    request_id=context.request_id,
                    source=context.source,
                    action=action,
                    object_type=ContentType.objects.get_for_model(instance),
                    object_id=str(instance.pk),
                    object_repr=str(instance)[:200],
                    division_code=getattr(instance, "division_code", "") or "",
                    prechange_data=before,
                    postchange_data=after,
                )
            )
        ],
    )


@receiver(pre_save)
def capture_before(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel) or current_change_context() is None:
        return
    if instance.pk is None or getattr(instance, "_prechange_snapshot", None) is not None:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    instance._prechange_snapshot = stored.snapshot() if stored is not None else None


@receiver(post_save)
def log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    before = None if created else getattr(instance, "_prechange_snapshot", None)
    record_change(instance, ChangeAction.CREATE if created else ChangeAction.UPDATE, before, instance.snapshot())
    instance._prechange_snapshot = None


@receiver(pre_delete)
def log_delete(sender, instance, **kwargs):
    if isinstance(instance, ChangeLoggedModel):
        record_change(instance, ChangeAction.DELETE, instance.snapshot(), None)
