"""The tasks part of the demo world (domain.md §7): the 13 key tasks of the joint briefing of 26/7/2017
with their progress through 2017 and 2018, and some older tasks.

The article names tasks 1–4 (following the Party's line, training leaders and spokespersons, renewing
information work, better advice on complex issues) and the member units' own tasks; the others are
plausible inventions. They carry no "(dữ liệu mẫu)" marker: their titles print in the conclusion notice,
and an official text never carries one (the README says which parts of the demo are invented). The conclusion notice itself belongs to the meetings app: here
the tasks name it as their source document, by number and date.

As of 31/12/2017 every class is present (on time, late, open on time, open overdue, recurring,
cancelled, one extended); as of today the 2018 deadlines have passed and the picture differs.
"""

from __future__ import annotations

import datetime as dt

from giaoban.org.models import Committee, Organisation, User

from . import services
from .models import Task

D = dt.date
NOTICE = dict(
    source_title="Thông báo kết luận hội nghị giao ban 6 tháng đầu năm 2017",
    source_number="125-TB/BCĐ",
    source_date=D(2017, 7, 26),
    source_issuer="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
)
OLD_NOTICE = dict(
    source_title="Thông báo kết luận hội nghị tổng kết năm 2016",
    source_number="98-TB/BCĐ",
    source_date=D(2017, 1, 20),
    source_issuer="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
)

# (item, title, lead unit, coordinating units, deadline or None for recurring,
#  progress [(date, percent, text, unit or None for the lead)], completion date, extension)
KEY_TASKS = [
    (
        1,
        "Tiếp tục bám sát chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về công tác "
        "thông tin đối ngoại; trên cơ sở đó chỉ đạo, định hướng tuyên truyền, đấu tranh cho phù hợp",
        "Ban Tuyên giáo Tỉnh ủy",
        ["Sở Thông tin và Truyền thông", "Sở Ngoại vụ"],
        None,
        [
            (D(2017, 9, 30), 0, "Ban hành định hướng tuyên truyền quý III/2017."),
            (D(2017, 12, 29), 0, "Ban hành định hướng tuyên truyền quý IV/2017."),
            (D(2018, 6, 29), 0, "Định hướng tuyên truyền 6 tháng đầu năm 2018."),
        ],
        None,
        None,
    ),
    (
        2,
        "Tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại cho đội ngũ cán bộ lãnh đạo và người phát ngôn "
        "của các sở, ban, ngành, các huyện, thành phố",
        "Sở Thông tin và Truyền thông",
        ["Ban Tuyên giáo Tỉnh ủy", "Sở Ngoại vụ"],
        D(2017, 11, 30),
        [
            (D(2017, 8, 25), 20, "Xây dựng kế hoạch tập huấn, dự kiến 120 học viên."),
            (D(2017, 10, 20), 60, "Đã mời báo cáo viên của Bộ Thông tin và Truyền thông."),
            (
                D(2017, 10, 31),
                40,
                "Sở Ngoại vụ chuẩn bị chuyên đề về thông tin đối ngoại vùng biên.",
                "Sở Ngoại vụ",
            ),
        ],
        D(2017, 11, 20),
        None,
    ),
    (
        3,
        "Tiếp tục đổi mới nội dung, phương thức hoạt động thông tin, tuyên truyền đối ngoại",
        "Sở Thông tin và Truyền thông",
        ["Báo Lạng Sơn", "Đài Phát thanh và Truyền hình tỉnh"],
        D(2017, 12, 31),
        [
            (D(2017, 9, 15), 30, "Mở chuyên mục thông tin đối ngoại trên Cổng thông tin điện tử tỉnh."),
            (D(2017, 11, 30), 80, "Phối hợp Báo Lạng Sơn ra trang song ngữ Việt – Trung."),
        ],
        D(2017, 12, 28),
        None,
    ),
    (
        4,
        "Nâng cao chất lượng công tác tham mưu, chỉ đạo, định hướng đối với các vấn đề quan trọng, phức tạp "
        "nảy sinh trên địa bàn",
        "Ban Tuyên giáo Tỉnh ủy",
        ["Công an tỉnh"],
        D(2017, 10, 31),
        [(D(2017, 9, 20), 50, "Duy trì giao ban báo chí hằng tháng.")],
        D(2017, 10, 30),
        None,
    ),
    (
        5,
        "Tăng cường quản lý, sử dụng Internet, các trang mạng xã hội; kịp thời đấu tranh, phản bác thông tin "
        "sai trái",
        "Sở Thông tin và Truyền thông",
        ["Công an tỉnh"],
        D(2017, 9, 30),
        [
            (D(2017, 8, 31), 40, "Rà soát các trang thông tin điện tử tổng hợp trên địa bàn."),
            (D(2017, 9, 29), 80, "Còn chờ số liệu của Công an tỉnh."),
        ],
        D(2017, 10, 16),
        None,
    ),
    (
        6,
        "Xây dựng kế hoạch công tác thông tin đối ngoại năm 2018 của tỉnh",
        "Sở Ngoại vụ",
        ["Sở Thông tin và Truyền thông"],
        D(2017, 12, 15),
        [
            (D(2017, 10, 30), 30, "Đã có dự thảo khung kế hoạch."),
            (D(2017, 12, 4), 60, "Chờ ý kiến của các sở, ngành."),
            (D(2018, 1, 15), 90, "Đã tổng hợp ý kiến, trình Ban Chỉ đạo."),
        ],
        D(2018, 1, 25),
        (D(2017, 12, 5), D(2017, 12, 8), D(2018, 1, 31), "Cần thêm thời gian lấy ý kiến các sở, ngành."),
    ),
    (
        7,
        "Tuyên truyền về kết quả hợp tác với các địa phương của Khu tự trị dân tộc Choang Quảng Tây "
        "(Trung Quốc)",
        "Sở Ngoại vụ",
        ["Báo Lạng Sơn"],
        D(2017, 10, 31),
        [
            (D(2017, 9, 12), 30, "Đã thống nhất nội dung với Báo Lạng Sơn."),
            (D(2017, 11, 20), 50, "Chậm do chờ số liệu hội đàm cuối năm."),
            (D(2018, 2, 28), 90, "Đã đăng loạt bài 3 kỳ."),
        ],
        D(2018, 3, 15),
        None,
    ),
    (
        8,
        "Đẩy mạnh thông tin đối ngoại về tiềm năng du lịch, thương mại của thành phố Lạng Sơn",
        "Thành phố Lạng Sơn",
        ["Sở Văn hóa, Thể thao và Du lịch"],
        D(2018, 6, 30),
        [
            (D(2017, 10, 10), 20, "Xây dựng phim giới thiệu thành phố."),
            (D(2018, 3, 30), 50, "Đã in 5.000 tờ gấp song ngữ."),
        ],
        None,
        None,
    ),
    (
        9,
        "Nâng cao chất lượng chuyên mục đối ngoại, quảng bá hình ảnh Lạng Sơn trên sóng phát thanh, "
        "truyền hình",
        "Đài Phát thanh và Truyền hình tỉnh",
        [],
        D(2018, 3, 31),
        [(D(2017, 12, 20), 60, "Tăng thời lượng chuyên mục lên 2 số mỗi tháng.")],
        D(2018, 3, 28),
        None,
    ),
    (
        10,
        "Các cơ quan báo chí tiếp tục đấu tranh, phản bác các quan điểm sai trái, thù địch",
        "Báo Lạng Sơn",
        ["Đài Phát thanh và Truyền hình tỉnh"],
        D(2017, 12, 31),
        [(D(2017, 10, 31), 70, "Đăng 24 bài đấu tranh, phản bác.")],
        D(2017, 12, 20),
        None,
    ),
    (
        11,
        "Làm tốt công tác thông tin đối ngoại tại khu vực biên giới, cửa khẩu",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        ["Công an tỉnh", "Huyện Cao Lộc"],
        D(2017, 11, 30),
        [(D(2017, 10, 5), 50, "Tuyên truyền tại 18 xã biên giới.")],
        D(2017, 11, 25),
        None,
    ),
    (
        12,
        "Sơ kết công tác thông tin đối ngoại tại các huyện biên giới",
        "Huyện Văn Lãng",
        ["Huyện Tràng Định", "Huyện Cao Lộc", "Huyện Lộc Bình", "Huyện Đình Lập"],
        D(2018, 9, 30),
        [
            (D(2017, 12, 15), 20, "Xây dựng đề cương sơ kết."),
            (D(2018, 6, 30), 70, "Các huyện đã gửi báo cáo."),
        ],
        D(2018, 9, 20),
        None,
    ),
    (
        13,
        "Rà soát, kiện toàn đội ngũ người phát ngôn và cung cấp thông tin cho báo chí của các sở, ngành, "
        "huyện, thành phố (Nghị định 09/2017/NĐ-CP)",
        "Sở Thông tin và Truyền thông",
        ["Thành phố Lạng Sơn"],
        D(2017, 11, 15),
        [
            (D(2017, 9, 30), 50, "Đã có danh sách người phát ngôn của 20 sở, ngành."),
            (D(2017, 10, 31), 60, "Thành phố đã cử người phát ngôn.", "Thành phố Lạng Sơn"),
        ],
        D(2017, 11, 10),
        None,
    ),
]

# Older tasks: (committee key, title, lead, assigned, deadline or None, completed, cancelled (date, reason))
OLDER_TASKS = [
    (
        "ttdn",
        "Tổng kết 5 năm công tác thông tin đối ngoại giai đoạn 2012–2016",
        "Ban Tuyên giáo Tỉnh ủy",
        D(2017, 1, 20),
        D(2017, 5, 31),
        D(2017, 5, 25),
        None,
    ),
    (
        "ttdn",
        "Xuất bản tập gấp giới thiệu Lạng Sơn bằng tiếng Trung",
        "Sở Ngoại vụ",
        D(2017, 1, 20),
        D(2017, 6, 30),
        None,
        (D(2017, 9, 15), "Nội dung đã được lồng ghép vào ấn phẩm quảng bá du lịch năm 2017."),
    ),
    (
        "ttdn",
        "Hoàn thành trang thông tin đối ngoại của tỉnh năm 2016",
        "Sở Thông tin và Truyền thông",
        D(2016, 7, 15),
        D(2016, 12, 31),
        D(2016, 12, 20),
        None,
    ),
    (
        "bcd94",
        "Đấu tranh ngăn chặn sự xâm nhập trái phép của các sản phẩm văn hóa độc hại qua biên giới",
        "Công an tỉnh",
        D(2017, 1, 20),
        D(2017, 6, 30),
        D(2017, 7, 10),
        None,
    ),
    (
        "bcd94",
        "Kịp thời ngăn chặn các hoạt động tôn giáo trái pháp luật",
        "Công an tỉnh",
        D(2017, 1, 20),
        None,
        None,
        None,
    ),
]


def load(world: dict, stdout) -> None:
    committees: dict[str, Committee] = world["committees"]
    units: dict[str, Organisation] = world["organisations"]
    users = {user.username: user for user in User.objects.filter(username__in=["thuky", "sngv", "tpls"])}
    secretariat = users.get("thuky")
    officer_of = {u.organisation_id: u for u in users.values() if u.username != "thuky"}
    committee = committees["ttdn"]

    for item, title, lead, coordinating, deadline, progress, completed, extension in KEY_TASKS:
        if Task.objects.filter(
            committee=committee, source_number=NOTICE["source_number"], source_item=item
        ).exists():
            continue
        lead_unit = units[lead]
        officer = officer_of.get(lead_unit.pk)
        task = services.task_create(
            actor=secretariat,
            committee=committee,
            title=title,
            lead_unit=lead_unit,
            coordinating_units=[units[name] for name in coordinating],
            deadline=deadline,
            recurring=deadline is None,
            assigned_on=NOTICE["source_date"],
            source_item=item,
            **NOTICE,
        )
        steps: list[tuple[dt.date, str, tuple]] = [(entry[0], "progress", entry) for entry in progress]
        if extension:
            steps.append((extension[0], "extension", extension))
        if completed:
            steps.append((completed, "completed", (completed,)))
        for _day, kind, data in sorted(steps, key=lambda step: step[0]):
            if kind == "progress":
                unit = units[data[3]] if len(data) > 3 else lead_unit
                services.progress_create(
                    actor=officer_of.get(unit.pk),
                    task=task,
                    unit=unit,
                    reported_on=data[0],
                    percent=data[1],
                    text=data[2],
                )
            elif kind == "extension":
                requested_on, decided_on, new_deadline, reason = data
                request = services.extension_request(
                    actor=officer,
                    task=task,
                    new_deadline=new_deadline,
                    reason=reason,
                    requested_on=requested_on,
                )
                services.extension_approve(actor=secretariat, extension=request, decided_on=decided_on)
            else:
                report = services.completion_report(
                    actor=officer, task=task, text="Đã hoàn thành nhiệm vụ.", reported_on=data[0]
                )
                services.completion_confirm(
                    actor=secretariat, report=report, decided_on=data[0] + dt.timedelta(days=3)
                )

    for key, title, lead, assigned, deadline, completed, cancelled in OLDER_TASKS:
        target = committees[key]
        if Task.objects.filter(committee=target, title=title).exists():
            continue
        task = services.task_create(
            actor=secretariat,
            committee=target,
            title=title,
            lead_unit=units[lead],
            deadline=deadline,
            recurring=deadline is None,
            assigned_on=assigned,
            **(OLD_NOTICE if assigned.year == 2017 else {}),
        )
        if completed:
            report = services.completion_report(
                actor=None, task=task, text="Đã hoàn thành.", reported_on=completed
            )
            services.completion_confirm(actor=secretariat, report=report, decided_on=completed)
        if cancelled:
            services.task_cancel(actor=secretariat, task=task, reason=cancelled[1], on=cancelled[0])

    stdout.write(f"Nhiệm vụ: {Task.objects.count()}")
