"""What changed between two versions of a committee report's text.

`version_diff` compares the versions' full texts (aggregate.full_text: headings on their own lines) line
by line, as a unified diff does: each line kept (" "), removed ("-") or added ("+"). `diff_lines` goes
further for the page: a changed line is paired with the line that replaced it and both are marked word
by word, so a reader sees "29 → 30 đoàn" rather than two whole paragraphs; long unchanged stretches
fold into one "n dòng không đổi" row.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .aggregate import full_text
from .models import ReportVersion

KEEP, REMOVE, ADD, SKIP = " ", "-", "+", "…"

# Words (letters and digits, Vietnamese ones included), runs of spaces, single punctuation marks.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Two lines less alike than this are shown as a plain removal and addition, not marked word by word.
PAIRING_RATIO = 0.4
CONTEXT_LINES = 3


@dataclass
class DiffLine:
    """One row of the page's diff. `segments` are (op, text) pieces of the line: KEEP text, and the
    words REMOVEd (on a "-" line) or ADDed (on a "+" line); `skipped` counts the lines a SKIP row folds."""

    op: str
    segments: list[tuple[str, str]] = field(default_factory=list)
    old_number: int | None = None
    new_number: int | None = None
    skipped: int = 0

    @property
    def text(self) -> str:
        return "".join(text for _op, text in self.segments)


@dataclass
class DiffResult:
    lines: list[DiffLine]
    words_added: int
    words_removed: int

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed) or any(
            line.op in (ADD, REMOVE) for line in self.lines
        )


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Every line of both texts in order, each with its op: " " kept, "-" removed, "+" added."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend((KEEP, line) for line in old_lines[i1:i2])
            continue
        result.extend((REMOVE, line) for line in old_lines[i1:i2])
        result.extend((ADD, line) for line in new_lines[j1:j2])
    return result


def version_diff(old: ReportVersion, new: ReportVersion) -> list[tuple[str, str]]:
    """The line diff from `old`'s text to `new`'s (see the module's docstring)."""
    return text_diff(full_text(old.sections or []), full_text(new.sections or []))


def _tokens(line: str) -> list[str]:
    return _TOKENS.findall(line)


def _is_word(token: str) -> bool:
    """A word or number, not a space or a punctuation mark: what the summary counts."""
    return token[:1].isalnum()


def _mark_words(
    old_line: str, new_line: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int, int]:
    """The two lines as segments, the removed words marked on the old one and the added on the new."""
    old_tokens, new_tokens = _tokens(old_line), _tokens(new_line)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_segments: list[tuple[str, str]] = []
    new_segments: list[tuple[str, str]] = []
    removed = added = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            _append(old_segments, KEEP, old_part)
            _append(new_segments, KEEP, new_part)
            continue
        if old_part:
            _append(old_segments, REMOVE, old_part)
            removed += sum(1 for token in old_tokens[i1:i2] if _is_word(token))
        if new_part:
            _append(new_segments, ADD, new_part)
            added += sum(1 for token in new_tokens[j1:j2] if _is_word(token))
    return _join_changes(old_segments), _join_changes(new_segments), removed, added


def _join_changes(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A kept run of mere spaces between two changed pieces joins them, so the marks read as one phrase
    ("[hai đoàn]" rather than "[hai] [đoàn]")."""
    joined: list[tuple[str, str]] = []
    for index, (op, text) in enumerate(segments):
        between_changes = (
            op == KEEP
            and text.isspace()
            and 0 < index < len(segments) - 1
            and segments[index - 1][0] != KEEP
            and segments[index + 1][0] == segments[index - 1][0]
        )
        _append(joined, segments[index - 1][0] if between_changes else op, text)
    return joined


def _append(segments: list[tuple[str, str]], op: str, text: str) -> None:
    """Adds a piece, merged into the last one when it has the same op."""
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def _similar(old_line: str, new_line: str) -> bool:
    return difflib.SequenceMatcher(None, _tokens(old_line), _tokens(new_line), autojunk=False).ratio() >= (
        PAIRING_RATIO
    )


def diff_lines(old: str, new: str, *, context: int | None = CONTEXT_LINES) -> DiffResult:
    """The diff as the page shows it: changed lines marked word by word where a removed line and the
    added line in its place are alike, unchanged runs longer than 2×`context` folded (None: keep all)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    words_added = words_removed = 0
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset, line in enumerate(old_lines[i1:i2]):
                rows.append(DiffLine(KEEP, [(KEEP, line)], i1 + offset + 1, j1 + offset + 1))
            continue
        removed_rows: list[DiffLine] = []
        added_rows: list[DiffLine] = []
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(olds), len(news))):
            old_line = olds[index] if index < len(olds) else None
            new_line = news[index] if index < len(news) else None
            if old_line is not None and new_line is not None and _similar(old_line, new_line):
                old_segments, new_segments, removed, added = _mark_words(old_line, new_line)
                removed_rows.append(DiffLine(REMOVE, old_segments, old_number=i1 + index + 1))
                added_rows.append(DiffLine(ADD, new_segments, new_number=j1 + index + 1))
                words_removed += removed
                words_added += added
                continue
            if old_line is not None:
                removed_rows.append(DiffLine(REMOVE, _whole(REMOVE, old_line), old_number=i1 + index + 1))
                words_removed += sum(1 for token in _tokens(old_line) if _is_word(token))
            if new_line is not None:
                added_rows.append(DiffLine(ADD, _whole(ADD, new_line), new_number=j1 + index + 1))
                words_added += sum(1 for token in _tokens(new_line) if _is_word(token))
        rows.extend(removed_rows)
        rows.extend(added_rows)
    if context is not None:
        rows = _fold(rows, context)
    return DiffResult(rows, words_added, words_removed)


def _whole(op: str, line: str) -> list[tuple[str, str]]:
    """A line removed or added whole: one marked piece (none for a blank line, so nothing is marked)."""
    return [(op, line)] if line else []


def _fold(rows: list[DiffLine], context: int) -> list[DiffLine]:
    """Unchanged lines further than `context` from any change become one SKIP row per run."""
    changed = [index for index, row in enumerate(rows) if row.op != KEEP]
    if not changed:
        return rows
    keep = set()
    for index in changed:
        keep.update(range(max(0, index - context), min(len(rows), index + context + 1)))
    folded: list[DiffLine] = []
    skipped = 0
    for index, row in enumerate(rows):
        if row.op != KEEP or index in keep:
            if skipped:
                folded.append(DiffLine(SKIP, skipped=skipped))
                skipped = 0
            folded.append(row)
        else:
            skipped += 1
    if skipped:
        folded.append(DiffLine(SKIP, skipped=skipped))
    return folded


def report_versions_diff(
    old: ReportVersion, new: ReportVersion, *, context: int | None = CONTEXT_LINES
) -> DiffResult:
    """diff_lines of two versions' full texts."""
    return diff_lines(full_text(old.sections or []), full_text(new.sections or []), context=context)
