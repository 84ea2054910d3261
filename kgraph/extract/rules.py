"""Rule layer: names composed by general Chinese naming patterns.

All vocabularies (organization heads, program heads, titles, place suffixes) are data files
in kgraph/data; this module only knows the shapes:

- POLICY   《…》
- PROGRAM  “quoted name” + optional words + program head (“X”培育工程, “X”工业设计大赛),
           an ordinal edition + name + head (第八届…文化节), a number + 工作法
- ORG      a place or organization + name words + organization head
           (place + 第二人民医院, 大学 + 附属医院 + 党委); a title that follows is not swallowed
- PERSON   title + name (主任宋杰, 通讯员 张杰)
"""

from __future__ import annotations

import re
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.candidates import Candidate, candidates, title_overlap, word_list

_CJK = "\u4e00-\u9fff"
# Parts of speech allowed inside a composed organization name (nouns, names, numerals,
# abbreviations, distinguishing words); a verb or a function word ends the name.
_NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "m", "mq", "j", "b", "an", "vn", "eng", "f", "g", "ng", "s", "q", "a", "k"}
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff\w（）()]+")
_PERSON_NAME = re.compile(rf"[{_CJK}]{{2,3}}")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


class RuleRecognizer:
    def __init__(self, max_org_chars: int = 24) -> None:
        self.max_org_chars = max_org_chars

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        prog = _alternation(word_list("program_heads.txt"))
        titles = _alternation(word_list("titles.txt"))
        return {
            "policy": re.compile(r"《[^《》\n]{2,40}》"),
            "quoted_program": re.compile(rf"(?:[{_CJK}]{{0,6}})?“[^“”\n]{{1,16}}”[{_CJK}\w+]{{0,8}}?(?:{prog})"),
            "edition_program": re.compile(rf"第[一二三四五六七八九十百\d]{{1,4}}届[{_CJK}“”\w]{{2,18}}?(?:{prog})"),
            "method": re.compile(r"\d{2,6}(?:工作法|工程|模式)"),
            "title_person": re.compile(rf"(?:{titles})\s?(?P<name>[{_CJK}]{{2,3}})"),
        }

    @cached_property
    def org_heads(self) -> tuple[str, ...]:
        return word_list("org_heads.txt")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found = candidates(doc)
        pat = self.patterns
        for m in pat["policy"].finditer(text):
            found.append(Candidate(m.start(), m.end(), "POLICY", "rule"))
        for key in ("quoted_program", "edition_program", "method"):
            for m in pat[key].finditer(text):
                start = m.start()
                # a quoted program keeps only the quote and what follows it, unless the
                # words before the quote are a place/org edition prefix (handled by NER spans)
                q = m.group().find("“")
                if key == "quoted_program" and q > 0:
                    start += q
                found.append(Candidate(start, m.end(), "PROGRAM", "rule"))
        for m in pat["title_person"].finditer(text):
            name = m.group("name")
            s = m.start("name")
            tok = doc.char_span(s, s + len(name), alignment_mode="strict")
            if tok is not None and len(tok) == 1 and tok[0].tag_ in {"nr", "nrfg", "nrt"}:
                found.append(Candidate(s, s + len(name), "PERSON", "rule"))
        found.extend(self._composed_orgs(doc))
        return doc

    def _composed_orgs(self, doc: Doc) -> list[Candidate]:
        """Extend a place/organization start through name words to the farthest org head."""
        starts = {c.start for c in candidates(doc) if c.label in ("PLACE", "ORG") and c.source == "ner"}
        starts |= {t.idx for t in doc if t.tag_ in ("ns", "nt")}
        text = doc.text
        out = []
        token_at = {t.idx: t for t in doc}
        for s in sorted(starts):
            tok = token_at.get(s)
            if tok is None:
                continue
            best = None
            i = tok.i
            while i < len(doc) and doc[i].idx + len(doc[i]) - s <= self.max_org_chars:
                t = doc[i]
                if i > tok.i and t.tag_ not in _NAME_POS and t.text not in "（）()":
                    break
                if not _NAME_CHARS.fullmatch(t.text):
                    break
                end = t.idx + len(t)
                piece = text[s:end]
                if any(piece.endswith(h) for h in self.org_heads) and not title_overlap(text, end, piece):
                    best = end
                i += 1
            if best is not None and best - s >= 3:
                out.append(Candidate(s, best, "ORG", "rule"))
        return out


@Language.factory("kgraph_rules", default_config={"max_org_chars": 24})
def make_rules(nlp: Language, name: str, max_org_chars: int) -> RuleRecognizer:
    return RuleRecognizer(max_org_chars)
