"""Demo content of Nhiệm vụ KH&CN: tasks of Sở Khoa học và Công nghệ tỉnh Hậu Giang (invented
but plausible), two of them accepted with a results report. Both functions are idempotent."""

from datetime import date
from decimal import Decimal

from core.vietnamese import slugify_vi
from pages.models import Term

from .models import (FIELD_VOCABULARY, ScienceTaskAttachment, ScienceTaskIndexPage,
                     ScienceTaskPage, TaskLevel, TaskRating, TaskStatus, ensure_fields)

SLUG = "nhiem-vu-khcn"
TITLE = "Nhiệm vụ KH&CN"
INTRO = ("Danh mục nhiệm vụ khoa học và công nghệ cấp quốc gia, cấp tỉnh và cấp cơ sở do Sở Khoa "
         "học và Công nghệ tỉnh Hậu Giang quản lý, công khai theo Thông tư 14/2014/TT-BKHCN.")

CTU = "Trường Đại học Cần Thơ"
RICE_INSTITUTE = "Viện Lúa Đồng bằng sông Cửu Long"
CENTRE = "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Hậu Giang"
NATURAL, TECH, MEDICAL, AGRI, SOCIAL, HUMANITIES = (
    "Khoa học tự nhiên", "Khoa học kỹ thuật và công nghệ", "Khoa học y dược",
    "Khoa học nông nghiệp", "Khoa học xã hội", "Khoa học nhân văn")

# each task: its fields; "report" gives the title and paragraphs of the results PDF
TASKS = [
    dict(code="HG.2025.07", level=TaskLevel.PROVINCIAL, field=AGRI, host=RICE_INSTITUTE,
         title="Nghiên cứu chọn tạo giống lúa chịu mặn thích ứng biến đổi khí hậu tại tỉnh "
               "Hậu Giang",
         leader="TS. Trần Văn Khánh", start=date(2025, 3, 1), end=date(2028, 2, 29),
         budget="2850", status=TaskStatus.UNDER_WAY,
         goals="Chọn tạo được 2 giống lúa chịu mặn 4‰ đến 6‰, năng suất từ 6 tấn/ha trở lên, "
               "phẩm chất gạo đạt tiêu chuẩn xuất khẩu, phù hợp vùng ven sông Cái Lớn.",
         content="Thu thập và đánh giá 120 nguồn gen lúa chịu mặn.\nLai tạo, chọn lọc các dòng "
                 "triển vọng bằng chỉ thị phân tử.\nKhảo nghiệm cơ bản và sản xuất tại huyện Long "
                 "Mỹ và thị xã Long Mỹ.",
         method="Lai đơn, chọn lọc phả hệ kết hợp chỉ thị phân tử liên kết gen Saltol; thí "
                "nghiệm khối ngẫu nhiên đầy đủ, ba lần lặp lại.",
         expected_results="2 giống lúa chịu mặn được công nhận sản xuất thử; quy trình canh tác "
                          "kèm theo; 20 ha mô hình trình diễn."),
    dict(code="HG.2022.03", level=TaskLevel.PROVINCIAL, field=AGRI, host=CTU,
         title="Xây dựng quy trình canh tác khóm Cầu Đúc theo hướng hữu cơ đạt chứng nhận VietGAP",
         leader="PGS.TS. Nguyễn Thị Thu Hà", start=date(2022, 6, 1), end=date(2024, 5, 31),
         budget="1250.5", status=TaskStatus.ACCEPTED,
         goals="Nâng cao năng suất, chất lượng và giá trị của khóm Cầu Đúc, sản phẩm chỉ dẫn địa "
               "lý của tỉnh, bằng quy trình canh tác hữu cơ đạt VietGAP.",
         content="Điều tra hiện trạng canh tác khóm trên đất phèn tại thành phố Vị Thanh.\nThử "
                 "nghiệm phân hữu cơ vi sinh và chế phẩm sinh học phòng trừ rệp sáp.\nXây dựng "
                 "mô hình 10 ha và hỗ trợ tổ hợp tác đạt chứng nhận VietGAP.",
         method="Điều tra nông hộ, thí nghiệm đồng ruộng, phân tích chất lượng quả tại phòng thí "
                "nghiệm đạt chuẩn ISO/IEC 17025.",
         expected_results="Quy trình canh tác khóm hữu cơ được Hội đồng KH&CN tỉnh thông qua; 10 "
                          "ha mô hình; 30 nông dân được tập huấn.",
         acceptance=date(2024, 8, 15), rating=TaskRating.EXCELLENT,
         summary="Năng suất khóm trong mô hình đạt 28 tấn/ha, cao hơn 15% so với canh tác truyền "
                 "thống; độ Brix trung bình 15,2%. Tổ hợp tác khóm Hỏa Tiến được cấp chứng nhận "
                 "VietGAP cho 10 ha. Quy trình đã được chuyển giao cho Trung tâm Khuyến nông tỉnh.",
         report=("Báo cáo tổng hợp kết quả nhiệm vụ HG.2022.03", [
             "Nhiệm vụ đã xây dựng quy trình canh tác khóm Cầu Đúc theo hướng hữu cơ, áp dụng "
             "trên 10 ha tại xã Hỏa Tiến, thành phố Vị Thanh.",
             "Năng suất đạt 28 tấn/ha; độ Brix trung bình 15,2%; không phát hiện dư lượng thuốc "
             "bảo vệ thực vật vượt ngưỡng.",
             "Hội đồng nghiệm thu cấp tỉnh xếp loại Xuất sắc ngày 15/08/2024."])),
    dict(code="HG.2024.02", level=TaskLevel.PROVINCIAL, field=AGRI, host=CENTRE,
         title="Nghiên cứu sản xuất giống và nuôi thương phẩm cá thát lát cườm trong ao đất tại "
               "huyện Phụng Hiệp",
         leader="ThS. Lê Minh Tâm", start=date(2024, 1, 1), end=date(2025, 12, 31),
         budget="980", status=TaskStatus.AWAITING_ACCEPTANCE,
         goals="Làm chủ quy trình sinh sản nhân tạo và nuôi thương phẩm cá thát lát cườm, tạo "
               "nguồn giống chất lượng cho người nuôi trong tỉnh.",
         content="Nuôi vỗ cá bố mẹ, kích thích sinh sản bằng hormone.\nƯơng cá bột lên cá giống "
                 "trong bể xi măng và ao đất.\nNuôi thương phẩm 2 ha tại xã Hòa An.",
         method="Thí nghiệm mật độ và thức ăn, theo dõi tỉ lệ sống và tăng trọng hằng tháng.",
         expected_results="Quy trình sản xuất giống và nuôi thương phẩm; 200.000 con giống; "
                          "năng suất nuôi từ 15 tấn/ha."),
    dict(code="HG.2025.02", level=TaskLevel.PROVINCIAL, field=TECH, host=CTU,
         title="Ứng dụng chuyển đổi số trong quản lý vùng trồng và truy xuất nguồn gốc nông sản "
               "chủ lực tỉnh Hậu Giang",
         leader="TS. Phạm Quốc Huy", start=date(2025, 4, 1), end=date(2027, 3, 31),
         budget="3100", status=TaskStatus.UNDER_WAY,
         goals="Xây dựng nền tảng số quản lý mã số vùng trồng, nhật ký canh tác điện tử và truy "
               "xuất nguồn gốc cho lúa, khóm, bưởi và mía.",
         content="Khảo sát nhu cầu của hợp tác xã và cơ quan quản lý.\nPhát triển ứng dụng nhật "
                 "ký canh tác trên điện thoại và bản đồ vùng trồng.\nThí điểm tem truy xuất mã QR "
                 "tại 5 hợp tác xã.",
         method="Phát triển phần mềm theo phương pháp linh hoạt; dữ liệu không gian trên nền hệ "
                "thông tin địa lý (GIS).",
         expected_results="Nền tảng số vận hành thử nghiệm; 5 hợp tác xã sử dụng; tài liệu "
                          "hướng dẫn và chuyển giao cho Sở Nông nghiệp và Môi trường."),
    dict(code="HG.2023.05", level=TaskLevel.PROVINCIAL, field=SOCIAL,
         host="Trường Đại học Nam Cần Thơ",
         title="Giải pháp nâng cao chất lượng và phát triển thị trường sản phẩm OCOP tỉnh Hậu "
               "Giang",
         leader="TS. Võ Thị Ngọc Lan", start=date(2023, 3, 1), end=date(2025, 2, 28),
         budget="1480", status=TaskStatus.ACCEPTED,
         goals="Đánh giá thực trạng và đề xuất giải pháp nâng hạng sản phẩm OCOP, mở rộng kênh "
               "tiêu thụ trong nước và thương mại điện tử.",
         content="Khảo sát 85 chủ thể OCOP trong tỉnh.\nPhân tích chuỗi giá trị của 6 nhóm sản "
                 "phẩm.\nĐề xuất bộ giải pháp về tiêu chuẩn, bao bì, nhãn hiệu và xúc tiến "
                 "thương mại.",
         method="Điều tra xã hội học, phỏng vấn sâu, phân tích chuỗi giá trị và mô hình SWOT.",
         expected_results="Báo cáo đánh giá thực trạng; đề án giải pháp trình Ủy ban nhân dân "
                          "tỉnh; 10 sản phẩm được hỗ trợ nâng hạng.",
         acceptance=date(2025, 4, 20), rating=TaskRating.GOOD,
         summary="Đã khảo sát 85 chủ thể OCOP, hỗ trợ 12 sản phẩm nâng từ 3 sao lên 4 sao, đưa "
                 "20 sản phẩm lên sàn thương mại điện tử. Bộ giải pháp được Ủy ban nhân dân tỉnh "
                 "sử dụng khi xây dựng kế hoạch OCOP giai đoạn 2025–2030.",
         report=("Báo cáo tổng hợp kết quả nhiệm vụ HG.2023.05", [
             "Nhiệm vụ đánh giá 85 chủ thể OCOP và 6 nhóm sản phẩm chủ lực của tỉnh Hậu Giang.",
             "12 sản phẩm được nâng hạng lên 4 sao; 20 sản phẩm có mặt trên sàn thương mại điện "
             "tử.",
             "Hội đồng nghiệm thu cấp tỉnh xếp loại Khá ngày 20/04/2025."])),
    dict(code="CS.2024.01", level=TaskLevel.GRASSROOTS, field=TECH, host=CENTRE,
         title="Ứng dụng công nghệ khí sinh học (biogas) xử lý chất thải chăn nuôi heo quy mô nông "
               "hộ tại huyện Vị Thủy",
         leader="KS. Huỳnh Văn Phúc", start=date(2024, 5, 1), end=date(2026, 10, 31),
         budget="320", status=TaskStatus.AWAITING_ACCEPTANCE,
         goals="Giảm ô nhiễm môi trường từ chăn nuôi heo, tận dụng khí sinh học làm chất đốt và "
               "phụ phẩm làm phân bón.",
         content="Lắp đặt 30 hầm biogas composite tại các nông hộ.\nHướng dẫn vận hành, bảo "
                 "dưỡng và sử dụng nước thải sau biogas tưới cây.",
         method="Xây dựng mô hình, quan trắc chất lượng nước thải trước và sau xử lý.",
         expected_results="30 hầm biogas hoạt động ổn định; tài liệu hướng dẫn cho nông hộ."),
    dict(code="HG.2026.01", level=TaskLevel.PROVINCIAL, field=TECH,
         host="Viện Công nghệ sinh học và Thực phẩm, Trường Đại học Cần Thơ",
         title="Hoàn thiện quy trình chế biến mắm cá linh bảo đảm an toàn thực phẩm, phát triển "
               "đặc sản Hậu Giang",
         leader="TS. Nguyễn Thanh Tùng", start=date(2026, 2, 1), end=date(2027, 7, 31),
         budget="760", status=TaskStatus.UNDER_WAY,
         goals="Chuẩn hóa quy trình chế biến mắm cá linh truyền thống, kiểm soát vi sinh và "
               "histamine, kéo dài thời gian bảo quản.",
         content="Khảo sát các cơ sở làm mắm tại huyện Châu Thành.\nTối ưu tỉ lệ muối, thính và "
                 "thời gian ủ.\nThiết kế bao bì và hồ sơ công bố sản phẩm.",
         method="Thí nghiệm đa yếu tố, phân tích vi sinh, hóa lý và đánh giá cảm quan.",
         expected_results="Quy trình chế biến; sản phẩm đạt quy chuẩn an toàn thực phẩm; hồ sơ "
                          "đăng ký sản phẩm OCOP."),
    dict(code="CS.2025.03", level=TaskLevel.GRASSROOTS, field=AGRI, host=CENTRE,
         title="Tận dụng rơm rạ sau thu hoạch trồng nấm rơm và sản xuất phân hữu cơ vi sinh tại "
               "huyện Long Mỹ",
         leader="ThS. Đặng Thị Kim Ngân", start=date(2025, 3, 1), end=date(2026, 6, 30),
         budget="245,8", status=TaskStatus.AWAITING_ACCEPTANCE,
         goals="Giảm đốt rơm rạ ngoài đồng, tăng thu nhập cho nông dân từ nấm rơm và phân hữu cơ.",
         content="Trồng nấm rơm trên 3 ha.\nỦ bã nấm và rơm rạ với chế phẩm Trichoderma làm phân "
                 "hữu cơ vi sinh.",
         method="Mô hình trình diễn có đối chứng, đánh giá hiệu quả kinh tế.",
         expected_results="Năng suất nấm từ 1,2 tấn/ha; 50 tấn phân hữu cơ vi sinh."),
    dict(code="ĐTĐL.CN-15/24", level=TaskLevel.NATIONAL, field=NATURAL,
         host="Viện Khoa học Thủy lợi miền Nam",
         title="Nghiên cứu giải pháp quản lý tổng hợp nguồn nước phục vụ sản xuất nông nghiệp "
               "vùng Tây sông Hậu trong điều kiện xâm nhập mặn",
         leader="GS.TS. Lê Văn Hải", start=date(2024, 1, 1), end=date(2026, 12, 31),
         budget="8500", status=TaskStatus.UNDER_WAY,
         goals="Đề xuất giải pháp vận hành hệ thống thủy lợi và cơ cấu mùa vụ thích ứng xâm nhập "
               "mặn cho vùng Tây sông Hậu, trong đó có tỉnh Hậu Giang.",
         content="Xây dựng mô hình thủy lực và lan truyền mặn.\nĐánh giá kịch bản biến đổi khí "
                 "hậu đến năm 2050.\nThí điểm quy trình vận hành cống tại kênh Xà No.",
         method="Mô hình toán thủy lực một chiều và hai chiều, quan trắc độ mặn tự động.",
         expected_results="Bộ công cụ dự báo mặn; quy trình vận hành hệ thống công trình; bản đồ "
                          "phân vùng sản xuất."),
    dict(code="HG.2023.08", level=TaskLevel.PROVINCIAL, field=MEDICAL,
         host="Trung tâm Kiểm soát bệnh tật tỉnh Hậu Giang",
         title="Nghiên cứu đặc điểm dịch tễ và giải pháp phòng, chống bệnh sốt xuất huyết trên "
               "địa bàn tỉnh Hậu Giang",
         leader="BSCKII. Nguyễn Hoàng Phong", start=date(2023, 6, 1), end=date(2025, 5, 31),
         budget="890", status=TaskStatus.SUSPENDED,
         goals="Xác định đặc điểm dịch tễ bệnh sốt xuất huyết và đề xuất giải pháp phòng chống "
               "phù hợp với cộng đồng.",
         content="Phân tích số liệu ca bệnh giai đoạn 2018–2023.\nĐiều tra chỉ số muỗi tại 8 xã, "
                 "phường.\nThử nghiệm mô hình cộng đồng diệt lăng quăng.",
         method="Nghiên cứu mô tả cắt ngang và can thiệp cộng đồng có đối chứng.",
         expected_results="Bản đồ nguy cơ; mô hình phòng chống dựa vào cộng đồng; khuyến nghị "
                          "cho ngành y tế."),
    dict(code="HG.2024.06", level=TaskLevel.PROVINCIAL, field=HUMANITIES,
         host="Khoa Khoa học Xã hội và Nhân văn, Trường Đại học Cần Thơ",
         title="Bảo tồn và phát huy giá trị nghệ thuật Đờn ca tài tử Nam Bộ trên địa bàn tỉnh "
               "Hậu Giang",
         leader="TS. Trương Thị Mỹ Duyên", start=date(2024, 7, 1), end=date(2026, 6, 30),
         budget="650", status=TaskStatus.UNDER_WAY,
         goals="Kiểm kê, tư liệu hóa và đề xuất giải pháp bảo tồn Đờn ca tài tử, di sản văn hóa "
               "phi vật thể đại diện của nhân loại.",
         content="Kiểm kê các câu lạc bộ và nghệ nhân.\nGhi âm, ghi hình 40 bài bản tổ.\nXây "
                 "dựng tài liệu truyền dạy trong trường học.",
         method="Điền dã dân tộc học, phỏng vấn nghệ nhân, tư liệu hóa số.",
         expected_results="Cơ sở dữ liệu số về Đờn ca tài tử Hậu Giang; tài liệu truyền dạy."),
    dict(code="CS.2023.02", level=TaskLevel.GRASSROOTS, field=AGRI,
         host="Phòng Nông nghiệp và Phát triển nông thôn huyện Châu Thành A",
         title="Thử nghiệm mô hình nuôi lươn không bùn ứng dụng hệ thống tuần hoàn tại huyện "
               "Châu Thành A",
         leader="KS. Lý Thanh Sơn", start=date(2023, 4, 1), end=date(2024, 3, 31),
         budget="180", status=TaskStatus.TERMINATED,
         goals="Đánh giá hiệu quả nuôi lươn không bùn với hệ thống lọc tuần hoàn.",
         content="Lắp đặt 10 bể nuôi có lọc tuần hoàn tại 5 nông hộ.",
         method="Mô hình trình diễn; nhiệm vụ chấm dứt do nông hộ không bảo đảm đối ứng.",
         expected_results="Quy trình nuôi lươn không bùn phù hợp điều kiện nông hộ."),
    dict(code="HG.2026.09", level=TaskLevel.PROVINCIAL, field=TECH, host=CTU,
         title="Ứng dụng trí tuệ nhân tạo dự báo sâu bệnh hại trên cây lúa tại tỉnh Hậu Giang",
         leader="TS. Phạm Quốc Huy", start=date(2027, 1, 1), end=date(2028, 12, 31),
         budget="2400", status=TaskStatus.NOT_STARTED,
         goals="Xây dựng hệ thống dự báo sớm rầy nâu và đạo ôn từ ảnh bẫy đèn và dữ liệu thời "
               "tiết.",
         content="Thu thập dữ liệu bẫy đèn và trạm khí tượng.\nHuấn luyện mô hình nhận dạng và "
                 "dự báo.\nThí điểm tại 3 huyện.",
         method="Học sâu (deep learning) trên ảnh và chuỗi thời gian.",
         expected_results="Hệ thống dự báo hoạt động thử nghiệm; bản tin dự báo hằng tuần."),
]


def build_section(home):
    """The Nhiệm vụ KH&CN list under the home page (replacing a plain placeholder page)."""
    from pages.demo import section_page

    return section_page(home, ScienceTaskIndexPage, SLUG, title=TITLE, intro=INTRO)


def build_items(section):
    """The demo tasks not there yet (found by code), published; returns how many were made."""
    from pages.demo import demo_document, make_pdf

    ensure_fields()
    fields = dict(Term.objects.filter(vocabulary=FIELD_VOCABULARY).values_list("name", "pk"))
    existing = set(ScienceTaskPage.objects.values_list("code", flat=True))
    created = 0
    for spec in TASKS:
        if spec["code"] in existing:
            continue
        task = ScienceTaskPage(
            title=spec["title"], code=spec["code"], level=spec["level"],
            science_field_id=fields.get(spec["field"]), host=spec["host"],
            leader=spec["leader"], goals=spec["goals"], content=spec["content"],
            method=spec["method"], expected_results=spec["expected_results"],
            start_date=spec["start"], end_date=spec["end"],
            budget=Decimal(spec["budget"].replace(",", ".")), status=spec["status"],
            acceptance_date=spec.get("acceptance"), rating=spec.get("rating", ""),
            results_summary=spec.get("summary", ""))
        if "report" in spec:
            title, paragraphs = spec["report"]
            document = demo_document(title, f"bao-cao-{slugify_vi(spec['code'])}.pdf",
                                     make_pdf(title, [spec["title"], *paragraphs]))
            task.attachments.add(ScienceTaskAttachment(document=document))
        section.add_child(instance=task)
        task.save_revision().publish()
        created += 1
    return created
