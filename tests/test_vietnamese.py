import unicodedata
from datetime import date, datetime, timezone

import pytest

from core.vietnamese import (fold, format_date_vi, nfc, nfc_deep, parse_vi_date, search_forms,
                             search_keys, slugify_vi)

SEED_TITLE = "Hậu Giang học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV"


def test_nfc_composes_decomposed_text_and_keeps_the_authors_spelling():
    decomposed = unicodedata.normalize("NFD", "Nghị quyết hoà bình")
    assert decomposed != "Nghị quyết hoà bình"
    assert nfc(decomposed) == "Nghị quyết hoà bình"  # "hoà" is not rewritten to "hòa"
    assert nfc_deep({"a": [decomposed, 3], "b": (decomposed,)}) == {
        "a": ["Nghị quyết hoà bình", 3], "b": ("Nghị quyết hoà bình",)}


@pytest.mark.parametrize("text, folded", [
    ("Đảng bộ", "dang bo"),
    ("HẬU GIANG", "hau giang"),
    (unicodedata.normalize("NFD", "Nghị quyết"), "nghi quyet"),
    ("kỹ thuật", "ky thuat"),
])
def test_fold_removes_marks_and_folds_d(text, folded):
    assert fold(text) == folded


def test_slug_of_the_seed_title():
    assert slugify_vi(SEED_TITLE) == (
        "hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv")


def test_slug_handles_punctuation_and_length():
    assert slugify_vi("Tin KH&CN — trong tỉnh!") == "tin-kh-cn-trong-tinh"
    assert slugify_vi("") == ""
    long_slug = slugify_vi("Đường " * 100, max_length=50)
    assert len(long_slug) <= 50 and not long_slug.endswith("-") and long_slug.startswith("duong")


@pytest.mark.parametrize("text, expected", [
    ("Ngày 28-12-2020", date(2020, 12, 28)),
    ("28/12/2020", date(2020, 12, 28)),
    ("Cập nhật: 1.2.2021 08:30", date(2021, 2, 1)),
    ("Ngày 31-02-2020", None),
    ("không có ngày", None),
])
def test_parse_vi_date(text, expected):
    assert parse_vi_date(text) == expected


def test_dates_are_written_the_vietnamese_way_in_local_time(settings):
    assert format_date_vi(date(2020, 12, 28)) == "Thứ Hai, 28/12/2020"
    assert format_date_vi(date(2020, 12, 27)) == "Chủ Nhật, 27/12/2020"
    # 17:30 UTC on the 27th is already Monday the 28th in Asia/Ho_Chi_Minh
    moment = datetime(2020, 12, 27, 17, 30, tzinfo=timezone.utc)
    assert format_date_vi(moment) == "Thứ Hai, 28/12/2020"
    assert format_date_vi(moment, with_time=True) == "Thứ Hai, 28/12/2020, 00:30"


# --- the search normaliser ------------------------------------------------------------------

@pytest.mark.parametrize("one, other", [
    ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Quỳ", "quỳ"),
    ("kĩ thuật", "kỹ thuật"), ("lí lịch", "lý lịch"), ("quí", "quý"), ("mĩ thuật", "mỹ thuật"),
    ("Hậu Giang", unicodedata.normalize("NFD", "Hậu Giang")), ("ĐẢNG BỘ", "đảng bộ"),
])
def test_search_keys_are_equal_for_equivalent_spellings(one, other):
    assert search_keys(one) == search_keys(other)


def test_search_keys_fold_and_keep_marks_apart():
    assert search_keys("Đảng đăng đang") == [("dang", "ddangr"), ("dang", "ddawng"),
                                             ("dang", "ddang")]
    assert search_forms("Người Việt") == ("nguoi viet", "nguwowif vieetj")
    # "uy" is not a lone y: thúy and thúi are different words
    assert search_keys("thúy")[0] != search_keys("thúi")[0]
    # a lone y or i without a consonant before it is left alone ("y tế")
    assert search_keys("y tế")[0] == ("y", "y")
    assert search_keys("x" * 41) == []
    assert search_keys("") == []
