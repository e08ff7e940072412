"""The reporting part of the demo world (domain.md §7): the H1 2017 report request of the external
information committee to its 23 member units, their submissions, and the committee's report.

The outline (đề cương) follows a provincial outline of the time: leadership, results (foreign
activities, information on the press, training and spokespersons, the tasks), limitations, the
directions for the second half of the year, proposals. Its delegation and task indicators are computed
by the system; the units enter press conferences, press releases, foreign-language publications,
training courses, trainees and spokespersons trained.

The request was sent on 15/6/2017 with the deadline 10/7/2017. Eighteen units sent on time, four a few
days late (Bộ Chỉ huy Quân sự tỉnh, Đình Lập, Tràng Định, Bắc Sơn); Thành phố Lạng Sơn's report was
returned for missing training figures, corrected and accepted; Bình Gia never sent one. The secretariat
accepted every report sent. The committee report "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm
2017" is the aggregate's draft (version 1), then the secretariat's edited text (version 2), signed by
the head of the committee and approved by him on 20/7/2017, before the briefing of 26/7/2017.

Everything goes through the services, with explicit 2017 times where they take one (the request's and
the versions' own creation times are the loading time: those services take no time argument). The units'
texts, figures and the document number of the plan cited are invented; the delegation counts in the
units' texts are those of the delegations demo.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone

from giaoban.core.vietnamese import format_number, join_vietnamese
from giaoban.meetings.drafting import signing_for
from giaoban.org.models import Committee, Organisation, OrganisationKind, Person, User

from . import services
from .aggregate import build_aggregate
from .models import CommitteeReport, ReportingPeriod, ReportRequest, ReportTemplate, Submission
from .periods import PeriodKind

D = dt.date
K = OrganisationKind
YEAR = 2017
DEADLINE = D(2017, 7, 10)
REPORT_DATE = D(2017, 7, 20)
PERIOD_START, PERIOD_END = D(2017, 1, 1), D(2017, 6, 30)

TEMPLATE_NAME = "Đề cương báo cáo công tác thông tin đối ngoại 6 tháng đầu năm 2017"
TEMPLATE_DESCRIPTION = (
    "Các cơ quan, đơn vị báo cáo theo các đề mục dưới đây, ngắn gọn, có số liệu cụ thể. Các chỉ tiêu đoàn "
    "ra, đoàn vào và kết quả thực hiện nhiệm vụ do hệ thống tính từ sổ theo dõi, đơn vị không phải nhập."
)
PLAN = "Kế hoạch số 05/KH-BCĐ ngày 20/01/2017 của Ban Chỉ đạo về công tác thông tin đối ngoại năm 2017"
REQUEST_TITLE = "Báo cáo công tác thông tin đối ngoại 6 tháng đầu năm 2017"
REQUEST_MESSAGE = (
    f"Thực hiện {PLAN}, Ban Chỉ đạo đề nghị các cơ quan, đơn vị thành viên báo cáo kết quả công tác thông "
    "tin đối ngoại 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2017 theo đề cương kèm theo, gửi "
    "về Ban Chỉ đạo (qua Ban Tuyên giáo Tỉnh ủy) trước ngày 10/7/2017 để tổng hợp, báo cáo tại hội nghị giao "
    "ban 6 tháng đầu năm."
)
SUMMARY = "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017"
RECIPIENTS = (
    "Ban Tuyên giáo Trung ương (để báo cáo)\nBộ Thông tin và Truyền thông (để báo cáo)\n"
    "Thường trực Tỉnh ủy (để báo cáo)\nThường trực HĐND, UBND tỉnh\nCác thành viên Ban Chỉ đạo\nLưu: VT"
)

# Sections every unit has something to say under; the others (a heading, the secretariat's own) may stay empty.
REQUIRED_SECTIONS = {"leadership", "limits", "plans"}

# (key, heading, guidance, figures)
SECTIONS = [
    (
        "leadership",
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "Việc quán triệt, triển khai các văn bản chỉ đạo của Trung ương, của Tỉnh ủy, UBND tỉnh và Ban Chỉ "
        "đạo; kế hoạch thông tin đối ngoại năm 2017 của cơ quan, đơn vị; phân công cán bộ làm đầu mối.",
        "",
    ),
    (
        "results",
        "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN ĐỐI NGOẠI",
        "Đánh giá chung (Ban Chỉ đạo tổng hợp); các cơ quan, đơn vị báo cáo theo các mục 1 đến 4.",
        "",
    ),
    (
        "foreign",
        "1. Hoạt động đối ngoại, đoàn ra, đoàn vào",
        "Các đoàn ra, đoàn vào do đơn vị chủ trì; kết quả hợp tác, thông tin về các hoạt động đối ngoại. "
        "Số đoàn và số quốc gia, vùng lãnh thổ do hệ thống tính từ sổ theo dõi đoàn.",
        "delegations",
    ),
    (
        "press",
        "2. Thông tin đối ngoại trên báo chí, xuất bản và Internet",
        "Họp báo, thông cáo, tin, bài cung cấp cho báo chí; ấn phẩm thông tin đối ngoại bằng tiếng nước "
        "ngoài; thông tin đối ngoại trên trang thông tin điện tử, mạng xã hội.",
        "",
    ),
    (
        "training",
        "3. Tập huấn, bồi dưỡng nghiệp vụ; người phát ngôn",
        "Các lớp tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại, số lượt người tham gia; việc kiện toàn, "
        "bồi dưỡng người phát ngôn và cung cấp thông tin cho báo chí.",
        "",
    ),
    (
        "tasks",
        "4. Thực hiện các nhiệm vụ được giao",
        "Tiến độ các nhiệm vụ Ban Chỉ đạo giao cho đơn vị chủ trì, phối hợp; số liệu nhiệm vụ do hệ thống tính.",
        "tasks",
    ),
    (
        "limits",
        "III. HẠN CHẾ, KHÓ KHĂN",
        "Những hạn chế, khó khăn, vướng mắc và nguyên nhân.",
        "",
    ),
    (
        "plans",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
        "Các nhiệm vụ, giải pháp trọng tâm của cơ quan, đơn vị.",
        "",
    ),
    (
        "proposals",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề xuất, kiến nghị với Ban Chỉ đạo tỉnh, Trung ương (nếu có).",
        "",
    ),
]

# (key, name, unit of measure, computed source)
INDICATORS = [
    ("outbound", "Số đoàn ra", "đoàn", "delegations.outbound"),
    (
        "outbound_countries",
        "Số quốc gia, vùng lãnh thổ đoàn ra đến",
        "quốc gia",
        "delegations.outbound_countries",
    ),
    ("inbound", "Số đoàn vào", "đoàn", "delegations.inbound"),
    (
        "inbound_countries",
        "Số quốc gia, vùng lãnh thổ có đoàn vào",
        "quốc gia",
        "delegations.inbound_countries",
    ),
    ("press_conferences", "Họp báo đã tổ chức", "cuộc", ""),
    ("releases", "Thông cáo, tin, bài cung cấp cho báo chí", "tin, bài", ""),
    ("publications", "Ấn phẩm thông tin đối ngoại bằng tiếng nước ngoài", "ấn phẩm", ""),
    ("courses", "Lớp tập huấn, bồi dưỡng", "lớp", ""),
    ("trainees", "Lượt người được tập huấn", "lượt người", ""),
    ("spokespersons", "Người phát ngôn được bồi dưỡng", "người", ""),
    ("tasks_on_time", "Nhiệm vụ hoàn thành đúng hạn", "nhiệm vụ", "tasks.completed_on_time"),
    ("tasks_late", "Nhiệm vụ hoàn thành quá hạn", "nhiệm vụ", "tasks.completed_late"),
    ("tasks_open", "Nhiệm vụ chưa hoàn thành, trong hạn", "nhiệm vụ", "tasks.open_on_time"),
    ("tasks_overdue", "Nhiệm vụ chưa hoàn thành, quá hạn", "nhiệm vụ", "tasks.open_overdue"),
]
ENTERED = ["press_conferences", "releases", "publications", "courses", "trainees", "spokespersons"]

# The units' entered figures, in the order of ENTERED (invented, plausible for a border province).
VALUES = {
    "Ban Tuyên giáo Tỉnh ủy": (1, 26, 2, 2, 320, 0),
    "Sở Ngoại vụ": (2, 38, 3, 1, 95, 1),
    "Sở Thông tin và Truyền thông": (3, 52, 4, 2, 260, 1),
    "Sở Văn hóa, Thể thao và Du lịch": (1, 34, 5, 0, 0, 1),
    "Sở Công Thương": (1, 21, 1, 0, 0, 1),
    "Sở Kế hoạch và Đầu tư": (1, 14, 2, 0, 0, 1),
    "Công an tỉnh": (1, 17, 0, 1, 65, 1),
    "Bộ Chỉ huy Quân sự tỉnh": (0, 11, 0, 1, 48, 1),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": (0, 24, 0, 2, 110, 1),
    "Báo Lạng Sơn": (0, 236, 2, 0, 0, 0),
    "Đài Phát thanh và Truyền hình tỉnh": (0, 198, 0, 0, 0, 0),
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": (0, 8, 0, 0, 0, 1),
    "Thành phố Lạng Sơn": (1, 27, 1, 1, 130, 1),
    "Huyện Tràng Định": (0, 12, 0, 1, 75, 1),
    "Huyện Văn Lãng": (0, 14, 0, 1, 82, 1),
    "Huyện Văn Quan": (0, 7, 0, 0, 0, 1),
    "Huyện Bình Gia": (0, 5, 0, 0, 0, 1),  # never sent
    "Huyện Bắc Sơn": (0, 9, 0, 1, 60, 1),
    "Huyện Hữu Lũng": (0, 8, 0, 0, 0, 1),
    "Huyện Chi Lăng": (0, 10, 0, 1, 55, 1),
    "Huyện Cao Lộc": (0, 16, 1, 1, 90, 1),
    "Huyện Lộc Bình": (0, 11, 0, 1, 70, 1),
    "Huyện Đình Lập": (0, 6, 0, 0, 0, 1),
}

# When each unit sent its report (9:00 + the hour offset); the deadline is Monday 10/7/2017.
SENT = {
    "Sở Thông tin và Truyền thông": (D(2017, 7, 3), 1),
    "Sở Ngoại vụ": (D(2017, 7, 4), 2),
    "Ban Tuyên giáo Tỉnh ủy": (D(2017, 7, 5), 0),
    "Báo Lạng Sơn": (D(2017, 7, 5), 5),
    "Huyện Cao Lộc": (D(2017, 7, 5), 6),
    "Sở Văn hóa, Thể thao và Du lịch": (D(2017, 7, 6), 1),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": (D(2017, 7, 6), 2),
    "Thành phố Lạng Sơn": (D(2017, 7, 6), 4),
    "Huyện Chi Lăng": (D(2017, 7, 6), 6),
    "Sở Công Thương": (D(2017, 7, 7), 0),
    "Công an tỉnh": (D(2017, 7, 7), 2),
    "Đài Phát thanh và Truyền hình tỉnh": (D(2017, 7, 7), 5),
    "Huyện Văn Quan": (D(2017, 7, 7), 7),
    "Sở Kế hoạch và Đầu tư": (D(2017, 7, 10), 0),
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": (D(2017, 7, 10), 1),
    "Huyện Văn Lãng": (D(2017, 7, 10), 3),
    "Huyện Hữu Lũng": (D(2017, 7, 10), 6),
    "Huyện Lộc Bình": (D(2017, 7, 10), 7),
    # Late, by one to four days.
    "Bộ Chỉ huy Quân sự tỉnh": (D(2017, 7, 11), 1),
    "Huyện Đình Lập": (D(2017, 7, 12), 2),
    "Huyện Tràng Định": (D(2017, 7, 13), 0),
    "Huyện Bắc Sơn": (D(2017, 7, 14), 6),
}
MISSING = "Huyện Bình Gia"
RETURNED = "Thành phố Lạng Sơn"
RETURN_AT = (D(2017, 7, 7), 10)
RETURN_COMMENT = (
    "Đề nghị bổ sung số lớp tập huấn, số lượt người được tập huấn trong kỳ (mục II.3) và nêu cụ thể các "
    "hoạt động đối ngoại của thành phố với thành phố Sùng Tả, Nam Ninh."
)
RESUBMIT_AT = (D(2017, 7, 11), 8)
OFFICERS = {"Sở Ngoại vụ": "sngv", "Thành phố Lạng Sơn": "tpls"}


def _at(day: dt.date, hour: float = 9) -> dt.datetime:
    minutes = int(round(hour * 60))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def _next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


# --- The units' texts ----------------------------------------------------------------------------------


def _delegations_by_unit() -> dict[str, dict[str, list]]:
    """The demo's delegations of the half-year by lead unit and direction (cancelled ones left out)."""
    from giaoban.delegations.demo import DELEGATIONS

    result: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in DELEGATIONS:
        direction, unit, places, start, state = row[0], row[2], row[6], row[9], row[11]
        if PERIOD_START <= start <= PERIOD_END and state != "cancelled":
            result[unit][direction].append(places)
    return result


def _foreign_text(name: str, kind: str, delegations: dict[str, list]) -> str:
    outbound, inbound = delegations.get("outbound", []), delegations.get("inbound", [])
    if not outbound and not inbound:
        if kind == K.PRESS:
            return (
                "Cử phóng viên tác nghiệp, đưa tin các đoàn ra, đoàn vào của tỉnh; phối hợp với Sở Ngoại vụ "
                "đăng tải thông tin về hoạt động đối ngoại của lãnh đạo tỉnh."
            )
        return (
            "Trong kỳ, đơn vị không chủ trì đoàn ra, đoàn vào; phối hợp với Sở Ngoại vụ chuẩn bị nội dung, "
            "cung cấp thông tin phục vụ các đoàn khách quốc tế đến thăm, làm việc tại tỉnh."
        )
    parts = []
    if outbound:
        parts.append(f"chủ trì {len(outbound)} đoàn ra")
    if inbound:
        parts.append(f"đón tiếp {len(inbound)} đoàn khách quốc tế đến thăm, làm việc")
    places = Counter(code for group in outbound + inbound for code in group)
    main, count = places.most_common(1)[0]
    if main == "CN" and count * 2 >= sum(places.values()):
        partners = "chủ yếu với các địa phương, cơ quan của Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc)"
    elif main == "LA" and count * 2 >= sum(places.values()):
        partners = "chủ yếu với các địa phương, cơ quan của nước bạn Lào"
    else:
        partners = "với các đối tác nước ngoài theo chương trình hợp tác đã ký kết"
    return (
        f"Trong 6 tháng đầu năm, đơn vị đã {join_vietnamese(parts)}, {partners}. Các đoàn thực hiện đúng quy định "
        "về quản lý hoạt động đối ngoại; kết quả hội đàm, ký kết được thông tin kịp thời trên báo chí của tỉnh."
    )


LEADERSHIP = {
    K.PARTY: (
        "Tham mưu Ban Chỉ đạo ban hành Kế hoạch công tác thông tin đối ngoại năm 2017; hướng dẫn các cơ quan, "
        "đơn vị thành viên xây dựng kế hoạch của cấp mình; ban hành định hướng tuyên truyền hằng tháng cho các "
        "cơ quan báo chí, đội ngũ báo cáo viên."
    ),
    K.DEPARTMENT: (
        "Ban hành kế hoạch thực hiện công tác thông tin đối ngoại năm 2017 của đơn vị; quán triệt các văn bản "
        "chỉ đạo của Trung ương, của tỉnh và Ban Chỉ đạo đến cán bộ, công chức; phân công một phòng chuyên môn "
        "làm đầu mối."
    ),
    K.LOCALITY: (
        "Ban Thường vụ cấp ủy, UBND ban hành kế hoạch thông tin đối ngoại năm 2017; giao phòng Văn hóa và "
        "Thông tin làm đầu mối, phối hợp với Ban Tuyên giáo cấp ủy triển khai; lồng ghép nội dung thông tin "
        "đối ngoại trong sinh hoạt chi bộ và hội nghị báo cáo viên hằng tháng."
    ),
    K.PRESS: (
        "Xây dựng kế hoạch tuyên truyền đối ngoại năm 2017; duy trì chuyên mục thông tin đối ngoại, phân công "
        "phóng viên, biên tập viên theo dõi lĩnh vực đối ngoại, hợp tác quốc tế và kinh tế cửa khẩu."
    ),
    K.ARMED_FORCES: (
        "Đảng ủy, chỉ huy đơn vị quán triệt các văn bản chỉ đạo về công tác thông tin đối ngoại, gắn với "
        "nhiệm vụ bảo vệ chủ quyền lãnh thổ, an ninh biên giới và đối ngoại quốc phòng, an ninh."
    ),
    K.MASS_ORGANISATION: (
        "Ban Thường trực ban hành kế hoạch thông tin đối ngoại năm 2017; chỉ đạo Mặt trận các cấp tuyên truyền "
        "chủ trương, đường lối đối ngoại của Đảng đến đoàn viên, hội viên và nhân dân."
    ),
}
LIMITS = {
    K.PARTY: (
        "Việc nắm bắt, định hướng dư luận trước các thông tin sai lệch trên Internet, mạng xã hội có lúc chưa "
        "kịp thời; lực lượng làm công tác thông tin đối ngoại còn mỏng."
    ),
    K.DEPARTMENT: (
        "Việc cung cấp thông tin cho báo chí có lúc chưa kịp thời; trang thông tin điện tử của đơn vị chưa "
        "có phiên bản tiếng nước ngoài, nội dung thông tin đối ngoại chưa thường xuyên cập nhật."
    ),
    K.LOCALITY: (
        "Cán bộ làm công tác thông tin đối ngoại chủ yếu kiêm nhiệm, chưa được đào tạo chuyên sâu; kinh phí "
        "cho hoạt động thông tin đối ngoại còn hạn chế; tài liệu tuyên truyền bằng tiếng Trung ở khu vực biên "
        "giới còn ít."
    ),
    K.PRESS: (
        "Đội ngũ phóng viên, biên tập viên có trình độ ngoại ngữ còn ít; sản phẩm thông tin đối ngoại bằng "
        "tiếng nước ngoài chưa nhiều, trang thiết bị còn thiếu."
    ),
    K.ARMED_FORCES: (
        "Địa bàn biên giới rộng, địa hình phức tạp; việc tuyên truyền đến đồng bào vùng sâu, vùng xa còn khó "
        "khăn; một số thông tin về biên giới trên mạng xã hội chưa được phản bác kịp thời."
    ),
    K.MASS_ORGANISATION: (
        "Hoạt động đối ngoại nhân dân chưa thường xuyên; nguồn lực cho thông tin đối ngoại trong hệ thống "
        "Mặt trận còn hạn chế."
    ),
}
PLANS = {
    K.PARTY: (
        "Tham mưu tổ chức hội nghị giao ban 6 tháng đầu năm; tiếp tục định hướng tuyên truyền, phối hợp đấu "
        "tranh phản bác các thông tin sai trái; chuẩn bị sơ kết, tổng kết công tác thông tin đối ngoại năm 2017."
    ),
    K.DEPARTMENT: (
        "Tiếp tục cung cấp thông tin kịp thời cho báo chí về lĩnh vực phụ trách; cập nhật thông tin đối ngoại "
        "trên trang thông tin điện tử; cử cán bộ, người phát ngôn tham gia các lớp bồi dưỡng nghiệp vụ."
    ),
    K.LOCALITY: (
        "Tiếp tục tuyên truyền về chủ quyền, biên giới và hợp tác với các địa phương Trung Quốc; tăng cường "
        "quản lý thông tin trên Internet, mạng xã hội; phối hợp tổ chức tập huấn cho cán bộ cấp xã."
    ),
    K.PRESS: (
        "Nâng cao chất lượng chuyên mục thông tin đối ngoại; tăng tin, bài, phóng sự quảng bá hình ảnh Lạng "
        "Sơn, kinh tế cửa khẩu và du lịch; mở rộng hợp tác nghiệp vụ với cơ quan báo chí Quảng Tây."
    ),
    K.ARMED_FORCES: (
        "Duy trì giao lưu, hội đàm với lực lượng chức năng phía bạn; tuyên truyền pháp luật về biên giới quốc "
        "gia cho nhân dân khu vực biên giới; cung cấp thông tin kịp thời cho báo chí."
    ),
    K.MASS_ORGANISATION: (
        "Tổ chức các hoạt động giao lưu hữu nghị nhân dân hai bên biên giới; tuyên truyền chủ trương, đường lối "
        "đối ngoại của Đảng trong đoàn viên, hội viên."
    ),
}
# Inland districts (no border with China) and units whose own text replaces the kind's.
INLAND = {"Huyện Văn Quan", "Huyện Bình Gia", "Huyện Bắc Sơn", "Huyện Hữu Lũng", "Huyện Chi Lăng"}
INLAND_TEXTS = {
    "leadership": (
        "Ban Thường vụ Huyện ủy chỉ đạo lồng ghép công tác thông tin đối ngoại trong chương trình công tác năm "
        "2017; UBND huyện ban hành kế hoạch, giao phòng Văn hóa và Thông tin làm đầu mối tham mưu."
    ),
    "limits": (
        "Đội ngũ làm công tác thông tin đối ngoại cấp huyện, xã còn thiếu, chủ yếu kiêm nhiệm; việc khai thác "
        "thông tin về thu hút đầu tư, du lịch của huyện để quảng bá ra nước ngoài còn ít."
    ),
    "plans": (
        "Tăng cường quảng bá tiềm năng du lịch, nông sản của huyện trên trang thông tin điện tử; tuyên truyền "
        "chủ trương, đường lối đối ngoại của Đảng qua đội ngũ báo cáo viên, tuyên truyền viên cơ sở."
    ),
}
OWN_TEXTS = {
    "Công an tỉnh": {
        "leadership": (
            "Đảng ủy, Ban Giám đốc Công an tỉnh quán triệt các văn bản chỉ đạo về công tác thông tin đối ngoại; "
            "gắn với công tác bảo đảm an ninh, trật tự khu vực biên giới, cửa khẩu và hợp tác phòng, chống tội "
            "phạm với Công an các địa phương Quảng Tây."
        ),
        "limits": (
            "Hoạt động lợi dụng mạng xã hội đăng tải thông tin sai lệch về tình hình an ninh biên giới diễn biến "
            "phức tạp; việc phát hiện, xử lý có lúc chưa kịp thời."
        ),
    },
    "Thành phố Lạng Sơn": {
        "leadership": (
            "Ban Thường vụ Thành ủy ban hành kế hoạch thông tin đối ngoại năm 2017; UBND thành phố giao phòng Văn "
            "hóa và Thông tin làm đầu mối, gắn với xây dựng hình ảnh thành phố Lạng Sơn văn minh, thân thiện."
        ),
    },
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": {
        "tasks": "Phối hợp tổ chức các hoạt động giao lưu hữu nghị nhân dân theo kế hoạch của Ban Chỉ đạo.",
    },
}
# Unit-specific lines, added after the kind's text.
SPECIFIC = {
    "Ban Tuyên giáo Tỉnh ủy": {
        "tasks": "Hoàn thành tổng kết 5 năm công tác thông tin đối ngoại giai đoạn 2012–2016 (ngày 25/5/2017).",
        "press": "Phát hành 2 ấn phẩm giới thiệu Lạng Sơn bằng tiếng Trung, tiếng Anh phục vụ các đoàn khách.",
    },
    "Sở Ngoại vụ": {
        "leadership": "Tham mưu UBND tỉnh Chương trình hoạt động đối ngoại năm 2017, kế hoạch đón các đoàn khách.",
        "tasks": (
            "Nhiệm vụ xuất bản tập gấp giới thiệu Lạng Sơn bằng tiếng Trung đang hoàn thiện nội dung, "
            "dự kiến lồng ghép với ấn phẩm quảng bá du lịch năm 2017."
        ),
        "proposals": "Đề nghị bố trí kinh phí biên dịch tài liệu thông tin đối ngoại bằng tiếng Trung, tiếng Anh.",
    },
    "Sở Thông tin và Truyền thông": {
        "press": (
            "Duy trì trang thông tin đối ngoại của tỉnh; quản lý hoạt động báo chí, xuất bản; phối hợp xử lý "
            "thông tin xấu, độc trên mạng xã hội."
        ),
        "tasks": "Vận hành ổn định trang thông tin đối ngoại của tỉnh, cập nhật tin, bài hằng tuần.",
        "proposals": (
            "Đề nghị Bộ Thông tin và Truyền thông hỗ trợ tài liệu, báo cáo viên cho các lớp tập huấn nghiệp vụ "
            "thông tin đối ngoại ở tỉnh biên giới."
        ),
    },
    "Báo Lạng Sơn": {
        "press": "Duy trì chuyên trang thông tin đối ngoại song ngữ Việt – Trung trên Báo Lạng Sơn điện tử.",
    },
    "Đài Phát thanh và Truyền hình tỉnh": {
        "press": "Duy trì chương trình phát thanh, truyền hình tiếng Trung hằng tuần.",
    },
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": {
        "training": "Phối hợp tuyên truyền pháp luật về biên giới cho đồng bào các xã biên giới.",
    },
    "Thành phố Lạng Sơn": {
        "foreign": "Ký kết biên bản ghi nhớ hợp tác năm 2017 với thành phố Sùng Tả; trao đổi kinh nghiệm quản "
        "lý đô thị với thành phố Nam Ninh.",
    },
    "Huyện Cao Lộc": {
        "proposals": "Đề nghị tỉnh hỗ trợ pa-nô, áp phích tuyên truyền song ngữ tại khu vực cửa khẩu.",
    },
    "Huyện Văn Lãng": {
        "proposals": "Đề nghị Ban Chỉ đạo tỉnh tổ chức tập huấn nghiệp vụ thông tin đối ngoại cho cán bộ cấp xã.",
    },
}


def _press_text(kind: str, values: dict[str, int | None]) -> str:
    conferences, releases, publications = (
        values["press_conferences"],
        values["releases"],
        values["publications"],
    )
    if kind == K.PRESS:
        text = (
            f"Đăng, phát {format_number(releases)} tin, bài, phóng sự về hoạt động đối ngoại, hợp tác quốc tế, "
            "kinh tế cửa khẩu và quảng bá hình ảnh Lạng Sơn."
        )
    else:
        parts = []
        if conferences:
            parts.append(f"tổ chức {conferences} cuộc họp báo")
        parts.append(
            f"cung cấp {format_number(releases)} thông cáo, tin, bài cho Báo Lạng Sơn, Đài Phát thanh và Truyền "
            "hình tỉnh và các cơ quan báo chí Trung ương thường trú trên địa bàn"
        )
        text = "Trong kỳ, đơn vị đã " + "; ".join(parts) + "."
    if publications:
        text += f" Biên soạn, phát hành {publications} ấn phẩm thông tin đối ngoại bằng tiếng nước ngoài."
    return text


def _training_text(values: dict[str, int | None]) -> str:
    courses, trainees, spokespersons = values["courses"], values["trainees"], values["spokespersons"]
    if courses:
        text = (
            f"Tổ chức {courses} lớp tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại cho "
            f"{format_number(trainees)} lượt cán bộ, công chức, báo cáo viên."
        )
    else:
        text = "Cử cán bộ tham dự các lớp tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại do tỉnh tổ chức."
    if spokespersons:
        text += (
            " Kiện toàn người phát ngôn; lãnh đạo đơn vị được giao nhiệm vụ phát ngôn tham gia lớp bồi dưỡng kỹ "
            "năng phát ngôn và cung cấp thông tin cho báo chí."
        )
    return text


def _tasks_text(kind: str) -> str:
    if kind == K.LOCALITY:
        return (
            "Triển khai các nhiệm vụ được phân công tại kế hoạch của Ban Chỉ đạo tỉnh; phối hợp với Bộ đội Biên "
            "phòng tuyên truyền về biên giới, cửa khẩu cho nhân dân."
        )
    if kind == K.PRESS:
        return "Thực hiện các nhiệm vụ tuyên truyền theo định hướng của Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông."
    return (
        "Thực hiện các nhiệm vụ được phân công tại kế hoạch của Ban Chỉ đạo; phối hợp với các đơn vị chủ trì."
    )


def unit_values(name: str) -> dict[str, int | None]:
    return dict(zip(ENTERED, VALUES[name], strict=True))


def unit_texts(
    unit: Organisation, delegations: dict[str, list], values: dict[str, int | None]
) -> dict[str, str]:
    kind = unit.kind if unit.kind in LEADERSHIP else K.DEPARTMENT
    texts = {
        "leadership": LEADERSHIP[kind],
        "foreign": _foreign_text(unit.name, kind, delegations),
        "press": _press_text(kind, values),
        "training": _training_text(values),
        "tasks": _tasks_text(kind),
        "limits": LIMITS[kind],
        "plans": PLANS[kind],
    }
    if unit.name in INLAND:
        texts.update(INLAND_TEXTS)
    texts.update(OWN_TEXTS.get(unit.name, {}))
    for key, line in SPECIFIC.get(unit.name, {}).items():
        texts[key] = f"{texts[key]}\n{line}" if texts.get(key) else line
    return texts


# --- The committee report's edited text -----------------------------------------------------------------


def final_sections(aggregate, status) -> list[dict[str, str]]:
    """The secretariat's text, as a provincial report reads: the figures are the aggregate's."""
    totals = {row.indicator.name: row.total or 0 for row in aggregate.indicators}

    def total(key: str) -> str:
        name = next(name for k, name, _unit, _source in INDICATORS if k == key)
        return format_number(int(totals.get(name, 0)))

    tasks_tail = (
        " Ban Chỉ đạo đã nhắc các đơn vị chủ trì nhiệm vụ quá hạn báo cáo tiến độ, đề xuất giải pháp."
        if aggregate.figures.tasks.open_overdue
        else ""
    )
    sent = status.submitted
    return [
        {
            "heading": "",
            "text": (
                f"Thực hiện {PLAN}, trên cơ sở báo cáo của {sent}/{status.total} cơ quan, đơn vị thành viên, Ban "
                "Chỉ đạo công tác thông tin đối ngoại tỉnh báo cáo kết quả công tác thông tin đối ngoại 6 tháng "
                "đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2017 như sau:"
            ),
        },
        {
            "heading": "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
            "text": (
                "Ban Chỉ đạo ban hành Kế hoạch công tác thông tin đối ngoại năm 2017; chỉ đạo các cơ quan, đơn vị "
                "thành viên, các huyện ủy, thành ủy xây dựng và triển khai kế hoạch của cấp mình. Ban Tuyên giáo "
                "Tỉnh ủy, cơ quan thường trực Ban Chỉ đạo, ban hành định hướng tuyên truyền hằng tháng, hướng dẫn "
                "các cơ quan báo chí, đội ngũ báo cáo viên thông tin kịp thời về tình hình đối ngoại.\n"
                "Các sở, ban, ngành, huyện, thành phố quán triệt các văn bản chỉ đạo của Trung ương, của tỉnh đến "
                "cán bộ, công chức, phân công cán bộ làm đầu mối; lực lượng vũ trang gắn công tác thông tin đối "
                "ngoại với nhiệm vụ bảo vệ chủ quyền lãnh thổ, an ninh biên giới."
            ),
        },
        {
            "heading": "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN ĐỐI NGOẠI",
            "text": (
                "Trong 6 tháng đầu năm, công tác thông tin đối ngoại tiếp tục được các cấp ủy đảng, chính quyền "
                "từ tỉnh đến cơ sở quan tâm lãnh đạo, đạt nhiều kết quả quan trọng, đóng góp tích cực trong thực "
                "hiện các mục tiêu, nhiệm vụ, giải pháp phát triển kinh tế – xã hội đề ra."
            ),
        },
        {
            "heading": "1. Hoạt động đối ngoại, đoàn ra, đoàn vào",
            "text": (
                f"{aggregate.delegations_sentence}\n"
                "Hoạt động đối ngoại tập trung vào hội đàm, trao đổi kinh nghiệm, xúc tiến hợp tác với các địa "
                "phương của Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc), các tỉnh Hủa Phăn, Luổng Nặm Thà "
                "(Lào) và các đối tác Hàn Quốc, Nhật Bản; các đoàn thực hiện đúng quy định về quản lý hoạt động "
                "đối ngoại, kết quả được thông tin kịp thời trên báo chí của tỉnh."
            ),
        },
        {
            "heading": "2. Thông tin đối ngoại trên báo chí, xuất bản và Internet",
            "text": (
                f"Các cơ quan, đơn vị đã tổ chức {total('press_conferences')} cuộc họp báo; cung cấp, đăng phát "
                f"{total('releases')} thông cáo, tin, bài về hoạt động đối ngoại, hợp tác quốc tế, kinh tế cửa "
                f"khẩu và quảng bá hình ảnh Lạng Sơn; phát hành {total('publications')} ấn phẩm thông tin đối "
                "ngoại bằng tiếng nước ngoài.\n"
                "Báo Lạng Sơn duy trì chuyên trang thông tin đối ngoại song ngữ Việt – Trung; Đài Phát thanh và "
                "Truyền hình tỉnh duy trì chương trình tiếng Trung hằng tuần; trang thông tin đối ngoại của tỉnh "
                "được cập nhật thường xuyên."
            ),
        },
        {
            "heading": "3. Tập huấn, bồi dưỡng nghiệp vụ; người phát ngôn",
            "text": (
                f"Tổ chức {total('courses')} lớp tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại với "
                f"{total('trainees')} lượt cán bộ, công chức, báo cáo viên tham gia; {total('spokespersons')} "
                "người phát ngôn của các sở, ban, ngành, huyện, thành phố được bồi dưỡng kỹ năng phát ngôn và cung "
                "cấp thông tin cho báo chí."
            ),
        },
        {
            "heading": "4. Thực hiện các nhiệm vụ được giao",
            "text": (
                f"{aggregate.tasks_sentence}{tasks_tail}\n"
                "Nhiệm vụ tổng kết 5 năm công tác thông tin đối ngoại giai đoạn 2012–2016 hoàn thành trước thời "
                "hạn; nhiệm vụ xuất bản tập gấp giới thiệu Lạng Sơn bằng tiếng Trung đang được Sở Ngoại vụ hoàn "
                "thiện nội dung. Các cơ quan, đơn vị thành viên chủ động triển khai các nhiệm vụ được phân công tại "
                "Kế hoạch công tác thông tin đối ngoại năm 2017."
            ),
        },
        {
            "heading": "III. HẠN CHẾ, KHÓ KHĂN",
            "text": (
                "Quản lý, sử dụng Internet, các trang mạng xã hội còn hạn chế; việc cung cấp thông tin cho báo chí "
                "của một số cơ quan, đơn vị có lúc chưa kịp thời; trang thông tin điện tử của nhiều sở, ngành, "
                "huyện chưa có phiên bản tiếng nước ngoài.\n"
                "Cán bộ làm công tác thông tin đối ngoại ở cấp huyện chủ yếu kiêm nhiệm, chưa được đào tạo chuyên "
                "sâu; kinh phí còn hạn chế; tài liệu tuyên truyền bằng tiếng Trung ở khu vực biên giới còn ít. "
                f"Một số đơn vị gửi báo cáo chậm ({status.late} đơn vị gửi sau thời hạn, {status.missing} đơn vị "
                "chưa gửi báo cáo)."
            ),
        },
        {
            "heading": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017",
            "text": (
                "- Tiếp tục bám sát chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về công tác "
                "thông tin đối ngoại; trên cơ sở đó chỉ đạo, định hướng tuyên truyền, đấu tranh cho phù hợp.\n"
                "- Tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại cho đội ngũ cán bộ lãnh đạo và người phát ngôn "
                "của các sở, ban, ngành, các huyện, thành phố.\n"
                "- Tiếp tục đổi mới nội dung, phương thức hoạt động thông tin, tuyên truyền đối ngoại; nâng cao chất "
                "lượng công tác tham mưu, chỉ đạo, định hướng đối với các vấn đề quan trọng, phức tạp nảy sinh trên "
                "địa bàn.\n"
                "- Tăng cường quản lý thông tin trên Internet, mạng xã hội; chuẩn bị tổng kết công tác thông tin "
                "đối ngoại năm 2017."
            ),
        },
        {
            "heading": "V. ĐỀ XUẤT, KIẾN NGHỊ",
            "text": (
                "Đề nghị Ban Tuyên giáo Trung ương, Bộ Thông tin và Truyền thông tiếp tục mở các lớp tập huấn "
                "nghiệp vụ thông tin đối ngoại cho cán bộ các tỉnh biên giới; hỗ trợ tài liệu thông tin đối ngoại "
                "bằng tiếng Trung phục vụ tuyên truyền ở khu vực biên giới.\n"
                "Trên đây là báo cáo sơ kết công tác thông tin đối ngoại 6 tháng đầu năm, phương hướng, nhiệm vụ 6 "
                "tháng cuối năm 2017 của Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn./."
            ),
        },
    ]


# --- Loading -----------------------------------------------------------------------------------------------


def _period(committee: Committee, secretariat) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(committee=committee, kind=PeriodKind.HALF_YEAR, year=YEAR).first()
    if period is None:
        period = services.period_create(
            actor=secretariat,
            committee=committee,
            kind=PeriodKind.HALF_YEAR,
            year=YEAR,
            submission_deadline=DEADLINE,
        )
    return period


def _template(committee: Committee, secretariat) -> ReportTemplate:
    template = ReportTemplate.objects.filter(committee=committee, name=TEMPLATE_NAME).first()
    if template is None:
        template = services.template_create(
            actor=secretariat,
            committee=committee,
            name=TEMPLATE_NAME,
            description=TEMPLATE_DESCRIPTION,
            sections=[
                {
                    "heading": heading,
                    "guidance": guidance,
                    "figures": figures,
                    "required": key in REQUIRED_SECTIONS,
                }
                for key, heading, guidance, figures in SECTIONS
            ],
            indicators=[
                {"name": name, "unit_of_measure": unit, "value_type": "integer", "source": source}
                for _key, name, unit, source in INDICATORS
            ],
        )
    return template


def _submissions(request: ReportRequest, template: ReportTemplate, secretariat) -> None:
    """Every unit's report as it went: drafts saved, sent (on time or late), one returned and resent,
    accepted by the secretariat the next working day; one never sent."""
    sections = {s.position: s for s in template.sections.all()}
    section_ids = {key: sections[position].pk for position, (key, *_rest) in enumerate(SECTIONS, start=1)}
    indicators = {i.position: i for i in template.indicators.all()}
    indicator_ids = {
        key: indicators[position].pk for position, (key, *_rest) in enumerate(INDICATORS, start=1)
    }
    officers = {user.username: user for user in User.objects.filter(username__in=OFFICERS.values())}
    delegations = _delegations_by_unit()

    def save(submission, officer, texts, values, when):
        return services.submission_save(
            actor=officer,
            submission=submission,
            texts={section_ids[key]: text for key, text in texts.items()},
            values={indicator_ids[key]: value for key, value in values.items()},
            at=when,
        )

    for submission in Submission.objects.filter(request=request).select_related("unit").order_by("pk"):
        unit = submission.unit
        if unit.name not in SENT:
            continue  # Bình Gia: never sent
        officer = officers.get(OFFICERS.get(unit.name, ""))
        day, hour = SENT[unit.name]
        values = unit_values(unit.name)
        texts = unit_texts(unit, delegations.get(unit.name, {}), values)
        if unit.name == RETURNED:
            # First sent without the training figures and the details of the city's partnerships.
            first_values = {**values, "courses": None, "trainees": None}
            first_texts = {
                **texts,
                "training": "Cử cán bộ tham dự các lớp tập huấn do tỉnh tổ chức.",
                "foreign": texts["foreign"].split("\n")[0],
            }
            submission = save(
                submission, officer, first_texts, first_values, _at(day - dt.timedelta(days=1), 16)
            )
            submission = services.submission_submit(
                actor=officer, submission=submission, at=_at(day, 9 + hour)
            )
            submission = services.submission_return(
                actor=secretariat, submission=submission, comment=RETURN_COMMENT, at=_at(*RETURN_AT)
            )
            resent = RESUBMIT_AT[0]
            submission = save(submission, officer, texts, values, _at(resent, 7.5))
            submission = services.submission_submit(
                actor=officer, submission=submission, at=_at(resent, RESUBMIT_AT[1])
            )
            services.submission_accept(
                actor=secretariat, submission=submission, at=_at(_next_working_day(resent), 10)
            )
            continue
        submission = save(submission, officer, texts, values, _at(day, 8 + hour * 0.5))
        submission = services.submission_submit(actor=officer, submission=submission, at=_at(day, 9 + hour))
        services.submission_accept(
            actor=secretariat, submission=submission, at=_at(_next_working_day(day), 10.5)
        )


def load(world: dict, stdout) -> None:
    committee: Committee = world["committees"]["ttdn"]
    persons: dict[str, Person] = world["persons"]
    secretariat = User.objects.filter(username="thuky").first()
    leader = User.objects.filter(username="lanhdao").first()

    period = _period(committee, secretariat)
    template = _template(committee, secretariat)
    request = ReportRequest.objects.filter(committee=committee, period=period, template=template).first()
    if request is None:
        request = services.request_create(
            actor=secretariat,
            committee=committee,
            period=period,
            template=template,
            units=list(committee.member_units.order_by("pk")),
            deadline=DEADLINE,
            title=REQUEST_TITLE,
            message=REQUEST_MESSAGE,
            sent_on=D(2017, 6, 15),
        )
        _submissions(request, template, secretariat)

    report = CommitteeReport.objects.filter(committee=committee, period=period).first()
    if report is None:
        from .selectors import request_status

        report = services.report_create(actor=secretariat, period=period, request=request, summary=SUMMARY)
        aggregate = build_aggregate(user=secretariat, period=period, request=request)
        status = request_status(request=request, today=REPORT_DATE)
        chair = persons["Hoàng Văn Nghiệm"]
        report = services.report_update(
            actor=secretariat,
            report=report,
            sections=final_sections(aggregate, status),
            note="Biên tập nội dung báo cáo từ báo cáo của các đơn vị",
            date=REPORT_DATE,
            signer=chair,
            recipients=RECIPIENTS,
            **signing_for(chair, committee, REPORT_DATE),
        )
        services.report_approve(actor=leader, report=report, date=REPORT_DATE, at=_at(REPORT_DATE, 15))

    year_report = _year_round(committee, template, secretariat)
    world["reports"] = {
        "period": period,
        "template": template,
        "request": request,
        "report": report,
        "year_report": year_report,
    }
    stdout.write(
        f"Báo cáo định kỳ: {ReportRequest.objects.count()} đề nghị, {Submission.objects.count()} báo cáo của "
        f"đơn vị, {CommitteeReport.objects.count()} báo cáo của Ban Chỉ đạo"
    )


# --- The 2017 year-end round, still open -------------------------------------------------------------------

YEAR_REQUEST_TITLE = "Báo cáo công tác thông tin đối ngoại năm 2017"
YEAR_SUMMARY = "Tổng kết công tác thông tin đối ngoại năm 2017"
YEAR_SENT_ON, YEAR_DEADLINE = D(2017, 12, 1), D(2017, 12, 15)
# Accepted; Sở Ngoại vụ's report waits for the secretariat; Thành phố Lạng Sơn has a draft, never sent.
YEAR_ACCEPTED = ("Huyện Văn Lãng", "Huyện Hữu Lũng", "Huyện Lộc Bình", "Báo Lạng Sơn")
YEAR_AWAITING = "Sở Ngoại vụ"
YEAR_DRAFT = "Thành phố Lạng Sơn"


def _year_round(committee: Committee, template: ReportTemplate, secretariat) -> CommitteeReport:
    """The year-end request of 2017 as it stands on the home pages: some units' reports accepted, one
    waiting for review, one drafted and never sent (late), the rest missing; the committee report drafted
    by the secretariat and waiting for the leader's approval."""
    period = ReportingPeriod.objects.filter(committee=committee, kind=PeriodKind.YEAR, year=YEAR).first()
    if period is None:
        period = services.period_create(
            actor=secretariat,
            committee=committee,
            kind=PeriodKind.YEAR,
            year=YEAR,
            submission_deadline=YEAR_DEADLINE,
        )
    request = ReportRequest.objects.filter(committee=committee, period=period).first()
    if request is None:
        request = services.request_create(
            actor=secretariat,
            committee=committee,
            period=period,
            template=template,
            units=list(committee.member_units.order_by("pk")),
            deadline=YEAR_DEADLINE,
            title=YEAR_REQUEST_TITLE,
            sent_on=YEAR_SENT_ON,
        )
        first_section = template.sections.order_by("position").first()
        officers = {
            user.organisation_id: user for user in User.objects.filter(username__in=OFFICERS.values())
        }
        submissions = Submission.objects.filter(request=request).select_related("unit").order_by("pk")
        for number, submission in enumerate(submissions):
            name = submission.unit.name
            if name not in (*YEAR_ACCEPTED, YEAR_AWAITING, YEAR_DRAFT):
                continue
            officer = officers.get(submission.unit_id)
            day = D(2017, 12, 8 + number % 6)
            text = f"{name} tổng hợp kết quả công tác thông tin đối ngoại năm 2017."
            submission = services.submission_save(
                actor=officer, submission=submission, texts={first_section.pk: text}, at=_at(day, 8)
            )
            if name == YEAR_DRAFT:
                continue
            submission = services.submission_submit(
                actor=officer, submission=submission, confirm_empty=True, at=_at(day, 9)
            )
            if name in YEAR_ACCEPTED:
                services.submission_accept(
                    actor=secretariat, submission=submission, at=_at(_next_working_day(day), 10)
                )
    report = CommitteeReport.objects.filter(committee=committee, period=period).first()
    if report is None:
        report = services.report_create(
            actor=secretariat, period=period, request=request, summary=YEAR_SUMMARY
        )
    return report
