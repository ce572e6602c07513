"""Known answers for SM4 and SM3, the field cipher, blind index, ID and phone validation, masking (DESIGN.md §5)."""

import base64
import json
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from shequ.core.crypto import DecryptionError, KeyRing, add_key, blind_index, decrypt, encrypt, key_id_of, sm3_hex
from shequ.core.names import pinyin_keys
from shequ.core.personal import (
    Protected,
    age_by_year,
    mask_address,
    mask_birth_date,
    mask_id_number,
    mask_phone,
    normalise_phone,
    protect,
    split_phones,
    store_protected,
    validate_id_number,
    validate_phone,
)


def test_sm4_known_answer_gb_t_32907():
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (encryptor.update(key) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm3_known_answer_abc():
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


RING = KeyRing("k1", {"k1": bytes(range(16))}, bytes(range(32)))


def test_field_cipher_round_trips_and_binds_the_field():
    token = encrypt("110105194912310021", field="people.resident.id_number", ring=RING)
    assert token.startswith("k1:")
    assert "110105194912310021" not in token
    assert decrypt(token, field="people.resident.id_number", ring=RING) == "110105194912310021"
    assert encrypt("110105194912310021", field="people.resident.id_number", ring=RING) != token  # fresh nonce
    with pytest.raises(DecryptionError):
        decrypt(token, field="people.resident.phone", ring=RING)
    rotated = KeyRing("k2", {"k1": bytes(range(16)), "k2": bytes(range(16, 32))}, bytes(range(32)))
    assert decrypt(token, field="people.resident.id_number", ring=rotated) == "110105194912310021"
    assert encrypt("x", field="f", ring=rotated).startswith("k2:")


def test_blind_index_is_keyed_deterministic_and_separates_kinds():
    first = blind_index("110105194912310021", kind="id_number", ring=RING)
    assert first == blind_index("110105194912310021", kind="id_number", ring=RING)
    assert len(first) == 64
    assert first != blind_index("110105194912310021", kind="phone", ring=RING)
    other_key = KeyRing("k1", {"k1": bytes(range(16))}, bytes(32))
    assert first != blind_index("110105194912310021", kind="id_number", ring=other_key)


def with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def test_full_width_id_numbers_are_the_same_number():
    """Issue #19: a ledger typed with a Chinese input method gives full-width digits."""
    assert validate_id_number("１１０１０５１９４９１２３１００２ｘ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "身份证号码校验位错误。"),  # the right check digit is X
        ("11010519491231002", "身份证号码应为 17 位数字加 1 位数字或 X。"),
        ("1101051949123100２Y", "身份证号码应为 17 位数字加 1 位数字或 X。"),
        (with_check_digit("11010519490230002"), "身份证号码中的出生日期不存在。"),
    ],
)
def test_bad_id_numbers_are_refused_with_the_reason(number, message):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert error.value.messages == [message]


def test_a_county_code_created_after_the_birth_is_no_warning():
    """Issue #19: 思明区 (350203) dates from 1983; a resident born there in 1950 got its code with the first ID card."""
    body = "35020319500101001"
    assert validate_id_number(body + ric.calc_check_digit(body + "0")).birthplace_known
    body = "35029919900101001"  # never a county
    assert not validate_id_number(body + ric.calc_check_digit(body + "0")).birthplace_known


def test_future_birth_date_is_refused_and_unknown_county_is_a_warning():
    future = (date.today() + timedelta(days=400)).strftime("%Y%m%d")
    body = f"110105{future}002"
    with pytest.raises(ValidationError) as error:
        validate_id_number(body + ric.calc_check_digit(body + "0"))
    assert error.value.messages == ["身份证号码中的出生日期晚于今天或早得不合理。"]
    # 653132 (岑岭县) is missing from python-stdnum's table, which raises a bare KeyError there.
    body = "65313219900101001"
    info = validate_id_number(body + ric.calc_check_digit(body + "0"))
    assert (info.birth_date, info.sex, info.birthplace_known) == (date(1990, 1, 1), "male", False)


@settings(max_examples=300, deadline=None)
@given(
    area=st.sampled_from(["110105", "350203", "440106", "510104", "653101"]),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
    wrong=st.sampled_from("0123456789X"),
)
def test_id_validation_agrees_with_python_stdnum(area, birth, sequence, wrong):
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    check = ric.calc_check_digit(body + "0")
    info = validate_id_number(body + check.lower())
    assert info.number == body + check
    assert info.birth_date == birth
    assert info.sex == ("male" if sequence % 2 else "female")
    # The code of the county that first issued the number: in use in the birth year or any year since (issue #19: a
    # resident born in 1950 holds 思明区's code of 1983). These five counties exist today.
    later = f"{area}{max(birth.year, 2020)}0101{sequence:03d}"
    assert info.birthplace_known == (
        ric.is_valid(body + check) or ric.is_valid(later + ric.calc_check_digit(later + "0"))
    )
    assert info.birthplace_known
    if wrong != check:
        with pytest.raises(ValidationError):
            validate_id_number(body + wrong)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0592-2345678", "0592-2345678"),
        ("010-87654321", "010-87654321"),
        # As clerks write them (issue #19): dashes, dots, +86, full-width digits, no area code.
        ("139-2312-0259", "13923120259"),
        ("+86-139-2312-0259", "13923120259"),
        ("86 13923120259", "13923120259"),
        ("１３９２３１２０２５９", "13923120259"),
        ("0592.2345678", "0592-2345678"),
        ("(0592)2345678", "0592-2345678"),
        ("05922345678", "0592-2345678"),
        ("01087654321", "010-87654321"),
        ("2345678", "0592-2345678"),  # the city's area code (SHEQU_PHONE_AREA_CODE)
        ("８２３４５６７８", "0592-82345678"),
    ],
)
def test_mainland_mobiles_and_landlines_are_accepted(raw, expected, settings):
    settings.SHEQU_PHONE_AREA_CODE = "0592"
    assert validate_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "2345678", "+1 415 555 0100", "0592-1234567"])
def test_other_phone_numbers_are_refused(raw, settings):
    settings.SHEQU_PHONE_AREA_CODE = ""  # no city area code: a local number cannot be completed
    with pytest.raises(ValidationError) as error:
        validate_phone(raw)
    assert error.value.messages == ["电话号码既不是大陆手机号码，也不是带区号的固定电话。"]


def test_a_cell_with_several_numbers_is_split():
    assert split_phones("158 1234 5678/0592-2345678") == ["158 1234 5678", "0592-2345678"]
    assert split_phones("13812345678、13912345678") == ["13812345678", "13912345678"]
    assert split_phones("13812345678") == ["13812345678"]


def test_masks():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0592-2345678") == "0592-234****"
    assert mask_address("厦门市思明区鸿山路1号3单元502") == "厦门市思明********"  # first third of 17 characters


def test_pinyin_keys_cover_surname_heteronyms_and_initials():
    assert pinyin_keys("曾国藩") == " cengguofan zengguofan cgf zgf"
    assert pinyin_keys("单田芳") == " dantianfang chantianfang shantianfang dtf ctf stf"
    assert pinyin_keys("吕布") == " lvbu lubu lb"


# ---- the guards one by one (issue #20): each test fails if its guard is loosened ------------------------------

FORMAT = "身份证号码应为 17 位数字加 1 位数字或 X。"
TOO_OLD = "身份证号码中的出生日期晚于今天或早得不合理。"
NOT_A_PHONE = "电话号码既不是大陆手机号码，也不是带区号的固定电话。"


def test_id_number_shape_is_anchored_at_both_ends():
    valid = with_check_digit("11010519491231002")
    assert validate_id_number(valid).number == valid
    for longer in (valid + valid[-1], "1" + valid, valid + "0"):
        with pytest.raises(ValidationError) as error:
            validate_id_number(longer)
        assert error.value.messages == [FORMAT], longer


def test_earliest_plausible_birth_year_is_1890_and_today_is_not_in_the_future():
    assert validate_id_number(with_check_digit("11010518900101001")).birth_date == date(1890, 1, 1)
    with pytest.raises(ValidationError) as error:
        validate_id_number(with_check_digit("11010518891231001"))
    assert error.value.messages == [TOO_OLD]
    today = date.today()
    assert validate_id_number(with_check_digit(f"110105{today:%Y%m%d}001")).birth_date == today


def test_nothing_is_refused_not_crashed_on():
    with pytest.raises(ValidationError) as error:
        validate_id_number(None)
    assert error.value.messages == [FORMAT]
    with pytest.raises(ValidationError) as error:
        validate_phone(None)
    assert error.value.messages == [NOT_A_PHONE]


def test_id_number_sex_and_normalisation():
    assert validate_id_number(with_check_digit("11010519491231001")).sex == "male"
    assert validate_id_number(with_check_digit("11010519491231002")).sex == "female"
    number = with_check_digit("11010519491231002")
    assert validate_id_number(f" {number[:6]} {number[6:].lower()} ").number == number


@pytest.mark.parametrize(
    "raw",
    [
        "138123456789",  # a mobile number with a digit too many
        "0592-234567890",  # a landline: an 8-digit number is the longest after a 4-digit area code ...
        "010-876543210",  # ... and after a 3-digit one
        "05921-2345678",  # area codes are 3 or 4 digits
        "05-2345678",
        "000-2345678",  # an area code never starts 00
        "0592-234567",  # the number is 7 or 8 digits
        "1381234567X",
        "1181234567",
    ],
)
def test_phone_patterns_are_anchored_and_their_lengths_exact(raw):
    with pytest.raises(ValidationError) as error:
        validate_phone(raw)
    assert error.value.messages == [NOT_A_PHONE]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19912345678", "19912345678"),
        ("0592-23456789", "0592-23456789"),
        ("059223456789", "0592-23456789"),  # a landline is kept as area code, dash, number (#19)
        ("02923456789", "029-23456789"),
        ("029-2345678", "029-2345678"),
        ("0086 139 1234 5678", "13912345678"),
        ("(0592)2345678", "0592-2345678"),
        ("０５９２", None),
    ],
)
def test_phone_boundaries(raw, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            validate_phone(raw)
    else:
        assert validate_phone(raw) == expected


def test_masks_of_every_shape():
    assert mask_id_number("110105194912310021") == "110***********0021"
    assert mask_id_number("11010519491231002") == "*" * 17
    assert mask_id_number("") == ""
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("059223456789") == "05922345****"
    assert mask_phone("1381234567") == "138123****"  # not a mobile: the landline's mask
    assert mask_phone("12345") == "1****"
    assert mask_phone("1234") == "****"
    assert mask_phone("") == "****"
    assert mask_address("") == ""
    assert mask_address("鸿山") == "鸿*"
    assert mask_address("思明区鸿山路") == "思明****"
    assert mask_address("厦门市思明区鸿山路1号3单元502室XYZ甲乙丙") == "厦门市思明区鸿山********"  # at most 8 stars


def test_birth_date_and_age_shown_beside_a_masked_number():
    assert mask_birth_date(date(1949, 12, 31)) == "1949-**-**"
    assert mask_birth_date(None) == ""
    assert age_by_year(date(1949, 12, 31), today=date(2031, 1, 1)) == 82
    assert age_by_year(None) is None
    assert age_by_year(date(2000, 6, 1)) == date.today().year - 2000


def test_protect_encrypts_indexes_and_masks_and_leaves_empty_empty():
    protected = protect("13812345678", kind="phone", field="people.resident.phone", masker=mask_phone)
    assert protected.masked == "138****5678"
    assert decrypt(protected.encrypted, field="people.resident.phone") == "13812345678"
    assert protected.digest == blind_index("13812345678", kind="phone")
    assert protect("", kind="phone", field="people.resident.phone", masker=mask_phone) == Protected("", "", "")


class _Record:
    class _meta:  # noqa: N801 - shaped like a model's
        app_label, model_name = "people", "resident"


def test_store_protected_binds_the_field_path_and_sets_the_digest_only_when_indexed():
    record = _Record()
    store_protected(record, "phone", "13812345678", kind="phone", masker=mask_phone)
    assert (record.phone_masked, decrypt(record.phone_encrypted, field="people.resident.phone")) == (
        "138****5678",
        "13812345678",
    )
    assert record.phone_digest == blind_index("13812345678", kind="phone")
    with pytest.raises(DecryptionError):
        decrypt(record.phone_encrypted, field="people.resident.mobile")
    other = _Record()
    store_protected(other, "address", "思明区鸿山路", kind="address", masker=mask_address, indexed=False)
    assert other.address_masked == "思明****"
    assert not hasattr(other, "address_digest")


def test_field_cipher_layout_nonce_then_ciphertext_then_tag():
    token = encrypt("13812345678", field="f", ring=RING)
    raw = base64.b64decode(token.removeprefix("k1:"))
    assert len(raw) == 12 + len("13812345678") + 16
    # A token made independently with a 12-byte nonce and a 16-byte tag decrypts.
    nonce = bytes(range(100, 112))
    encryptor = Cipher(algorithms.SM4(bytes(range(16))), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(b"f")
    body = encryptor.update("鸿山路".encode()) + encryptor.finalize()
    token = "k1:" + base64.b64encode(nonce + body + encryptor.tag).decode()
    assert decrypt(token, field="f", ring=RING) == "鸿山路"
    with pytest.raises(DecryptionError) as error:
        decrypt(token[:-4] + "AAAA", field="f", ring=RING)
    assert str(error.value) == "Ciphertext does not authenticate."
    with pytest.raises(DecryptionError) as error:
        decrypt("k7:" + token[3:], field="f", ring=RING)
    assert str(error.value) == "Unknown key id 'k7'."
    assert key_id_of(token) == "k1"


def test_every_key_must_be_16_bytes_and_the_active_key_present():
    with pytest.raises(ValueError) as error:
        KeyRing("k1", {"k1": bytes(range(16)), "k2": bytes(15)}, bytes(32))
    assert str(error.value) == "SM4 keys are 128 bits (32 hex digits)."
    with pytest.raises(ValueError) as error:
        KeyRing("k1", {"k1": bytes(17)}, bytes(32))
    assert str(error.value) == "SM4 keys are 128 bits (32 hex digits)."
    with pytest.raises(ValueError) as error:
        KeyRing("k3", {"k1": bytes(16)}, bytes(32))
    assert str(error.value) == "Active key 'k3' is not in the key file."
    ring = KeyRing("k2", {"k1": bytes(16), "k2": bytes(range(16))}, bytes(32))
    assert (ring.active, set(ring.algorithms)) == ("k2", {"k1", "k2"})


def test_key_file_load_and_add_key(tmp_path):
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"active": "k1", "keys": {"k1": "00" * 16}, "index_key": "11" * 32}))
    ring = KeyRing.load(path)
    assert (ring.active, ring.keys, ring.index_key) == ("k1", {"k1": bytes(16)}, bytes([0x11]) * 32)
    assert add_key(path) == "k2"
    data = json.loads(path.read_text())
    assert (data["active"], sorted(data["keys"]), len(bytes.fromhex(data["keys"]["k2"]))) == ("k2", ["k1", "k2"], 16)
    assert path.stat().st_mode & 0o777 == 0o600
    assert not path.with_suffix(".tmp").exists()


def test_blind_index_known_answer():
    # HMAC-SM3 over "phone\x00<value>" with the index key, computed independently.
    mac = hmac.HMAC(bytes(range(32)), hashes.SM3())
    mac.update(b"phone\x0013812345678")
    assert blind_index("13812345678", kind="phone", ring=RING) == mac.finalize().hex()


# ---- issue #19's phone cleaning and birthplace years, exactly (the mutants of `make mutate`, issue #20) -------------


def _id_number(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    ("area", "year", "known"),
    [
        ("350203", 1970, True),  # 思明区 [1983-]: a code created after the birth is no sign of a mistake
        ("350202", 1990, True),  # 鼓浪屿区 [1983-2003]: in use after the birth
        ("350202", 2003, True),  # … in its last year
        ("350202", 2004, False),  # abolished before the birth
        ("110103", 2010, True),  # 崇文区 [-2010]
        ("110103", 2011, False),
    ],
)
def test_birthplace_known_by_the_years_a_code_was_in_use(area, year, known):
    body = f"{area}{year}0101002"
    assert validate_id_number(_id_number(body)).birthplace_known is known


@pytest.mark.parametrize(
    ("value", "area_code", "stored"),
    [
        ("8613912345678", "", "13912345678"),  # +86 written without the plus
        ("0592123456789", "", "0592123456789"),  # 13 digits, not 861…: left as written (then refused)
        ("861234", "", "861234"),  # 861… but not 13 digits
        ("2345678", "", "2345678"),  # no area code configured: left as written
        ("234567", "0592", "234567"),  # 6 digits: not a local number
        ("234567890", "0592", "234567890"),  # 9 digits: not a local number
        ("12345678", "0592", "12345678"),  # a local number does not start with 1
        ("059223456", "", "059223456"),  # area code and 5 digits: too short for a landline
        ("0592234567890", "", "0592234567890"),  # area code and 9 digits: too long
        ("00592234567", "", "00592234567"),  # no area code starts with 00
    ],
)
def test_normalise_phone_exact_boundaries(value, area_code, stored):
    assert normalise_phone(value, area_code=area_code) == stored


def test_split_phones_of_nothing():
    assert split_phones(None) == []
    assert split_phones("") == []


def test_a_lookup_error_in_python_stdnum_is_an_unknown_birthplace_not_a_crash(monkeypatch):
    """python-stdnum has raised bare errors for some county codes (issue #19): the number stays valid, its birthplace
    is reported unknown (a warning to the clerk), and nothing is cached from the failed lookup's neighbours."""
    from stdnum import numdb

    from shequ.core import personal

    def broken(_name):
        raise KeyError("cn/loc")

    personal._birthplace_known.cache_clear()
    monkeypatch.setattr(numdb, "get", broken)
    try:
        info = validate_id_number(_id_number("35020319800101002"))
        assert (info.birth_date, info.birthplace_known) == (date(1980, 1, 1), False)
    finally:
        personal._birthplace_known.cache_clear()


def test_the_mangled_id_number_message_names_the_cause_and_the_fix():
    from django.utils import translation

    from shequ.core.personal import id_number_mangled_message

    with translation.override("zh-hans"):
        message = str(id_number_mangled_message())
    assert message.startswith("Excel 以数字保存了身份证号码，只保留 15 位有效数字")
    assert "文本" in message
