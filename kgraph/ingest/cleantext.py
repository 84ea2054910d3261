"""Text with an offset map back to the decoded original.

Every repair (joining wrapped lines, dropping stray spaces, removing a doubled headline,
folding full-width forms) only deletes characters or replaces one character by one, so a
cleaned string keeps, for each of its characters, the position it came from.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass
class CleanText:
    text: str
    origin: list[int]  # origin[i] = index in the original of text[i]

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> CleanText:
        return CleanText(self.text[item], self.origin[item])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned slice [start, end)."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else (self.origin[-1] + 1 if self.origin else 0)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def strip(self) -> CleanText:
        s = self.text
        a, b = 0, len(s)
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        return self[a:b]

    @staticmethod
    def of(text: str, offset: int = 0) -> CleanText:
        return CleanText(text, list(range(offset, offset + len(text))))

    @staticmethod
    def join(parts: list[CleanText], sep: str = "") -> CleanText:
        """Join parts; separator characters map to the position after the previous part."""
        text: list[str] = []
        origin: list[int] = []
        for k, p in enumerate(parts):
            if k and sep:
                at = origin[-1] + 1 if origin else 0
                text.append(sep)
                origin.extend([at] * len(sep))
            text.append(p.text)
            origin.extend(p.origin)
        return CleanText("".join(text), origin)

    def keep(self, mask: list[bool]) -> CleanText:
        """The characters whose mask entry is True."""
        return CleanText("".join(itertools.compress(self.text, mask)), list(itertools.compress(self.origin, mask)))

    def replace_chars(self, new_text: str) -> CleanText:
        """Same length, different characters (width folding, script folding)."""
        assert len(new_text) == len(self.text)
        return CleanText(new_text, self.origin)
