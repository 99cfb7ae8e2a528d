"""Content of the extended mirror: five more portals, each one hard for a different reason.

`build_mirror(extended=True)` adds them after the five default portals (which stay exactly as
they are). Generation is the same as for the default portals (content.build_portal, fixed seeds);
on top of it Điện Bàn gets two hand-written old articles in legacy font encodings and a few pages
without any charset, and Hoằng Hóa's "Văn bản" category becomes document announcements with
PDF/DOCX/XLSX attachments.
"""

from __future__ import annotations

import random
from datetime import datetime

from tests.mirror import banks
from tests.mirror.content import (
    ArticleSpec,
    AttachmentSpec,
    PortalContent,
    PortalDef,
    _fill,
    build_portal,
    slugify,
)
from tests.mirror.documents import DOCX, PDF, XLSX, make_docx, make_pdf, make_xlsx
from tests.mirror.encodings import ascii_fold

EXTENDED_DEFS: tuple[PortalDef, ...] = (
    PortalDef(
        "cailay-tiengiang", "cailay.tiengiang.gov.vn", "aspnet",
        "Cổng thông tin điện tử huyện Cái Lậy", "Tiền Giang", "Cái Lậy",
        ("Mỹ Thành Bắc", "Mỹ Thành Nam", "Phú Nhuận", "Bình Phú", "Thạnh Lộc", "Long Tiên",
         "Hiệp Đức", "Ngũ Hiệp", "Tam Bình", "Cẩm Sơn", "Phú An", "Mỹ Long", "Hội Xuân",
         "Long Trung", "Mỹ Trung", "Phú Cường"),
        (("Tin-tuc", "Tin tức - Sự kiện", 22), ("Kinh-te", "Kinh tế", 8)),
        ("Văn phòng HĐND và UBND huyện", "Trung tâm VH-TT huyện"),
        ("Báo Ấp Bắc", "Đài PT-TH Tiền Giang"),
        6606, 0, 0, first_num=100, renderer="postback", home_path="/",
        channels=("links", "postback"),
    ),
    PortalDef(
        "bacquang-hagiang", "bacquang.hagiang.gov.vn", "spa",
        "Cổng thông tin điện tử huyện Bắc Quang", "Hà Giang", "Bắc Quang",
        ("Việt Quang", "Vĩnh Tuy", "Bằng Hành", "Quang Minh", "Việt Vinh", "Hùng An",
         "Tân Quang", "Tân Thành", "Đông Thành", "Kim Ngọc", "Vô Điếm", "Liên Hiệp", "Hữu Sản",
         "Đồng Yên", "Tiên Kiều", "Vĩnh Phúc", "Đồng Tâm", "Tân Lập", "Thượng Bình"),
        (("tin-tuc", "Tin tức - Sự kiện", 21), ("kinh-te-xa-hoi", "Kinh tế - Xã hội", 7)),
        ("Trung tâm VH-TT&TT huyện", "Phòng VH-TT huyện"),
        ("Báo Hà Giang", "Đài PT-TH Hà Giang"),
        7707, 0, 0, first_num=2400, home_path="/", render="js", channels=("js", "api"),
    ),
    PortalDef(
        "dienban-quangnam", "dienban.quangnam.gov.vn", "asp",
        "Cổng thông tin điện tử thị xã Điện Bàn", "Quảng Nam", "Điện Bàn",
        ("Vĩnh Điện", "Điện An", "Điện Nam Bắc", "Điện Nam Trung", "Điện Nam Đông", "Điện Dương",
         "Điện Ngọc", "Điện Minh", "Điện Phương", "Điện Thắng Bắc", "Điện Thắng Trung",
         "Điện Hòa", "Điện Tiến", "Điện Hồng", "Điện Thọ", "Điện Phước", "Điện Quang"),
        (("1", "Tin tức - Sự kiện", 14), ("2", "Cải cách hành chính", 6),
         ("9", "Thông tin lưu trữ", 4)),
        ("Trung tâm VH-TT-TT thị xã", "Văn phòng HĐND và UBND thị xã"),
        ("Báo Quảng Nam", "Đài PT-TH Quảng Nam"),
        8808, 0, 0, first_num=700, home_path="/", channels=("links",),
    ),
    PortalDef(
        "hoanghoa-thanhhoa", "hoanghoa.thanhhoa.gov.vn", "sharepoint",
        "Cổng thông tin điện tử huyện Hoằng Hóa", "Thanh Hóa", "Hoằng Hóa",
        ("Bút Sơn", "Hoằng Quỳ", "Hoằng Kim", "Hoằng Trung", "Hoằng Phú", "Hoằng Xuân",
         "Hoằng Đạt", "Hoằng Đức", "Hoằng Hà", "Hoằng Đồng", "Hoằng Thịnh", "Hoằng Thái",
         "Hoằng Lộc", "Hoằng Thành", "Hoằng Trạch", "Hoằng Tiến", "Hoằng Hải", "Hoằng Ngọc"),
        (("van-ban-chi-dao-dieu-hanh", "Văn bản chỉ đạo điều hành", 14),
         ("tin-tuc-su-kien", "Tin tức - Sự kiện", 10)),
        ("Văn phòng HĐND và UBND huyện", "Trung tâm VH-TT-TT huyện"),
        ("Báo Thanh Hóa", "Đài PT-TH Thanh Hóa"),
        9909, 0, 0, first_num=900, home_path="/portal/Pages/default.aspx", channels=("links",),
    ),
    PortalDef(
        "tanphu-dongnai", "tanphu.dongnai.gov.vn", "nukeviet",
        "Cổng thông tin điện tử huyện Tân Phú", "Đồng Nai", "Tân Phú",
        ("Tân Phú", "Phú Lâm", "Phú Bình", "Phú Lập", "Phú Sơn", "Phú Trung", "Phú Xuân",
         "Phú Thanh", "Phú Lộc", "Phú Điền", "Trà Cổ", "Tà Lài", "Nam Cát Tiên", "Núi Tượng",
         "Đắk Lua", "Thanh Sơn", "Phú An", "Phú Thịnh"),
        (("tin-tuc", "Tin tức - Sự kiện", 14), ("chuyen-doi-so", "Chuyển đổi số", 8)),
        ("Trung tâm VH-TT-TT huyện", "Phòng VH-TT huyện"),
        ("Báo Đồng Nai", "Đài PT-TH Đồng Nai"),
        1212, 0, 0, first_num=3100, home_path="/", tls="self-signed",
        channels=("links", "sitemap", "feed"),
    ),
)

# -- Điện Bàn: old pages in legacy font encodings ---------------------------------------------
#: Written for .VnTime: no uppercase letter with a tone mark (the font has none).
_TCVN3_ARTICLE = {
    "title": "Kỳ họp thứ mười Hội đồng nhân dân huyện Điện Bàn khóa VIII",
    "when": datetime(2006, 7, 14, 8, 30),
    "author": "Minh Đức",
    "paragraphs": [
        ("Sáng ngày 12/7/2006, Hội đồng nhân dân huyện Điện Bàn khóa VIII đã khai mạc kỳ họp "
         "thứ mười, xem xét tình hình kinh tế - xã hội 6 tháng đầu năm và nhiệm vụ 6 tháng cuối "
         "năm 2006."),
        ("Theo báo cáo của UBND huyện, giá trị sản xuất công nghiệp - tiểu thủ công nghiệp ước "
         "đạt 412 tỷ đồng, tăng 18,6% so với cùng kỳ; tổng sản lượng lương thực vụ Đông Xuân "
         "đạt 52.340 tấn."),
        ("Các đại biểu tập trung thảo luận về công tác giải phóng mặt bằng khu công nghiệp "
         "Điện Nam - Điện Ngọc, việc kiên cố hóa kênh mương và xây dựng trường học đạt chuẩn "
         "quốc gia."),
        ("Kỳ họp dự kiến kéo dài ba ngày và sẽ bầu bổ sung một số chức danh thuộc Thường trực "
         "Hội đồng nhân dân huyện."),
    ],
}
_VNI_ARTICLE = {
    "title": "Điện Bàn: Ra quân làm thủy lợi mùa khô năm 2007",
    "when": datetime(2007, 3, 20, 15, 10),
    "author": "Thanh Bình",
    "paragraphs": [
        ("Ngày 18/3/2007, Ủy ban nhân dân huyện Điện Bàn tổ chức lễ ra quân làm thủy lợi mùa "
         "khô, nạo vét kênh mương nội đồng phục vụ sản xuất vụ Hè Thu."),
        ("Trong đợt ra quân, các xã Điện Phước, Điện Hồng, Điện Thọ huy động hơn 3.500 ngày "
         "công, nạo vét 42 km kênh mương và đắp 12 đập tạm."),
        ("Ông Trần Văn Hòa, Phó Chủ tịch UBND huyện, đề nghị các địa phương đẩy nhanh tiến độ, "
         "hoàn thành trước ngày 30/4/2007 để kịp gieo cấy đúng lịch thời vụ."),
    ],
}


def _legacy_spec(old: ArticleSpec, s: dict, charset: str) -> ArticleSpec:
    return ArticleSpec(num=old.num, category=old.category, title=s["title"],
                       slug=slugify(s["title"]), published=s["when"].date(), when=s["when"],
                       author=s["author"], unit=None, source=None,
                       raw_paragraphs=list(s["paragraphs"]), charset=charset)


def _dienban(content: PortalContent) -> PortalContent:
    archive = content.categories[2]
    archive[-2] = _legacy_spec(archive[-2], _TCVN3_ARTICLE, "tcvn3")
    archive[-1] = _legacy_spec(archive[-1], _VNI_ARTICLE, "vni")
    archive.sort(key=lambda a: a.when, reverse=True)
    # Pages with no charset anywhere (no header parameter, no meta): two archived ones and one
    # per other category.
    for a in (archive[0], archive[1], content.categories[0][3], content.categories[1][2]):
        a.charset = "cp1258-undeclared"
    return content


# -- Hoằng Hóa: document announcements with attachments ---------------------------------------
_DOC_KINDS = (("Quyết định", "QĐ", "QD"), ("Kế hoạch", "KH", "KH"), ("Thông báo", "TB", "TB"),
              ("Công văn", "CV", "CV"))
_DOC_SUBJECTS = (
    "phê duyệt danh mục thủ tục hành chính tiếp nhận trực tuyến toàn trình năm {nam}",
    "triển khai nhiệm vụ chuyển đổi số trên địa bàn huyện năm {nam}",
    "kiện toàn Ban Chỉ đạo xây dựng nông thôn mới huyện Hoằng Hóa",
    "tổ chức Hội khỏe Phù Đổng huyện Hoằng Hóa lần thứ XI",
    "phòng, chống thiên tai và tìm kiếm cứu nạn năm {nam}",
    "thực hiện Đề án 06 của Chính phủ trên địa bàn huyện",
    "đẩy mạnh cải cách hành chính và nâng cao chỉ số hài lòng của người dân năm {nam}",
    "tuyển dụng viên chức sự nghiệp giáo dục huyện Hoằng Hóa năm {nam}",
    "phân bổ kinh phí hỗ trợ xây dựng nhà văn hóa thôn năm {nam}",
    "tăng cường công tác phòng cháy, chữa cháy rừng mùa khô năm {nam}",
    "kiểm tra, rà soát hồ sơ đất đai tại xã {xa}",
    "tổ chức các hoạt động kỷ niệm Ngày thành lập huyện",
    "thực hiện chính sách hỗ trợ sản xuất vụ Đông năm {nam}",
    "công bố kết quả chấm điểm xã đạt chuẩn nông thôn mới nâng cao năm {nam}",
)
_DOC_BODY = (
    ("Văn bản yêu cầu Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND các xã, thị trấn tổ chức "
     "triển khai thực hiện nghiêm túc, báo cáo kết quả về UBND huyện (qua Văn phòng HĐND và "
     "UBND huyện) trước ngày {ngay}."),
    ("Giao Phòng Nội vụ huyện chủ trì, phối hợp với các phòng, ban chuyên môn theo dõi, đôn đốc "
     "và tổng hợp tình hình thực hiện, kịp thời tham mưu UBND huyện xử lý những khó khăn, "
     "vướng mắc."),
    ("Các xã, thị trấn có trách nhiệm niêm yết công khai nội dung văn bản tại trụ sở và thông "
     "báo trên hệ thống đài truyền thanh cơ sở để nhân dân biết, thực hiện."),
)


def _hoanghoa(content: PortalContent) -> PortalContent:
    d = content.define
    rng = random.Random(d.seed + 1)
    used: set[int] = set()
    for i, a in enumerate(content.categories[0]):
        kind, abbr, file_abbr = _DOC_KINDS[i % len(_DOC_KINDS)]
        while (so := rng.randint(120, 4800)) in used:
            pass
        used.add(so)
        subject = _fill(_DOC_SUBJECTS[i % len(_DOC_SUBJECTS)], rng, d, a.when)
        signed = a.when.date()
        ref = f"{kind} số {so}/{abbr}-UBND"
        a.title = f"{ref} ngày {signed.day}/{signed.month}/{signed.year} của UBND huyện về việc {subject}"
        a.slug = slugify(a.title)
        a.raw_paragraphs = [
            f"Ngày {signed.day}/{signed.month}/{signed.year}, Ủy ban nhân dân huyện Hoằng Hóa ban hành "
            f"{ref} về việc {subject}.",
            *[_fill(t, rng, d, a.when) for t in rng.sample(_DOC_BODY, 2)],
            _fill(rng.choice(banks.GENERAL), rng, d, a.when),
            "Nội dung chi tiết xem tệp đính kèm.",
        ]
        a.caption, a.image_alt, a.source = None, None, None
        a.author, a.unit = "Văn phòng HĐND và UBND huyện", None
        base = f"{file_abbr}-{so}-UBND"
        pdf_snippet = f"{ref} cua Uy ban nhan dan huyen Hoang Hoa"
        pdf_lines = ["CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc", "",
                     f"{ref} của Ủy ban nhân dân huyện Hoằng Hóa",
                     f"Hoằng Hóa, ngày {signed.day} tháng {signed.month} năm {signed.year}",
                     f"Về việc {subject[:70]}", "", "CHU TICH UBND HUYEN HOANG HOA"]
        files = [AttachmentSpec(f"/Uploads/files/{base}.pdf", f"{base}.pdf", PDF,
                                ascii_fold(pdf_snippet), make_pdf(pdf_lines, ref),
                                f"Tải về {base}.pdf")]
        if i % 2 == 0:
            snippet = f"Phụ lục kèm theo {ref} của UBND huyện Hoằng Hóa"
            data = make_docx([snippet, f"Về việc {subject}",
                              *[f"{n}. Xã {x}: tổ chức triển khai, báo cáo kết quả."
                                for n, x in enumerate(rng.sample(d.communes, 4), start=1)]])
            files.append(AttachmentSpec(f"/Uploads/files/PL-{base}.docx", f"PL-{base}.docx", DOCX,
                                        snippet, data, f"Phụ lục PL-{base}.docx"))
        if i % 3 == 0:
            snippet = f"Biểu tổng hợp kết quả thực hiện {ref}"
            rows: list[list[str | int]] = [[snippet], ["STT", "Đơn vị", "Chỉ tiêu", "Kết quả"]]
            rows += [[n, f"Xã {x}", rng.randint(20, 90), rng.randint(10, 95)]
                     for n, x in enumerate(rng.sample(d.communes, 5), start=1)]
            files.append(AttachmentSpec(f"/Uploads/files/BM-{base}.xlsx", f"BM-{base}.xlsx", XLSX,
                                        snippet, make_xlsx(rows, "Bieu mau"),
                                        f"Biểu mẫu BM-{base}.xlsx"))
        a.attachments = files
    return content


def build_extended() -> list[PortalContent]:
    """Content of the five extended portals, in EXTENDED_DEFS order."""
    contents = [build_portal(d) for d in EXTENDED_DEFS]
    by_id = {c.define.id: c for c in contents}
    _dienban(by_id["dienban-quangnam"])
    _hoanghoa(by_id["hoanghoa-thanhhoa"])
    return contents
