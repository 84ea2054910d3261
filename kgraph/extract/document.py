"""Run the pipeline over a document's articles and lift results back to file offsets."""

from __future__ import annotations

import bisect
import re

from spacy.language import Language

from kgraph.extract.candidates import Origin
from kgraph.extract.entities import entity_candidate, real_place
from kgraph.extract.gazetteer import is_known_place, level_bodies
from kgraph.extract.names import admin_chars
from kgraph.extract.registry import Rule, neg, ordered, pos, rule
from kgraph.extract.world import country_initials
from kgraph.model import Article, Document, DocumentExtraction, Mention, Relation


def _orig(article: Article, start: int, end: int) -> tuple[int, int]:
    off = article.offsets
    if end <= start:
        return off[start], off[start]
    return off[start], off[end - 1] + 1


def _sentence_index(starts: list[int], orig_start: int) -> int:
    """Index of the sentence (by its start offsets, ascending) that holds ``orig_start``."""
    return max(0, bisect.bisect_right(starts, orig_start) - 1)


def _byline_items(doc: Document, article: Article) -> tuple[list[Mention], list[Relation]]:
    """Mentions and affiliations from an article's byline: the outlet a dateline names and
    the place it was filed from, the reporters' org, the people; a person is affiliated with the org when the byline says they
    belong to it (某某报记者 甲 乙, not the 通讯员 listed after them)."""
    b = article.byline
    if b is None:
        return [], []
    mentions, rels = [], []
    window = doc.text[b.start : b.end] if b.end > b.start else ""

    def span_of(name: str) -> tuple[int, int] | None:
        at = window.find(name)
        if at >= 0:
            return b.start + at, b.start + at + len(name)
        # the page may break a name over two lines (某某导|报记者): match across white space
        m = re.search(r"\s*".join(map(re.escape, name)), window)
        return (b.start + m.start(), b.start + m.end()) if m else None

    for org in dict.fromkeys(x for x in (b.site, b.org) if x):
        where = span_of(org)
        if where:
            mentions.append(Mention(org, "ORG", doc.id, article.id, -1, *where, source="byline", proposer="byline"))
    if b.place and real_place(b.place):  # 本报北京3月4日电, 某某 聊城报道: where it was reported
        where = span_of(b.place)
        if where:
            mentions.append(Mention(b.place, "PLACE", doc.id, article.id, -1, *where, source="byline", proposer="byline"))
    members = b.people if b.members is None else b.members
    for name in b.people:
        start, end = span_of(name) or (b.start, b.end)
        mentions.append(Mention(name, "PERSON", doc.id, article.id, -1, start, end, source="byline", proposer="byline"))
        if b.org and name in members:
            rels.append(Relation("AFFILIATED_WITH", name, b.org, "PERSON", "ORG", doc.id, article.id, b.text, start, end, b.title))
    return mentions, rels


def extract_document(
    nlp: Language, doc: Document, articles: list[Article], document_rules: bool = True, sdocs: list | None = None
) -> DocumentExtraction:
    """Run the pipeline over each article, lift everything to file offsets, then apply the
    document-level rules. For kgraph explain: ``document_rules=False`` leaves them out and
    ``sdocs`` gives the articles already run through the pipeline."""
    mentions: list[Mention] = []
    relations: list[Relation] = []
    aliases: dict[str, str] = {}
    docs = sdocs if sdocs is not None else nlp.pipe([a.body for a in articles])
    for article, sdoc in zip(articles, docs, strict=False):
        starts = [s.start for s in article.sentences]
        for ent in sdoc.ents:
            start, end = _orig(article, ent.start_char, ent.end_char)
            c = entity_candidate(sdoc, ent)
            source, proposer = (c.source, c.proposer) if c else (Origin.MODEL.value, "ner.crf")
            mentions.append(
                Mention(
                    _named(ent.text, ent.label_),
                    ent.label_,
                    doc.id,
                    article.id,
                    _sentence_index(starts, start),
                    start,
                    end,
                    source,
                    proposer=proposer,
                )
            )
        for r in sdoc._.relations or []:
            start, end = _orig(article, r.start, r.end)
            si = _sentence_index(starts, start)
            sentence = article.sentences[si].text if article.sentences else ""
            relations.append(
                Relation(r.kind, r.source, r.target, r.source_label, r.target_label, doc.id, article.id, sentence, start, end, r.title)
            )
        aliases.update(sdoc._.aliases or {})
        bm, br = _byline_items(doc, article)
        mentions.extend(bm)
        relations.extend(br)
    relative = level_bodies()
    for m in mentions:
        m.page, m.box = doc.where(m.start, m.end)
        m.relative = m.label == "ORG" and m.text in relative
        printed = "".join(doc.text[m.start : m.end].split())
        if printed != m.text and len(printed) == len(m.text):
            m.surface = printed  # the page's own characters, for display
    dropped = {id(m) for m, _ in document_drops(mentions)} if document_rules else set()
    mentions = [m for m in mentions if id(m) not in dropped]
    return DocumentExtraction(doc, articles, mentions, relations, aliases)


def _named(text: str, label: str) -> str:
    """The name a mention goes by: its text, or for a country's one-character form (中美)
    the country (美 → 美国), so that it meets the country's other mentions."""
    return country_initials().get(text, text) if label == "PLACE" and len(text) == 1 else text


def document_drops(mentions: list[Mention]) -> list[tuple[Mention, Rule]]:
    """The mentions the document-level rules drop, with the rule (for kgraph explain)."""
    out: list[tuple[Mention, Rule]] = []
    gone: set[int] = set()
    for r in ordered("document"):
        left = [m for m in mentions if id(m) not in gone]
        for m in r.fn(left):
            if r.judges(m.label, Origin(m.source)):
                out.append((m, r))
                gone.add(id(m))
    return out


@rule(
    "drop.stem-of-longer-name",
    "drop",
    "A person or place that only begins an organization or place named in the same document (某某 of 某某电气) is that name's short form; not a division's name, nor a county's short form where the county is named in full (凤冈 of 凤冈县, beside 凤冈茶业公司).",
    [
        pos("钱塘宏达电气有限公司今年扩产。宏达的产品销往海外。宏达电气有限公司", "宏达", "PERSON"),
        neg("近年来，青州市大力发展文旅产业。青州市第三人民医院参加义诊。", "青州市", "PLACE"),
        neg("凤冈县新建三处茶园。凤冈茶业有限公司收购鲜叶，凤冈的茶农因此增收。", "凤冈", "PLACE"),
    ],
    labels=("PERSON", "PLACE"),
    applies_to=frozenset(Origin) - {Origin.USER, Origin.BYLINE, Origin.ALIAS},
    reason="stem_of_longer_name",
)
def _stem_of_longer_name(mentions: list[Mention]) -> list[Mention]:
    admin = admin_chars()
    # every proper beginning of a longer name that is not followed by an administrative
    # character or a bracket: one pass over the names, then a lookup per mention
    stems = {
        n[:k]
        for n in {x.text for x in mentions if x.label in ("ORG", "PLACE")}
        for k in range(1, len(n))
        if n[k] not in admin and n[k] != "（"
    }

    def shadowed(m: Mention) -> bool:
        if m.label == "PLACE" and (m.text[-1] in admin or is_known_place(m.text) or m.proposer == "place.county-named-in-full"):
            return False  # 某市 standing alone is the city, whatever bodies are named after it
        return m.text in stems

    return [m for m in mentions if shadowed(m)]


@rule(
    "drop.kind-of-named-bodies",
    "drop",
    "An organization name that two or more bodies named in the same document end with (东岭|康养中心, 西塘|康养中心) is the kind they share: standing alone it names none of them (with one such body it is that body's short form).",
    [
        pos("东岭康养中心和西塘康养中心同时启用。康养中心由青山集团负责运营。", "康养中心", "ORG"),
        neg("东岭康养中心今天启用。康养中心由青山集团负责运营。", "康养中心", "ORG"),
        neg("东营市康养中心今天启用。东营康养中心负责人说，康养中心由青山集团运营。", "康养中心", "ORG"),
    ],
    labels=("ORG",),
    applies_to=frozenset(Origin) - {Origin.USER, Origin.BYLINE, Origin.ALIAS},
    reason="kind_of_named_bodies",
)
def _kind_of_named_bodies(mentions: list[Mention]) -> list[Mention]:
    orgs = {m.text for m in mentions if m.label == "ORG"}
    before: dict[str, set[str]] = {}  # an organization name → what stands before it in longer ones
    for n in orgs:
        for k in range(1, len(n) - 2):  # the ending keeps three characters or more
            if n[k:] in orgs:
                before.setdefault(n[k:], set()).add(n[:k])
    return [m for m in mentions if m.label == "ORG" and len(_distinct_owners(before.get(m.text, set()))) >= 2]


def _distinct_owners(prefixes: set[str]) -> set[str]:
    """The prefixes that name different owners: 临沂市 and 临沂 (a place with and without its
    suffix) are one, as are 济宁市太白湖 and 太白湖 (one ends the other)."""
    admin = admin_chars()
    bare = {"".join(ch for ch in p if ch not in admin) or p for p in prefixes}
    return {p for p in bare if not any(o != p and (o.endswith(p) or o.startswith(p)) for o in bare)}
