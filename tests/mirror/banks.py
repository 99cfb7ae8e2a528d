"""Sentence banks for the generated mirror articles (written Vietnamese, district-portal register).

Placeholders are filled by `content._Values`: {huyen} district, {tinh} province, {xa}/{xa2} communes,
{nam} the article's year, {ngay} an event date shortly before publication, {so} a document number,
{n1}..{n4} small/medium/large/very large counts, {pct} a percentage, {tien} an amount in million
đồng, {nguoi} a full name and {chucvu} a position. Bodies cite dated documents on purpose: the
article's own date is only its date line, never a date found in the text.
"""

from __future__ import annotations

#: topic -> (title templates, lead templates, body sentences)
TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "chuyen-doi-so": (
        [
            "{huyen}: Ra mắt Tổ công nghệ số cộng đồng xã {xa}",
            "Xã {xa} đẩy mạnh chuyển đổi số trong thanh toán không dùng tiền mặt",
            "{huyen} triển khai Kế hoạch chuyển đổi số năm {nam}",
            "Tập huấn kỹ năng số cơ bản cho người dân xã {xa}",
            "Hội nghị sơ kết công tác chuyển đổi số {n1} tháng đầu năm {nam}",
            "{huyen}: Phổ cập ứng dụng định danh điện tử VNeID tại xã {xa}",
            "Xây dựng mô hình \"Thôn thông minh\" tại xã {xa}",
            "Chuyển đổi số trong sản xuất nông nghiệp ở xã {xa}",
        ],
        [
            ("Ngày {ngay}, UBND xã {xa} tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số năm {nam} "
            "với sự tham gia của {n2} đại biểu là cán bộ, công chức và thành viên Tổ công nghệ số "
            "cộng đồng các thôn."),
            ("Thực hiện Kế hoạch số {so}/KH-UBND ngày {ngay} của UBND huyện {huyen}, thời gian qua "
            "các xã, thị trấn trên địa bàn đã tích cực triển khai nhiều giải pháp đưa chuyển đổi số "
            "đến gần hơn với người dân."),
            ("Chuyển đổi số được huyện {huyen} xác định là nhiệm vụ trọng tâm, xuyên suốt, gắn với "
            "cải cách hành chính và xây dựng chính quyền số phục vụ người dân, doanh nghiệp."),
        ],
        [
            ("Toàn huyện hiện có {n2} Tổ công nghệ số cộng đồng với hơn {n3} thành viên, thường "
            "xuyên hướng dẫn người dân cài đặt và sử dụng các ứng dụng thiết yếu."),
            ("Tỷ lệ hộ gia đình có điện thoại thông minh trên địa bàn xã {xa} đạt {pct}%, hộ có "
            "tài khoản thanh toán điện tử đạt {pct}%."),
            ("Các tổ công nghệ số đã đến từng hộ gia đình để hướng dẫn kích hoạt tài khoản định "
            "danh điện tử mức độ 2 và thanh toán hóa đơn điện, nước qua ứng dụng ngân hàng."),
            ("Nhiều hộ sản xuất đã đưa sản phẩm lên các sàn thương mại điện tử, bước đầu mở rộng "
            "thị trường tiêu thụ cho nông sản địa phương."),
            ("Hệ thống camera giám sát an ninh trật tự được lắp đặt tại {n1} điểm trọng yếu, kết "
            "nối về trung tâm điều hành của xã."),
            ("Đến nay, {pct}% trường học trên địa bàn đã triển khai sổ điểm điện tử và thu học phí "
            "không dùng tiền mặt."),
            ("Chương trình \"Mỗi người dân một danh tính số\" được triển khai sâu rộng, thu hút "
            "đông đảo đoàn viên thanh niên tham gia hỗ trợ."),
            ("Huyện đã số hóa {n3} hồ sơ, giấy tờ còn hiệu lực, phục vụ việc tái sử dụng dữ liệu "
            "khi người dân thực hiện thủ tục hành chính."),
            ("Người dân được hướng dẫn nhận diện và phòng tránh lừa đảo trên không gian mạng, bảo "
            "vệ thông tin cá nhân khi giao dịch trực tuyến."),
        ],
    ),
    "dich-vu-cong": (
        [
            "{huyen}: Tỷ lệ hồ sơ trực tuyến toàn trình đạt {pct}%",
            "Hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia tại xã {xa}",
            "Xã {xa} đẩy mạnh tiếp nhận hồ sơ dịch vụ công trực tuyến",
            "Nâng cao chất lượng cung cấp dịch vụ công trực tuyến năm {nam}",
            "Thanh toán trực tuyến phí, lệ phí thủ tục hành chính tại {huyen}",
            "Đoàn thanh niên xã {xa} hỗ trợ người dân sử dụng dịch vụ công trực tuyến",
        ],
        [
            ("Từ đầu năm {nam} đến nay, Bộ phận tiếp nhận và trả kết quả huyện {huyen} đã tiếp nhận "
            "{n3} hồ sơ, trong đó có {n3} hồ sơ được nộp qua dịch vụ công trực tuyến."),
            ("Sáng ngày {ngay}, tại Bộ phận một cửa UBND xã {xa}, lực lượng đoàn viên thanh niên đã "
            "ra quân hỗ trợ người dân đăng ký tài khoản và nộp hồ sơ trực tuyến."),
            ("Nhằm nâng cao tỷ lệ hồ sơ trực tuyến, UBND huyện {huyen} đã ban hành Công văn số "
            "{so}/UBND-VP ngày {ngay} chỉ đạo các cơ quan, đơn vị tăng cường hướng dẫn người dân."),
        ],
        [
            ("Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt {pct}%, không có hồ sơ quá hạn do lỗi "
            "của cán bộ tiếp nhận."),
            ("Người dân chỉ cần sử dụng điện thoại thông minh là có thể nộp hồ sơ, theo dõi tiến độ "
            "và nhận kết quả ngay tại nhà."),
            ("Các thủ tục có số lượng hồ sơ lớn như chứng thực, hộ tịch, đăng ký kinh doanh hộ cá "
            "thể đã được chuyển sang tiếp nhận trực tuyến."),
            ("Tại xã {xa}, mỗi ngày có khoảng {n1} lượt người dân đến làm thủ tục, phần lớn đã được "
            "hướng dẫn nộp hồ sơ trực tuyến."),
            ("Việc thanh toán phí, lệ phí qua nền tảng thanh toán trực tuyến giúp tiết kiệm thời "
            "gian đi lại và chi phí cho người dân."),
            ("Kết quả giải quyết thủ tục hành chính được số hóa và trả qua dịch vụ bưu chính công "
            "ích khi người dân có yêu cầu."),
            ("Huyện đã cung cấp {n2} dịch vụ công trực tuyến toàn trình, đạt {pct}% tổng số thủ tục "
            "đủ điều kiện."),
            "Mức độ hài lòng của người dân đối với việc giải quyết thủ tục hành chính đạt {pct}%.",
        ],
    ),
    "cai-cach-hanh-chinh": (
        [
            "{huyen} tổng kết công tác cải cách hành chính năm {nam}",
            "Kiểm tra công tác cải cách hành chính tại UBND xã {xa}",
            "Nâng cao chỉ số cải cách hành chính cấp huyện năm {nam}",
            "Xã {xa} nâng cấp Bộ phận một cửa theo hướng hiện đại",
            "Đối thoại giữa Chủ tịch UBND huyện với người dân về thủ tục hành chính",
            "Tuyên truyền cải cách hành chính qua hệ thống truyền thanh cơ sở",
            "Hội thi tìm hiểu về cải cách hành chính tại xã {xa}",
        ],
        [
            ("Chiều ngày {ngay}, UBND huyện {huyen} tổ chức hội nghị tổng kết công tác cải cách "
            "hành chính, đánh giá kết quả thực hiện và triển khai nhiệm vụ thời gian tới."),
            ("Thực hiện Quyết định số {so}/QĐ-UBND ngày {ngay} của UBND huyện, đoàn kiểm tra công "
            "tác cải cách hành chính đã làm việc tại UBND xã {xa}."),
            ("Năm {nam}, công tác cải cách hành chính trên địa bàn huyện {huyen} tiếp tục được các "
            "cấp, các ngành quan tâm chỉ đạo, triển khai đồng bộ trên tất cả các lĩnh vực."),
        ],
        [
            ("Bộ thủ tục hành chính được niêm yết công khai, đầy đủ tại Bộ phận tiếp nhận và trả "
            "kết quả và trên Cổng thông tin điện tử huyện."),
            ("Cơ chế một cửa, một cửa liên thông được thực hiện nghiêm túc, quy trình tiếp nhận "
            "và trả kết quả được kiểm soát chặt chẽ qua phần mềm."),
            ("Đoàn kiểm tra đề nghị xã {xa} tiếp tục rà soát quy trình nội bộ, rút ngắn thời gian "
            "giải quyết đối với các thủ tục liên quan đến đất đai."),
            ("Huyện đã khen thưởng {n1} tập thể và {n2} cá nhân có thành tích xuất sắc trong thực "
            "hiện nhiệm vụ cải cách hành chính."),
            ("Việc đánh giá mức độ hài lòng được thực hiện bằng thiết bị điện tử đặt tại quầy tiếp "
            "nhận, kết quả được công khai hằng tháng."),
            ("Công tác kiểm tra công vụ được tăng cường, kịp thời chấn chỉnh những biểu hiện nhũng "
            "nhiễu, gây phiền hà cho người dân."),
            "Chỉ số cải cách hành chính của huyện năm {nam} đạt {pct} điểm, tăng so với năm trước.",
            ("Toàn huyện đã cắt giảm {n1} thủ tục và đơn giản hóa thành phần hồ sơ của nhiều thủ "
            "tục thuộc thẩm quyền cấp huyện, cấp xã."),
        ],
    ),
    "nong-thon-moi": (
        [
            "Xã {xa} đạt chuẩn nông thôn mới nâng cao",
            "{huyen}: Huy động nguồn lực xây dựng nông thôn mới năm {nam}",
            "Đoàn thẩm định tiêu chí nông thôn mới kiểu mẫu làm việc tại xã {xa}",
            "Xã {xa} hoàn thành tiêu chí thông tin và truyền thông",
            "Nhân dân xã {xa} hiến đất làm đường giao thông nông thôn",
            "Phát triển sản phẩm OCOP gắn với xây dựng nông thôn mới tại {huyen}",
        ],
        [
            ("Ngày {ngay}, đoàn thẩm định của tỉnh {tinh} đã kiểm tra thực tế kết quả xây dựng "
            "nông thôn mới nâng cao tại xã {xa}, huyện {huyen}."),
            ("Phong trào \"Chung sức xây dựng nông thôn mới\" ở huyện {huyen} tiếp tục lan tỏa, "
            "huy động được sự tham gia tích cực của người dân."),
            ("Sau {n1} năm triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới, diện "
            "mạo nông thôn xã {xa} đã có nhiều đổi thay rõ nét."),
        ],
        [
            ("Tổng nguồn vốn huy động cho chương trình đạt hơn {tien} triệu đồng, trong đó nhân dân "
            "đóng góp gần {pct}%."),
            ("Nhiều tuyến đường liên thôn được bê tông hóa, hệ thống điện chiếu sáng được lắp đặt "
            "đến tận các ngõ xóm."),
            ("Thu nhập bình quân đầu người của xã năm {nam} đạt {n1} triệu đồng/người, tỷ lệ hộ "
            "nghèo giảm còn {pct}%."),
            ("Các hộ dân trong thôn đã tự nguyện hiến hơn {n3} mét vuông đất để mở rộng đường giao "
            "thông nội đồng."),
            ("Xã hiện có {n1} sản phẩm đạt chứng nhận OCOP từ 3 sao trở lên, góp phần nâng cao giá "
            "trị nông sản địa phương."),
            ("Đài truyền thanh xã và hệ thống loa đến các thôn đã được đầu tư, đáp ứng yêu cầu của "
            "tiêu chí thông tin và truyền thông."),
            ("Môi trường nông thôn ngày càng xanh, sạch, đẹp với nhiều tuyến đường hoa do các chi "
            "hội phụ nữ đảm nhận."),
        ],
    ),
    "van-hoa": (
        [
            "Khai mạc Ngày hội văn hóa - thể thao xã {xa} năm {nam}",
            "{huyen} tổ chức Liên hoan văn nghệ quần chúng chào mừng năm mới",
            "Xã {xa} đón nhận Bằng công nhận di tích lịch sử cấp tỉnh",
            "Phát triển phong trào văn hóa cơ sở tại xã {xa}",
            "Giải bóng chuyền hơi các thôn xã {xa} năm {nam}",
            "Nâng cao hiệu quả hoạt động của thư viện và tủ sách cộng đồng ở {huyen}",
        ],
        [
            ("Tối ngày {ngay}, tại Nhà văn hóa xã {xa} đã diễn ra chương trình khai mạc Ngày hội "
            "văn hóa - thể thao với sự tham gia của {n2} diễn viên, vận động viên."),
            ("Hưởng ứng các ngày lễ lớn của đất nước, phong trào văn hóa, văn nghệ, thể dục thể thao "
            "ở huyện {huyen} diễn ra sôi nổi, thu hút đông đảo nhân dân tham gia."),
            ("Với mục tiêu giữ gìn và phát huy giá trị văn hóa truyền thống, xã {xa} đã chú trọng "
            "xây dựng thiết chế văn hóa cơ sở."),
        ],
        [
            ("Chương trình gồm nhiều tiết mục ca, múa, nhạc đặc sắc ca ngợi Đảng, Bác Hồ và quê "
            "hương đổi mới."),
            "Toàn xã hiện có {n1} câu lạc bộ văn nghệ, thể thao hoạt động thường xuyên.",
            "Tỷ lệ gia đình đạt danh hiệu \"Gia đình văn hóa\" năm {nam} đạt {pct}%.",
            "Ban tổ chức đã trao giải nhất cho đội văn nghệ thôn {n1} với tiết mục dân ca đặc sắc.",
            ("Di tích đã được trùng tu, tôn tạo với tổng kinh phí hơn {tien} triệu đồng từ nguồn "
            "xã hội hóa."),
            ("Các hoạt động thể thao như kéo co, bóng chuyền, cờ tướng thu hút đông đảo vận động "
            "viên ở các thôn."),
            "Nhà văn hóa các thôn được đầu tư trang thiết bị, đáp ứng nhu cầu sinh hoạt cộng đồng.",
        ],
    ),
    "y-te": (
        [
            "Xã {xa} đạt Bộ tiêu chí quốc gia về y tế xã",
            "{huyen} triển khai Chiến dịch tiêm chủng mở rộng năm {nam}",
            "Khám sàng lọc miễn phí cho người cao tuổi tại xã {xa}",
            "Triển khai hồ sơ sức khỏe điện tử tại Trạm Y tế xã {xa}",
            "{huyen} tăng cường phòng chống dịch sốt xuất huyết",
        ],
        [
            ("Ngày {ngay}, Trung tâm Y tế huyện {huyen} phối hợp với UBND xã {xa} tổ chức khám "
            "sàng lọc và cấp thuốc miễn phí cho {n2} người cao tuổi."),
            ("Nhằm chủ động phòng, chống dịch bệnh, ngành y tế huyện {huyen} đã triển khai đồng bộ "
            "nhiều giải pháp tại cộng đồng."),
            ("Công tác chăm sóc sức khỏe ban đầu cho nhân dân xã {xa} tiếp tục được quan tâm, chất "
            "lượng khám chữa bệnh tại tuyến xã từng bước được nâng lên."),
        ],
        [
            "Tỷ lệ người dân tham gia bảo hiểm y tế trên địa bàn đạt {pct}%.",
            ("Trạm Y tế xã đã triển khai khám chữa bệnh bảo hiểm y tế bằng căn cước công dân gắn "
            "chip, giảm thời gian chờ đợi cho người bệnh."),
            "Đã có {n3} người dân được lập hồ sơ sức khỏe điện tử, đạt {pct}% dân số.",
            "Các đội xung kích đã phun hóa chất diệt muỗi tại {n1} thôn có nguy cơ cao.",
            "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt {pct}%.",
            ("Cán bộ y tế thôn bản thường xuyên tuyên truyền kiến thức phòng bệnh đến từng hộ gia "
            "đình."),
        ],
    ),
    "giao-duc": (
        [
            "Trường Tiểu học xã {xa} đạt chuẩn quốc gia mức độ 2",
            "{huyen} tổng kết năm học {nam_truoc}-{nam}",
            "Ứng dụng công nghệ thông tin trong dạy học tại các trường ở {huyen}",
            "Khánh thành điểm trường mầm non xã {xa}",
            "Trao học bổng cho học sinh vượt khó học giỏi xã {xa}",
        ],
        [
            ("Ngày {ngay}, Phòng Giáo dục và Đào tạo huyện {huyen} tổ chức hội nghị tổng kết năm "
            "học, đánh giá kết quả và triển khai nhiệm vụ năm học mới."),
            ("Sáng ngày {ngay}, UBND xã {xa} tổ chức lễ khánh thành và đưa vào sử dụng công trình "
            "trường học mới với tổng kinh phí {tien} triệu đồng."),
            ("Những năm gần đây, chất lượng giáo dục toàn diện trên địa bàn huyện {huyen} có nhiều "
            "chuyển biến tích cực."),
        ],
        [
            "Toàn huyện có {n1} trường đạt chuẩn quốc gia, đạt tỷ lệ {pct}%.",
            "100% trường học đã sử dụng phần mềm quản lý trường học và sổ liên lạc điện tử.",
            ("Năm học vừa qua, huyện có {n2} học sinh đạt giải trong các kỳ thi học sinh giỏi cấp "
            "tỉnh."),
            ("Công trình gồm {n1} phòng học, khu hiệu bộ và sân chơi, đáp ứng nhu cầu học tập của "
            "{n2} trẻ."),
            ("Đội ngũ giáo viên được bồi dưỡng kỹ năng ứng dụng công nghệ thông tin, thiết kế bài "
            "giảng điện tử."),
            "Tỷ lệ học sinh tốt nghiệp trung học cơ sở đạt {pct}%.",
        ],
    ),
    "chinh-quyen-dien-tu": (
        [
            "{huyen} vận hành hệ thống quản lý văn bản và điều hành liên thông",
            "Sử dụng chữ ký số trong các cơ quan nhà nước tại {huyen}",
            "Hội nghị trực tuyến đến {n1} điểm cầu cấp xã",
            "Nâng cấp Cổng thông tin điện tử huyện {huyen}",
            "Bảo đảm an toàn thông tin mạng trong cơ quan nhà nước năm {nam}",
            "Triển khai mạng truyền số liệu chuyên dùng đến UBND xã {xa}",
        ],
        [
            ("Năm {nam}, việc xây dựng chính quyền điện tử trên địa bàn huyện {huyen} tiếp tục đạt "
            "được nhiều kết quả tích cực."),
            ("Thực hiện Quyết định số {so}/QĐ-UBND ngày {ngay} của UBND tỉnh {tinh}, huyện {huyen} "
            "đã triển khai đồng bộ các hệ thống thông tin dùng chung."),
            ("Ngày {ngay}, UBND huyện {huyen} tổ chức tập huấn bảo đảm an toàn thông tin mạng cho "
            "{n2} cán bộ, công chức cấp huyện và cấp xã."),
        ],
        [
            ("100% văn bản đi, đến (trừ văn bản mật) được xử lý trên môi trường mạng, ký số và gửi "
            "liên thông bốn cấp chính quyền."),
            ("Từ đầu năm đến nay, các cơ quan đã xử lý {n4} văn bản đến và phát hành {n3} văn bản "
            "điện tử."),
            ("Hệ thống hội nghị truyền hình trực tuyến được kết nối đến {n1} điểm cầu, tiết kiệm "
            "đáng kể chi phí tổ chức hội nghị."),
            ("Cổng thông tin điện tử huyện đã đăng tải {n3} tin, bài và công khai đầy đủ văn bản "
            "chỉ đạo, điều hành."),
            ("Các máy tính trong cơ quan nhà nước đều được cài đặt phần mềm phòng, chống mã độc có "
            "bản quyền."),
            "Mạng truyền số liệu chuyên dùng đã kết nối đến {pct}% cơ quan, đơn vị từ huyện đến xã.",
            ("Tỷ lệ cán bộ, công chức sử dụng thư điện tử công vụ trong trao đổi công việc đạt "
            "{pct}%."),
        ],
    ),
}

#: Sentences that fit any topic (opinions, directions, difficulties).
GENERAL: list[str] = [
    ("Phát biểu tại hội nghị, đồng chí {nguoi}, {chucvu} ghi nhận và biểu dương những kết quả mà "
    "các đơn vị đã đạt được."),
    ("Bên cạnh kết quả đạt được, công tác này vẫn còn một số khó khăn, hạn chế như nguồn nhân lực "
    "còn mỏng, kinh phí đầu tư chưa đáp ứng yêu cầu."),
    ("Thực hiện Quyết định số {so}/QĐ-UBND ngày {ngay} của UBND huyện, các xã, thị trấn đã xây "
    "dựng kế hoạch cụ thể và phân công nhiệm vụ cho từng cán bộ."),
    ("Theo đồng chí {nguoi}, {chucvu}, sự vào cuộc đồng bộ của cả hệ thống chính trị là yếu tố "
    "quyết định thành công."),
    ("Một số thôn vùng sâu còn hạn chế về hạ tầng viễn thông, ảnh hưởng đến việc triển khai các "
    "ứng dụng trực tuyến."),
    ("Công tác tuyên truyền được đẩy mạnh trên hệ thống truyền thanh cơ sở, trang thông tin điện "
    "tử và các nhóm mạng xã hội của thôn, xóm."),
    ("Kinh phí thực hiện được bố trí từ ngân sách huyện và lồng ghép các chương trình mục tiêu, "
    "tổng cộng khoảng {tien} triệu đồng."),
    ("Hội nghị đã dành thời gian để các đại biểu thảo luận, làm rõ nguyên nhân của những tồn tại "
    "và đề xuất giải pháp khắc phục."),
    ("Căn cứ Nghị quyết số {so}/NQ-HĐND ngày {ngay} của HĐND huyện, UBND huyện đã phân bổ nguồn "
    "lực cho các nhiệm vụ trọng tâm."),
    "Nhiều cách làm hay, mô hình hiệu quả đã được các địa phương chia sẻ, nhân rộng.",
    ("Kết quả này góp phần quan trọng vào việc hoàn thành các chỉ tiêu phát triển kinh tế - xã "
    "hội của huyện {huyen}."),
    ("Người đứng đầu các cơ quan, đơn vị phải chịu trách nhiệm trước Chủ tịch UBND huyện về kết "
    "quả thực hiện nhiệm vụ được giao."),
]

#: Closing sentences (the last paragraph of most articles).
CLOSINGS: list[str] = [
    ("Thời gian tới, huyện {huyen} tiếp tục chỉ đạo các cơ quan, đơn vị quyết liệt triển khai các "
    "giải pháp, phấn đấu hoàn thành thắng lợi các chỉ tiêu đề ra."),
    ("Kết thúc hội nghị, đồng chí {nguoi}, {chucvu} đề nghị các đơn vị tiếp tục phát huy những kết "
    "quả đạt được, khắc phục hạn chế để thực hiện tốt nhiệm vụ năm {nam_sau}."),
    ("Đây là tiền đề quan trọng để xã {xa} tiếp tục thực hiện thắng lợi các mục tiêu phát triển "
    "kinh tế - xã hội trong giai đoạn tới."),
    ("Với những kết quả đạt được, huyện {huyen} đang từng bước xây dựng chính quyền số, phục vụ "
    "người dân và doanh nghiệp ngày càng tốt hơn./."),
    ("Dịp này, UBND huyện đã trao giấy khen cho {n1} tập thể và {n2} cá nhân có thành tích xuất "
    "sắc."),
]

#: Image captions (shown under the article image, never part of the ground-truth paragraphs).
CAPTIONS: list[str] = [
    "Quang cảnh hội nghị",
    "Cán bộ Bộ phận một cửa xã {xa} hướng dẫn người dân nộp hồ sơ trực tuyến",
    "Đồng chí {nguoi}, {chucvu} phát biểu tại buổi làm việc",
    "Thành viên Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng",
    "Các đại biểu tham quan mô hình tại xã {xa}",
    "Toàn cảnh buổi kiểm tra",
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đình", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Hồng",
          "Đức"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Hà", "Nam", "Hải", "Yến", "Long", "Phương",
         "Thắng", "Hòa", "Bình", "Trang", "Sơn", "Linh", "Quang"]
POSITIONS = ["Phó Chủ tịch UBND huyện", "Chủ tịch UBND huyện", "Phó Bí thư Thường trực Huyện ủy",
             "Trưởng phòng Văn hóa và Thông tin huyện", "Chánh Văn phòng HĐND và UBND huyện",
             "Trưởng phòng Nội vụ huyện", "Giám đốc Trung tâm Văn hóa - Thông tin huyện"]
#: Pen names used in bylines.
BYLINES = ["Thu Hà", "Minh Châu", "Hoàng Anh", "Ngọc Lan", "Văn Thắng", "Quỳnh Như", "Đức Mạnh",
           "Thanh Tâm", "Hải Yến", "Bảo Ngọc", "Phương Thảo", "Xuân Trường"]
