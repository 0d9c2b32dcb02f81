"""The abbreviations the search knows from the start. A data migration, run once: an editor's
deletion is not undone by the next migrate."""

import unicodedata

from django.db import migrations

DEFAULTS = [
    ("UBND", "ủy ban nhân dân"),
    ("HĐND", "hội đồng nhân dân"),
    ("KH&CN", "khoa học và công nghệ"),
    ("KHCN", "khoa học và công nghệ"),
    ("Bộ KH&CN", "bộ khoa học và công nghệ"),
    ("BKHCN", "bộ khoa học và công nghệ"),
    ("Sở KH&CN", "sở khoa học và công nghệ"),
    ("SKHCN", "sở khoa học và công nghệ"),
    ("TTHC", "thủ tục hành chính"),
    ("DVC", "dịch vụ công"),
    ("DVCTT", "dịch vụ công trực tuyến"),
    ("CCHC", "cải cách hành chính"),
    ("VBQPPL", "văn bản quy phạm pháp luật"),
    ("QĐ", "quyết định"),
    ("NĐ", "nghị định"),
    ("NQ", "nghị quyết"),
    ("TT", "thông tư"),
    ("CT", "chỉ thị"),
    ("CV", "công văn"),
    ("KH", "kế hoạch"),
    ("TB", "thông báo"),
    ("BC", "báo cáo"),
    ("HD", "hướng dẫn"),
    ("CP", "chính phủ"),
    ("TTg", "thủ tướng"),
    ("QH", "quốc hội"),
    ("MTTQ", "mặt trận tổ quốc"),
    ("TCVN", "tiêu chuẩn việt nam"),
    ("QCVN", "quy chuẩn kỹ thuật quốc gia"),
    ("TĐC", "tiêu chuẩn đo lường chất lượng"),
    ("SHTT", "sở hữu trí tuệ"),
    ("ĐMST", "đổi mới sáng tạo"),
    ("ĐBSCL", "đồng bằng sông cửu long"),
    ("CNTT", "công nghệ thông tin"),
    ("CĐS", "chuyển đổi số"),
    ("NSNN", "ngân sách nhà nước"),
    ("BHXH", "bảo hiểm xã hội"),
    ("BHYT", "bảo hiểm y tế"),
    ("THPT", "trung học phổ thông"),
    ("THCS", "trung học cơ sở"),
    ("TP", "thành phố"),
]


def add_defaults(apps, schema_editor):
    Abbreviation = apps.get_model("portal_search", "Abbreviation")
    for short, long in DEFAULTS:
        Abbreviation.objects.get_or_create(short=unicodedata.normalize("NFC", short),
                                           long=unicodedata.normalize("NFC", long))


class Migration(migrations.Migration):

    dependencies = [("portal_search", "0002_sections")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
