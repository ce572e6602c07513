"""Known answers for SM4 and SM3, the field cipher, blind index, ID and phone validation, masking (DESIGN.md §5)."""

from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from shequ.core.crypto import DecryptionError, KeyRing, blind_index, decrypt, encrypt, sm3_hex
from shequ.core.names import pinyin_keys
from shequ.core.personal import (
    mask_address,
    mask_id_number,
    mask_phone,
    split_phones,
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
