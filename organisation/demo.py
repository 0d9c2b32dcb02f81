"""Demo content of Giới thiệu: the organisation of Sở Khoa học và Công nghệ tỉnh Hậu Giang, its
units, the former Sở Thông tin và Truyền thông merged into it in 2025, and its people.

THE PEOPLE ARE ILLUSTRATIVE: their names, photos, telephone numbers and e-mail addresses are
invented for the demo and belong to nobody. The units follow the usual organisation of a
provincial Sở; their functions are written after the standard regulations.

Each unit and person also carries English text (`*_en`): `build_english()` makes the English
copies of these pages through Wagtail's translations. Every function is idempotent."""

from datetime import date

from django.db import transaction

from .models import Appointment, OrganisationPage, PersonPage, UnitKind, UnitPage, UnitStatus

SLUG = "gioi-thieu"
TITLE = "Giới thiệu"
TITLE_EN = "About us"
AGENCY_NAME = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
AGENCY_NAME_EN = "Department of Science and Technology of Hậu Giang Province"
INTRO = ("Sở Khoa học và Công nghệ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Hậu Giang. "
         "Từ ngày 01/3/2025, Sở tiếp nhận chức năng, nhiệm vụ của Sở Thông tin và Truyền thông.")
INTRO_EN = ("The Department of Science and Technology is a specialised agency of the People's "
            "Committee of Hậu Giang province. Since 1 March 2025 it has also carried out the "
            "functions and duties of the former Department of Information and Communications.")
FUNCTIONS = [
    "Sở Khoa học và Công nghệ có chức năng tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước "
    "về khoa học và công nghệ; phát triển tiềm lực khoa học và công nghệ; tiêu chuẩn, đo lường, "
    "chất lượng; sở hữu trí tuệ; ứng dụng bức xạ và đồng vị phóng xạ; an toàn bức xạ và hạt nhân; "
    "bưu chính; viễn thông; công nghiệp công nghệ số; chuyển đổi số và giao dịch điện tử.",
    "Sở trình Ủy ban nhân dân tỉnh dự thảo quy hoạch, kế hoạch, chương trình phát triển khoa học, "
    "công nghệ và chuyển đổi số của tỉnh; tổ chức xác định, tuyển chọn, quản lý và nghiệm thu "
    "các nhiệm vụ khoa học và công nghệ cấp tỉnh; thanh tra, kiểm tra và xử lý vi phạm trong các "
    "lĩnh vực được giao.",
    "Sở có tư cách pháp nhân, có con dấu và tài khoản riêng; chịu sự chỉ đạo, quản lý về tổ chức, "
    "biên chế và công tác của Ủy ban nhân dân tỉnh, đồng thời chịu sự chỉ đạo, hướng dẫn, thanh "
    "tra, kiểm tra về chuyên môn, nghiệp vụ của Bộ Khoa học và Công nghệ.",
]
FUNCTIONS_EN = [
    "The Department advises and assists the provincial People's Committee in the state "
    "management of science and technology; the development of scientific and technological "
    "capacity; standards, metrology and quality; intellectual property; radiation and nuclear "
    "safety; postal services, telecommunications, the digital industry, digital "
    "transformation and electronic transactions.",
    "It drafts the province's plans and programmes for science, technology and digital "
    "transformation, selects, manages and evaluates provincial research projects, and "
    "inspects the fields in its charge.",
    "It is a legal entity with its own seal and accounts, managed by the provincial People's "
    "Committee and guided professionally by the Ministry of Science and Technology.",
]
ADDRESS = "Số 09 đường Trần Hưng Đạo, phường V, thành phố Vị Thanh, tỉnh Hậu Giang"
MERGER = date(2025, 3, 1)
ORGANISATION = "organisation"  # a successor that is the agency itself

# key: (title, slug, kind, parent key, functions (paragraphs), phone, e-mail, English title,
# English functions), and for a former unit: status, date, successor key
UNITS = [
    dict(key="bgd", title="Ban Giám đốc", slug="ban-giam-doc", kind=UnitKind.LEADERSHIP,
         phone="(0293) 3 870 000", email="skhcn@haugiang.gov.vn", title_en="Board of Directors",
         functions=["Ban Giám đốc gồm Giám đốc và các Phó Giám đốc. Giám đốc chịu trách nhiệm "
                    "trước Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh và trước pháp luật "
                    "về toàn bộ hoạt động của Sở.",
                    "Các Phó Giám đốc giúp Giám đốc theo dõi, chỉ đạo từng lĩnh vực công tác "
                    "được phân công và chịu trách nhiệm trước Giám đốc về lĩnh vực đó."],
         functions_en=["The Director and the Deputy Directors. The Director answers to the "
                       "provincial People's Committee for all the work of the Department; each "
                       "Deputy Director leads the fields assigned to them."]),
    dict(key="vp", title="Văn phòng Sở", slug="van-phong-so", kind=UnitKind.OFFICE,
         phone="(0293) 3 870 010", email="vanphong.skhcn@example.invalid", title_en="Office",
         functions=["Tham mưu, giúp Giám đốc Sở về công tác tổ chức cán bộ, hành chính, văn thư, "
                    "lưu trữ, thi đua khen thưởng, cải cách hành chính và tổng hợp báo cáo.",
                    "Tiếp nhận và trả kết quả hồ sơ thủ tục hành chính; quản lý tài sản, cơ sở "
                    "vật chất và bảo đảm điều kiện làm việc của cơ quan."],
         functions_en=["Personnel, administration, records and archives, administrative reform "
                       "and reports; receives applications and returns their results; manages "
                       "the Department's premises."]),
    dict(key="tt", title="Thanh tra Sở", slug="thanh-tra-so", kind=UnitKind.INSPECTORATE,
         phone="(0293) 3 870 020", email="thanhtra.skhcn@example.invalid",
         title_en="Inspectorate",
         functions=["Thanh tra hành chính và thanh tra chuyên ngành về khoa học và công nghệ, "
                    "tiêu chuẩn đo lường chất lượng, sở hữu trí tuệ, an toàn bức xạ, bưu chính, "
                    "viễn thông và công nghệ thông tin.",
                    "Giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng theo quy định của "
                    "pháp luật."],
         functions_en=["Administrative and specialised inspections in the Department's fields; "
                       "handles complaints and denunciations and prevents corruption."]),
    dict(key="khtc", title="Phòng Kế hoạch – Tài chính", slug="phong-ke-hoach-tai-chinh",
         kind=UnitKind.DEPARTMENT, phone="(0293) 3 870 030",
         email="khtc.skhcn@example.invalid", title_en="Planning and Finance Division",
         functions=["Xây dựng kế hoạch, dự toán ngân sách sự nghiệp khoa học và công nghệ hằng "
                    "năm của tỉnh; hướng dẫn, kiểm tra việc sử dụng kinh phí của các nhiệm vụ khoa "
                    "học và công nghệ.",
                    "Quản lý tài chính, kế toán của Sở và thẩm định quyết toán các đơn vị trực "
                    "thuộc."],
         functions_en=["Plans and budgets the province's science and technology spending, "
                       "checks how research funds are used, and keeps the Department's "
                       "accounts."]),
    dict(key="qlkh", title="Phòng Quản lý khoa học", slug="phong-quan-ly-khoa-hoc",
         kind=UnitKind.DEPARTMENT, phone="(0293) 3 870 040",
         email="qlkh.skhcn@example.invalid", title_en="Science Management Division",
         functions=["Tổ chức xác định, tuyển chọn, giao trực tiếp, kiểm tra, đánh giá nghiệm thu "
                    "và công nhận kết quả các nhiệm vụ khoa học và công nghệ cấp tỉnh.",
                    "Quản lý hoạt động khoa học xã hội và nhân văn, khoa học tự nhiên; theo dõi "
                    "việc ứng dụng kết quả nghiên cứu vào sản xuất và đời sống."],
         functions_en=["Selects, monitors and evaluates provincial research projects and "
                       "follows how their results are used."]),
    dict(key="qlcn", title="Phòng Quản lý công nghệ và Chuyển đổi số",
         slug="phong-quan-ly-cong-nghe-va-chuyen-doi-so", kind=UnitKind.DEPARTMENT,
         phone="(0293) 3 870 050", email="qlcn.skhcn@example.invalid",
         title_en="Technology Management and Digital Transformation Division",
         functions=["Quản lý hoạt động chuyển giao, đánh giá, thẩm định công nghệ; phát triển thị "
                    "trường khoa học và công nghệ, doanh nghiệp khoa học và công nghệ.",
                    "Tham mưu triển khai chuyển đổi số, chính quyền số, bưu chính, viễn thông và "
                    "an toàn thông tin mạng trên địa bàn tỉnh."],
         functions_en=["Technology transfer and appraisal, the technology market; digital "
                       "transformation, digital government, postal services, "
                       "telecommunications and cyber security in the province."]),
    dict(key="cc", title="Chi cục Tiêu chuẩn Đo lường Chất lượng",
         slug="chi-cuc-tieu-chuan-do-luong-chat-luong", kind=UnitKind.SUB_DEPARTMENT,
         address="Số 15 đường Nguyễn Công Trứ, phường I, thành phố Vị Thanh, tỉnh Hậu Giang",
         phone="(0293) 3 870 060", email="chicuc.tdc@example.invalid",
         title_en="Sub-department of Standards, Metrology and Quality",
         functions=["Tham mưu, giúp Giám đốc Sở quản lý nhà nước về tiêu chuẩn, đo lường, chất "
                    "lượng sản phẩm, hàng hóa; mã số, mã vạch; năng suất chất lượng trên địa bàn "
                    "tỉnh.",
                    "Kiểm định, hiệu chuẩn phương tiện đo; kiểm tra chất lượng hàng hóa lưu "
                    "thông và nhãn hàng hóa."],
         functions_en=["Standards, metrology, product quality, barcodes and productivity in the "
                       "province; verifies measuring instruments and checks goods on sale."]),
    dict(key="cc-dl", parent="cc", title="Phòng Quản lý Đo lường", slug="phong-quan-ly-do-luong",
         kind=UnitKind.DEPARTMENT, phone="(0293) 3 870 061", email="",
         title_en="Metrology Division",
         functions=["Kiểm tra nhà nước về đo lường đối với phương tiện đo, phép đo và lượng của "
                    "hàng đóng gói sẵn; quản lý chuẩn đo lường của tỉnh."],
         functions_en=["Checks measuring instruments, measurements and pre-packed goods; keeps "
                       "the province's measurement standards."]),
    dict(key="tt-ud", title="Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
         slug="trung-tam-ung-dung-tien-bo-khoa-hoc-va-cong-nghe", kind=UnitKind.CENTRE,
         address="Khu vực 4, phường VII, thành phố Vị Thanh, tỉnh Hậu Giang",
         phone="(0293) 3 870 070", email="ttud.skhcn@example.invalid",
         title_en="Centre for the Application of Scientific and Technological Advances",
         functions=["Đơn vị sự nghiệp công lập trực thuộc Sở; nghiên cứu, ứng dụng, chuyển giao "
                    "tiến bộ khoa học và công nghệ vào sản xuất, nhất là nông nghiệp và thủy sản.",
                    "Sản xuất giống cây trồng, vật nuôi, chế phẩm sinh học; dịch vụ phân tích, "
                    "thử nghiệm và tư vấn khoa học và công nghệ."],
         functions_en=["A public service unit of the Department: applies and transfers new "
                       "techniques, above all in farming and aquaculture, and offers testing "
                       "and advice."]),
    dict(key="stttt", title="Sở Thông tin và Truyền thông (cũ)",
         slug="so-thong-tin-va-truyen-thong", kind=UnitKind.AGENCY,
         phone="(0293) 3 581 888", email="", status=UnitStatus.MERGED, date=MERGER,
         successor=ORGANISATION, title_en="Department of Information and Communications "
                                          "(former)",
         functions=["Sở Thông tin và Truyền thông tỉnh Hậu Giang tham mưu quản lý nhà nước về báo "
                    "chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số "
                    "cho đến ngày 28/02/2025.",
                    "Thực hiện chủ trương sắp xếp tổ chức bộ máy, từ ngày 01/3/2025 Sở hợp nhất "
                    "vào Sở Khoa học và Công nghệ; lĩnh vực báo chí, xuất bản chuyển sang Sở Văn "
                    "hóa, Thể thao và Du lịch."],
         functions_en=["Managed the press, publishing, postal services, telecommunications, "
                       "information technology and digital transformation until 28 February "
                       "2025, when it was merged into the Department of Science and "
                       "Technology."]),
    dict(key="stttt-cntt", parent="stttt",
         title="Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
         slug="phong-buu-chinh-vien-thong-va-cong-nghe-thong-tin", kind=UnitKind.DEPARTMENT,
         phone="", email="", status=UnitStatus.RENAMED, date=MERGER, successor="qlcn",
         title_en="Posts, Telecommunications and Information Technology Division (former)",
         functions=["Quản lý bưu chính, viễn thông, tần số vô tuyến điện và ứng dụng công nghệ "
                    "thông tin trong cơ quan nhà nước của tỉnh.",
                    "Từ ngày 01/3/2025 phòng được tổ chức lại và đổi tên thành Phòng Quản lý công "
                    "nghệ và Chuyển đổi số thuộc Sở Khoa học và Công nghệ."],
         functions_en=["Managed postal services, telecommunications and the use of information "
                       "technology by the provincial authorities; renamed in March 2025."]),
    dict(key="stttt-vp", parent="stttt", title="Văn phòng Sở Thông tin và Truyền thông",
         slug="van-phong-so-thong-tin-va-truyen-thong", kind=UnitKind.OFFICE, phone="", email="",
         status=UnitStatus.MERGED, date=MERGER, successor="vp",
         title_en="Office of the Department of Information and Communications (former)",
         functions=["Công tác tổ chức, hành chính, tổng hợp của Sở Thông tin và Truyền thông; "
                    "hợp nhất vào Văn phòng Sở Khoa học và Công nghệ từ ngày 01/3/2025."],
         functions_en=["Personnel and administration of the former Department; merged into the "
                       "Office of the Department of Science and Technology."]),
]

# the people: ILLUSTRATIVE names and contacts. Appointments: (unit key or None for the agency
# itself, position, English position, head of the unit, start, end or None)
PEOPLE = [
    dict(key="giam-doc", name="Nguyễn Minh Trí", photo=21, phone="(0293) 3 870 002",
         email="giamdoc.skhcn@example.invalid",
         bio="Tiến sĩ Kỹ thuật môi trường. Nguyên Phó Giám đốc Sở từ năm 2019, được bổ nhiệm "
             "Giám đốc Sở từ tháng 10/2024. (Nhân vật minh họa cho bản demo.)",
         bio_en="PhD in environmental engineering; Deputy Director from 2019, Director since "
                "October 2024. (An illustrative person of the demo.)",
         appointments=[("bgd", "Giám đốc", "Director", True, date(2024, 10, 1), None),
                       ("bgd", "Phó Giám đốc", "Deputy Director", False, date(2019, 6, 1),
                        date(2024, 9, 30))]),
    dict(key="pgd-1", name="Trần Thị Ngọc Hân", photo=22, phone="(0293) 3 870 003",
         email="ngochan.skhcn@example.invalid",
         bio="Thạc sĩ Quản lý khoa học và công nghệ; phụ trách lĩnh vực tiêu chuẩn, đo lường, "
             "chất lượng, kiêm Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng. (Nhân vật "
             "minh họa cho bản demo.)",
         bio_en="MSc in science and technology management; in charge of standards, metrology and "
                "quality, and head of the Sub-department. (An illustrative person of the demo.)",
         appointments=[("bgd", "Phó Giám đốc", "Deputy Director", False, date(2021, 5, 1), None),
                       ("cc", "Chi cục trưởng", "Head of the Sub-department", True,
                        date(2025, 3, 15), None)]),
    dict(key="pgd-2", name="Lê Hoàng Phúc", photo=23, phone="(0293) 3 870 004",
         email="hoangphuc.skhcn@example.invalid",
         bio="Kỹ sư Công nghệ thông tin. Nguyên Giám đốc Sở Thông tin và Truyền thông (2020 – "
             "2025); Phó Giám đốc Sở Khoa học và Công nghệ phụ trách chuyển đổi số từ tháng "
             "3/2025. (Nhân vật minh họa cho bản demo.)",
         bio_en="Engineer in information technology; Director of the former Department of "
                "Information and Communications (2020–2025), Deputy Director in charge of digital "
                "transformation since March 2025. (An illustrative person of the demo.)",
         appointments=[("bgd", "Phó Giám đốc", "Deputy Director", False, MERGER, None),
                       ("stttt", "Giám đốc", "Director", True, date(2020, 1, 1),
                        date(2025, 2, 28))]),
    dict(key="nguyen-giam-doc", name="Võ Văn Khải", photo=24, phone="", email="",
         bio="Giám đốc Sở Khoa học và Công nghệ từ năm 2016 đến tháng 9/2024, nay đã nghỉ hưu. "
             "(Nhân vật minh họa cho bản demo.)",
         bio_en="Director of the Department from 2016 to September 2024, now retired. (An "
                "illustrative person of the demo.)",
         appointments=[("bgd", "Giám đốc", "Director", True, date(2016, 7, 1),
                        date(2024, 9, 30))]),
    dict(key="chanh-vp", name="Phạm Thanh Tùng", photo=25, phone="(0293) 3 870 011",
         email="thanhtung.skhcn@example.invalid", bio="(Nhân vật minh họa cho bản demo.)",
         bio_en="(An illustrative person of the demo.)",
         appointments=[("vp", "Chánh Văn phòng", "Chief of Office", True, date(2022, 1, 1),
                        None)]),
    dict(key="chanh-tt", name="Huỳnh Thị Mỹ Linh", photo=26, phone="(0293) 3 870 021",
         email="mylinh.skhcn@example.invalid", bio="(Nhân vật minh họa cho bản demo.)",
         bio_en="(An illustrative person of the demo.)",
         appointments=[("tt", "Chánh Thanh tra", "Chief Inspector", True, date(2023, 4, 1),
                        None)]),
    dict(key="tp-khtc", name="Đặng Quốc Bảo", photo=27, phone="(0293) 3 870 031",
         email="quocbao.skhcn@example.invalid", bio="(Nhân vật minh họa cho bản demo.)",
         bio_en="(An illustrative person of the demo.)",
         appointments=[("khtc", "Trưởng phòng", "Head of Division", True, date(2020, 8, 1),
                        None)]),
    dict(key="tp-qlkh", name="Ngô Thị Kim Yến", photo=28, phone="(0293) 3 870 041",
         email="kimyen.skhcn@example.invalid", bio="(Nhân vật minh họa cho bản demo.)",
         bio_en="(An illustrative person of the demo.)",
         appointments=[("qlkh", "Trưởng phòng", "Head of Division", True, date(2021, 2, 1),
                        None)]),
    dict(key="tp-qlcn", name="Trương Công Danh", photo=29, phone="(0293) 3 870 051",
         email="congdanh.skhcn@example.invalid",
         bio="Trưởng phòng Bưu chính, Viễn thông và Công nghệ thông tin của Sở Thông tin và "
             "Truyền thông đến tháng 2/2025. (Nhân vật minh họa cho bản demo.)",
         bio_en="Head of the Posts, Telecommunications and IT Division of the former Department "
                "until February 2025. (An illustrative person of the demo.)",
         appointments=[("qlcn", "Trưởng phòng", "Head of Division", True, MERGER, None),
                       ("stttt-cntt", "Trưởng phòng", "Head of Division", True,
                        date(2019, 3, 1), date(2025, 2, 28))]),
    dict(key="gd-ttud", name="Lý Thanh Sơn", photo=30, phone="(0293) 3 870 071",
         email="thanhson.skhcn@example.invalid", bio="(Nhân vật minh họa cho bản demo.)",
         bio_en="(An illustrative person of the demo.)",
         appointments=[("tt-ud", "Giám đốc Trung tâm", "Director of the Centre", True,
                        date(2022, 7, 1), None)]),
]


def _paragraphs(texts):
    return "".join(f"<p>{text}</p>" for text in texts)


def build_section(home):
    """The live organisation page at /gioi-thieu/, created when missing. A plain page already
    at that address (the demo's former "Giới thiệu") is replaced in its place in the menu, its
    title, introduction and text kept (see pages.demo.section_page); one that has pages below
    it is left alone and None returned."""
    from pages.demo import section_page
    from pages.models import StandardPage

    found = OrganisationPage.objects.child_of(home).filter(slug=SLUG).first()
    if found is not None:
        return found
    placeholder = StandardPage.objects.child_of(home).filter(slug=SLUG).first()
    if placeholder is not None and placeholder.get_children().exists():
        return None
    body = [{"type": "paragraph", "value": _paragraphs(FUNCTIONS)}]
    return section_page(home, OrganisationPage, SLUG, title=TITLE, intro=INTRO, body=body,
                        agency_name=AGENCY_NAME,
                        keep=("title", "intro", "body") if placeholder else ())


def _unit(parent, spec, successor):
    found = UnitPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if found is not None:
        return found, False
    unit = UnitPage(title=spec["title"], slug=spec["slug"], kind=spec["kind"],
                    functions=_paragraphs(spec["functions"]),
                    address=spec.get("address", ""), phone=spec["phone"], email=spec["email"],
                    status=spec.get("status", UnitStatus.ACTIVE), status_date=spec.get("date"),
                    successor=successor)
    parent.add_child(instance=unit)
    unit.save_revision().publish()
    return unit, True


@transaction.atomic
def build_items(organisation):
    """The units and people below `organisation`; those already there (by address) are left
    as they are. Returns how many pages were created."""
    from demo.services import demo_image

    if organisation is None:
        return 0
    units, count = {}, 0
    for spec in UNITS:  # a successor comes before the units it took over
        parent = units[spec["parent"]] if spec.get("parent") else organisation
        successor = spec.get("successor")
        successor = organisation if successor == ORGANISATION else units.get(successor)
        units[spec["key"]], new = _unit(parent, spec, successor)
        count += new
    for spec in PEOPLE:
        slug = slug_of(spec["name"])
        if PersonPage.objects.child_of(organisation).filter(slug=slug).exists():
            continue
        photo = demo_image(spec["photo"])
        person = PersonPage(title=spec["name"], slug=slug, photo=photo, phone=spec["phone"],
                            email=spec["email"], bio=spec["bio"],
                            photo_alt=f"Ảnh chân dung minh họa của {spec['name']}")
        person.appointments = [
            Appointment(unit=units[unit] if unit else None, position=position, is_head=head,
                        start_date=start, end_date=end)
            for unit, position, _english, head, start, end in spec["appointments"]]
        organisation.add_child(instance=person)
        person.save_revision().publish()
        count += 1
    return count


def slug_of(name):
    from core.vietnamese import slugify_vi

    return slugify_vi(name)


# English copies (Wagtail translations)

def _english_fields():
    """{Vietnamese title: English fields} of every unit and person of the demo, and of the
    organisation page."""
    fields = {TITLE: {"title": TITLE_EN, "intro": INTRO_EN, "agency_name": AGENCY_NAME_EN,
                      "body": [{"type": "paragraph", "value": _paragraphs(FUNCTIONS_EN)}]}}
    for spec in UNITS:
        fields[spec["title"]] = {"title": spec["title_en"],
                                 "functions": _paragraphs(spec["functions_en"])}
    for spec in PEOPLE:
        fields[spec["name"]] = {"bio": spec["bio_en"],
                                "photo_alt": f"Illustrative portrait of {spec['name']}",
                                "positions": {(row[0] and _unit_title(row[0]), row[1]): row[2]
                                              for row in spec["appointments"]}}
    return fields


def _unit_title(key):
    return next(spec["title"] for spec in UNITS if spec["key"] == key)


@transaction.atomic
def build_english(en_parent):
    """English copies of the organisation page, its units and its people, below `en_parent`
    (the English translation of the page /gioi-thieu/ sits under, e.g. the English home page),
    made with `Page.copy_for_translation` and published with their English text. Successors
    and appointments point to the English copies of their units where they exist. Pages
    already translated are left as they are. Returns the English organisation page, or None
    when there is no Vietnamese one."""
    from wagtail.models import Page

    locale = en_parent.locale
    organisation = (OrganisationPage.objects.filter(slug=SLUG).exclude(locale=locale)
                    .order_by("path").first())
    if organisation is None:
        return None
    parent = organisation.get_parent()
    if parent.translation_key != en_parent.translation_key:
        raise ValueError("en_parent must be the translation of the organisation page's parent")
    english = _english_fields()
    pages = [organisation] + [page.specific for page in
                              Page.objects.descendant_of(organisation).order_by("path")]
    copies = {}
    for page in pages:
        copy = page.get_translation_or_none(locale)
        if copy is None:
            copy = page.copy_for_translation(locale, copy_parents=False)
            copy = copy.specific
            copies[page.pk] = copy
    for original_pk, copy in copies.items():
        original = next(page for page in pages if page.pk == original_pk)
        key = TITLE if isinstance(original, OrganisationPage) else original.title
        _translate(copy, original, english.get(key, {}), locale)
        copy.save_revision().publish()
    return organisation.get_translation(locale)


def _translate(copy, original, fields, locale):
    """Set the English text of `copy` (the English copy of `original`)."""
    positions = fields.get("positions", {})
    for name, value in fields.items():
        if name != "positions":
            setattr(copy, name, value)
    if isinstance(copy, UnitPage) and copy.successor_id:
        copy.successor = _english(copy.successor, locale)
    if isinstance(copy, PersonPage):
        rows = list(copy.appointments.all())
        for row in rows:
            key = (row.unit.title if row.unit_id else None, row.position)
            row.position = positions.get(key, row.position)
            if row.unit_id:
                row.unit = _english(row.unit, locale)
        copy.appointments = rows  # saved with the revision the caller publishes


def _english(page, locale):
    return page.get_translation_or_none(locale) or page
