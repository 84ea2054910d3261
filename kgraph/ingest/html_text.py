"""Text content of an HTML file, with offsets into the HTML source."""

from __future__ import annotations

from html.entities import name2codepoint
from html.parser import HTMLParser

from kgraph.ingest.cleantext import CleanText

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "article",
    "section",
    "header",
    "footer",
    "title",
    "td",
    "blockquote",
    "pre",
}
_SKIP = {"script", "style", "noscript", "template"}


class _Collector(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.parts: list[CleanText] = []
        self.skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _break(self) -> None:
        at = self._offset()
        self.parts.append(CleanText("\n\n", [at, at]))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(CleanText.of(data, self._offset()))

    def _char(self, ch: str) -> None:
        if not self.skip:
            self.parts.append(CleanText(ch, [self._offset()]))

    def handle_entityref(self, name):
        if name in name2codepoint:
            self._char(chr(name2codepoint[name]))

    def handle_charref(self, name):
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._char(chr(code))
        except (ValueError, OverflowError):
            pass


def html_to_text(source: str) -> CleanText:
    parser = _Collector(source)
    parser.feed(source)
    parser.close()
    return CleanText.join(parser.parts)
