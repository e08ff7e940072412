"""Whose header a committee's document carries, and in which layout: the one place every document
(notice, invitation, minutes, report) takes its letterhead from.

A committee prints its own header (the parent body above the committee's name) in its layout, state
(Decree 30/2020/NĐ-CP) or Party (Guidance 36-HD/VPTW). A document drafted for the parent body's
letterhead (the secretariat drafts the Tỉnh ủy's or the UBND tỉnh's report) prints that body's header
in that body's layout: a Party committee in the Party layout, a People's Committee in the state one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giaoban.core.documents import PARTY, STATE, Layout, document_number_line
from giaoban.core.models import Letterhead as LetterheadChoice

from .models import (
    Committee,
    CommitteeLayout,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
)

# Decree 30/2020/NĐ-CP, Appendix I, point II.2: the parent body's name may use the abbreviations in
# common use; these are the ones provincial offices print.
_HEADER_ABBREVIATIONS = (
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
)
# The first line of a body's own header when its name is long ("ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN").
_HEADER_BREAKS = ("Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Mặt trận Tổ quốc Việt Nam")
# The code a body's documents carry after the type ("Số: 12/BC-UBND", "Số 125-BC/TU").
_BODY_CODES = (
    (OrganisationKind.PEOPLES_COMMITTEE, "UBND"),
    (OrganisationKind.PEOPLES_COUNCIL, "HĐND"),
)
_PARTY_COMMITTEE_CODES = (("Tỉnh ủy", "TU"), ("Thành ủy", "TU"), ("Huyện ủy", "HU"), ("Đảng ủy", "ĐU"))
PROPOSED_PARTY = _(
    "Trưởng ban là %(title)s, cơ quan thường trực %(agency)s là cơ quan Đảng: văn bản theo thể thức của Đảng."
)
PROPOSED_STATE_HEAD = _(
    "Trưởng ban không giữ chức Bí thư, Phó Bí thư cấp ủy: văn bản theo thể thức nhà nước."
)
PROPOSED_STATE_AGENCY = _("Cơ quan thường trực không phải là cơ quan Đảng: văn bản theo thể thức nhà nước.")
# A Party committee's secretaries: "Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực".
_SECRETARY_TITLE = re.compile(r"\bBí thư\b", re.IGNORECASE)


@dataclass(frozen=True)
class Letterhead:
    """The header fields of an `OfficialDocument`: layout, parent body, issuer, issuer code, place."""

    layout: Layout
    parent_body: str
    issuer: str
    issuer_code: str
    place: str
    of_parent_body: bool = False

    def header(self) -> dict[str, str]:
        """The keyword arguments of `OfficialDocument` this letterhead fills in."""
        return {
            "layout": self.layout,
            "parent_body": self.parent_body,
            "issuer": self.issuer,
            "issuer_code": self.issuer_code,
            "place": self.place,
        }

    def document_number(self, number: int | None) -> int | None:
        """The number printed: the committee's own, or a blank on the parent body's letterhead, whose
        clerk registers the document in that body's series."""
        return None if self.of_parent_body else number

    def number_line(self, number: int | None, type_code: str) -> str:
        """ "Số 125-TB/BCĐ" (Party) or "Số: 12/BC-BCĐ" (state)."""
        return document_number_line(self.layout, self.document_number(number), type_code, self.issuer_code)

    def symbol(self, number: int | None, type_code: str) -> str:
        """The number and symbol without "Số": "125-TB/BCĐ", "12/BC-BCĐ"; "" without a number of ours."""
        if self.document_number(number) is None:
            return ""
        return self.number_line(number, type_code).removeprefix("Số:").removeprefix("Số").strip()


def parent_body_line(organisation: Organisation) -> str:
    """ "TỈNH ỦY LẠNG SƠN", "UBND TỈNH LẠNG SƠN": a body's name as the line above an issuer's."""
    line = organisation.name.upper()
    for full, short in _HEADER_ABBREVIATIONS:
        if line.startswith(full + " "):
            line = short + line[len(full) :]
    return line


def own_header_name(organisation: Organisation) -> str:
    """ "ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN", "TỈNH ỦY LẠNG SƠN": a body's name heading its own documents."""
    for prefix in _HEADER_BREAKS:
        if organisation.name.startswith(prefix + " "):
            return f"{prefix}\n{organisation.name[len(prefix) + 1 :]}"
    return organisation.name


def body_code(organisation: Organisation | None) -> str:
    """The code a body's own documents carry: "UBND", "HĐND", "TU" (Tỉnh ủy); "" when unknown."""
    if organisation is None:
        return ""
    for kind, code in _BODY_CODES:
        if organisation.kind == kind:
            return code
    if organisation.kind == OrganisationKind.PARTY:
        for prefix, code in _PARTY_COMMITTEE_CODES:
            if organisation.name.startswith(prefix):
                return code
    return ""


def body_layout(organisation: Organisation) -> Layout:
    """A Party body's documents follow Guidance 36-HD/VPTW; everyone else's Decree 30/2020/NĐ-CP."""
    return PARTY if organisation.kind == OrganisationKind.PARTY else STATE


def issuer_name(committee: Committee) -> str:
    """The committee as its header names it: without the province when the parent body already says
    it ("BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI" under "TỈNH ỦY LẠNG SƠN")."""
    name = committee.name
    place = committee.place_name
    parent = committee_parent_body_line(committee)
    if parent and place and place.casefold() in parent.casefold():
        name = re.sub(rf"\s+(?:tỉnh|thành phố)?\s*{re.escape(place)}$", "", name)
    return name


def committee_parent_body_line(committee: Committee) -> str:
    """The line above the committee's name: as typed, else from its parent body."""
    if committee.parent_body_name:
        return committee.parent_body_name
    if committee.parent_body_id is not None:
        return parent_body_line(committee.parent_body)
    return ""


def letterhead_for(committee: Committee, choice: str = LetterheadChoice.COMMITTEE) -> Letterhead:
    """The header of a document the committee's secretariat drafts, for the committee itself or for
    its parent body (`choice`); a committee without a parent body always prints its own."""
    place = committee.place_name or ""
    parent = committee.parent_body if committee.parent_body_id is not None else None
    if choice == LetterheadChoice.PARENT_BODY and parent is not None:
        return Letterhead(
            layout=body_layout(parent),
            parent_body="",
            issuer=own_header_name(parent),
            issuer_code=committee.parent_body_code or body_code(parent),
            place=place,
            of_parent_body=True,
        )
    return Letterhead(
        layout=committee.document_layout,  # type: ignore[arg-type]
        parent_body=committee_parent_body_line(committee),
        issuer=issuer_name(committee),
        issuer_code=committee.document_code,
        place=place,
    )


NO_PARENT_BODY = _(
    "%(committee)s chưa có cơ quan chủ quản: hãy ghi cơ quan chủ quản trong thông tin ban chỉ đạo, "
    "hoặc chọn tiêu đề của ban chỉ đạo."
)


def check_letterhead(committee: Committee, choice: str) -> None:
    """A document drafted for the parent body's letterhead needs a committee with a parent body."""
    if choice == LetterheadChoice.PARENT_BODY and committee.parent_body_id is None:
        raise ValidationError(
            {
                "letterhead": ValidationError(
                    NO_PARENT_BODY, code="no_parent_body", params={"committee": committee.short_name}
                )
            }
        )


def document_letterhead(document: object, committee: Committee) -> Letterhead:
    """The letterhead an issued document (notice, report) chose when it was drafted."""
    return letterhead_for(committee, getattr(document, "letterhead", LetterheadChoice.COMMITTEE))


# --- The layout a new committee is proposed ----------------------------------------------------


@dataclass(frozen=True)
class LayoutProposal:
    """The layout and parent body the rule proposes, and why, in a sentence for the form."""

    layout: str
    parent_body: Organisation | None
    reason: str


def _party_secretary_position(head: Person | None, on: dt.date) -> Position | None:
    if head is None:
        return None
    positions = (
        Position.objects.active_on(on)
        .filter(person=head, organisation__kind=OrganisationKind.PARTY)
        .select_related("organisation")
        .order_by("precedence", "pk")
    )
    return next((p for p in positions if _SECRETARY_TITLE.search(p.title)), None)


def propose_layout(
    *, head: Person | None, standing_agency: Organisation | None, on: dt.date
) -> LayoutProposal:
    """Party layout (Guidance 36-HD/VPTW) for a committee headed by a secretary of the Party committee
    (as both Lạng Sơn committees are, by its standing deputy secretary) whose standing agency is a Party
    board; the state layout (Decree 30/2020/NĐ-CP) otherwise. The parent body proposed is that Party
    committee, or for a state committee the People's Committee above its standing agency."""
    position = _party_secretary_position(head, on)
    party_agency = standing_agency is not None and standing_agency.kind == OrganisationKind.PARTY
    if position is not None and party_agency:
        assert standing_agency is not None
        return LayoutProposal(
            layout=CommitteeLayout.PARTY,
            parent_body=position.organisation,
            reason=PROPOSED_PARTY % {"title": position.title, "agency": standing_agency.name},
        )
    parent = standing_agency.parent if standing_agency is not None else None
    if parent is not None and parent.kind != OrganisationKind.PEOPLES_COMMITTEE:
        parent = None
    return LayoutProposal(
        layout=CommitteeLayout.STATE,
        parent_body=parent,
        reason=str(PROPOSED_STATE_HEAD if position is None else PROPOSED_STATE_AGENCY),
    )


def committee_layout_proposal(committee: Committee, on: dt.date) -> LayoutProposal:
    """The rule applied to a committee as it stands on a day: its head then, its standing agency."""
    membership = (
        committee.memberships.active_on(on)
        .filter(role=MembershipRole.HEAD)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return propose_layout(
        head=membership.person if membership else None,
        standing_agency=committee.standing_agency,
        on=on,
    )
