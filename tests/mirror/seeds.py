"""The five real seed articles (from /work/shared/seeds/*.txt), embedded so the mirror is self-contained.

Paragraph text is kept exactly as the portals published it (double spaces, NBSP, typos such as
"trênđịa bàn"): the renderers put it into HTML unchanged and the ground truth is its
whitespace-collapsed form. Seeds 001 and 002 show no date on the page, so their `published` is None.
Seed 001 has no title in the dump (the copy started below it); its title is the one the portal used.
"""

from __future__ import annotations

from typing import Any

SEEDS: list[dict[str, Any]] = [{'key': '000',
  'portal': 'nghiloc-nghean',
  'category': 0,
  'title': 'Nghi Lộc: Nhiều kết quả nổi bật trong công tác thông tin- truyền thông năm 2019.',
  'published': '2019-12-27',
  'time': '09:44',
  'paragraphs': [('Năm 2019 là năm huyện Nghi Lộc đạt nhiều kết quả cao mang tính toàn diện, đồng '
                 'thời có nhiều điểm nhấn khởi sắc trong hoạt động Ngành thông tin truyền thông. '
                 'Thể hiện ở một số kết quả nổi bật như sau:'),
                 ('1. Tiếp tục quan tâm thực hiện tốt việc tiếp nhận hồ sơ, trả kết quả giải '
                 'quyết thủ tục hành chính qua bưu chính công ích theo Quyết định số 45/2016/QĐ '
                 '- TTg ngày 19/10/2016 của Thủ tướng Chính phủ; UBND huyện ban hành kế hoạch '
                 'triển khai, Phòng VHTT huyện chủ động biên tập được bộ câu hỏi đáp thực hiện '
                 'Quyết định số 45/2016/QĐ - TTg để tuyên truyền trên hệ thống truyền thanh '
                 'huyện, xã.\xa0 Việc ban hành các quy trình triển khai thực hiện và quy chế '
                 'phối hợp với các đơn vị liên quan như Chi cục Thuế, Bưu điện huyện đã giúp '
                 'triển khai thực hiện tốt hơn việc tiếp nhận và trả kết quả qua dịch vụ bưu '
                 'chính. Nghi Lộc là một trong các đơn vị đầu tiên trên địa bàn toàn tỉnh đã '
                 'triển khai được việc tiếp nhận và trả kết quả hồ sơ lĩnh vực đất đai mức độ 3 '
                 'và qua dịch vụ\xa0 bưu chính. Trong\xa0 năm 2019 đã thực hiện tiếp nhận 1.462 '
                 'hồ sơ lĩnh vực đất đai, trả kết quả qua bưu điện 931 hồ sơ lĩnh vực này và 215 '
                 'hồ sơ các lĩnh vực khác.'),
                 ('2. Công tác thông tin, tuyên truyền trên địa bàn huyện được thực hiện thường '
                 'xuyên với nhiều hình thức phong phú, đa dạng. \xa0Đặc biệt là duy trì tốt hoạt '
                 'động Đài truyền thanh 30 xã, thị trấn (trong đó có 29 đài FM, 01 đài hữu '
                 'tuyến). Ban hành cơ chế hỗ trợ nâng cấp đài truyền thanh xã, TT với mức 50, '
                 '40, 30 triệu đồng/xã tương ứng với các xã loại 1, loại 2, loại 3. Tính đến năm '
                 '2019 huyện đã hỗ trợ 25/30 xã, thị trấn nâng cấp đài truyền thanh cơ sở với '
                 'tổng kinh phí hơn 1 tỷ đồng.'),
                 ('3. Duy trì thường xuyên và có hiệu quả các phần mềm ứng dụng CNTT tại các cơ '
                 'quan nhà nước từ huyện đến cơ sở như phần mềm quản lý văn bản và điều hành '
                 'VNPT Ioffice, một cửa điện tử liên thông, chữ ký số....Trong năm, tại cơ quan '
                 'UBND huyện và UBND các xã, Thị trấn đã tiếp nhận và xử lý 47.035 văn bản, ban '
                 'hành 3.006 văn bản trên phần mềm VNPT Ioffice.'),
                 ('Đặc biệt, Nghi Lộc luôn được cấp tỉnh đánh giá là đơn vị dẫn đầu trong việc sử '
                 'dụng Cổng dịch công trực tuyến.Việc sử dụng phần mềm dịch vụ công trực tuyến '
                 'trên địa bàn huyện đã đi vào ổn định, 30/30 xã, thị trấn đã thực hiện tiếp '
                 'nhận hồ sơ trên hệ thống, thực hiện tốt hơn công tác quản lý đối với Bộ phận '
                 'TN&TKQ tại UBND cấp xã, thị trấn. Trong năm 2019, toàn\xa0 huyện đã tiếp nhận '
                 '69.928 hồ sơ, tăng 4.805 hồ sơ so với năm 2018 là , đứng đầu toàn tỉnh; nhận '
                 'trực tuyến 205 hồ sơ dịch vụ công mức độ 3, 26 hồ sơ mức độ 4.'),
                 ('4. Cổng thông tin điện tử huyện hoạt động thường xuyên, hiệu quả: Năm 2019, '
                 'UBND huyện phối hợp Cổng TTĐT tỉnh triên khai nâng cấp Cổng TTĐT huyện với '
                 'giao diện đẹp, nội dung phong phú, bổ sung thêm 03 chuyên mục; công khai '
                 '390/390 thủ tục hành chính cấp huyện, xã (100%); trong năm đã đăng tải hơn '
                 '1.200 tin bài, ảnh cập nhật thường xuyên, kịp thời lịch công tác, văn bản chỉ '
                 'đạo điều hành Cấp ủy, Chính quyền huyện, công khai thủ tục hành chính phản ánh '
                 'tình hình mọi mặt ở địa phương...; Ngân sách huyện cấp 100 triệu đồng/năm để '
                 'duy trì hoạt động Cổng TTĐT huyện.'),
                 ('Đạt được những kết quả như trên, một yếu tố có ý nghĩa quyết định là vai trò '
                 'lãnh đạo, chỉ đạo của của Cấp ủy, Chính quyền từ huyện đến cơ sở. Điều đó được '
                 'thể hiện thông qua việc ban hành các văn bản chỉ đạo sát thực, khả thi; thông '
                 'qua việc ban hành các cơ chế hỗ trợ, kích cầu phù hợp, kịp thời, đúng đối '
                 'tượng; đồng thời chủ động bố trí nguồn kinh phí để phục vụ nhiệm vụ ứng dụng '
                 'CNTT, nhất là các nội dung nhiệm vụ mới, nhiệm vụ trọng tâm...Ngoài ra một yếu '
                 'tố vô cùng quan trọng là tính gương mẫu, tiên phong đi đầu trong ứng dụng CNTT '
                 'của các đồng chí lãnh đạo cấp ủy, chính quyền các cấp.'),
                 ('Năm 2020, huyện Nghi Lộc tiếp tục xác định đẩy mạnh ứng dụng CNTT là một trong '
                 'những nhiệm vụ trong tâm, là khâu đột phá để nâng cao hiệu quả quản lý, điều '
                 'hành của cấp ủy, chính quyền từ huyện đến cơ sở. Mục đích là cùng với các địa '
                 'phương trong toàn tỉnh đẩy mạnh cải cách hành chính, xây dựng thành công chính '
                 'quyền điện tử để phục vụ\xa0 ngày càng tốt hơn nhu cầu của nhân dân, doanh '
                 'nghiệp, xây dựng quê hương ngày càng giàu mạnh, văn minh.')],
  'author': 'Đình Dương',
  'unit': 'Phòng VHTT huyện',
  'source': None,
  'caption': None,
  'image_alt': None,
  'related': [('Nghi Lộc: các xã có rừng áp dụng mô hình nuôi ong lấy mật bước đầu đem lại hiệu '
              'quả')]},
 {'key': '002',
  'portal': 'nghiloc-nghean',
  'category': 1,
  'title': 'Nghi Lộc: Đẩy mạnh chuyển đổi số trong các cơ quan Nhà nước.',
  'published': None,
  'time': None,
  'paragraphs': [('Trong những năm qua, UBND huyện Nghi Lộc rất quan tâm chỉ đạo công tác ứng '
                 'dụng công nghệ thông tin nói chung, chuyển đối số nói riêng trong các cơ quan '
                 'nhà nước trên địa bàn huyện. UBND huyện đã ban hành nhiều văn bản chỉ đạo '
                 'triển khai ứng dụng CNTT nói chung, công tác chuyển đổi số nói riêng, như: kế '
                 'hoạch ứng dụng CNTT trong các cơ quan nhà nước hàng năm, kế hoạch, công văn '
                 'triển khai các phầm mềm Thư điện tử công vụ,\xa0\xa0VNPT – Ioffice, hệ thống '
                 'giao ban trực tuyến, cổng, trang thông tin điện tử, chữ ký số... Đặc biệt, năm '
                 '2017, UBND huyện đã ban hành Quyết định số 1812/QĐ-UBND ngày 22/9/2017 về việc '
                 'ban hành\xa0\xa0Đề án đẩy mạnh ứng dụng Công nghệ thông tin trong các cơ quan '
                 'Nhà nước trên địa bàn huyện Nghi Lộc, giai đoạn 2017-2020;\xa0Quyết định số '
                 '430/QĐ-UBND ngày 26/2/2018 của UBND huyện về việc ban hành Quy chế ứng dụng '
                 'CNTT trong các cơ quan Nhà nước trên địa bàn huyện... Hàng năm, UBND huyện tổ '
                 'chức tập huấn vể ứng dụng CNTT, chuyển đổi số cho các đối tượng cán bộ cấp '
                 'huyện, xã; phối hợp các sở ngành cấp tỉnh tổ chức nhiều lớp tập huấn triển '
                 'khai các phần mềm ứng dụng CNTT....Nhờ đó, việc ứng dụng CNTT, chuyển đổi số '
                 'trên địa bàn huyện đã đạt nhiều kết quả khả quan.\xa0\xa0\xa0\xa0'),
                 ('Hạ tầng CNTT trên địa bàn huyện được quan tâm đầu tư xây dựng, đến nay cơ bản '
                 'đã đáp ứng nhu cầu hoạt động. Cơ quan nhà nước cấp huyện và cấp xã trên địa '
                 'bàn huyện hiện có 850 máy tính. 100% cán bộ, công chức cấp huyện, cấp xã được '
                 'trang bị máy tính. Cơ quan UBND huyện và UBND các xã, thị trấn được kết nối '
                 'mạng Lan. 100% máy tính của cán bộ, công chức (trừ máy tính soạn thảo văn bản '
                 'mật) được kết nối Internet.\xa0100%\xa0cán bộ công chức, viên chức trong các '
                 'cơ quan Nhà nước\xa0cấp huyện, cấp xã\xa0biết sử dụng máy tính trong công '
                 'việc.\xa0UBND huyện thành lập ban chỉ đạo ứng dụng CNTT huyện do Đ/c Phó Chủ '
                 'tịch UBND huyện làm trưởng ban. Tại cấp xã, phân công công chức Văn hóa – Xã '
                 'hội phụ trách lĩnh vực ứng dụng CNTT.\xa0Công tác dạy và học CNTT trong các '
                 'trường học được quan tâm thực hiện. Đến nay 100% trường THPT và THCS, 05 '
                 'trường tiểu học trên địa bàn có giảng dạy tin học.'),
                 ('Dịch vụ hành chính công điện tử được thực hiện mang lại hiệu quả cao, được '
                 'tỉnh đánh giá là huyện dẫn đầu toàn tỉnh. Hiện nay,\xa090%\xa0thủ tục hành '
                 'chính cấp huyện, cấp xã được thực hiện trên Cổng dịch vụ công trực tuyến, '
                 'trong đó thủ tục mức độ 3: 88 thủ tục, mức độ 4: 28 thủ tục. Đẩy mạnh ứng dụng '
                 'CNTT tại bộ phận một cửa cấp huyện, cấp xã. Triển khai một số phần mềm hiện '
                 'đại tại bộ phận một cửa cấp huyện như: phần mềm lấy số tự động, bảng điện '
                 'tử,\xa0\xa0UBND huyện ban hành cơ chế hỗ trợ 100 triệu/xã xây dựng mô hình một '
                 'cửa điện tử cấp xã. Đến nay đã xây dựng thành công 05 mô hình một cửa điện tử '
                 'cấp xã.'),
                 ('Công tác ứng dụng CNTT trong chỉ đạo, điều hành từ cấp huyện đến cấp xã đạt '
                 'nhiều kết quả. 100% phòng, ban, ngành cấp huyện và 100% xã, thị trấn sử dụng '
                 'văn bản điện tử, thư điện tử công vụ; Cơ quan UBND huyện và 100% UBND các xã, '
                 'thị trấn ứng dụng chữ ký số100% tài khoản VNPT Ioffice được cấp sử dụng thường '
                 'xuyên. Tính riêng 9 tháng đầu năm 2021, toàn huyện đã xử lý 68.805 văn bản đến '
                 'trên hệ thống, ban hành 8.190 văn bản điện tử trên hệ thống. Ngoài ra\xa0ứng '
                 'dụng nhiều phần mềm phục vụ chuyên môn như phần mềm dự toán ngân sách, quản lý '
                 'thuế, phần mềm quản lý người có công, phần mềm bảo trợ xã hội....'),
                 ('Duy trì hiệu quả hoạt động Cổng thông tin điện tử huyện. Trung bình cập nhật 5 '
                 'tin, bài/ngày lên cổng TTĐT; đăng tải đầy đủ, kịp thời các văn bản chỉ đạo, '
                 'điều hành của Cấp ủy, Chính quyền huyện, được tỉnh đánh giá là một trong những '
                 'Cổng TTĐT hoạt động tốt nhất của tỉnh.'),
                 ('Triển khai thành công hệ thống hội nghị truyền hình trực tuyến từ Cơ quan '
                 'Huyện ủy, UBND huyện về UBND cấp xã. Đến nay 100% xã, thị trấn được triển khai '
                 'hệ thống giao ban trực tuyến duy trì hoạt động hiệu quả.'),
                 ('Công tác đầu tư cho lĩnh vực ứng dụng CNTT được cấp ủy, chính quyền các cấp '
                 'quan tâm thực hiện. Từ năm 2015 đến 2020, ngân sách huyện đã đầu từ hơn 6 tỷ '
                 'đồng để phục vụ ứng dụng CNTT trên địa bàn huyện.'),
                 ('Những kết quả nêu trên là nền tảng vững chắc để xây dựng chính quyền điện tử, '
                 'góp phần làm cho nhận thức, kỹ năng ứng dụng CNTT của đội ngũ cán bộ công chức '
                 'cấp huyện, xã được nâng lên rõ rệt đồng thời tạo ra bước thay đổi rõ nét có '
                 'tính bước ngoặt trong công tác chỉ đạo điều hành.'),
                 ('Bên cạnh những kết quả đạt được vẫn còn một số hạn chế: Việc sử dụng một số '
                 'phần CNTT chưa triệt để, cụ thể: Một số lãnh đạo cấp xã được cấp chữ ký số '
                 'nhưng chưa sử dụng, việc ban hành văn bản điện tử ở một số xã còn ít. Nhiều '
                 'tài khoản thư điện tử công vụ cấp cho cán bộ, công chức hoạt động chưa thường '
                 'xuyên, hiệu quả thấp.\xa0\xa0Số lượng thủ tục hành chính mức độ 3, mức độ 4 đã '
                 'triển khai khá nhiều nhưng việc người dân đăng ký sử dụng còn ít....'),
                 ('Để tiếp tục đẩy mạnh ứng dụng CNTT, chuyển đổi số trong các cơ quan nhà nước '
                 'trên địa bàn, thời gian tới, UBND huyện xác định thực hiện một số nhiệm vụ '
                 'giải pháp trọng tâm sau:'),
                 ('Thứ nhất:\xa0Tiếp tục quan tâm thực hiện tốt hoạt động tuyên truyền về ứng '
                 'dụng CNTT nói chung, chuyển đổi số nói riêng trên địa bàn toàn huyện, gắn với '
                 'tuyên truyền cải cách hành chính, xây dựng chính quyền điện tử; xây dựng văn '
                 'hóa, lề lối, phương thức làm việc mới; quy định trách nhiệm người đứng đầu về '
                 'chuyển đổi số trong cơ quan, tổ chức, lĩnh vực, địa bàn phụ trách; xây dựng kế '
                 'hoạch tổ chức phổ biến, quán triệt chủ trương của Đảng, nâng cao nhận thức của '
                 'các cấp ủy Đảng, chính quyền, người dân và doanh nghiệp về sự cần thiết và '
                 'tính cấp thiết của chuyển đổi số. Gắn các mục tiêu, nhiệm vụ chuyển đổi số với '
                 'nghị quyết, chiến lược, chương trình hành động, mục tiêu, nhiệm vụ phát triển '
                 'kinh tế - xã hội, bảo đảm quốc phòng, an ninh của các cấp, các ngành ở địa '
                 'phương.'),
                 ('Thứ hai:\xa0Chỉ đạo lựa chọn 01 xã (dự kiến xã Nghi Long) để triển khai thử '
                 'nghiệm công tác truyền thông, phổ biến các kỹ năng số cơ bản cho người dân, '
                 'bao gồm các kỹ năng cơ bản như truy cập và sử dụng Internet, thư điện tử, mua '
                 'bán trực tuyến, thanh toán điện tử, dịch vụ công trực tuyến và bảo đảm an toàn '
                 'thông tin cá nhân.'),
                 ('Thứ ba:\xa0Xây dựng kế hoạch, đầu tư kinh phí trang bị đầy đủ các thiết bị cần '
                 'thiết để xây dựng hạ tầng kỹ thuật phục vụ chuyển đổi số (như: hệ thống máy '
                 'tính, nâng cấp trường truyền Internet sang ứng dụng địa chỉ giao thức Internet '
                 'thế hệ mới (IPv6); xây dựng các cơ sở dữ liệu phục vụ chuyển đổi số theo lộ '
                 'trình phù hợp…'),
                 ('Thư tư:\xa0Quan tâm phát triển nguồn nhân lực: Tuyển dụng 01 công chức chuyên '
                 'trách CNTT tại Cơ quan UBND huyện;\xa0\xa0Định kỳ hàng năm tổ chức đào tạo, '
                 'nâng cao nhận thức, kỹ năng số cho cán bộ, công chức; đào tạo, phổ cập kỹ năng '
                 'số cho người dân; đưa nội dung đào tạo về kiến thức, kỹ năng số vào chương '
                 'trình các cấp học…'),
                 ('Thứ năm:\xa0Duy trì sử dụng thường xuyên, hiệu quả, triệt để các phần mềm ứng '
                 'dụng CNTT trong các cơ quan nhà nước, như: phần mềm VNPT-Ioffice, chữ ký số, '
                 'thư điện tử công vụ, giao ban trực tuyến, phần mềm một cửa điện tử liên '
                 'thông...Đảm bảo 100% cơ quan, đơn vị, cá nhân được cấp chữ ký số sử dụng '
                 'thường xuyên, 100% văn bản (trừ văn bản mật) được ban hành dưới dạng điện tử.'),
                 ('Thứ sáu:\xa0Tăng cường giải quyết thủ tục hành chính thông qua hình thức dịch '
                 'vụ công trực tuyến; chỉ tiêu đến năm 2025, 100% thủ tục hành chính cấp huyện, '
                 'xã thực hiện trực tuyến mức độ 3, trong đó 50% thủ tục mức độ 4.'),
                 ('Chuyển đổi số, xây dựng chính quyền số, chính quyền điện tử được cấp ủy, chính '
                 'quyền huyện xem là giải pháp quan trọng có tính đột phá đồng thời là xu thế '
                 'tất yếu để đẩy mạnh cải cách hành chính, nang cao hiệu quả lãnh đạo, chỉ đạo '
                 'điều hành, hướng đến mục đích là phục vụ nhân dân ngày càng tốt hơn./.')],
  'author': 'Đình Dương',
  'unit': 'Phòng VHTT huyện',
  'source': None,
  'caption': None,
  'image_alt': None,
  'related': [('Hội CCB Nghi Lộc thực hiện có hiệu quả của các chính sách hoạt động cho hội '
              'viên')]},
 {'key': '001',
  'portal': 'luongson-hoabinh',
  'category': 0,
  'title': 'Lương Sơn: 13/19 xã đạt tiêu chí thông tin - truyền thông',
  'published': None,
  'time': None,
  'paragraphs': [('\xa0Tiêu chí thông tin - truyền thông (TT-TT) là một trong những tiêu chí quan '
                 'trọng trong thực hiện bộ tiêu chí quốc gia về xã nông thôn mới (NTM). Phát '
                 'triển hạ tầng TT-TT sẽ tạo động lực thúc đẩy KT-XH phát triển. Đến thời điểm '
                 'này, huyện Lương Sơn có 13/19 xã đạt tiêu chí TT-TT.'),
                 ('Theo quy định của bộ tiêu chí xã NTM giai đoạn 2016-2020 của tỉnh, xã đạt '
                 'chuẩn NTM về tiêu chí TT-TT là xã có ít nhất 1 điểm phục vụ bưu chính, có dịch '
                 'vụ viễn thông, internet, có đài truyền thanh và hệ thống loa đến các thôn, có '
                 'ứng dụng thông tin trong công tác quản lý, điều hành. Đồng chí Nguyễn Thị Thu '
                 'Hằng, Trưởng phòng VH-TT huyện cho biết: Về hạ tầng viễn thông, CNTT trên địa '
                 'bàn huyện cơ bản được đầu tư. Toàn huyện có 78 trạm thu phát sóng di động, phủ '
                 'sóng 100% địa bàn huyện, đường truyền cáp quang tốc độ cao kết nối đến 20 xã, '
                 'thị trấn. 100% cơ quan, đơn vị, UBND các xã, thị trấn đã có mạng nội bộ, kết '
                 'nối internet băng thông rộng. Đến nay, 78% hộ trên toàn huyện sử dụng thuê bao '
                 'internet để học tập, nghiên cứu, trao đổi thông tin phục vụ sản xuất, kinh '
                 'doanh và nhu cầu thông tin cá nhân.'),
                 ('Trong những năm qua, việc ứng dụng CNTT được huyện Lương Sơn chú trọng thực '
                 'hiện. Đội ngũ cán bộ, công chức được quán triệt, hiểu rõ về sự cần thiết ứng '
                 'dụng CNTT vào công tác quản lý, thực hiện nhiệm vụ chuyên môn, góp phần nâng '
                 'cao hiệu lực, hiệu quả công việc, phục vụ hiệu quả công tác cải cách thủ tục '
                 'hành chính. Công tác đào tạo nguồn nhân lực CNTT được quan tâm, tạo điều kiện '
                 'cho cán bộ, công chức tham gia các lớp tập huấn, bồi dưỡng về CNTT. Tại các '
                 'xã, đội ngũ cán bộ, công chức cơ bản sử dụng thành thạo máy vi tính trong việc '
                 'tìm kiếm, khai thác thông tin phục vụ công tác chuyên môn. 100% văn bản được '
                 'triển khai dưới hình thức văn bản đánh máy. Tỷ lệ cán bộ, công chức được trang '
                 'bị máy tính phục vụ hoạt động chuyên môn, nghiệp vụ đạt 72%, mỗi xã đã bố trí '
                 '1 cán bộ kiêm nhiệm phụ trách về CNTT. UBND các xã hiện đều sử dụng phần mềm '
                 'liên thông một cửa điện tử. Hiện nay, 19/19 xã đã xây dựng được trang thông '
                 'tin điện tử, cơ bản cập nhật các hoạt động về chính trị, kinh tế, văn hóa, xã '
                 'hội, AN-QP trên địa bàn, góp phần tích cực trong hoạt động chỉ đạo, điều hành '
                 'của lãnh đạo UBND các xã. Trang thông tin đã thực hiện đăng tải các văn bản '
                 'như quyết định, kế hoạch, công văn, lịch làm việc, giấy mời, thông báo, hoạt '
                 'động hội họp, sự kiện văn hóa – thể thao… thường xuyên, kịp thời. Tại 19 xã '
                 'đều duy trì hoạt động của điểm bưu điện văn hóa, đáp ứng nhu cầu sử dụng dịch '
                 'vụ của các tổ chức, cá nhân tại địa phương.'),
                 ('Trong các thành phần của tiêu chí TT-TT, tiêu chí xã có đài truyền thanh và hệ '
                 'thống loa đến các thôn được đánh giá là khó thực hiện. Qua tìm hiểu, kinh phí '
                 'đầu tư các đài phát thanh chủ yếu là nguồn vốn của Nhà nước, để xây dựng mỗi '
                 'đài cần nguồn vốn hàng trăm triệu đồng nên việc huy động trong nhân dân hết '
                 'sức khó khăn. Việc đầu tư của Nhà nước cũng không thể một lúc cấp kinh phí cho '
                 'tất cả các xã mà thực hiện theo kế hoạch từng năm. Đến nay, toàn huyện có 13 '
                 'xã đã được đầu tư xây dựng đài và hệ thống cụm loa, đạt 68,4%. Kế hoạch đến '
                 'hết năm nay, 100% xã trênđịa bàn huyện sẽ có đài truyền thanh và cụm loa đến '
                 'thôn phục vụ công tác tuyên truyền.'),
                 ('Đồng chí Nguyễn Thị Thu Hằng, Trưởng phòng VH-TT huyện cho biết thêm: Bên cạnh '
                 'kết quả đạt được, thực tế trong thực hiện tiêu chí này của huyện còn những hạn '
                 'chế. Hoạt động ứng dụng và phát triển CNTT tại một số xã chưa được thực hiện '
                 'nghiêm túc, lãnh đạo xã chưa thực sự coi trọng việc đẩy mạnh ứng dụng CNTT '
                 'trong công tác chỉ đạo, điều hành. Hiện trang thông tin điện tử cấp xã mới có '
                 '1 cán bộ kiêm nhiệm, số lượng công việc nhiều nên việc đăng tải văn bản, tin, '
                 'bài tuyên truyền còn hạn chế, chưa cung cấp đầy đủ thông tin và dịch vụ công '
                 'trên trang theo Nghị định số 43/NĐ-CP. Nhìn chung việc ứng dụng và phát triển '
                 'CNTT thiếu đồng bộ, chưa kết nối liên thông, chia sẻ dữ liệu giữa các ứng dụng '
                 'dẫn đến hiệu quả sử dụng các hệ thống thông tin chưa cao. Một số ứng dụng CNTT '
                 'mặc dù đã được triển khai đến cán bộ, công chức nhưng chưa được khai thác, sử '
                 'dụng triệt để như hộp thư điện tử công vụ hiện mới đạt 45% người sử dụng. Mặt '
                 'khác, nguồn lực đầu tư cho phát triển CNTT chưa đáp ứng yêu cầu thực tế, nhiều '
                 'nhiệm vụ, chương trình, kế hoạch thực hiện còn chậm do thiếu kinh phí triển '
                 'khai. Thời gian tới, huyện tiếp tục quan tâm, có những giải pháp khắc phục tồn '
                 'tại, hạn chế để thực hiện có chất lượng, hiệu quả hơn tiêu chí TT-TT trên địa '
                 'bàn.')],
  'author': None,
  'unit': None,
  'source': 'http://baohoabinh.com.vn',
  'caption': 'Cán bộ bộ phận "một cửa” UBND xã Tân Vinh (Lương Sơn) ứng dụng CNTT trong công '
             'việc chuyên môn.',
  'image_alt': 's',
  'related': []},
 {'key': '003',
  'portal': 'gocongtay-tiengiang',
  'category': 0,
  'title': 'Gò Công Tây: Tổng kết chuyên đề Cải cách hành chính và Ứng dụng công nghệ thông tin '
           'năm 2019',
  'published': '2020-01-16',
  'time': None,
  'paragraphs': [('Chiều ngày 15 tháng 01 năm 2020, Ủy ban nhân dân huyện Gò Công Tây tổ chức hội '
                 'nghị tổng kết chuyên đề đẩy mạnh cải cách hành chính và chuyên đề ứng dụng '
                 'Công nghệ thông tin năm 2019. Chủ trì hội nghị có ông Nguyễn Thanh Tuấn - '
                 'Huyện ủy viên - Phó Chủ tịch UBND huyện.'),
                 ('Trong năm 2019, công tác Cải cách hành chính trên địa bàn huyện được các '
                 'ngành, các cấp quan tâm tổ chức thực hiện, việc ứng dụng công nghệ thông tin '
                 'trong hoạt động của các cơ quan hành chính nhà nước các cấp được triển khai '
                 'rộng đến hầu hết các đơn vị cấp xã. Về hộp thư công thư vụ của cán bộ công '
                 'chức được sử dụng nhằm thuận tiện trong việc quan hệ công tác giữa các cơ quan '
                 'đơn vị. Việc triển khai và ứng dụng văn bản điện tử gửi liên thông qua phần '
                 'mềm quản lý văn bản và điều hành góp phần đẩy mạnh gửi nhận văn bản điện tử '
                 'trên môi trường mạng, tiến tới thực hiện chính quyền số, chính quyền điện tử, '
                 'tạo môi trường làm việc minh bạch, hiện đại, tiết kiệm thời gian, giảm giấy tờ '
                 'trong họat động giữa các cơ quan nhà nước. Vấn đề giải quyết thủ tục hành '
                 'chính cho cá nhân, tổ chức, doanh nghiệp được tổ chức thực hiện khá tốt, hồ sơ '
                 'thủ tục hành chính được cán bộ một cửa các cấp tiếp nhận và giải quyết trước '
                 'hẹn, đúng hẹn. Cơ chế một cửa liên thông trên các lĩnh vực được triển khai '
                 'thực hiện ngày càng đi vào nề nếp, đảm bảo tuân thủ quy trình và được kiểm '
                 'soát chặt chẽ qua Phiếu giao nhận hồ sơ. Trong năm 2019, tại Bộ phận Tiếp nhận '
                 'và trả kết quả của huyện đã giải quyết cho cá nhân, tổ chức 1.119 \xa0bộ hồ sơ '
                 'thủ tục hành chính các loại, trong đó trên 98% hồ sơ giải quyết đúng hạn. '
                 'Chuyên đề thi đua Ứng dụng công nghệ thông tin được triển khai thực hiện đồng '
                 'bộ, tất cả các phòng ban chuyên môn, UBND các xã, thị trấn đã triển khai và sử '
                 'dụng mạng truyền số liệu chuyên dùng để ứng dụng các phần mềm như: phần mềm '
                 'Một cửa điện tử phục vụ người dân, doanh nghiệp trong giải quyết các thủ tục '
                 'hành chính trên tất cả các lĩnh vực, phần mềm Quản lý Văn bản và điều hành '
                 'phục vụ cho việc quản lý văn bản đi đến trong nội bộ các cơ quan, đơn vị; 100% '
                 'cán bộ, công chức đều được trang bị máy vi tính, có 12/12 phòng ban có nối '
                 'mạng nội bộ, đạt tỷ lệ 100%. Việc đưa vào hoạt động các giao dịch hồ sơ đất '
                 'đai tại Bưu điện đã tạo thuận lợi cho người dân, hướng tới đây Bưu điện huyện '
                 'sẽ phối hợp cùng ngành Thuế thu thuế đất đai tại nhà người dân hoặc đến đóng '
                 'tại Bưu điện. \xa0'),
                 ('\xa0Hội nghị đã dành nhiều thời gian để các đơn vị thảo luận, trình bày những '
                 'khó khăn, vướng mắc trong việc thực hiện cải cách hành chính và ứng dụng công '
                 'nghệ thông tin, từ đó UBND huyện có những hướng dẫn cụ thể để các đơn vị xã, '
                 'các cơ quan quyết tâm thực hiện tốt trong thời gian tới. Nhất là việc gửi nhận '
                 'văn bản trên phần mềm Quản lý Văn bản và điều hành cần phải thực hiện xuyên '
                 'suốt, đảm bảo đầy đủ các văn bản được gửi nhận trên môi trường mạng.'),
                 ('Thời gian tới, các ngành tiếp tục nâng cao trách nhiệm, phát huy vai trò người '
                 'đứng đầu trong chỉ đạo và tổ chức thực hiện công tác Cải cách hành chính, tiếp '
                 'tục đẩy mạnh ứng dụng công nghệ thông tin vào hoạt động quản lý, giải quyết '
                 'thủ tục hành chính cho người dân, hoàn thiện cơ chế một cửa liên thông trên '
                 'lĩnh vực đất đai và các lĩnh vực khác.'),
                 ('Tại Hội nghị, Ủy ban nhân dân huyện Gò Công Tây đã biểu dương và khen thưởng '
                 'cho 6 tập thể và 12 cá nhân có thành tích xuất sắc trong việc thực hiện 2 '
                 'chuyên đề thi đua Cải cách hành chính và Ứng dụng công nghệ thông tin trong '
                 'năm 2019. Đặc biệt 2 đơn vị: UBND xã Thạnh Nhựt và UBND xã Bình Phú được UBND '
                 'huyện Gò Công Tây đề xuất UBND tỉnh Tiền Giang khen thưởng là 2 đơn vị xuất '
                 'sắc nhất trong việc thực hiện hiệu quả công tác cải cách hành chính và ứng '
                 'dụng công nghệ thông tin trong đơn vị thời gian qua.')],
  'author': 'Kim Lan',
  'unit': None,
  'source': None,
  'caption': 'Ông Nguyễn Thanh Tuấn - Phó Chủ tịch UBND huyện trao giấy khen cho đại diện các '
             'đơn vị\n'
             'có thành tích tốt trong thực hiện chuyên đề',
  'image_alt': 'Album ảnh',
  'related': []},
 {'key': '004',
  'portal': 'caoloc-langson',
  'category': 0,
  'title': 'Kiểm tra quản lý nhà nước lĩnh vực Thông tin và Truyền thông năm 2023 tại huyện Cao '
           'Lộc',
  'published': '2023-05-12',
  'time': '15:20',
  'paragraphs': [('\xa0 \xa0 \xa0 \xa0 Ngày 12/5/2023, Đoàn công tác của Sở Thông tin và Truyền '
                 'thông (TT&TT) do đồng chí Lê Hải Yến, Phó Giám đốc Sở làm Trưởng đoàn đã có '
                 'buổi kiểm tra quản lý nhà nước lĩnh vực TT&TT năm 2023 tại huyện Cao Lộc.'),
                 ('Từ đầu năm đến nay, UBND huyện Cao Lộc đã tập trung triển khai thực hiện các '
                 'hoạt động TT&TT trên địa bàn, xây dựng và ban hành kế hoạch chuyển đổi số năm '
                 '2023. Huyện tiếp tục duy trì có 12.922 cửa hàng số và 12.922 tài khoản thanh '
                 'toán điện tử, đạt 70,52% số hộ dân. Đồng thời, chỉ đạo UBND các xã, thị trấn '
                 'kiện toàn Tổ Công nghệ số cộng đồng trên với 157 Tổ/154 thôn, khối và 824 '
                 'thành viên. UBND huyện cũng đã giao các Phòng, ban cử cán bộ làm việc tại Bộ '
                 'phận tiếp nhận và Trả kết quả của huyện, trực tiếp hướng dẫn các tổ chức, cá '
                 'nhân nộp hồ sơ qua hệ thống phần mềm một cửa điện tử, dịch vụ công trực tuyến, '
                 'dịch vụ bưu chính công ích để tạo điều kiện thực hiện tốt công tác tiếp nhận '
                 'giải quyết thủ tục hành chính (TTHC). Qua đó việc giải quyết TTHC đã được thực '
                 'hiện nhanh chóng và hiệu quả, công khai minh bạch, số lượng hồ sơ TTHC mức độ '
                 '3, 4 ngày càng tăng.'),
                 ('Các văn bản về xây dựng nông thôn mới được UBND huyện triển khai đẩy đủ, cùng '
                 'với đó giao nhiệm vụ cho cơ quan chuyên môn phối hợp với UBND các xã, thị trấn '
                 'rà soát, thực hiện đảm bảo đạt tiêu chí số 8 "TT&TT". Đến nay trên địa bàn '
                 'huyện có 02 xã đã đạt tiêu chí\xa0 số 8 theo bộ tiêu chí xã nông thôn mới nâng '
                 'cao (xã Gia Cát và xã Hải Yến); Hệ thống Trang Thông tin điện tử, bảng tuyên '
                 'truyền trung tâm huyện, loa truyền thanh và các phương tiện lưu động thực hiện '
                 'tuyên truyền các nhiệm vụ chính trị hiệu quả; cung cấp thông tin đúng, đủ, kịp '
                 'thời cho nhân dân về kết quả phát triển kinh tế - xã hội của tỉnh và của '
                 'huyện. Công tác quản lý nhà nước trên các lĩnh vực xuất bản, in và phát hành '
                 'được quan tâm chỉ đạo thực hiện. Hoạt động sản xuất, kinh doanh, chấp hành các '
                 'quy định pháp luật của các cơ sở in, dịch vụ photocopy và cơ sở phát hành xuất '
                 'bản phẩm trên địa bàn cơ bản hoạt động đúng định hướng, đi vào nề nếp;'),
                 ('Hạ tầng kỹ thuật công nghệ thông tin trong các cơ quan nhà nước từ cấp huyện '
                 'đến cấp xã cơ bản đáp ứng yêu cầu, 100% các cơ quan, đơn vị có kết nối '
                 'internet tốc độ cao và hệ thống mạng LAN được hoàn thiện; tỷ lệ máy tính/cán '
                 'bộ, công chức của các cơ quan, đơn vị khối hành chính đạt 100%. Trung tâm Văn '
                 'hoá, Thể thao và Truyền thông, UBND các\xa0 xã, thị tích cực sử dụng ứng dụng '
                 'chuyển đổi văn bản thành giọng nói. Tính từ đầu năm 2023 đến nay, các cơ quan, '
                 'đơn vị đã sử dụng chuyển đổi được hơn 180 file văn bản thành giọng nói phát '
                 'trên hệ thống truyền thanh cơ sở…'),
                 ('Tại buổi kiểm tra, đại diện lãnh đạo các xã, thị trấn trên địa bàn huyện đã '
                 'phát biểu ý kiến liên quan đến một số nội dung như: Đội ngũ cán bộ chuyên '
                 'trách CNTT tại các cơ quan, đơn vị còn thiếu, đào tạo không đúng chuyên ngành '
                 'CNTT, nhất là ở cấp xã; Hệ thống đường truyền kết nối dữ liệu quốc gia về dân '
                 'cư thường xuyên bị nghẽn mạng, ảnh hưởng công tác làm sạch dữ liệu và đăng ký '
                 'cư trú; Khó khăn trong việc triển khai cài các app; Hạn chế về kỹ năng viết '
                 'tin, bài đăng tải trên trang thông tin điện tử cấp xã; Khó khăn về kinh phí '
                 'duy trì hoạt động của đài truyền thanh; Khó khăn khi triển khai dịch vụ công '
                 'trực tuyến… Các thành viên trong đoàn công tác đã trực tiếp giải đáp các thắc '
                 'mắc, làm rõ các nội dung trên, đồng thời đề xuất cho huyện nhiều giải pháp '
                 'khắc phục những khó khăn, vướng mắc.'),
                 ('Phát biểu kết luận tại buổi kiểm tra, đồng chí Lê Hải Yến, Phó Giám đốc Sở '
                 'TT&TT, Trưởng đoàn công tác đánh giá cao những kết quả mà huyện Cao Lộc đã đạt '
                 'được trong lĩnh vực TT&TT, đồng thời thông tin khái quát một số kết quả nổi '
                 'bật trong công tác chuyển đổi số trên địa bàn tỉnh và chia sẻ với huyện một số '
                 'phương pháp hay để hoàn thành các mục tiêu đã đề ra. Đồng chí nhấn mạnh, trong '
                 'thời gian tới, Sở sẽ luôn đồng hành với huyện Cao Lộc, hỗ trợ huyện khắc phục '
                 'những hạn chế, vướng mắc trong triển khai nhiệm vụ lĩnh vực TT&TT, từ đó đóng '
                 'góp vào sự phát triển chung của tỉnh, cùng cả tỉnh giữ vững vị trí là một '
                 'trong 10 tỉnh, thành phố dẫn đầu cả nước về chuyển đổi số.')],
  'author': 'Hoàng Thị Tố Loan',
  'unit': 'Trung tâm Công nghệ số',
  'source': None,
  'caption': 'Toàn cảnh buổi kiểm tra',
  'image_alt': 'Gg',
  'related': []}]

#: The "Văn bản mới" scroller items of the Lương Sơn seed page (shown six times in a row there).
JOOMLA_VAN_BAN_MOI: list[str] = [('V/v báo cáo số lượng và lập danh sách đăng ký bồi dưỡng chức danh nghề nghiệp đối với giáo '
 'viên các cấp học năm 2018'),
 ('Báo cáo kết quả thực hiện pháp luật, chính sách đối với thanh niên trong lĩnh vực giáo dục và '
 'đào tạo'),
 ('Triển khai Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông trong '
 'giải quyết thủ tục hành chính'),
 'Kế hoạch tổ chức Lễ kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra thời kêu gọi thi đua ái quốc']

#: The related-news item shown in the Nghi Lộc "Lịch làm việc"/"Tin tức" portlets of the seeds.
LIFERAY_SIDEBAR_NEWS: list[str] = ['Nghi Lộc: các xã có rừng áp dụng mô hình nuôi ong lấy mật bước đầu đem lại hiệu quả',
 'Hội CCB Nghi Lộc thực hiện có hiệu quả của các chính sách hoạt động cho hội viên']
