"""The population registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.crypto import blind_index
from shequ.core.personal import normalise_id_number
from shequ.core.registers import Register, register
from shequ.people import filtersets, forms, tables
from shequ.people.api import serializers
from shequ.people.choices import Relation
from shequ.people.importers import CareRecordImporter, HouseholdImporter, ResidentImporter
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident, ResidentMove

# A resident of the test fixture's community with a valid ID number (check digit), for the example rows.
EXAMPLE_IDS = ("350203198001010013", "350203198502020025")


def _words(value: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), value)


# How ledgers write the relation to the head of household (GB/T 4761 words and everyday ones), issue #19.
RELATION_WORDS = {
    **_words(Relation.HEAD, "本人 户主本人"),
    **_words(Relation.SPOUSE, "妻 妻子 夫 丈夫 老伴 爱人 夫妻 配偶"),
    **_words(
        Relation.CHILD,
        "子 女 儿子 女儿 长子 次子 三子 四子 五子 长女 次女 三女 四女 五女 独生子 独生女 养子 养女 继子 继女 子女",
    ),
    **_words(Relation.PARENT, "父 母 父亲 母亲 爸爸 妈妈 公公 婆婆 岳父 岳母 继父 继母 养父 养母"),
    **_words(Relation.GRANDCHILD, "孙 孙子 孙女 外孙 外孙子 外孙女 孙子女 曾孙 曾孙女"),
    **_words(Relation.GRANDPARENT, "祖父 祖母 外祖父 外祖母 爷爷 奶奶 外公 外婆"),
    **_words(Relation.SIBLING, "兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹"),
    **_words(Relation.OTHER, "儿媳 女婿 孙媳妇 侄子 侄女 外甥 外甥女 保姆 亲属 其他亲属 非亲属"),
}


@register
class HouseholdRegister(Register):
    model = Household
    fields = ("community", "grid", "number", "dwelling", "registration")
    list_fields = ("number", "community", "registration", "registered_address_masked", "dwelling")
    search_fields = ("number",)
    natural_key = ("community", "number")
    form, filterset, serializer = forms.HouseholdForm, filtersets.HouseholdFilterSet, serializers.HouseholdSerializer
    printable = True  # the household card
    unmask_permission = "people.unmask_resident"  # the registered address: the population's personal data
    importer = HouseholdImporter
    examples = [
        {"社区代码": "350203001001", "户号": "H001", "户籍类型": "local", "户籍地址": "思明区鸿山路 1 号"},
        {"社区代码": "350203001001", "户号": "H002", "户籍类型": "local", "户籍地址": "思明区鸿山路 2 号"},
    ]


@register
class ResidentRegister(Register):
    model = Resident
    fields = (
        "community", "grid", "household", "name", "id_number", "phone", "address", "ethnicity", "relation",
        "registration_type", "residence_status", "political_status", "education", "employment", "marital_status",
    )  # fmt: skip
    list_fields = (
        "name", "id_number_masked", "sex", "birth_date", "community", "household", "relation", "phone_masked",
        "residence_status",
    )  # fmt: skip
    natural_key = ("id_number_digest",)
    # Headers of the population ledgers offices keep (issue #19), beside the common ones (phone, ID number, address,
    # community: `core.importing.headers.COMMON_SYNONYMS`).
    synonyms = {
        "household": ("户编号", "户籍编号", "家庭户号", "户档案号"),
        "name": ("居民姓名", "人员姓名"),
        "relation": ("关系", "与户主的关系", "家庭关系", "与户主关系(称谓)"),
        "registration_type": ("人员类型", "人口类别", "人员类别"),
        "residence_status": ("居住状况", "居住情况"),
        "education": ("学历",),
        "employment": ("就业情况",),
        "marital_status": ("婚姻情况",),
    }
    value_synonyms = {"relation": RELATION_WORDS}
    unmask_permission = "people.unmask_resident"
    names_by_protected_value = True  # by ID number (`find`, `name_of`)
    form, table, filterset = forms.ResidentForm, tables.ResidentTable, filtersets.ResidentFilterSet
    serializer = serializers.ResidentSerializer
    importer = ResidentImporter
    examples = [
        {
            "社区代码": "350203001001",
            "户号": "H001",
            "姓名": "陈一",
            "身份证号码": EXAMPLE_IDS[0],
            "与户主关系": "户主",
        },
        {
            "社区代码": "350203001001",
            "户号": "H002",
            "姓名": "陈二",
            "身份证号码": EXAMPLE_IDS[1],
            "与户主关系": "户主",
        },
    ]

    @classmethod
    def find(cls, queryset, text):
        """Other registers' files name a resident by ID number, found through its blind index (DESIGN.md §5)."""
        return queryset.filter(id_number_digest=blind_index(normalise_id_number(text), kind="id_number"))

    @classmethod
    def name_of(cls, record):
        return record.reveal("id_number")


@register
class FloatingRecordRegister(Register):
    model = FloatingRecord
    fields = ("resident", "origin_code", "arrival_date", "permit_number", "permit_expiry")
    list_fields = fields
    natural_key = ("resident",)
    example = {"origin_code": "350102", "permit_expiry": ("2030-01-01", "2030-02-01")}
    filterset = filtersets.FloatingRecordFilterSet


@register
class CareRecordRegister(Register):
    model = CareRecord
    fields = ("resident", "category", "disability_type", "disability_grade", "start_date", "end_date")
    list_fields = ("resident", "category", "start_date", "end_date")
    search_fields = ("resident__name",)
    natural_key = ("resident", "category")
    example = {"category": ("独居老人", "低保"), "disability_grade": "", "end_date": ""}
    form, filterset, serializer = forms.CareRecordForm, filtersets.CareRecordFilterSet, serializers.CareRecordSerializer
    importer = CareRecordImporter  # the derived importer, with restricted categories answered as unknown


@register
class ResidentMoveRegister(Register):
    model = ResidentMove
    list_fields = ("resident_name", "kind", "date", "other_community_code", "note")
    search_fields = ("resident_name",)
    table, filterset = tables.ResidentMoveTable, filtersets.ResidentMoveFilterSet
    serializer = serializers.ResidentMoveSerializer
    not_importable = _("Moves are recorded by the move service, which also moves the resident.")
