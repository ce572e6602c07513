"""Importers of the population register (issue #3): households and residents, one file or two."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.bulk import fast_insert
from shequ.core.importing import Column, FileInvalid, RegisterImporter, register_importer
from shequ.core.importing.base import RowInvalid
from shequ.core.importing.cells import choice_text, mangled_number
from shequ.core.importing.changes import ImportChangeLog
from shequ.core.importing.declared import DeclaredImporter
from shequ.core.names import pinyin_keys
from shequ.core.personal import id_number_mangled_message, normalise_id_number, split_phones
from shequ.core.rights import user_may
from shequ.people import lookups, services
from shequ.people.choices import (
    Education,
    Employment,
    Ethnicity,
    HouseholdRegistration,
    MaritalStatus,
    PoliticalStatus,
    RegistrationType,
    Relation,
    ResidenceStatus,
)
from shequ.people.models import Household, Resident
from shequ.people.rights import care_choices, may_use_category

__all__ = ["CareRecordImporter", "HouseholdImporter", "ResidentImporter"]

# 性别 as ledgers write it → the sex an ID number gives.
_SEXES = {"男": "male", "女": "female", "男性": "male", "女性": "female", "male": "male", "female": "female"}

CHUNK = 500  # keys per IN (…) query: SQLite allows 999 parameters by default


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored_households(keys, rows) -> dict:
    """Stored households for (community code, household number) keys, one query per community and chunk.

    `rows(queryset)` yields (code, number, value) triples; the result maps each found key to its value. The
    queries go by community id and number — the unique index — not by division code, which would scan every
    household of the community for each chunk.
    """
    from shequ.regions.models import Division

    by_code = defaultdict(list)
    for code, number in keys:
        by_code[code].append(number)
    community_ids = dict(
        Division.objects.unscoped("household look-up").filter(code__in=list(by_code)).values_list("code", "pk")
    )
    found = {}
    for code, numbers in by_code.items():
        for chunk in _chunks(numbers):
            stored = Household.objects.filter(community_id=community_ids.get(code), number__in=chunk)
            for stored_code, number, value in rows(stored):
                found[(stored_code, number)] = value
    return found


@register_importer
class ResidentImporter(RegisterImporter):
    """Residents by household: rows with the same community and household number form one household (created if
    new), which must have exactly one head. The ID number is the natural key: importing the same file twice
    changes nothing the second time."""

    kind = "residents"
    label = gettext_lazy("Residents")
    permission = "people.add_resident"
    parallel = True  # parse reads nothing from the database
    analyze_tables = ("people_resident", "people_household")
    COMMUNITY, HOUSEHOLD, NAME, ID_NUMBER, RELATION = "社区代码", "户号", "姓名", "身份证号码", "与户主关系"
    ETHNICITY, PHONE, ADDRESS, REGISTRATION = "民族", "联系电话", "详细地址", "人口类型"
    STATUS, POLITICAL, EDUCATION, EMPLOYMENT, MARITAL = "居住状态", "政治面貌", "文化程度", "就业状况", "婚姻状况"
    SEX, BIRTH_DATE = "性别", "出生日期"
    key_column = ID_NUMBER
    columns = (
        Column(COMMUNITY, "community", required=True, help=gettext_lazy("12-digit community code.")),
        Column(
            HOUSEHOLD, "household", required=True, help=gettext_lazy("Rows with the same number form one household.")
        ),
        Column(NAME, "name", required=True),
        Column(
            ID_NUMBER,
            "id_number",
            required=True,
            help=gettext_lazy("18 characters; sex and birth date follow from it."),
        ),
        Column(RELATION, "relation", required=True, help=gettext_lazy("Exactly one head (户主) per household.")),
        Column(ETHNICITY, "ethnicity", help=gettext_lazy("Empty means 汉族.")),
        Column(PHONE, "phone"),
        Column(ADDRESS, "address"),
        Column(REGISTRATION, "registration_type"),
        Column(STATUS, "residence_status"),
        Column(POLITICAL, "political_status"),
        Column(EDUCATION, "education"),
        Column(EMPLOYMENT, "employment"),
        Column(MARITAL, "marital_status"),
        # Where a ledger has them (issue #19): checked against the ID number, which they follow from.
        Column(SEX, "sex", help=gettext_lazy("Optional; must agree with the ID number.")),
        Column(BIRTH_DATE, "birth_date", help=gettext_lazy("Optional; must agree with the ID number.")),
    )

    def __init__(self, user):
        super().__init__(user)
        self.household_rows = defaultdict(list)  # (community code, household number) → row numbers
        self.file_heads = defaultdict(set)  # the same key → ID-number digests of the file's heads
        self.household_cache: dict = {}
        self.created_households: set[int] = set()
        self.failed_households: set[tuple] = set()  # households with a row that failed: no "has no head" for them
        self.last_household: tuple | None = None

    compared = (
        "name",
        "community_id",
        "relation",
        "ethnicity",
        "phone_digest",
        "registration_type",
        "residence_status",
        "political_status",
        "education",
        "employment",
        "marital_status",
    )

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        household = self.text(row, self.HOUSEHOLD, required=True, max_length=30)
        # Which household a failing row was meant for, so that its members are not each told it has no head.
        self.last_household = (community.code if community is not None else None, household)
        resident = self.new(
            Resident,
            community=community,
            name=self.text(row, self.NAME, required=True, max_length=50),
            relation=self.choice(row, self.RELATION, Relation),
            ethnicity=self.choice(row, self.ETHNICITY, Ethnicity, default="01"),
            registration_type=self.choice(
                row, self.REGISTRATION, RegistrationType, default=RegistrationType.REGISTERED
            ),
            residence_status=self.choice(row, self.STATUS, ResidenceStatus, default=ResidenceStatus.PRESENT),
            political_status=self.choice(row, self.POLITICAL, PoliticalStatus, default=PoliticalStatus.MASSES),
            education=self.choice(row, self.EDUCATION, Education, default=""),
            employment=self.choice(row, self.EMPLOYMENT, Employment, default=""),
            marital_status=self.choice(row, self.MARITAL, MaritalStatus, default=""),
        )
        resident.household_number = household
        raw_number = row.get(self.ID_NUMBER, "")
        number = normalise_id_number(raw_number)
        if mangled_number(raw_number):  # refused whatever its check digit says: the digits are Excel's (issue #19)
            self.fail(self.ID_NUMBER, id_number_mangled_message())
        elif not number:
            self.fail(self.ID_NUMBER, _("This column is required."))
        else:
            try:
                if not services.apply_identity(resident, number):
                    self.warn(
                        self.ID_NUMBER, _("Birthplace code {code} is not in the county list.").format(code=number[:6])
                    )
            except ValidationError as error:
                self.fail(self.ID_NUMBER, error.messages[0])
            else:
                self._check_against_id(row, resident)
        phones = split_phones(row.get(self.PHONE, ""))
        if len(phones) > 1:
            message = _("The cell holds {count} numbers: only the first was imported; record the others elsewhere.")
            self.warn(self.PHONE, message.format(count=len(phones)))
        for column, setter, value in (
            (self.PHONE, services.set_phone, phones[0] if phones else ""),
            (self.ADDRESS, services.set_address, row.get(self.ADDRESS, "").strip()),
        ):
            try:
                setter(resident, value)
            except ValidationError as error:
                self.fail(column, error.messages[0])
        self.raise_errors()
        resident.division_code = resident.scope_code()
        resident.pinyin_keys = pinyin_keys(resident.name)
        resident.created_by = self.user
        resident.address_plain = row.get(self.ADDRESS, "").strip()
        return resident

    def _check_against_id(self, row, resident) -> None:
        """性别 and 出生日期, where the ledger has them, agree with the ID number (issue #19)."""
        sex = choice_text(row.get(self.SEX, ""))
        if sex and _SEXES.get(sex.lower(), sex) != resident.sex:
            self.fail(self.SEX, _("{value} does not agree with the ID number.").format(value=sex))
        if row.get(self.BIRTH_DATE, "").strip():
            birth = self.date(row, self.BIRTH_DATE)
            if birth is not None and birth != resident.birth_date:
                message = _("{value} does not agree with the ID number.").format(value=birth.isoformat())
                self.fail(self.BIRTH_DATE, message)

    def failure_note(self):
        return self.last_household

    def observe_failure(self, number, note) -> None:
        if note is not None:
            self.failed_households.add(note)

    def natural_key(self, record):
        return record.id_number_digest

    def observe(self, number, resident):
        key = (resident.community.code, resident.household_number)
        self.household_rows[key].append(number)
        if resident.relation == Relation.HEAD:
            self.file_heads[key].add(resident.id_number_digest)

    def check_batch(self):
        """Each household ends up with exactly one head: the file's heads, plus stored heads the file leaves alone.

        (Outside a dry run the file's residents are already written, in the still-open transaction.)
        """
        heads = self.file_heads
        households = self._households(set(self.household_rows))
        # Households this import created have no stored heads to ask about (for a new register: none at all).
        by_id = {pk: key for key, pk in households.items() if pk not in self.created_households}
        for chunk in _chunks(list(by_id)):
            stored = Resident.objects.unscoped("head check").filter(household_id__in=chunk, relation=Relation.HEAD)
            for household_id, digest in stored.values_list("household_id", "id_number_digest"):
                if digest not in self.seen:  # a stored head the file does not mention keeps its place
                    heads[by_id[household_id]].add(digest)
        problems = []
        failed_numbers = {number for code, number in self.failed_households if code is None}
        for key, numbers in self.household_rows.items():
            if not heads[key] and (key in self.failed_households or key[1] in failed_numbers):
                continue  # its head's row failed, and says why: no "has no head" for each member (issue #19)
            if len(heads[key]) != 1:
                message = (
                    _("Household {number} has no head.")
                    if not heads[key]
                    else _("Household {number} has more than one head.")
                ).format(number=key[1])
                problems.extend((number, self.RELATION, message) for number in numbers)
        return problems

    def _households(self, keys) -> dict:
        """Primary keys of the stored households for (community code, number) keys, remembered across batches
        (only the integers: a million-row file has hundreds of thousands of households)."""
        found = {key: self.household_cache[key] for key in keys if key in self.household_cache}
        missing = [key for key in keys if key not in found]
        found.update(_stored_households(missing, lambda qs: qs.values_list("division_code", "number", "pk")))
        self.household_cache.update(found)
        return found

    def load_existing(self, keys):
        """The stored residents of a batch's ID numbers. Those the importing user may not change are look-ups of
        hidden registrations: counted and logged, and above the hourly limit the whole file is refused, dry run or
        not (issue #12, leak 6; `lookups`)."""
        if lookups.limit_reached(self.user):
            raise FileInvalid(lookups.limit_message())
        found = {}
        for chunk in _chunks(keys):
            stored = Resident.objects.unscoped("import idempotency").filter(id_number_digest__in=chunk)
            # prefetch, not select_related: a join would make PostgreSQL hash the whole household table for
            # every chunk, although a new file finds nothing.
            for resident in stored.prefetch_related("household"):
                found[resident.id_number_digest] = resident
        hidden = sum(not user_may(self.user, "people.change_resident", r.division_code) for r in found.values())
        if hidden:
            lookups.defer_log(self.user, hidden)  # the import's transaction may be rolled back: written at its end
            if lookups.count(self.user, hidden) > lookups.LIMIT:
                raise FileInvalid(lookups.limit_message())
        return found

    def stored_keys(self, keys):
        """ID-number index → primary key, for the change-log entries of a batch just inserted."""
        found = {}
        for chunk in _chunks(keys):
            stored = Resident.objects.unscoped("import change log").filter(id_number_digest__in=chunk)
            found.update(stored.values_list("id_number_digest", "pk"))
        return found

    def check_existing(self, record, existing):
        if not user_may(self.user, "people.change_resident", existing.division_code):
            return [(self.ID_NUMBER, lookups.not_here_message())]
        if existing.household_id and existing.household.number != record.household_number:
            return [
                (
                    self.HOUSEHOLD,
                    _("This resident belongs to household {number}; record a move instead.").format(
                        number=existing.household.number
                    ),
                )
            ]
        return []

    # A changed protected value is copied as a whole: blind index, ciphertext and masked form together. (Copying
    # the index first and then comparing it to decide on the ciphertext lost every imported phone change: issue #12.)
    copied_columns = {
        "phone_digest": ("phone_digest", "phone_encrypted", "phone_masked"),
        "address": ("address_encrypted", "address_masked"),
    }

    def compare(self, record, existing):
        changed = [name for name in self.compared if getattr(record, name) != getattr(existing, name)]
        if record.address_plain != existing.reveal("address"):
            changed.append("address")
        for name in changed:
            for column in self.copied_columns.get(name, (name,)):
                setattr(existing, column, getattr(record, column))
        if changed:
            existing.pinyin_keys = pinyin_keys(existing.name)
        return bool(changed)

    def write(self, new, changed):
        keys = {(r.community.code, r.household_number) for r in new}
        households = self._households(keys)
        missing = []
        for code, number in keys:
            if (code, number) not in households:
                household = Household(community=self.communities[code], number=number, created_by=self.user)
                household.division_code = household.scope_code()
                missing.append(household)
        fast_insert(Household, missing)
        created = self._households({(h.community.code, h.number) for h in missing})
        for household in missing:  # the households this file creates are change-logged like its residents
            household.pk = created[(household.community.code, household.number)]
        ImportChangeLog().record(missing, [], [])
        self.created_households.update(created.values())
        households.update(created)
        for resident in new:
            resident.household_id = households[(resident.community.code, resident.household_number)]
        fast_insert(Resident, new)
        fields = [
            *(n.removesuffix("_id") for n in self.compared),
            "address_encrypted",
            "address_masked",
            "phone_encrypted",
            "phone_masked",
            "pinyin_keys",
        ]
        Resident.objects.bulk_update(changed, fields, batch_size=1000)


@register_importer
class HouseholdImporter(RegisterImporter):
    """Household attributes: registration type and registered address, keyed by community and household number."""

    kind = "households"
    label = gettext_lazy("Households")
    permission = "people.add_household"
    COMMUNITY, NUMBER, REGISTRATION, ADDRESS = "社区代码", "户号", "户籍类型", "户籍地址"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(NUMBER, "number", required=True),
        Column(REGISTRATION, "registration"),
        Column(ADDRESS, "registered_address"),
    )

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        household = Household(
            community=community,
            number=self.text(row, self.NUMBER, required=True, max_length=30),
            registration=self.choice(
                row, self.REGISTRATION, HouseholdRegistration, default=HouseholdRegistration.LOCAL
            ),
            created_by=self.user,
        )
        self.raise_errors()
        household.division_code = household.scope_code()
        household.address_plain = row.get(self.ADDRESS, "").strip()
        services.set_address(household, household.address_plain, name="registered_address")
        return household

    def natural_key(self, record):
        return (record.division_code, record.number)

    def load_existing(self, keys):
        return _stored_households(keys, lambda qs: ((h.division_code, h.number, h) for h in qs))

    def compare(self, record, existing):
        changed = record.registration != existing.registration or record.address_plain != existing.reveal(
            "registered_address"
        )
        if changed:
            existing.registration = record.registration
            existing.registered_address_encrypted = record.registered_address_encrypted
            existing.registered_address_masked = record.registered_address_masked
        return changed

    def write(self, new, changed):
        Household.objects.bulk_create(new, batch_size=2000)
        Household.objects.bulk_update(
            changed, ["registration", "registered_address_encrypted", "registered_address_masked"], batch_size=1000
        )


class CareRecordImporter(DeclaredImporter):
    """Care records, the resident named by ID number (`people.registers`). A restricted category is, for a user
    without the sensitive-care duty for that resident, refused exactly as an unknown value — never "already exists"
    (AC-4, issue #12 leak 2)."""

    def _choice(self, column, field, text):
        if field.name != "category":
            return super()._choice(column, field, text)
        offered = care_choices(self.user)
        for value, label in offered:
            if text in (value, str(label)):
                return value
        allowed = "、".join(str(label) for _value, label in offered)
        self.fail(column, _("{value} is not one of: {allowed}.").format(value=text, allowed=allowed))
        return None

    def parse(self, row):
        record = super().parse(row)
        if not may_use_category(self.user, record.category, record.division_code):
            header = next(c.header for c in self.columns if c.key == "category")
            offered = "、".join(str(label) for _value, label in care_choices(self.user))
            message = _("{value} is not one of: {allowed}.").format(value=row.get(header, "").strip(), allowed=offered)
            raise RowInvalid([(header, message)])
        return record
