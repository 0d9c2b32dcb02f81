"""Synthetic old portals for benchmarks: `generate(folder, n)` writes `n` pages of each shape
(Liferay, NukeViet, SharePoint, text form) as `wget --mirror` saves them, under
`folder/<shape>/<host>/…`, and returns {shape: host folder}. Every tenth page is a list page
to skip, every seventh HTML page has a photo (saved beside it), every eleventh is in a legacy
encoding (Windows-1258, TCVN3 or VNI). `bench/import_old_site.py` prints how long its
20,000 pages take to write (seconds on an idle machine; no test times it).
"""

import random
from pathlib import Path

from .encodings import encode_cp1258, encode_tcvn3, encode_vni

HOSTS = {"liferay": "sokhcn.example.gov.vn", "nukeviet": "vpub.example.gov.vn",
         "sharepoint": "sotttt.example.gov.vn", "text": "cong.example.gov.vn"}
CATEGORIES = [("tin-hoat-dong", "Tin hoạt động"), ("thong-bao", "Thông báo"),
              ("chuyen-doi-so", "Chuyển đổi số"), ("khoa-hoc", "Khoa học công nghệ")]
_WORDS = ("Hội nghị tổng kết công tác chuyển đổi số nâng cao chất lượng dịch vụ công trực tuyến "
          "toàn trình của tỉnh Hậu Giang năm học tập quán triệt Nghị quyết Đại hội Đảng bộ "
          "phát triển kinh tế xã hội đổi mới sáng tạo khoa học công nghệ nông nghiệp").split()


def _photo():
    """A tiny JPEG, so that photo look-ups find real picture bytes."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (120, 120, 120)).save(buffer, "JPEG")
    return buffer.getvalue()


PHOTO = _photo()


def _sentence(rng, words=18):
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _title(rng, index):
    return f"{_sentence(rng, 9)[:-1]} số {index}"


def _date(index):
    return f"{1 + index % 28:02d}-{1 + index % 12:02d}-{2010 + index % 15}"


def _html(title, date, body, crumb, charset="utf-8", extra_head="", content_class="content"):
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}">{extra_head}'
            f"<title>{title}</title></head><body><div id=\"header\"><h1>Cổng thông tin</h1></div>"
            f'<ul class="breadcrumb"><li>Trang chủ</li><li>{crumb}</li></ul>'
            f'<div class="{content_class}"><h1>{title}</h1><div class="date">Ngày {date}</div>'
            f"{body}</div><div id=\"footer\">Đang online: 5<br>Hôm nay: 100</div></body></html>")


def _body(rng, photo_src=None):
    paragraphs = [f"<p>{_sentence(rng, 40)}</p>" for _ in range(5)]
    if photo_src:
        paragraphs.insert(2, f'<figure><img src="{photo_src}" alt=""><figcaption>'
                             f"{_sentence(rng, 8)[:-1]}</figcaption></figure>")
    paragraphs.insert(3, "<p><b>I. Kết quả đạt được</b></p>")
    return "".join(paragraphs)


def _encode(text, index):
    """Every eleventh page in a legacy encoding, the rest in UTF-8."""
    if index % 11 == 0:
        legacy = index // 11 % 3
        if legacy == 0:
            return encode_tcvn3(text.replace("utf-8", "windows-1252").replace(
                "<head>", '<head><style>body{font-family:".VnTime"}</style>'))
        if legacy == 1:
            return encode_vni(text.replace("utf-8", "windows-1252").replace(
                "<head>", '<head><style>body{font-family:"VNI-Times"}</style>'))
        return encode_cp1258(text.replace("utf-8", "windows-1258"))
    return text.encode("utf-8")


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _liferay(root, index, rng):
    slug, name = CATEGORIES[index % len(CATEGORIES)]
    if index % 10 == 9:
        links = "".join(f'<li><a href="/chi-tiet/-/tin-tuc/bai-viet-{other}">Bài {other}</a></li>'
                        for other in range(max(0, index - 5), index))
        return _write(root / "web/guest" / f"{slug}-{index}.html",
                      f"<html><body><h1>{name}</h1><ul>{links}</ul></body></html>".encode())
    photo = None
    if index % 7 == 0:
        photo = f"/image/journal/article?img_id={index}&t=1"
        _write(root / f"image/journal/article?img_id={index}&t=1", PHOTO)
    html = _html(_title(rng, index), _date(index), _body(rng, photo), name,
                 content_class="journal-content-article")
    _write(root / "chi-tiet/-/tin-tuc" / f"bai-viet-{index}.html", _encode(html, index))


def _nukeviet(root, index, rng):
    slug, name = CATEGORIES[index % len(CATEGORIES)]
    if index % 10 == 9:
        return _write(root / f"index.php?language=vi&nv=news&op={slug}-{index}",
                      b"<html><body><h1>List</h1></body></html>")
    photo = None
    if index % 7 == 0:
        photo = f"/uploads/news/anh-{index}.jpg"
        _write(root / f"uploads/news/anh-{index}.jpg", PHOTO)
    html = _html(_title(rng, index), _date(index), _body(rng, photo), name,
                 content_class="bodytext")
    _write(root / f"index.php?language=vi&nv=news&op={slug}%2Fbai-viet-{index}.html",
           _encode(html, index))


def _sharepoint(root, index, rng):
    if index % 10 == 9:
        return _write(root / "Lists/TinTuc" / f"View{index}.aspx.html",
                      b"<html><body><h1>List</h1></body></html>")
    photo = None
    if index % 7 == 0:
        photo = f"/PublishingImages/anh-{index}.jpg"
        _write(root / f"PublishingImages/anh-{index}.jpg", PHOTO)
    html = _html(_title(rng, index), _date(index), _body(rng, photo),
                 CATEGORIES[index % len(CATEGORIES)][1], content_class="ms-rtestate-field")
    _write(root / "Lists/TinTuc" / f"View_Detail.aspx?ItemID={index}.html", _encode(html, index))


def _text(root, index, rng):
    lines = [f"Trang chủ > {CATEGORIES[index % len(CATEGORIES)][1]}", _title(rng, index),
             f"Ngày {_date(index)}", _sentence(rng, 40), "I. Kết quả", _sentence(rng, 40),
             _sentence(rng, 9)[:-1], _sentence(rng, 40), "Hồng Nhung"]
    _write(root / f"tin-{index // 1000}" / f"bai-{index}.txt", "\n".join(lines).encode())


SHAPES = {"liferay": _liferay, "nukeviet": _nukeviet, "sharepoint": _sharepoint, "text": _text}


def generate(folder, n, shapes=tuple(SHAPES), seed=16):
    """Write `n` pages of each shape under `folder`; return {shape: the host's folder}."""
    folder = Path(folder)
    rng = random.Random(seed)
    roots = {}
    for shape in shapes:
        root = folder / shape / HOSTS[shape]
        write = SHAPES[shape]
        for index in range(n):
            write(root, index, rng)
        roots[shape] = root
    return roots
