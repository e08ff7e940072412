"""The meetings part of the demo world (domain.md §7): the joint briefing of both committees on the
morning of 26/7/2017, reviewing 1/1–30/6/2017, with its agenda, the attendance of the member units,
the article's two photos (drawn here as small PNG files), minutes, and the conclusion notice with its
13 key tasks.

The tasks app's demo has already entered those 13 tasks, with their progress through 2017 and 2018.
The notice takes them over (key_task_attach) instead of creating new ones, so the Task count stays the
same and running `giaoban demo` twice changes nothing. Agenda presenters, the venue, absences and the
minutes are invented; the assessment and limitations are the article's.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from giaoban.org.models import Committee, Organisation, Person, User
from giaoban.tasks.models import Task

from . import selectors, services
from .models import Attendance, Meeting, MeetingFileKind, MeetingKind

D, T = dt.date, dt.time
TITLE = "Hội nghị giao ban 6 tháng đầu năm 2017"
NOTICE_NUMBER = 125
NOTICE_DATE = D(2017, 7, 26)

MINUTES_NUMBER = 126  # the minutes are numbered after the notice signed the same day
# (title, presenter, presenter's unit, minutes, what the minutes record of it)
AGENDA = [
    (
        "Khai mạc hội nghị, giới thiệu đại biểu",
        "Chu Thị Mai",
        "Ban Tuyên giáo Tỉnh ủy",
        10,
        "Đồng chí Chu Thị Mai tuyên bố lý do, giới thiệu đại biểu dự hội nghị.",
    ),
    (
        "Báo cáo kết quả công tác thông tin đối ngoại 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối "
        "năm 2017",
        "Lương Văn Đức",
        "Ban Tuyên giáo Tỉnh ủy",
        30,
        "Đồng chí Lương Văn Đức trình bày dự thảo báo cáo: cử 29 đoàn đi công tác, tham dự hội đàm, khảo sát, "
        "trao đổi kinh nghiệm, đào tạo, bồi dưỡng và giao lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức "
        "đón tiếp 32 đoàn đến từ 9 quốc gia và vùng lãnh thổ đến thăm, làm việc.",
    ),
    (
        "Báo cáo kết quả công tác đấu tranh chống âm mưu, hoạt động “Diễn biến hòa bình” trên lĩnh vực tư "
        "tưởng, văn hóa 6 tháng đầu năm 2017",
        "Chu Thị Mai",
        "Ban Tuyên giáo Tỉnh ủy",
        20,
        "Báo cáo nêu kết quả ngăn chặn các hoạt động tôn giáo trái pháp luật và sự xâm nhập trái phép của các "
        "sản phẩm văn hóa độc hại; hạn chế trong quản lý, sử dụng Internet, các trang mạng xã hội.",
    ),
    (
        "Tình hình đoàn ra, đoàn vào 6 tháng đầu năm 2017",
        "Hà Thị Lan",
        "Sở Ngoại vụ",
        15,
        "Sở Ngoại vụ báo cáo các đoàn ra, đoàn vào theo từng địa bàn; phần lớn các đoàn làm việc với các địa "
        "phương của Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc).",
    ),
    (
        "Thảo luận, tham luận của các thành viên Ban Chỉ đạo",
        None,
        None,
        60,
        "Có 6 ý kiến thảo luận; các đại biểu đề xuất tập huấn nghiệp vụ cho người phát ngôn của các sở, "
        "ngành, huyện, thành phố và tăng cường quản lý thông tin trên mạng xã hội.",
    ),
    (
        "Phát biểu kết luận của Trưởng Ban Chỉ đạo",
        "Hoàng Văn Nghiệm",
        None,
        20,
        "Đồng chí Hoàng Văn Nghiệm phát biểu kết luận hội nghị (nội dung tại mục II).",
    ),
]
MINUTES_CONCLUSION = (
    "Đồng chí Hoàng Văn Nghiệm ghi nhận, biểu dương kết quả công tác thông tin đối ngoại và công tác đấu "
    "tranh chống âm mưu, hoạt động “Diễn biến hòa bình” 6 tháng đầu năm 2017; chỉ rõ hạn chế trong quản lý, "
    "sử dụng Internet, các trang mạng xã hội.\n"
    "Đồng chí đề nghị các cơ quan, đơn vị tập trung tập huấn cho lãnh đạo và người phát ngôn của các sở, "
    "ngành, huyện, thành phố; đổi mới nội dung, phương thức thông tin đối ngoại; các thành viên Ban Chỉ đạo "
    "thực hiện tốt nhiệm vụ được phân công."
)
# Units that did not come as invited (invented): (unit, attendance, absence reason, who came)
ATTENDANCE = {
    "Huyện Bình Gia": (Attendance.ABSENT, "Trùng lịch tiếp đoàn công tác của Trung ương.", ""),
    "Huyện Đình Lập": (Attendance.REPRESENTED, "Lãnh đạo huyện đi công tác.", "Chánh Văn phòng Huyện ủy"),
    "Sở Giáo dục và Đào tạo": (Attendance.REPRESENTED, "", "Chánh Văn phòng Sở"),
    "Sở Ngoại vụ": (Attendance.PRESENT, "", "Hà Thị Lan, Giám đốc Sở Ngoại vụ"),
}

ASSESSMENT = (
    "Trong 6 tháng đầu năm, công tác thông tin đối ngoại tiếp tục được các cấp ủy đảng, chính quyền từ tỉnh "
    "đến cơ sở quan tâm lãnh đạo, đạt nhiều kết quả quan trọng, đóng góp tích cực trong thực hiện các mục "
    "tiêu, nhiệm vụ, giải pháp phát triển kinh tế – xã hội đề ra. Cử 29 đoàn đi công tác, tham dự hội đàm, "
    "khảo sát, trao đổi kinh nghiệm, đào tạo, bồi dưỡng và giao lưu hữu nghị tại 12 quốc gia, vùng lãnh "
    "thổ; tổ chức đón tiếp 32 đoàn đến từ 9 quốc gia và vùng lãnh thổ đến thăm, làm việc.\n"
    "Công tác đấu tranh chống âm mưu, hoạt động “Diễn biến hòa bình” trên lĩnh vực tư tưởng, văn hóa được "
    "quan tâm lãnh đạo, chỉ đạo. Kịp thời ngăn chặn các hoạt động tôn giáo trái pháp luật. Đấu tranh ngăn "
    "chặn sự xâm nhập trái phép của các sản phẩm văn hóa độc hại đạt nhiều kết quả."
)
LIMITATIONS = (
    "Quản lý, sử dụng Internet, các trang mạng xã hội còn hạn chế; một bộ phận cán bộ, đảng viên và nhân "
    "dân nhận thức chưa đầy đủ về mức độ tinh vi, nguy hiểm trong các âm mưu, hoạt động “Diễn biến hòa "
    "bình” chống phá của các thế lực thù địch trên lĩnh vực tư tưởng, văn hóa."
)
MINUTES = (
    "Hội nghị làm việc theo chương trình đã gửi kèm giấy mời; ý kiến trình bày, thảo luận của từng nội dung "
    "như sau:"
)
RECIPIENTS = (
    "Thường trực Tỉnh ủy (để báo cáo)\nThường trực HĐND, UBND tỉnh\n"
    "Các thành viên Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh\n"
    "Các sở, ban, ngành, UBND các huyện, thành phố\nLưu: VT"
)
PHOTOS = [
    (
        "hoi-nghi-phat-bieu.png",
        "Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Trưởng Ban Chỉ đạo công tác thông tin "
        "đối ngoại và Ban Chỉ đạo 94 tỉnh phát biểu chỉ đạo",
        "speaker",
    ),
    ("hoi-nghi-dai-bieu.png", "Các đại biểu tham dự hội nghị", "audience"),
]


# --- Two small photos, drawn without an imaging library ------------------------------------------------


def _png(width: int, height: int, pixel) -> bytes:
    """A truecolour PNG (8 bits per channel) of pixel(x, y) -> (r, g, b)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _hall(scene: str) -> bytes:
    """A hall with a red backdrop: a speaker at the rostrum, or rows of delegates."""
    width, height = 240, 135

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if y < 55:
            star = abs(x - 120) + abs(y - 22) < 9
            return (250, 215, 60) if star else (175, 28, 32)
        if scene == "speaker":
            if 95 <= x <= 145 and 70 <= y <= 135:
                return (120, 80, 45)  # rostrum
            if (x - 120) ** 2 + (y - 58) ** 2 < 80:
                return (60, 45, 35)  # the speaker
            return (215, 200, 170)
        row, column = (y - 55) // 20, x // 24
        cx, cy = column * 24 + 12, 55 + row * 20 + 8
        if (x - cx) ** 2 + (y - cy) ** 2 < 30:
            return (45, 40, 40)
        return (225, 215, 190) if row % 2 else (205, 195, 170)

    return _png(width, height, pixel)


# --- Loading ---------------------------------------------------------------------------------------------


def _existing_key_tasks(committee: Committee, symbol: str) -> dict[int, Task]:
    """The tasks the tasks app's demo entered for this notice, by item; they name the notice by number."""
    numbers = {symbol}
    try:
        from giaoban.tasks.demo import NOTICE

        numbers.add(NOTICE["source_number"])
    except (ImportError, KeyError):  # pragma: no cover - the tasks demo is part of the same world
        pass
    tasks = Task.objects.filter(committee=committee, source_number__in=numbers, source_item__isnull=False)
    return {task.source_item: task for task in tasks.prefetch_related("coordinating_units")}


def load(world: dict, stdout) -> None:
    committees: dict[str, Committee] = world["committees"]
    units: dict[str, Organisation] = world["organisations"]
    persons: dict[str, Person] = world["persons"]
    host, other = committees["ttdn"], committees["bcd94"]
    if Meeting.objects.filter(committee=host, date=D(2017, 7, 26), title=TITLE).exists():
        stdout.write(f"Hội nghị: {Meeting.objects.count()}")
        return
    secretariat = User.objects.filter(username="thuky").first()

    meeting = services.meeting_create(
        actor=secretariat,
        committee=host,
        committees=[host, other],
        kind=MeetingKind.SEMI_ANNUAL,
        title=TITLE,
        date=D(2017, 7, 26),
        start_time=T(8, 0),
        end_time=T(11, 30),
        venue="Hội trường Tỉnh ủy Lạng Sơn",
        chair=persons["Hoàng Văn Nghiệm"],
        period_start=D(2017, 1, 1),
        period_end=D(2017, 6, 30),
        invitation_date=D(2017, 7, 19),
        minutes=MINUTES,
        minutes_conclusion=MINUTES_CONCLUSION,
        minutes_taker=persons["Chu Thị Mai"],
    )
    for title, presenter, unit, minutes, record in AGENDA:
        services.agenda_item_create(
            actor=secretariat,
            meeting=meeting,
            title=title,
            presenter=persons.get(presenter or ""),
            presenter_unit=units.get(unit or ""),
            duration_minutes=minutes,
            record=record,
        )
    invited = list(selectors.units_of([host, other]))
    services.invitees_add(actor=secretariat, meeting=meeting, units=invited)
    for invitee in selectors.invitee_list(meeting=meeting):
        attendance, reason, who = ATTENDANCE.get(invitee.unit.name, (Attendance.PRESENT, "", ""))
        services.attendance_record(
            actor=secretariat,
            invitee=invitee,
            attendance=attendance,
            absence_reason=reason,
            represented_by=who,
        )
    for name, caption, scene in PHOTOS:
        services.meeting_file_add(
            actor=secretariat,
            meeting=meeting,
            kind=MeetingFileKind.PHOTO,
            upload=SimpleUploadedFile(name, _hall(scene), content_type="image/png"),
            caption=caption,
        )

    notice = services.conclusion_create(
        actor=secretariat,
        meeting=meeting,
        date=NOTICE_DATE,
        assessment=ASSESSMENT,
        limitations=LIMITATIONS,
        recipients=RECIPIENTS,
    )
    symbol = services.notice_symbol(type(notice)(committee=host, number=NOTICE_NUMBER))
    existing = _existing_key_tasks(host, symbol)
    for item in sorted(existing):
        task = existing[item]
        key_task = services.key_task_create(
            actor=secretariat,
            notice=notice,
            title=task.title,
            description=task.description,
            lead_unit=task.lead_unit,
            coordinating_units=list(task.coordinating_units.all()),
            recurring=task.recurring,
            deadline=task.deadline,
        )
        services.key_task_attach(actor=secretariat, key_task=key_task, task=task)
    # The invitation takes the committee's first number of 2017 on 19/7 (the report approved on 20/7 takes
    # the next), the minutes theirs after the notice.
    services.meeting_document_number(actor=secretariat, meeting=meeting, kind="invitation")
    services.conclusion_issue(actor=secretariat, notice=notice, number=NOTICE_NUMBER, date=NOTICE_DATE)
    services.meeting_document_number(
        actor=secretariat, meeting=meeting, kind="minutes", number=MINUTES_NUMBER, date=NOTICE_DATE
    )
    stdout.write(f"Hội nghị: {Meeting.objects.count()}, nhiệm vụ trọng tâm: {notice.key_tasks.count()}")
