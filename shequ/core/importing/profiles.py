"""Column-mapping profiles (issue #19, item 2): an office's own headers, mapped once in the web import, map the
office's next file by themselves.

A profile belongs to the office of the user who saved it — the division of their assignment that lets them import
the register — and serves whoever may import that register there (`usable_profiles`: the jurisdiction of the
register's import permission, like every other record). A file's headers are matched by their `signature`: the
set of its headers after `normalise_header`, so that a space or a full-width bracket does not make another file.
"""

import hashlib

from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When

from shequ.core.importing.base import Importer
from shequ.core.importing.headers import HeaderMap, normalise_header
from shequ.core.models import ImportProfile
from shequ.core.scope import CODE_LENGTH, scope_q

__all__ = ["apply_profile", "header_signature", "matching_profile", "office_code", "save_profile", "usable_profiles"]


def header_signature(headers: list[str]) -> str:
    """The headers of a file as a profile knows them: the set of non-blank normalised headers, hashed."""
    names = sorted({name for header in headers if (name := normalise_header(header))})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def _prefixes(user, importer_class: type[Importer]) -> list[str]:
    if user.is_superuser and not user.scope_prefixes(importer_class.permission):
        return [""]  # an operator without assignments: the whole tree, as `restrict()` gives them
    return user.scope_prefixes(importer_class.permission)


def office_code(user, importer_class: type[Importer]) -> str | None:
    """The division a profile saved by `user` belongs to: that of their widest assignment carrying the register's
    import permission (the first, if several are as wide); None if they may not import it."""
    prefixes = _prefixes(user, importer_class)
    if not prefixes:
        return None
    return min(prefixes, key=len).ljust(CODE_LENGTH, "0")


def usable_profiles(user, importer_class: type[Importer]) -> QuerySet[ImportProfile]:
    """The profiles of this register that `user` may use: those of the offices within their jurisdiction."""
    prefixes = _prefixes(user, importer_class)
    if not prefixes:
        return ImportProfile.objects.none()
    return ImportProfile.objects.filter(scope_q(prefixes), kind=importer_class.kind)


def matching_profile(user, importer_class: type[Importer], headers: list[str]) -> ImportProfile | None:
    """The profile for a file with these headers: the user's own office's first, then the latest saved."""
    own = office_code(user, importer_class)
    return (
        usable_profiles(user, importer_class)
        .filter(signature=header_signature(headers))
        .annotate(own=Case(When(division_code=own, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("own", "-last_updated", "-pk")
        .first()
    )


def apply_profile(profile: ImportProfile, headers: list[str], header_map: HeaderMap) -> list[str]:
    """The column each file column gives under `profile`; a header it does not know, or whose column the register
    no longer has, keeps the column its header names."""
    known = {column.header for column in header_map.columns}
    proposed = header_map.propose(headers)
    chosen = []
    for header, automatic in zip(headers, proposed, strict=True):
        saved = profile.mapping.get(normalise_header(header))
        chosen.append(saved if saved is not None and (saved == "" or saved in known) else automatic)
    return chosen


@transaction.atomic
def save_profile(user, importer_class: type[Importer], name: str, headers: list[str], chosen: list[str]):
    """Save (or replace, under the same name at the same office) a mapping the clerk confirmed; the caller has
    checked it (`HeaderMap.problems`). Change-logged like every record."""
    code = office_code(user, importer_class)
    if code is None:
        raise PermissionError("This user may not import this register.")
    mapping = {}
    for header, column in zip(headers, chosen, strict=True):
        if key := normalise_header(header):
            mapping[key] = column
    profile = (
        ImportProfile.objects.select_for_update()
        .filter(kind=importer_class.kind, division_code=code, name=name)
        .first()
    )
    if profile is None:
        profile = ImportProfile(kind=importer_class.kind, division_code=code, name=name, created_by=user)
    profile.signature = header_signature(headers)
    profile.mapping = mapping
    profile.save()
    return profile
