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
from spacy.tokens import Doc, Token

from kgraph.extract.candidates import Candidate, candidates, title_overlap, word_list

_CJK = "\u4e00-\u9fff"
# Parts of speech allowed inside a composed organization name (nouns, names, numerals,
# abbreviations, distinguishing words); a verb or a function word ends the name.
_NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "m", "mq", "j", "b", "an", "vn", "eng", "f", "g", "ng", "s", "q", "a", "k"}
_LIST_ITEM_POS = {"n", "nr", "nrt", "nz", "ns", "nt", "j", "eng", "x", "nrfg", "l"}
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
        found.extend(self._composed_places(doc))
        found.extend(self._enumerated_orgs(doc))
        return doc

    @cached_property
    def enumeration(self) -> re.Pattern[str]:
        kinds = _alternation(word_list("enumeration_kinds.txt"))
        item = rf"[{_CJK}A-Za-z0-9（）]{{2,10}}"
        return re.compile(rf"(?P<items>{item}(?:、{item})+)等(?:[{_CJK}]{{0,8}}?)(?:{kinds})")

    def _enumerated_orgs(self, doc: Doc) -> list[Candidate]:
        """ "甲公司、乙集团、丙纺织等企业": every item of a list closed by 等 + an
        organization kind is an organization. The first item's left edge is the word
        boundary after the last verb or function word."""
        out = []
        token_at = {t.idx: t for t in doc}
        token_end = {t.idx + len(t): t for t in doc}
        for m in self.enumeration.finditer(doc.text):
            pos = m.start("items")
            items = m.group("items").split("、")
            first = items[0]
            # trim the first item to the name words just before the first 、
            end = pos + len(first)
            tok = token_end.get(end)
            start = end
            while tok is not None and tok.tag_ in _LIST_ITEM_POS and end - tok.idx <= 10:
                start = tok.idx
                tok = token_end.get(tok.idx)
            if end - start >= 2:
                out.append(Candidate(start, end, "ORG", "rule"))
            at = end + 1
            for it in items[1:]:
                if at in token_at and len(it) >= 2:
                    out.append(Candidate(at, at + len(it), "ORG", "rule"))
                at += len(it) + 1
        return out

    @cached_property
    def place_suffixes(self) -> tuple[str, ...]:
        return word_list("place_suffixes.txt")

    def _name_token(self, t: Token, first: bool) -> bool:
        """Can this token stand inside a composed name?"""
        if not first and t.tag_ not in _NAME_POS and t.text not in "（）()":
            return False
        if not _NAME_CHARS.fullmatch(t.text):
            return False
        if t.tag_ in ("m", "mq") and not (t.text.startswith("第") or t.text.isdigit()):
            return False  # ordinals and numbers name things (第二人民医院); 多处, 五届 do not
        return not (not first and t.text[0] in self.function_chars)

    @cached_property
    def function_chars(self) -> frozenset[str]:
        return frozenset(word_list("function_chars.txt"))

    def _ends_with_head(self, t: Token, piece: str, heads: tuple[str, ...]) -> bool:
        """The name ends with a head, and the head is a word of its own, not the last
        character of a common word (格局 is not a 局, 部署 not a 署)."""
        head = next((h for h in heads if piece.endswith(h)), None)
        if head is None:
            return False
        if len(head) > 1 or len(t.text) == 1 or len(t.text) >= 3:
            return True
        return t.text[0] in "省市县区镇乡村" or t.tag_ in ("nt", "ns", "nz")

    def _composed(self, doc: Doc, heads: tuple[str, ...], label: str) -> list[Candidate]:
        """From a place (or a tagged organization) extend through name words to the
        farthest head: place + name + head."""
        found = candidates(doc)
        starts = {c.start for c in found if c.source in ("ner", "gazetteer") and c.label in ("PLACE", "ORG")}
        starts |= {t.idx for t in doc if t.tag_ == "ns"}
        text = doc.text
        out = []
        token_at = {t.idx: t for t in doc}
        for s in sorted(starts):
            tok = token_at.get(s)
            if tok is None or tok.text[0] in self.function_chars:
                continue
            best = None
            i = tok.i
            while i < len(doc) and doc[i].idx + len(doc[i]) - s <= self.max_org_chars:
                t = doc[i]
                if not self._name_token(t, i == tok.i):
                    break
                if label == "PLACE" and i > tok.i and any(t.text.endswith(h) for h in self.org_heads if len(h) > 1):
                    break  # 某研究院|落户某大厦: a place name does not run through an organization
                end = t.idx + len(t)
                piece = text[s:end]
                if self._ends_with_head(t, piece, heads) and not title_overlap(text, end, piece):
                    best = end
                i += 1
            if best is not None and best - s >= 3:
                out.append(Candidate(s, best, label, "rule"))
        return out

    def _composed_orgs(self, doc: Doc) -> list[Candidate]:
        return self._composed(doc, self.org_heads, "ORG")

    def _composed_places(self, doc: Doc) -> list[Candidate]:
        return self._composed(doc, self.place_suffixes, "PLACE")


@Language.factory("kgraph_rules", default_config={"max_org_chars": 24})
def make_rules(nlp: Language, name: str, max_org_chars: int) -> RuleRecognizer:
    return RuleRecognizer(max_org_chars)
