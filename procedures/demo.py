"""The demo's administrative procedures: those a provincial Department of Science and
Technology handles (Sở Khoa học và Công nghệ tỉnh Hậu Giang). Codes, deadlines and fees are
illustrative; the laws cited are real. `build_section(home)` makes the list page,
`build_items(section)` the procedures, each with its forms as PDFs drawn locally; both can run
again without creating anything twice."""

from pages.sheets import Row

from .models import Level, OnlineLevel, ProcedureIndexPage, ProcedurePage
from .sheets import ProcedureSheet

SLUG = "thu-tuc-hanh-chinh"
TITLE = "Thủ tục hành chính"
INTRO = ("Thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Khoa học và Công nghệ tỉnh Hậu "
         "Giang: trình tự, thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí và mẫu đơn, tờ "
         "khai. Phần lớn thủ tục có thể nộp hồ sơ trực tuyến.")

SO = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
CHI_CUC = "Chi cục Tiêu chuẩn Đo lường Chất lượng tỉnh Hậu Giang"
UBND_TINH = "Ủy ban nhân dân tỉnh Hậu Giang"
UBND_HUYEN = "Ủy ban nhân dân cấp huyện"
NATIONAL = "https://dichvucong.gov.vn/"
PROVINCIAL = "https://dichvucong.haugiang.gov.vn/"

KHCN = "Hoạt động khoa học và công nghệ"
BUC_XA = "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"
TDC = "Tiêu chuẩn, đo lường, chất lượng"
SHTT = "Sở hữu trí tuệ"
CGCN = "Chuyển giao công nghệ"

LUAT_KHCN = "Luật Khoa học và Công nghệ số 29/2013/QH13 ngày 18/6/2013"
ND_08 = ("Nghị định số 08/2014/NĐ-CP ngày 27/01/2014 của Chính phủ quy định chi tiết và hướng "
         "dẫn thi hành một số điều của Luật Khoa học và Công nghệ")
LUAT_NLNT = "Luật Năng lượng nguyên tử số 18/2008/QH12 ngày 03/6/2008"
ND_142 = ("Nghị định số 142/2020/NĐ-CP ngày 09/12/2020 của Chính phủ quy định về việc tiến "
          "hành công việc bức xạ và hoạt động dịch vụ hỗ trợ ứng dụng năng lượng nguyên tử")
TT_287 = ("Thông tư số 287/2016/TT-BTC ngày 15/11/2016 của Bộ Tài chính quy định mức thu, chế "
          "độ thu, nộp, quản lý và sử dụng phí, lệ phí trong lĩnh vực năng lượng nguyên tử")
LUAT_TCQC = "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật số 68/2006/QH11 ngày 29/6/2006"
LUAT_CL = "Luật Chất lượng sản phẩm, hàng hóa số 05/2007/QH12 ngày 21/11/2007"
TT_28_2012 = ("Thông tư số 28/2012/TT-BKHCN ngày 12/12/2012 của Bộ Khoa học và Công nghệ quy "
              "định về công bố hợp chuẩn, công bố hợp quy và phương thức đánh giá sự phù hợp")

RECEIVE = ("Tổ chức, cá nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh Hậu Giang (số "
           "09 đường Trần Hưng Đạo, phường V, thành phố Vị Thanh) hoặc trực tuyến trên Cổng Dịch "
           "vụ công.")
CHECK = ("Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hồ sơ chưa đầy đủ thì "
         "hướng dẫn một lần để tổ chức, cá nhân bổ sung, hoàn thiện.")
RETURN = ("Tổ chức, cá nhân nhận kết quả tại Trung tâm Phục vụ hành chính công, qua dịch vụ bưu "
          "chính công ích hoặc nhận bản điện tử trên Cổng Dịch vụ công.")
METHODS = ("- Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Hậu Giang;\n"
           "- Qua dịch vụ bưu chính công ích;\n"
           "- Trực tuyến trên Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ "
           "tục hành chính tỉnh Hậu Giang.")
METHODS_DIRECT = ("- Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Hậu Giang;\n"
                  "- Qua dịch vụ bưu chính công ích.")
WORKING_DAYS = "{} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."


def steps(decide, extra=()):
    """The usual steps: receive, check, (what the procedure adds), decide, return."""
    middle = [RECEIVE, CHECK, *extra, decide, RETURN]
    return "\n".join(f"Bước {number}: {text}" for number, text in enumerate(middle, start=1))


def dossier(*papers):
    lines = [f"- {paper};" for paper in papers]
    lines[-1] = lines[-1][:-1] + "."
    return "\n".join([*lines, "Số lượng hồ sơ: 01 bộ."])


XRAY_DECLARATION = ("Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế", [
    "Tổ chức, cá nhân khai báo: ...", "Tên thiết bị, mã hiệu, hãng và nước sản xuất: ...",
    "Số sê-ri: ...", "Điện áp cực đại (kV), dòng cực đại (mA): ...", "Nơi đặt thiết bị: ..."])

RESULT_FORM = ("Phiếu đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", [
    "Tên nhiệm vụ: ...", "Mã số nhiệm vụ (nếu có): ...", "Tổ chức chủ trì: ...",
    "Chủ nhiệm nhiệm vụ: ...", "Nguồn kinh phí: ngân sách nhà nước / ngoài ngân sách",
    "Thời gian thực hiện: từ ... đến ...", "Tóm tắt kết quả: ..."])
INITIATIVE_FORM = ("Mẫu đơn yêu cầu công nhận sáng kiến", [
    "Tên sáng kiến: ...", "Tác giả: ...", "Cơ quan, đơn vị đã áp dụng: ...",
    "Hiệu quả áp dụng và khả năng nhân rộng: ..."])

# (code, title, field, level, agency, online level, in force, time limit, fees, applicants,
#  result, steps, dossier, requirements, legal basis, [(form title, form lines)])
PROCEDURES = [
    ("1.009876", "Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử "
     "dụng ngân sách nhà nước", KHCN, Level.PROVINCIAL, SO, OnlineLevel.FULL, True,
     WORKING_DAYS.format("10"), "Không.", "Tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công "
     "nghệ không sử dụng ngân sách nhà nước.",
     "Giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ; "
           "trường hợp không cấp thì trả lời bằng văn bản và nêu rõ lý do."),
     dossier("Phiếu đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ (Mẫu 02 kèm theo "
             "Thông tư số 14/2014/TT-BKHCN)", "01 bản giấy và 01 bản điện tử báo cáo tổng hợp "
             "kết quả thực hiện nhiệm vụ", "Văn bản xác nhận thỏa thuận của các tác giả về thứ tự "
             "tên trong danh sách tác giả (nếu có)"),
     "Kết quả thực hiện nhiệm vụ không thuộc danh mục bí mật nhà nước.",
     f"{LUAT_KHCN}; {ND_08}; Thông tư số 14/2014/TT-BKHCN ngày 11/6/2014 của Bộ Khoa học và "
     "Công nghệ quy định việc thu thập, đăng ký, lưu giữ và công bố thông tin về nhiệm vụ khoa "
     "học và công nghệ",
     [RESULT_FORM]),
    ("2.001234", "Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh sử "
     "dụng ngân sách nhà nước", KHCN, Level.PROVINCIAL, SO, OnlineLevel.FULL, True,
     WORKING_DAYS.format("05"), "Không.", "Tổ chức chủ trì nhiệm vụ khoa học và công nghệ cấp "
     "tỉnh.", "Giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ."),
     dossier("Phiếu đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ sử dụng ngân sách "
             "nhà nước", "Báo cáo tổng hợp kết quả thực hiện nhiệm vụ đã hoàn thiện sau nghiệm "
             "thu (bản giấy và bản điện tử)", "Biên bản họp hội đồng đánh giá, nghiệm thu"),
     "Nhiệm vụ đã được hội đồng khoa học và công nghệ cấp tỉnh đánh giá, nghiệm thu đạt yêu cầu; "
     "hồ sơ nộp trong thời hạn 30 ngày kể từ ngày nghiệm thu.",
     f"{LUAT_KHCN}; {ND_08}; Thông tư số 14/2014/TT-BKHCN",
     [RESULT_FORM]),
    ("1.003561", "Cấp Giấy chứng nhận đăng ký hoạt động của tổ chức khoa học và công nghệ",
     KHCN, Level.PROVINCIAL, SO, OnlineLevel.PARTIAL, True, WORKING_DAYS.format("15"),
     "Phí thẩm định điều kiện hoạt động khoa học và công nghệ: 3.000.000 đồng/hồ sơ.",
     "Tổ chức khoa học và công nghệ do tổ chức, cá nhân trong tỉnh thành lập.",
     "Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận đăng ký hoạt động khoa học và công "
           "nghệ.", ["Sở thẩm định hồ sơ và kiểm tra điều kiện về nhân lực, trụ sở, trang "
                     "thiết bị của tổ chức khi cần thiết."]),
     dossier("Đơn đăng ký hoạt động khoa học và công nghệ", "Quyết định thành lập tổ chức "
             "khoa học và công nghệ", "Điều lệ tổ chức và hoạt động", "Hồ sơ nhân lực và "
             "văn bản chứng minh trụ sở, cơ sở vật chất - kỹ thuật"),
     "Có đủ nhân lực khoa học và công nghệ, trụ sở, cơ sở vật chất - kỹ thuật theo quy định; "
     "người đứng đầu có trình độ đại học trở lên.",
     f"{LUAT_KHCN}; {ND_08}; Thông tư số 03/2014/TT-BKHCN ngày 31/3/2014 của Bộ Khoa học và "
     "Công nghệ hướng dẫn điều kiện thành lập và đăng ký hoạt động của tổ chức khoa học và "
     "công nghệ; Thông tư số 298/2016/TT-BTC",
     [("Mẫu đơn đăng ký hoạt động khoa học và công nghệ", [
         "Tên tổ chức: ...", "Cơ quan quyết định thành lập: ...", "Địa chỉ trụ sở: ...",
         "Lĩnh vực hoạt động khoa học và công nghệ: ..."]),
      ("Tờ khai danh sách nhân lực của tổ chức khoa học và công nghệ", [
          "Họ và tên, trình độ, chuyên ngành đào tạo, chức danh của từng người ..."])]),
    ("1.005312", "Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ", KHCN,
     Level.PROVINCIAL, SO, OnlineLevel.FULL, True, WORKING_DAYS.format("07"), "Không.",
     "Doanh nghiệp có trụ sở chính tại tỉnh Hậu Giang tạo ra hoặc ứng dụng kết quả khoa học và "
     "công nghệ.", "Giấy chứng nhận doanh nghiệp khoa học và công nghệ.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ "
           "và đăng tải thông tin trên trang thông tin điện tử của Sở.",
           ["Sở xem xét kết quả khoa học và công nghệ của doanh nghiệp; lấy ý kiến chuyên gia "
            "khi cần thiết."]),
     dossier("Đơn đề nghị chứng nhận doanh nghiệp khoa học và công nghệ", "Văn bản xác nhận "
             "quyền sở hữu hoặc quyền sử dụng hợp pháp kết quả khoa học và công nghệ",
             "Phương án sản xuất, kinh doanh sản phẩm hình thành từ kết quả khoa học và công "
             "nghệ"),
     "Doanh thu từ sản phẩm hình thành từ kết quả khoa học và công nghệ đạt tỷ lệ tối thiểu 30% "
     "tổng doanh thu (đối với doanh nghiệp đã hoạt động).",
     f"{LUAT_KHCN}; Nghị định số 13/2019/NĐ-CP ngày 01/02/2019 của Chính phủ về doanh nghiệp "
     "khoa học và công nghệ",
     [("Đơn đề nghị chứng nhận doanh nghiệp khoa học và công nghệ", [
         "Tên doanh nghiệp: ...", "Mã số doanh nghiệp: ...",
         "Kết quả khoa học và công nghệ được ứng dụng: ...",
         "Doanh thu từ sản phẩm khoa học và công nghệ năm gần nhất: ..."])]),
    ("1.008521", "Xét tặng giải thưởng khoa học và công nghệ tỉnh Hậu Giang", KHCN,
     Level.PROVINCIAL, UBND_TINH, "", True,
     "90 ngày kể từ ngày hết hạn nhận hồ sơ xét tặng.", "Không.",
     "Tác giả, nhóm tác giả có công trình khoa học và công nghệ được ứng dụng tại tỉnh Hậu "
     "Giang.", "Quyết định tặng giải thưởng của Chủ tịch Ủy ban nhân dân tỉnh và bằng chứng "
     "nhận kèm tiền thưởng.",
     steps("Chủ tịch Ủy ban nhân dân tỉnh quyết định tặng giải thưởng theo đề nghị của Sở Khoa "
           "học và Công nghệ.", ["Hội đồng xét tặng cấp cơ sở và cấp tỉnh đánh giá công trình "
                                 "theo quy chế; kết quả được công bố công khai 15 ngày."]),
     dossier("Đơn đề nghị xét tặng giải thưởng", "Báo cáo tóm tắt công trình", "Văn bản xác "
             "nhận hiệu quả ứng dụng của cơ quan, đơn vị áp dụng"),
     "Công trình đã được ứng dụng thực tế ít nhất 01 năm và chưa được tặng giải thưởng cấp "
     "tỉnh trở lên.",
     f"{LUAT_KHCN}; Nghị định số 78/2014/NĐ-CP ngày 30/7/2014 của Chính phủ về giải thưởng Hồ "
     "Chí Minh, giải thưởng Nhà nước và các giải thưởng khác về khoa học và công nghệ",
     [("Mẫu đơn đề nghị xét tặng giải thưởng khoa học và công nghệ", [
         "Tên công trình: ...", "Tác giả hoặc nhóm tác giả: ...", "Lĩnh vực: ...",
         "Nơi ứng dụng và hiệu quả: ..."])]),
    ("1.000541", "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn "
     "đoán trong y tế)", BUC_XA, Level.PROVINCIAL, SO, OnlineLevel.PARTIAL, True,
     WORKING_DAYS.format("15"),
     "- Phí thẩm định cấp giấy phép sử dụng thiết bị X-quang chẩn đoán trong y tế: 2.000.000 "
     "đồng/thiết bị.\n- Phí thẩm định cấp chứng chỉ nhân viên bức xạ: 200.000 đồng/chứng chỉ.",
     "Cơ sở y tế sử dụng thiết bị X-quang chẩn đoán trong y tế trên địa bàn tỉnh.",
     "Giấy phép tiến hành công việc bức xạ.",
     steps("Sở Khoa học và Công nghệ cấp giấy phép tiến hành công việc bức xạ.",
           ["Sở thẩm định hồ sơ; kiểm tra thực tế cơ sở khi cần thiết.",
            "Trường hợp cần bổ sung, Sở thông báo bằng văn bản; thời gian bổ sung không tính "
            "vào thời hạn giải quyết."]),
     dossier("Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ", "Phiếu khai báo thiết bị "
             "X-quang chẩn đoán trong y tế", "Báo cáo đánh giá an toàn bức xạ", "Bản sao kết quả "
             "kiểm định thiết bị và kết quả đo kiểm tra liều chiếu xạ khu vực làm việc",
             "Bản sao chứng chỉ nhân viên bức xạ của người phụ trách an toàn"),
     "Thiết bị đã được kiểm định còn hiệu lực; phòng đặt thiết bị bảo đảm che chắn; có người "
     "phụ trách an toàn có chứng chỉ nhân viên bức xạ.",
     f"{LUAT_NLNT}; {ND_142}; {TT_287}",
     [("Mẫu đơn đề nghị cấp giấy phép tiến hành công việc bức xạ", [
         "Tên cơ sở: ...", "Địa chỉ: ...", "Người đứng đầu cơ sở: ...",
         "Công việc bức xạ đề nghị cấp phép: sử dụng thiết bị X-quang chẩn đoán trong y tế"]),
      XRAY_DECLARATION]),
    ("1.000512", "Gia hạn giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn "
     "đoán trong y tế)", BUC_XA, Level.PROVINCIAL, SO, OnlineLevel.FULL, True,
     WORKING_DAYS.format("10"), "Phí thẩm định gia hạn: bằng 50% mức phí thẩm định cấp giấy "
     "phép.", "Cơ sở y tế có giấy phép sử dụng thiết bị X-quang sắp hết hạn.",
     "Giấy phép tiến hành công việc bức xạ được gia hạn.",
     steps("Sở Khoa học và Công nghệ gia hạn giấy phép tiến hành công việc bức xạ."),
     dossier("Đơn đề nghị gia hạn giấy phép tiến hành công việc bức xạ", "Bản sao kết quả "
             "kiểm định thiết bị còn hiệu lực", "Báo cáo đánh giá an toàn bức xạ cập nhật"),
     "Hồ sơ nộp ít nhất 30 ngày trước khi giấy phép hết hạn.", f"{LUAT_NLNT}; {ND_142}; {TT_287}",
     [("Mẫu đơn đề nghị gia hạn giấy phép tiến hành công việc bức xạ", [
         "Số giấy phép đã được cấp: ...", "Ngày hết hạn: ...", "Thay đổi so với lần cấp "
         "trước (nếu có): ..."])]),
    ("1.000460", "Khai báo thiết bị X-quang chẩn đoán trong y tế", BUC_XA, Level.PROVINCIAL, SO,
     OnlineLevel.FULL, True, "03 ngày làm việc kể từ ngày nhận phiếu khai báo hợp lệ.",
     "Không.", "Tổ chức, cá nhân có thiết bị X-quang chẩn đoán trong y tế.",
     "Văn bản xác nhận khai báo.", steps("Sở Khoa học và Công nghệ xác nhận việc khai báo."),
     dossier("Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế"),
     "Khai báo trong thời hạn 10 ngày làm việc kể từ ngày có thiết bị.", f"{LUAT_NLNT}; {ND_142}",
     [XRAY_DECLARATION]),
    ("1.000105", "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá của tổ chức, cá nhân "
     "sản xuất, kinh doanh", TDC, Level.PROVINCIAL, CHI_CUC, OnlineLevel.FULL, True,
     WORKING_DAYS.format("05"), "Lệ phí cấp Thông báo tiếp nhận hồ sơ công bố: 150.000 đồng/giấy.",
     "Tổ chức, cá nhân sản xuất, kinh doanh sản phẩm, hàng hóa trên địa bàn tỉnh.",
     "Thông báo tiếp nhận hồ sơ công bố hợp chuẩn.",
     steps("Chi cục Tiêu chuẩn Đo lường Chất lượng ban hành Thông báo tiếp nhận hồ sơ công bố "
           "hợp chuẩn."),
     dossier("Bản công bố hợp chuẩn", "Bản sao tiêu chuẩn sử dụng làm căn cứ công bố",
             "Báo cáo đánh giá hợp chuẩn kèm kết quả thử nghiệm mẫu trong vòng 12 tháng"),
     "Sản phẩm, hàng hóa phù hợp với tiêu chuẩn tương ứng.",
     f"{LUAT_TCQC}; Nghị định số 127/2007/NĐ-CP; {TT_28_2012}; Thông tư số 02/2017/TT-BKHCN",
     [("Mẫu bản công bố hợp chuẩn", ["Tên tổ chức, cá nhân: ...", "Sản phẩm, hàng hóa: ...",
                                      "Phù hợp với tiêu chuẩn: TCVN ..."])]),
    ("1.000083", "Đăng ký công bố hợp quy đối với sản phẩm, hàng hóa sản xuất trong nước dựa "
     "trên kết quả chứng nhận của tổ chức chứng nhận", TDC, Level.PROVINCIAL, CHI_CUC,
     OnlineLevel.FULL, True, WORKING_DAYS.format("05"),
     "Lệ phí cấp Thông báo tiếp nhận hồ sơ công bố: 150.000 đồng/giấy.",
     "Tổ chức, cá nhân sản xuất sản phẩm, hàng hóa thuộc đối tượng quản lý của quy chuẩn kỹ "
     "thuật.", "Thông báo tiếp nhận hồ sơ công bố hợp quy.",
     steps("Chi cục Tiêu chuẩn Đo lường Chất lượng ban hành Thông báo tiếp nhận hồ sơ công bố "
           "hợp quy."),
     dossier("Bản công bố hợp quy", "Bản sao giấy chứng nhận hợp quy do tổ chức chứng nhận "
             "được chỉ định cấp", "Bản mô tả chung về sản phẩm, hàng hóa"),
     "Giấy chứng nhận hợp quy còn hiệu lực.", f"{LUAT_TCQC}; {LUAT_CL}; {TT_28_2012}",
     [("Mẫu bản công bố hợp quy", ["Tên tổ chức, cá nhân: ...", "Sản phẩm, hàng hóa: ...",
                                   "Phù hợp với quy chuẩn kỹ thuật: QCVN ..."])]),
    ("2.000192", "Thủ tục kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu", TDC,
     Level.PROVINCIAL, CHI_CUC, OnlineLevel.PARTIAL, True,
     "01 ngày làm việc kể từ ngày nhận đủ hồ sơ đăng ký kiểm tra.", "Không.",
     "Người nhập khẩu hàng hóa nhóm 2 thuộc trách nhiệm quản lý của Bộ Khoa học và Công nghệ.",
     "Thông báo kết quả kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu.",
     steps("Chi cục Tiêu chuẩn Đo lường Chất lượng ra thông báo kết quả kiểm tra: hàng hóa đáp "
           "ứng hoặc không đáp ứng yêu cầu chất lượng.",
           ["Chi cục xác nhận người nhập khẩu đã đăng ký kiểm tra để làm thủ tục thông quan."]),
     dossier("Bản đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu", "Bản sao hợp "
             "đồng, danh mục hàng hóa, hóa đơn, vận đơn, tờ khai hàng hóa nhập khẩu",
             "Bản sao giấy chứng nhận hợp quy hoặc chứng thư giám định"),
     "Hàng hóa phải được công bố hợp quy trước khi đưa ra lưu thông.",
     f"{LUAT_CL}; Nghị định số 132/2008/NĐ-CP; Nghị định số 74/2018/NĐ-CP; Thông tư số "
     "07/2017/TT-BKHCN",
     [("Mẫu bản đăng ký kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu", [
         "Người nhập khẩu: ...", "Tên hàng hóa, nhãn hiệu, kiểu loại: ...",
         "Số lượng, khối lượng: ...", "Cửa khẩu nhập: ..."])]),
    ("1.004374", "Kiểm tra nhà nước về đo lường đối với phương tiện đo nhóm 2 nhập khẩu", TDC,
     Level.PROVINCIAL, CHI_CUC, OnlineLevel.PARTIAL, True,
     WORKING_DAYS.format("03"), "Không.", "Tổ chức, cá nhân nhập khẩu phương tiện đo nhóm 2.",
     "Thông báo kết quả kiểm tra nhà nước về đo lường.",
     steps("Chi cục Tiêu chuẩn Đo lường Chất lượng ra thông báo kết quả kiểm tra."),
     dossier("Bản đăng ký kiểm tra nhà nước về đo lường", "Bản sao quyết định phê duyệt mẫu "
             "phương tiện đo", "Tờ khai hàng hóa nhập khẩu"),
     "Phương tiện đo đã được phê duyệt mẫu.",
     "Luật Đo lường số 04/2011/QH13 ngày 11/11/2011; Nghị định số 86/2012/NĐ-CP; Thông tư số "
     "28/2013/TT-BKHCN",
     [("Mẫu bản đăng ký kiểm tra nhà nước về đo lường phương tiện đo nhóm 2 nhập khẩu", [
         "Tên phương tiện đo: ...", "Kiểu, ký hiệu: ...", "Số quyết định phê duyệt mẫu: ..."])]),
    ("1.001824", "Thủ tục xét công nhận phạm vi ảnh hưởng cấp tỉnh của sáng kiến", SHTT,
     Level.PROVINCIAL, SO, OnlineLevel.PARTIAL, True, "60 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
     "Không.", "Tác giả sáng kiến đã được cơ sở công nhận.",
     "Quyết định công nhận phạm vi ảnh hưởng cấp tỉnh của sáng kiến.",
     steps("Chủ tịch Hội đồng sáng kiến cấp tỉnh ký quyết định công nhận.",
           ["Hội đồng sáng kiến cấp tỉnh họp đánh giá; tác giả có thể được mời trình bày."]),
     dossier("Đơn đề nghị xét công nhận phạm vi ảnh hưởng cấp tỉnh", "Quyết định công nhận "
             "sáng kiến của cơ sở", "Báo cáo hiệu quả áp dụng sáng kiến"),
     "Sáng kiến đã được áp dụng hiệu quả tại ít nhất hai đơn vị trong tỉnh.",
     "Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến; "
     "Thông tư số 18/2013/TT-BKHCN",
     [INITIATIVE_FORM]),
    ("2.001960", "Xét công nhận hiệu quả áp dụng và khả năng nhân rộng của sáng kiến cấp "
     "huyện", SHTT, Level.DISTRICT, UBND_HUYEN, "", True, "45 ngày kể từ ngày nhận đủ hồ sơ "
     "hợp lệ.", "Không.", "Tác giả sáng kiến áp dụng tại cơ quan, đơn vị cấp huyện.",
     "Quyết định công nhận của Chủ tịch Ủy ban nhân dân cấp huyện.",
     steps("Chủ tịch Ủy ban nhân dân cấp huyện ký quyết định công nhận."),
     dossier("Đơn yêu cầu công nhận sáng kiến", "Báo cáo kết quả áp dụng sáng kiến"),
     "Sáng kiến có tính mới trong phạm vi huyện và đã được áp dụng.",
     "Nghị định số 13/2012/NĐ-CP; Thông tư số 18/2013/TT-BKHCN",
     [INITIATIVE_FORM]),
    ("1.005201", "Cấp Giấy chứng nhận đăng ký chuyển giao công nghệ (trừ trường hợp thuộc thẩm "
     "quyền của Bộ Khoa học và Công nghệ)", CGCN, Level.PROVINCIAL, SO, OnlineLevel.PARTIAL,
     True, WORKING_DAYS.format("05"),
     "Phí thẩm định hợp đồng chuyển giao công nghệ: 0,1% tổng giá trị hợp đồng, tối thiểu "
     "5.000.000 đồng và tối đa 10.000.000 đồng.",
     "Bên nhận hoặc bên giao công nghệ trong hợp đồng chuyển giao công nghệ.",
     "Giấy chứng nhận đăng ký chuyển giao công nghệ.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận đăng ký chuyển giao công nghệ."),
     dossier("Văn bản đề nghị đăng ký chuyển giao công nghệ", "Bản gốc hoặc bản sao có chứng "
             "thực hợp đồng chuyển giao công nghệ", "Danh mục tài liệu công nghệ kèm theo"),
     "Công nghệ chuyển giao không thuộc danh mục công nghệ cấm chuyển giao.",
     "Luật Chuyển giao công nghệ số 07/2017/QH14 ngày 19/6/2017; Nghị định số 76/2018/NĐ-CP; "
     "Thông tư số 169/2016/TT-BTC",
     [("Mẫu văn bản đề nghị đăng ký chuyển giao công nghệ", [
         "Bên giao công nghệ: ...", "Bên nhận công nghệ: ...", "Tên công nghệ: ...",
         "Giá trị hợp đồng: ... đồng"])]),
    ("1.003014", "Thủ tục cấp Giấy chứng nhận đăng ký kết quả thực hiện đề tài khoa học và công "
     "nghệ (theo Quyết định số 03/2007/QĐ-BKHCN)", KHCN, Level.PROVINCIAL, SO, "", False,
     WORKING_DAYS.format("15"), "Không.", "Tổ chức, cá nhân chủ trì đề tài khoa học và công "
     "nghệ.", "Giấy chứng nhận đăng ký kết quả thực hiện đề tài.",
     steps("Sở Khoa học và Công nghệ cấp Giấy chứng nhận đăng ký kết quả."),
     dossier("Phiếu đăng ký kết quả thực hiện đề tài", "Báo cáo tổng hợp kết quả"), "",
     "Quyết định số 03/2007/QĐ-BKHCN ngày 16/3/2007 của Bộ Khoa học và Công nghệ (đã hết hiệu "
     "lực, thay thế bởi Thông tư số 14/2014/TT-BKHCN)",
     [RESULT_FORM]),
]


def build_section(home):
    """The procedure list under the home page at /thu-tuc-hanh-chinh/, where the old demo's
    placeholder page stood (same place in the menu)."""
    from pages.demo import section_page

    return section_page(home, ProcedureIndexPage, SLUG, title=TITLE, intro=INTRO)


def _form_document(title, lines):
    from core.vietnamese import slugify_vi
    from pages.demo import demo_document, make_pdf

    paragraphs = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  f"Kính gửi: {SO}", *lines, "Tôi (chúng tôi) cam đoan những thông tin trên là "
                  "đúng sự thật.", "......, ngày ... tháng ... năm ......",
                  "NGƯỜI ĐỀ NGHỊ (ký, ghi rõ họ tên)"]
    return demo_document(title, f"{slugify_vi(title, max_length=80)}.pdf",
                         make_pdf(title.upper(), paragraphs))


class DemoSheet(ProcedureSheet):
    """The demo's procedures written as an import writes them (in bulk, published): rows
    made here instead of read from a file, forms drawn here instead of found beside it."""

    def __init__(self, section, rows, forms):
        super().__init__(".", publish=True)
        self.rows, self.forms, self.target = rows, forms, section

    def read(self):
        return self.rows

    def section(self):
        return self.target

    def fill(self, page, row):
        super().fill(page, row)
        page.in_force = row["in_force"]

    def document(self, name):
        if name not in self.files:  # a form several procedures use is drawn once
            self.files[name] = _form_document(name, self.forms[name])
        return self.files[name]


def build_items(section):
    """The demo procedures under `section`; returns how many were created. Căn cứ pháp lý is
    linked to the legal documents of the portal found by number when this runs."""
    existing = set(ProcedurePage.objects.values_list("code", flat=True))
    rows, forms = [], {}
    for number, spec in enumerate(PROCEDURES, start=2):
        (code, title, field, level, agency, online_level, in_force, time_limit, fees, applicants,
         result, procedure_steps, papers, requirements, legal_basis, files) = spec
        if code in existing:
            continue
        forms.update(files)
        rows.append(Row(number, {
            "code": code, "title": title, "field": field, "level": level, "agency": agency,
            "online_level": online_level, "in_force": in_force, "processing_time": time_limit,
            "fees": fees, "applicants": applicants, "result": result, "steps": procedure_steps,
            "methods": METHODS if online_level else METHODS_DIRECT, "dossier": papers,
            "requirements": requirements, "legal_basis": legal_basis,
            "online_url": (NATIONAL if number % 2 else PROVINCIAL) if online_level else "",
            "files": [form_title for form_title, _lines in files]}))
    if not rows:
        return 0
    created, _updated = DemoSheet(section, rows, forms).run()
    return created
