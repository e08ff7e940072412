"""The org part of the demo world (domain.md §7): Lạng Sơn, its two committees, units, people, users.

The chair, Hoàng Văn Nghiệm, and his titles come from the source article; his dates of office are
approximate. Every other person is invented.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission

from giaoban.core.permissions import Role

from . import services
from .models import (
    Committee,
    CommitteeLayout,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    User,
)

DEMO_PASSWORD = "giaoban-demo"
K = OrganisationKind

# (name, short name, kind, parent name)
ORGANISATIONS = [
    ("Tỉnh ủy Lạng Sơn", "Tỉnh ủy", K.PARTY, None),
    ("Hội đồng nhân dân tỉnh Lạng Sơn", "HĐND tỉnh", K.PEOPLES_COUNCIL, None),
    ("Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh", K.PEOPLES_COMMITTEE, None),
    ("Ban Tuyên giáo Tỉnh ủy", "BTG", K.PARTY, "Tỉnh ủy Lạng Sơn"),
    ("Ban Dân vận Tỉnh ủy", "BDV", K.PARTY, "Tỉnh ủy Lạng Sơn"),
    ("Sở Ngoại vụ", "SNgV", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Thông tin và Truyền thông", "STTTT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Công Thương", "SCT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Nội vụ", "SNV", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Công an tỉnh", "CAT", K.ARMED_FORCES, None),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS", K.ARMED_FORCES, None),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP", K.ARMED_FORCES, None),
    ("Báo Lạng Sơn", "Báo LS", K.PRESS, None),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", K.PRESS, None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh", K.MASS_ORGANISATION, None),
    ("Thành phố Lạng Sơn", "TP Lạng Sơn", K.LOCALITY, None),
    ("Huyện Tràng Định", "Tràng Định", K.LOCALITY, None),
    ("Huyện Văn Lãng", "Văn Lãng", K.LOCALITY, None),
    ("Huyện Văn Quan", "Văn Quan", K.LOCALITY, None),
    ("Huyện Bình Gia", "Bình Gia", K.LOCALITY, None),
    ("Huyện Bắc Sơn", "Bắc Sơn", K.LOCALITY, None),
    ("Huyện Hữu Lũng", "Hữu Lũng", K.LOCALITY, None),
    ("Huyện Chi Lăng", "Chi Lăng", K.LOCALITY, None),
    ("Huyện Cao Lộc", "Cao Lộc", K.LOCALITY, None),
    ("Huyện Lộc Bình", "Lộc Bình", K.LOCALITY, None),
    ("Huyện Đình Lập", "Đình Lập", K.LOCALITY, None),
]

NOT_MEMBERS = {"Tỉnh ủy Lạng Sơn", "Hội đồng nhân dân tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn"}
# Units of Steering Committee 94 (the Party's ideological work) that do not sit on the
# external-information committee, and the reverse.
ONLY_TTDN = {"Sở Ngoại vụ", "Sở Công Thương", "Sở Kế hoạch và Đầu tư"}
ONLY_94 = {"Ban Dân vận Tỉnh ủy", "Sở Nội vụ", "Sở Giáo dục và Đào tạo"}

CHAIR = "Hoàng Văn Nghiệm"
TERM_START = dt.date(2016, 1, 1)

# (person, [(title, organisation, precedence, start, end)], [(committee key, role, representing)])
PEOPLE = [
    (
        CHAIR,
        [
            (
                "Phó Bí thư Thường trực Tỉnh ủy",
                "Tỉnh ủy Lạng Sơn",
                1,
                dt.date(2015, 10, 1),
                dt.date(2020, 10, 15),
            ),
            (
                "Chủ tịch HĐND tỉnh",
                "Hội đồng nhân dân tỉnh Lạng Sơn",
                2,
                dt.date(2016, 5, 1),
                dt.date(2021, 6, 30),
            ),
        ],
        [
            ("ttdn", MembershipRole.HEAD, "Tỉnh ủy Lạng Sơn"),
            ("bcd94", MembershipRole.HEAD, "Tỉnh ủy Lạng Sơn"),
        ],
    ),
    (
        "Lương Văn Đức",
        [("Trưởng Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", 1, dt.date(2015, 10, 1), None)],
        [
            ("ttdn", MembershipRole.STANDING_DEPUTY, "Ban Tuyên giáo Tỉnh ủy"),
            ("bcd94", MembershipRole.STANDING_DEPUTY, "Ban Tuyên giáo Tỉnh ủy"),
        ],
    ),
    (
        "Hà Thị Lan",
        [("Giám đốc Sở Ngoại vụ", "Sở Ngoại vụ", 1, dt.date(2014, 3, 1), None)],
        [("ttdn", MembershipRole.DEPUTY, "Sở Ngoại vụ")],
    ),
    (
        "Nông Văn Bình",
        [
            (
                "Giám đốc Sở Thông tin và Truyền thông",
                "Sở Thông tin và Truyền thông",
                1,
                dt.date(2016, 2, 1),
                None,
            )
        ],
        [
            ("ttdn", MembershipRole.MEMBER, "Sở Thông tin và Truyền thông"),
            ("bcd94", MembershipRole.MEMBER, "Sở Thông tin và Truyền thông"),
        ],
    ),
    (
        "Chu Thị Mai",
        [("Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", 1, dt.date(2016, 1, 1), None)],
        [
            ("ttdn", MembershipRole.SECRETARY, "Ban Tuyên giáo Tỉnh ủy"),
            ("bcd94", MembershipRole.SECRETARY, "Ban Tuyên giáo Tỉnh ủy"),
        ],
    ),
    (
        "Vi Văn Quang",
        [("Phó Giám đốc Công an tỉnh", "Công an tỉnh", 1, dt.date(2015, 6, 1), None)],
        [("ttdn", MembershipRole.MEMBER, "Công an tỉnh"), ("bcd94", MembershipRole.MEMBER, "Công an tỉnh")],
    ),
    (
        "Lăng Văn Sơn",
        [
            (
                "Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh",
                "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                1,
                dt.date(2015, 1, 1),
                None,
            )
        ],
        [("ttdn", MembershipRole.MEMBER, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh")],
    ),
    (
        "Hoàng Thị Thu",
        [("Tổng Biên tập Báo Lạng Sơn", "Báo Lạng Sơn", 1, dt.date(2013, 9, 1), None)],
        [("ttdn", MembershipRole.MEMBER, "Báo Lạng Sơn"), ("bcd94", MembershipRole.MEMBER, "Báo Lạng Sơn")],
    ),
    (
        "Đinh Văn Hùng",
        [
            (
                "Giám đốc Đài Phát thanh và Truyền hình tỉnh",
                "Đài Phát thanh và Truyền hình tỉnh",
                1,
                dt.date(2012, 4, 1),
                None,
            )
        ],
        [("ttdn", MembershipRole.MEMBER, "Đài Phát thanh và Truyền hình tỉnh")],
    ),
    (
        "Lộc Văn Hải",
        [
            ("Bí thư Thành ủy Lạng Sơn", "Thành phố Lạng Sơn", 1, dt.date(2015, 9, 1), None),
        ],
        [
            ("ttdn", MembershipRole.MEMBER, "Thành phố Lạng Sơn"),
            ("bcd94", MembershipRole.MEMBER, "Thành phố Lạng Sơn"),
        ],
    ),
    (
        "Mã Thị Hoa",
        [("Chuyên viên Sở Ngoại vụ", "Sở Ngoại vụ", 5, dt.date(2015, 1, 1), None)],
        [],
    ),
    (
        "Triệu Văn Tuấn",
        [("Chuyên viên Văn phòng Thành ủy Lạng Sơn", "Thành phố Lạng Sơn", 5, dt.date(2015, 1, 1), None)],
        [],
    ),
]

# Both committees are headed by the Party Committee's standing deputy secretary and kept by a Party
# board (the Propaganda Board): they issue Party-style documents (Guidance 36-HD/VPTW) under the
# Tỉnh ủy's name, which letterhead.propose_layout proposes for them too.
PARENT_BODY = "Tỉnh ủy Lạng Sơn"
COMMITTEES = {
    "ttdn": dict(
        name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
        short_name="BCĐ TTĐN",
        title_name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
        decision_number="1866-QĐ/TU",
        decision_date=dt.date(2015, 11, 12),
        decision_issuer="Tỉnh ủy Lạng Sơn",
        document_layout=CommitteeLayout.PARTY,
        parent_body_name="TỈNH ỦY LẠNG SƠN",
        document_code="BCĐ",
        place_name="Lạng Sơn",
    ),
    "bcd94": dict(
        name=(
            "Ban Chỉ đạo đấu tranh chống âm mưu, hoạt động “Diễn biến hòa bình” "
            "trên lĩnh vực tư tưởng, văn hóa tỉnh Lạng Sơn"
        ),
        short_name="Ban Chỉ đạo 94",
        title_name="Ban Chỉ đạo 94 tỉnh",
        decision_number="245-QĐ/TU",
        decision_date=dt.date(2015, 12, 2),
        decision_issuer="Tỉnh ủy Lạng Sơn",
        document_layout=CommitteeLayout.PARTY,
        parent_body_name="TỈNH ỦY LẠNG SƠN",
        document_code="BCĐ94",
        place_name="Lạng Sơn",
    ),
}

# (username, full name split as first/last for Django, role, organisation, committees, person)
USERS = [
    (
        "thuky",
        ("Chu Thị", "Mai"),
        Role.SECRETARIAT,
        "Ban Tuyên giáo Tỉnh ủy",
        ["ttdn", "bcd94"],
        "Chu Thị Mai",
    ),
    ("lanhdao", ("Hoàng Văn", "Nghiệm"), Role.LEADER, "Tỉnh ủy Lạng Sơn", ["ttdn", "bcd94"], CHAIR),
    ("sngv", ("Mã Thị", "Hoa"), Role.UNIT_OFFICER, "Sở Ngoại vụ", ["ttdn"], "Mã Thị Hoa"),
    (
        "tpls",
        ("Triệu Văn", "Tuấn"),
        Role.UNIT_OFFICER,
        "Thành phố Lạng Sơn",
        ["ttdn", "bcd94"],
        "Triệu Văn Tuấn",
    ),
    ("admin", ("Quản trị", "hệ thống"), Role.ADMIN, None, [], None),
]

# The system admin keeps accounts, reads the login audit (django-axes) and lifts lockouts.
ADMIN_PERMISSIONS = [
    "view_user",
    "add_user",
    "change_user",
    "view_apitoken",
    "delete_apitoken",
    "view_accesslog",
    "view_accessattempt",
    "delete_accessattempt",
    "view_accessfailurelog",
]


def load(world: dict, stdout) -> None:
    organisations: dict[str, Organisation] = {o.name: o for o in Organisation.objects.all()}
    for name, short_name, kind, parent in ORGANISATIONS:
        if name not in organisations:
            organisations[name] = services.organisation_create(
                actor=None,
                name=name,
                short_name=short_name,
                kind=kind,
                parent=organisations.get(parent or ""),
            )
    agency = organisations["Ban Tuyên giáo Tỉnh ủy"]

    committees: dict[str, Committee] = {}
    for key, data in COMMITTEES.items():
        excluded = NOT_MEMBERS | (ONLY_94 if key == "ttdn" else ONLY_TTDN)
        units = [org for name, org in organisations.items() if name not in excluded]
        committee = Committee.objects.filter(short_name=data["short_name"]).first()
        parent_body = organisations[PARENT_BODY]
        if committee is None:
            committee = services.committee_create(
                actor=None,
                standing_agency=agency,
                member_units=units,
                parent_body=parent_body,
                parent_body_code="TU",
                **data,
            )
        elif committee.parent_body_id is None or committee.document_layout != data["document_layout"]:
            # A demo loaded before committees had a parent body and both printed the Party letterhead.
            committee = services.committee_update(
                actor=None,
                committee=committee,
                parent_body=parent_body,
                parent_body_code="TU",
                document_layout=data["document_layout"],
                parent_body_name=data["parent_body_name"],
            )
        committees[key] = committee

    persons: dict[str, Person] = {p.full_name: p for p in Person.objects.all()}
    for full_name, positions, memberships in PEOPLE:
        person = persons.get(full_name)
        if person is None:
            person = persons[full_name] = services.person_create(actor=None, full_name=full_name)
            for title, org_name, precedence, start, end in positions:
                services.position_create(
                    actor=None,
                    person=person,
                    organisation=organisations[org_name],
                    title=title,
                    precedence=precedence,
                    start_date=start,
                    end_date=end,
                )
        for key, role, representing in memberships:
            exists = CommitteeMembership.objects.filter(
                committee=committees[key], person=person, role=role
            ).exists()
            if not exists:
                services.membership_create(
                    actor=None,
                    committee=committees[key],
                    person=person,
                    role=role,
                    representing=organisations[representing],
                    start_date=TERM_START,
                )

    admin_permissions = list(Permission.objects.filter(codename__in=ADMIN_PERMISSIONS))
    for username, (first, last), role, org_name, committee_keys, person_name in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = services.user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            organisation=organisations.get(org_name or ""),
            committees=[committees[k] for k in committee_keys],
            person=persons.get(person_name or ""),
            first_name=first,
            last_name=last,
            is_staff=role == Role.ADMIN,
        )
        if role == Role.ADMIN:
            user.user_permissions.set(admin_permissions)

    world.update(organisations=organisations, committees=committees, persons=persons)
    stdout.write(
        f"Đơn vị: {Organisation.objects.count()}, ban chỉ đạo: {Committee.objects.count()}, "
        f"cá nhân: {Person.objects.count()}, chức vụ: {Position.objects.count()}, "
        f"người dùng: {User.objects.count()}"
    )
