"""The diff between two versions of a committee report: lines kept, removed and added; words marked on a
changed line; long unchanged stretches folded."""

from __future__ import annotations

from giaoban.reports.diff import (
    ADD,
    KEEP,
    REMOVE,
    SKIP,
    diff_lines,
    report_versions_diff,
    text_diff,
    version_diff,
)
from giaoban.reports.models import ReportVersion


def _version(*sections: tuple[str, str]) -> ReportVersion:
    return ReportVersion(number=1, sections=[{"heading": h, "text": t} for h, t in sections])


def test_version_diff_lists_every_line_with_its_op():
    old = _version(("I. Kết quả", "Đã tổ chức 29 đoàn ra.\nĐã đón 32 đoàn vào."))
    new = _version(
        ("I. Kết quả", "Đã tổ chức 30 đoàn ra.\nĐã đón 32 đoàn vào."), ("II. Phương hướng", "Tiếp tục.")
    )
    assert version_diff(old, new) == [
        (KEEP, "I. Kết quả"),
        (REMOVE, "Đã tổ chức 29 đoàn ra."),
        (ADD, "Đã tổ chức 30 đoàn ra."),
        (KEEP, "Đã đón 32 đoàn vào."),
        (ADD, ""),
        (ADD, "II. Phương hướng"),
        (ADD, "Tiếp tục."),
    ]


def test_identical_versions_have_no_changes():
    version = _version(("I. Kết quả", "Nội dung."))
    assert all(op == KEEP for op, _text in version_diff(version, version))
    result = report_versions_diff(version, version)
    assert not result.changed and result.words_added == result.words_removed == 0


def test_a_changed_line_is_marked_word_by_word():
    result = diff_lines(
        "Trong kỳ đã tổ chức 29 đoàn ra đến 12 quốc gia.",
        "Trong kỳ đã tổ chức 30 đoàn ra đến 13 quốc gia, vùng lãnh thổ.",
    )
    removed, added = result.lines
    assert removed.op == REMOVE and added.op == ADD
    assert [text for op, text in removed.segments if op == REMOVE] == ["29", "12"]
    assert [text for op, text in added.segments if op == ADD] == ["30", "13", ", vùng lãnh thổ"]
    # The line reads whole once the marks are put back together.
    assert added.text == "Trong kỳ đã tổ chức 30 đoàn ra đến 13 quốc gia, vùng lãnh thổ."
    assert result.words_removed == 2 and result.words_added == 5


def test_neighbouring_changed_words_are_marked_as_one_phrase():
    result = diff_lines("Sở Ngoại vụ chủ trì.", "Sở Thông tin và Truyền thông chủ trì.")
    _removed, added = result.lines
    assert [text for op, text in added.segments if op == ADD] == ["Thông tin và Truyền thông"]


def test_unlike_lines_are_removed_and_added_whole():
    result = diff_lines("Một câu cũ hoàn toàn.", "Nội dung khác hẳn về sau này")
    assert [(line.op, line.segments) for line in result.lines] == [
        (REMOVE, [(REMOVE, "Một câu cũ hoàn toàn.")]),
        (ADD, [(ADD, "Nội dung khác hẳn về sau này")]),
    ]


def test_long_unchanged_stretches_fold_around_the_changes():
    lines = [f"Đoạn {n}." for n in range(1, 31)]
    changed = list(lines)
    changed[14] = "Đoạn mười lăm, đã sửa."
    result = diff_lines("\n".join(lines), "\n".join(changed), context=2)
    ops = [line.op for line in result.lines]
    assert ops == [SKIP, KEEP, KEEP, REMOVE, ADD, KEEP, KEEP, SKIP]
    assert [line.skipped for line in result.lines if line.op == SKIP] == [12, 13]
    assert result.lines[3].old_number == 15 and result.lines[4].new_number == 15
    # Nothing folded without a context.
    assert len(diff_lines("\n".join(lines), "\n".join(changed), context=None).lines) == 31


def test_text_diff_of_empty_texts():
    assert text_diff("", "") == []
    assert text_diff("", "Mới") == [(ADD, "Mới")]
    assert text_diff("Cũ", "") == [(REMOVE, "Cũ")]
