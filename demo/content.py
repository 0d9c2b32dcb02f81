"""The demo site's content: the agency, its menu and about thirty articles in five categories.

Invented for demonstration (names of people and figures are illustrative), written the way
the agency's news is written."""

AGENCY = {
    "agency_name": "Sở Khoa học và Công nghệ tỉnh Hậu Giang",
    "governing_body": "Ủy ban nhân dân tỉnh Hậu Giang",
    "tagline": "Cổng thông tin điện tử",
    "address": "Số 09 đường Trần Hưng Đạo, phường V, thành phố Vị Thanh, tỉnh Hậu Giang",
    "phone": "(0293) 3 870 000",
    "fax": "(0293) 3 870 001",
    "email": "skhcn@haugiang.gov.vn",
    "responsible_person": "Giám đốc Sở Khoa học và Công nghệ tỉnh Hậu Giang",
    "licence": "Giấy phép thiết lập trang thông tin điện tử (dữ liệu minh họa cho bản demo)",
}

# (title, slug, intro, body paragraphs) of the plain pages of the main menu. "Giới thiệu" is
# the organisation page now (organisation.demo).
STANDARD_PAGES = []

NEWS_ROOT = ("Tin tức - Sự kiện", "tin-tuc",
             "Tin hoạt động của Sở và tin khoa học, công nghệ trong tỉnh, trong nước.")

CATEGORIES = [
    ("Tin hoạt động", "tin-hoat-dong", "Hoạt động của Sở Khoa học và Công nghệ."),
    ("Tin KH&CN trong tỉnh", "tin-khcn-trong-tinh", "Khoa học và công nghệ ở Hậu Giang."),
    ("Tin KH&CN trong nước", "tin-khcn-trong-nuoc", "Khoa học và công nghệ cả nước."),
    ("Tiêu chuẩn - Đo lường - Chất lượng", "tieu-chuan-do-luong-chat-luong",
     "Quản lý tiêu chuẩn, đo lường, chất lượng sản phẩm, hàng hóa."),
    ("Chuyển đổi số", "chuyen-doi-so", "Chuyển đổi số, đổi mới sáng tạo và khởi nghiệp."),
]

# (category slug, title, sapo, tags)
ARTICLES = [
    ("tin-hoat-dong", "Sở Khoa học và Công nghệ tổng kết công tác năm 2026",
     "Năm 2026, ngành khoa học và công nghệ tỉnh hoàn thành và vượt 12/14 chỉ tiêu được giao.",
     ["Tổng kết", "Kế hoạch"]),
    ("tin-hoat-dong", "Hội đồng khoa học cấp tỉnh nghiệm thu đề tài về giống lúa chịu mặn",
     "Đề tài tuyển chọn giống lúa chịu mặn cho vùng ven sông Cái Lớn được xếp loại xuất sắc.",
     ["Nghiệm thu", "Nông nghiệp"]),
    ("tin-hoat-dong", "Tập huấn nghiệp vụ quản lý nhiệm vụ khoa học và công nghệ cấp cơ sở",
     "Hơn 80 cán bộ các sở, ngành, địa phương tham gia lớp tập huấn hai ngày.",
     ["Tập huấn"]),
    ("tin-hoat-dong", "Đoàn công tác của Sở làm việc với Trường Đại học Cần Thơ",
     "Hai bên thống nhất phối hợp thực hiện các nhiệm vụ nghiên cứu phục vụ sản xuất nông nghiệp.",
     ["Hợp tác"]),
    ("tin-hoat-dong", "Sở Khoa học và Công nghệ phát động phong trào thi đua năm 2027",
     "Phong trào tập trung vào cải cách hành chính, chuyển đổi số và nâng cao chất lượng phục vụ.",
     ["Thi đua"]),
    ("tin-hoat-dong", "Hội nghị cán bộ, công chức, viên chức Sở Khoa học và Công nghệ",
     "Hội nghị thảo luận, thông qua quy chế dân chủ và chỉ tiêu thi đua của cơ quan.",
     ["Hội nghị"]),
    ("tin-hoat-dong", "Kiểm tra tiến độ các dự án thuộc Chương trình nông thôn miền núi",
     "Các dự án chuyển giao công nghệ nuôi cá thát lát và trồng khóm đạt tiến độ đề ra.",
     ["Nông nghiệp", "Chuyển giao công nghệ"]),
    ("tin-khcn-trong-tinh", "Ứng dụng công nghệ sinh học trong sản xuất nấm rơm tại Phụng Hiệp",
     "Mô hình giúp nông dân tăng năng suất nấm rơm lên gần 30% so với cách làm truyền thống.",
     ["Công nghệ sinh học", "Nông nghiệp"]),
    ("tin-khcn-trong-tinh", "Hậu Giang có thêm 5 sản phẩm được cấp văn bằng bảo hộ nhãn hiệu",
     "Các nhãn hiệu gắn với đặc sản địa phương giúp nâng cao giá trị và sức cạnh tranh.",
     ["Sở hữu trí tuệ"]),
    ("tin-khcn-trong-tinh", "Nông dân Long Mỹ áp dụng quy trình tưới tiết kiệm nước cho cây có múi",
     "Hệ thống tưới nhỏ giọt điều khiển bằng điện thoại giúp giảm 40% lượng nước.",
     ["Nông nghiệp", "Chuyển đổi số"]),
    ("tin-khcn-trong-tinh", "Nghiên cứu xử lý phụ phẩm mía làm phân hữu cơ vi sinh",
     "Kết quả nghiên cứu mở ra hướng tận dụng hàng chục nghìn tấn bã mía mỗi năm.",
     ["Môi trường", "Nghiệm thu"]),
    ("tin-khcn-trong-tinh", "Doanh nghiệp Hậu Giang đổi mới công nghệ chế biến thủy sản",
     "Dây chuyền cấp đông nhanh giúp doanh nghiệp đáp ứng tiêu chuẩn xuất khẩu sang châu Âu.",
     ["Đổi mới công nghệ", "Doanh nghiệp"]),
    ("tin-khcn-trong-tinh", "Trạm quan trắc độ mặn tự động phục vụ sản xuất vùng ven sông",
     "Số liệu độ mặn được cập nhật mỗi giờ và gửi tin nhắn cảnh báo cho người dân.",
     ["Môi trường", "Chuyển đổi số"]),
    ("tin-khcn-trong-tinh", "Kỹ thuật nuôi lươn không bùn giúp nông dân Vị Thủy tăng thu nhập",
     "Mô hình nuôi lươn trong bể lót bạt cho lợi nhuận cao, ít dịch bệnh.",
     ["Nông nghiệp", "Chuyển giao công nghệ"]),
    ("tin-khcn-trong-nuoc", "Bộ Khoa học và Công nghệ công bố chiến lược phát triển đến năm 2030",
     "Chiến lược đặt mục tiêu đưa khoa học, công nghệ và đổi mới sáng tạo thành động lực chính.",
     ["Chính sách"]),
    ("tin-khcn-trong-nuoc", "Việt Nam tăng hạng trong Chỉ số Đổi mới sáng tạo toàn cầu",
     "Việt Nam tiếp tục nằm trong nhóm quốc gia có thu nhập trung bình dẫn đầu về đổi mới sáng tạo.",
     ["Đổi mới sáng tạo"]),
    ("tin-khcn-trong-nuoc", "Ra mắt mạng lưới đổi mới sáng tạo vùng Đồng bằng sông Cửu Long",
     "Mạng lưới kết nối viện, trường, doanh nghiệp và nhà đầu tư trong vùng.",
     ["Đổi mới sáng tạo", "Hợp tác"]),
    ("tin-khcn-trong-nuoc", "Hội nghị toàn quốc về phát triển thị trường khoa học và công nghệ",
     "Các đại biểu bàn giải pháp thúc đẩy thương mại hóa kết quả nghiên cứu.",
     ["Chính sách", "Hội nghị"]),
    ("tin-khcn-trong-nuoc", "Quỹ Phát triển khoa học và công nghệ quốc gia mở đợt xét duyệt mới",
     "Các nhà khoa học có thể đăng ký đề tài nghiên cứu cơ bản đến hết tháng Ba.",
     ["Chính sách"]),
    ("tin-khcn-trong-nuoc", "Nhà khoa học trẻ Việt Nam nhận giải thưởng quốc tế về vật liệu mới",
     "Công trình về vật liệu hấp phụ kim loại nặng trong nước được đánh giá cao.",
     ["Nghiên cứu"]),
    ("tieu-chuan-do-luong-chat-luong", "Kiểm tra đo lường xăng dầu tại các cửa hàng bán lẻ",
     "Đoàn kiểm tra phát hiện và xử lý hai cửa hàng có cột đo sai số vượt giới hạn cho phép.",
     ["Đo lường", "Kiểm tra"]),
    ("tieu-chuan-do-luong-chat-luong", "Kiểm định miễn phí cân tại các chợ trên địa bàn tỉnh",
     "Hơn 600 chiếc cân của tiểu thương được kiểm định, niêm phong trong đợt cao điểm.",
     ["Đo lường"]),
    ("tieu-chuan-do-luong-chat-luong", "Hỗ trợ doanh nghiệp áp dụng hệ thống quản lý chất lượng ISO",
     "Mười doanh nghiệp nhỏ và vừa được hỗ trợ kinh phí tư vấn, chứng nhận.",
     ["Chất lượng", "Doanh nghiệp"]),
    ("tieu-chuan-do-luong-chat-luong", "Giải thưởng Chất lượng quốc gia: Hậu Giang có doanh nghiệp đạt giải",
     "Doanh nghiệp chế biến gạo của tỉnh được vinh danh nhờ hệ thống quản lý chất lượng toàn diện.",
     ["Chất lượng"]),
    ("tieu-chuan-do-luong-chat-luong", "Tuyên truyền Ngày Tiêu chuẩn thế giới 14 tháng 10",
     "Nhiều hoạt động hưởng ứng nhằm nâng cao nhận thức về vai trò của tiêu chuẩn.",
     ["Tiêu chuẩn"]),
    ("tieu-chuan-do-luong-chat-luong", "Kiểm tra chất lượng mũ bảo hiểm lưu thông trên thị trường",
     "Đoàn kiểm tra lấy mẫu mũ bảo hiểm tại các cửa hàng để thử nghiệm.",
     ["Chất lượng", "Kiểm tra"]),
    ("chuyen-doi-so", "Hậu Giang triển khai nền tảng truy xuất nguồn gốc nông sản",
     "Hơn 200 sản phẩm OCOP của tỉnh đã có tem truy xuất nguồn gốc điện tử.",
     ["Chuyển đổi số", "OCOP"]),
    ("chuyen-doi-so", "Ngày hội khởi nghiệp đổi mới sáng tạo tỉnh Hậu Giang",
     "Ba mươi dự án khởi nghiệp của thanh niên được trưng bày và gọi vốn.",
     ["Khởi nghiệp", "Đổi mới sáng tạo"]),
    ("chuyen-doi-so", "Số hóa hồ sơ thủ tục hành chính lĩnh vực khoa học và công nghệ",
     "Toàn bộ hồ sơ đã giải quyết từ năm 2020 được số hóa và lưu trữ điện tử.",
     ["Chuyển đổi số", "Cải cách hành chính"]),
    ("chuyen-doi-so", "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
     "Các tổ viên được hướng dẫn hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
     ["Chuyển đổi số", "Tập huấn"]),
    ("chuyen-doi-so", "Ứng dụng trí tuệ nhân tạo dự báo sâu bệnh trên cây lúa",
     "Hệ thống phân tích ảnh chụp lá lúa giúp phát hiện sớm bệnh đạo ôn.",
     ["Trí tuệ nhân tạo", "Nông nghiệp"]),
    ("chuyen-doi-so", "Kỹ thuật số hóa bản đồ vùng trồng phục vụ xuất khẩu",
     "Mã số vùng trồng được quản lý trên bản đồ số, thuận tiện cho truy xuất.",
     ["Chuyển đổi số", "Nông nghiệp"]),
]

PARAGRAPHS = [
    "Theo báo cáo của Sở Khoa học và Công nghệ, {topic} là một trong những nhiệm vụ trọng tâm "
    "được triển khai trong năm, gắn với Nghị quyết Đại hội Đảng bộ tỉnh và kế hoạch phát triển "
    "kinh tế - xã hội của địa phương.",
    "Tại buổi làm việc, lãnh đạo Sở đánh giá cao sự phối hợp của các sở, ngành, địa phương và "
    "doanh nghiệp; đồng thời đề nghị tiếp tục theo dõi, tổng hợp khó khăn, vướng mắc để kịp thời "
    "tháo gỡ, bảo đảm tiến độ và hiệu quả.",
    "Kết quả bước đầu cho thấy hiệu quả rõ rệt: chi phí giảm, năng suất và chất lượng tăng, người "
    "dân và doanh nghiệp đồng tình hưởng ứng. Nhiều địa phương đã đăng ký nhân rộng mô hình.",
    "Thời gian tới, Sở sẽ tiếp tục hướng dẫn, hỗ trợ về chuyên môn, kỹ thuật; tăng cường tuyên "
    "truyền để người dân, doanh nghiệp hiểu rõ lợi ích và chủ động tham gia.",
]

CAPTIONS = [
    "Quang cảnh buổi làm việc",
    "Đại biểu tham quan mô hình",
    "Cán bộ kỹ thuật hướng dẫn người dân",
    "Lãnh đạo Sở phát biểu tại hội nghị",
]

BYLINES = ["An Nhiên", "Minh Khoa", "Thu Hà", "Ngọc Trâm", "Phòng Quản lý chuyên ngành"]
