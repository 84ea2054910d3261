"""Repairs for text extracted from newspaper PDF pages.

Each function takes and returns :class:`CleanText`, so offsets into the original survive.
The repairs are layout rules, not word lists: they hold for any page of this kind.
"""

from __future__ import annotations

import re
import unicodedata

import zhconv

from kgraph.ingest.cleantext import CleanText

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’」』）)》"
_CLAUSE_END = SENTENCE_END + "，,、：:" + CLOSERS


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


# full-width ASCII to half-width (but the full-width brackets and punctuation Chinese text
# uses), ideographic and no-break spaces and tabs to plain spaces
_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F) if chr(c) not in "（），：；！？"}
_WIDTH |= {ord(c): " " for c in "\u3000\u00a0\t"}


def fold_width(ct: CleanText) -> CleanText:
    """Full-width ASCII to half-width, ideographic and no-break spaces to plain spaces."""
    return ct.replace_chars(ct.text.translate(_WIDTH))


class _Simplified(dict):
    """Code point → its simplified form, one for one, filled as characters are met."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        out = zhconv.convert(ch, "zh-cn") if is_cjk(ch) else ch
        self[code] = ord(out) if len(out) == 1 else code
        return self[code]


_SIMPLIFIED = _Simplified()


def fold_script(ct: CleanText) -> CleanText:
    """A text written in traditional characters to simplified ones, one for one, so that the
    tagger and the rules see one script; offsets still point at the original characters. A
    text is folded when characters only traditional script uses (們, 說) outnumber those only
    simplified script uses (们, 说); one written in simplified script is left as it is: names keep characters that are
    traditional elsewhere (乾 of a person's 乾, 崑 of 崑山) and folding them (乾 → 干) would
    change the name."""
    text = ct.text
    if text.isascii() or zhconv.issimp(text, full=True) is not False:  # written in traditional script only
        return ct
    return ct.replace_chars(text.translate(_SIMPLIFIED))


def split_lines(ct: CleanText) -> list[CleanText]:
    lines, start = [], 0
    text = ct.text
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append(ct[start:i])
            start = i + 1
    lines.append(ct[start:])
    return [ln if not ln.text.endswith("\r") else ln[:-1] for ln in lines]


def _kind(ch: str) -> str:
    if is_cjk(ch):
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "P"


def squeeze_spaces(ct: CleanText) -> CleanText:
    """Drop spaces that PDF extraction put between characters.

    A run of spaces survives (as one space) only between two Chinese characters or two
    Latin letters, where it separates words, names or headline parts; everywhere else
    ("34 . 5 亿元", "2021 年", "1 8 个", "（CMI ）") it is dropped.
    """
    text = ct.text
    if " " not in text:
        return ct
    keep = [True] * len(text)
    n = len(text)
    i = text.find(" ")
    while 0 <= i < n:
        if text[i] != " ":
            i = text.find(" ", i)
            continue
        j = i
        while j < n and text[j] == " ":
            j += 1
        left = _kind(text[i - 1]) if i > 0 else "P"
        right = _kind(text[j]) if j < n else "P"
        survive = left == right and left in "HL" and i > 0 and j < n
        for k in range(i, j):
            keep[k] = False
        if survive:
            keep[i] = True
        i = j
    return ct.keep(keep)


_LETTER_SPACED_SHARE = 0.8  # of the pairs of neighbouring Chinese characters in a line
_LETTER_SPACED_MIN_PAIRS = 3


def unspace_letters(line: CleanText) -> CleanText:
    """A line printed letter-spaced ("济 宁 市 人 民 医 院": a spread headline, or a page whose
    text extraction puts a space after every character) reads without those spaces. A line is
    letter-spaced when one space stands between most neighbouring Chinese characters (four
    characters at least); there a single space is spacing and a wider gap separates words
    ("党 建 引 领   暖 医 惠 民" → "党建引领 暖医惠民"). Lines with words spaced normally
    ("记者 张三 李四": most neighbours touch) keep their spaces."""
    text = line.text
    if text.count(" ") < _LETTER_SPACED_MIN_PAIRS:
        return line
    pairs = spaced = 0  # neighbouring Chinese characters with nothing or one space between
    prev = -1  # index of the last Chinese character
    for i, ch in enumerate(text):
        if not is_cjk(ch):
            continue
        if prev >= 0 and text[prev + 1 : i] in ("", " "):  # (a wider gap is between words)
            pairs += 1
            spaced += i - prev == 2
        prev = i
    if pairs < _LETTER_SPACED_MIN_PAIRS or spaced < _LETTER_SPACED_SHARE * pairs:
        return line
    keep = [not (ch == " " and text[i - 1 : i] != " " and text[i + 1 : i + 2] not in (" ", "")) for i, ch in enumerate(text)]
    return line.keep(keep)


_DOUBLED = re.compile(r"^(.{2,}?)\1$")


def undouble(ct: CleanText) -> CleanText:
    """ "党建引领党建引领 创新发展创新发展" → "党建引领 创新发展": each space-separated part
    that is one string printed twice keeps its first copy. Only for headline-like lines."""
    text = ct.text
    keep = [True] * len(text)
    for m in re.finditer(r"\S+", text):
        d = _DOUBLED.match(m.group())
        if d and len(d.group(1)) >= 2 and any(is_cjk(c) for c in d.group(1)):
            for k in range(m.start() + len(d.group(1)), m.end()):
                keep[k] = False
    return ct.keep(keep)


def join_wrapped(lines: list[CleanText]) -> CleanText:
    """Join the lines of one paragraph: wraps inside Chinese text vanish; a wrap between two
    Latin letters or digits becomes a space (the newline position stands for it). A space the
    page printed at the wrap (after a line's last character, or before the first character of
    a line that goes on inside a bracket) separates words, as it would mid-line: 记者 甲 |乙
    is two names, not one; squeeze_spaces then keeps it only between two words."""
    parts: list[CleanText] = []
    printed_space: int | None = None  # where the last line's trailing space stood
    for raw in lines:
        ln = raw.strip()
        if not ln.text:
            continue
        if parts:
            prev = parts[-1].text[-1]
            lead = raw.text[: len(raw.text) - len(raw.text.lstrip())]
            if lead and printed_space is None:
                printed_space = raw.origin[len(lead) - 1]
            if printed_space is not None:
                parts.append(CleanText(" ", [printed_space]))
            elif _kind(prev) in "L" and _kind(ln.text[0]) in "L":
                at = parts[-1].origin[-1] + 1
                parts.append(CleanText(" ", [at]))
        trailing = len(raw.text) - len(raw.text.rstrip())  # (split_lines took any \r away)
        printed_space = raw.origin[len(raw.text) - trailing] if trailing else None
        parts.append(ln)
    return CleanText.join(parts)


def ends_clause(text: str) -> bool:
    return bool(text) and text[-1] in _CLAUSE_END


def ends_sentence(text: str) -> bool:
    t = text.rstrip(CLOSERS)
    return bool(t) and (t[-1] in SENTENCE_END)
