"""Command line: a thin click shell over kgraph.api (every command has a library call)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import click

from kgraph import api
from kgraph.extract.rules_file import RulesFileError
from kgraph.ingest.encoding import IngestError, printable
from kgraph.jobs import available_cores
from kgraph.query_library import QueryFileError, bind_params, describe, find_query, list_queries, parse_params
from kgraph.store.base import StoreError
from kgraph.workspace import DEFAULT_DIR

data_dir_option = click.option(
    "--data-dir",
    "-d",
    default=DEFAULT_DIR,
    show_default=True,
    envvar="KGRAPH_DATA",
    show_envvar=True,
    type=click.Path(file_okay=False),
    help="Workspace folder (store, cache, HTML).",
)
workers_option = click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    envvar="KGRAPH_WORKERS",
    show_envvar=True,
    help="Extraction processes at a time (default: the cores available); the result is the same with one.",
)
neo4j_option = click.option(
    "--neo4j-uri", envvar="NEO4J_URI", default=None, help="Use Neo4j at this URI (NEO4J_USER / NEO4J_PASSWORD for auth)."
)


def _fail(msg: str, code: int = 2) -> None:
    _echo_err(f"error: {msg}")
    sys.exit(code)


class _Commands(click.Group):
    """The commands, with one last net: an error from the machine (a full disk, a read-only
    folder, an output that is a folder) is one line and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from kgraph.safeio import plain_os_error

        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader went away (| head): stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as e:
            where = printable(e.filename) + ": " if e.filename else ""
            _fail(f"{where}{plain_os_error(e)}")
        except MemoryError:
            _fail("out of memory")


@click.group(cls=_Commands)
@click.version_option(package_name="kgraph")
def main() -> None:
    """kgraph — build a knowledge graph from Chinese news text, offline."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@data_dir_option
@neo4j_option
@click.option(
    "--rules", "rules_file", type=click.Path(exists=True, dir_okay=False), help="User rules file (YAML/JSON): names, aliases, stop-list."
)
@click.option(
    "--window",
    type=click.Choice(["sentence", "paragraph", "article"]),
    default=None,
    help="Co-mention window (default: sentence, or what the graph was built with).",
)
@click.option("--no-html", is_flag=True, help="Do not write the HTML view.")
@click.option(
    "--mode",
    type=click.Choice(["auto", "copy", "merge"]),
    default="auto",
    show_default=True,
    help="Embedded store write path: bulk copy into a fresh file, or merge the difference.",
)
@workers_option
@click.option(
    "--ray",
    "ray_address",
    default=None,
    metavar="ADDRESS",
    help="Extract on a Ray cluster first (pip install -e '.[ray]'): 'local' starts one here, else 'auto' or ray://host:port.",
)
def build(
    paths: tuple[str, ...],
    data_dir: str,
    neo4j_uri: str | None,
    rules_file: str | None,
    window: str | None,
    no_html: bool,
    mode: str,
    workers: int | None,
    ray_address: str | None,
) -> None:
    """Import files or folders into the graph and write the store and HTML view.

    Safe to repeat: unchanged files are taken from the cache, changed files replace
    their earlier contribution, files imported before stay in the graph.
    """
    try:
        total = len(api.check_inputs(paths, rules_file))
        with click.progressbar(
            length=total, label="extracting", file=sys.stderr, show_pos=True, item_show_func=lambda s: Path(s).name if s else ""
        ) as bar:
            summary = api.build(
                paths,
                data_dir,
                rules_file,
                neo4j_uri,
                html=not no_html,
                window=window,
                progress=lambda f: bar.update(1, f),
                mode=mode,
                workers=workers or available_cores(),
                ray=ray_address,
            )
    except (StoreError, RulesFileError, api.InputError) as e:
        _fail(str(e))
    _report(summary.errors, summary.warnings)
    _print_summary(summary)
    if summary.errors:
        sys.exit(1)


def _report(errors: list[str], warnings: list[str]) -> None:
    for w in warnings:
        _echo_err(f"warning: {w}")
    for err in errors:
        _echo_err(f"error: {err}")


def _echo_err(line: str) -> None:
    """One line on stderr, whatever bytes a file name holds."""
    click.echo(line.encode("utf-8", "backslashreplace").decode("utf-8"), err=True)


def _print_summary(s: api.BuildSummary) -> None:
    refreshed = f", redone for a changed pipeline: {s.refreshed}" if s.refreshed else ""
    click.echo(f"files read: {s.files} (extracted now: {s.extracted}, from cache: {s.files - s.extracted}{refreshed})")
    click.echo(f"documents in graph: {s.documents}   articles: {s.articles}")
    ents = "  ".join(f"{t} {s.entities.get(t, 0)}" for t in ("ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"))
    derived = sum(s.derived.values())
    more = f"   (+{derived} derived: named only inside longer names, for part-of and located-in)" if derived else ""
    click.echo(f"entities: {sum(s.entities.values())}   {ents}{more}")
    click.echo("edges: " + "  ".join(f"{k} {v}" for k, v in sorted(s.edges.items())))
    if s.by_difference:
        click.echo(f"graph changed by difference: {s.reread} document(s) already in it read again, where the change's names meet theirs")
    click.echo(f"store: {s.store}")
    if s.html:
        click.echo(f"html: {s.html}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@data_dir_option
@neo4j_option
@click.option("--no-html", is_flag=True, help="Do not write the HTML view (it lists every entity; `kgraph viz` writes it later).")
def remove(paths: tuple[str, ...], data_dir: str, neo4j_uri: str | None, no_html: bool) -> None:
    """Retract files (or folders) from the graph."""
    try:
        summary = api.remove(paths, data_dir, neo4j_uri, html=not no_html)
    except StoreError as e:
        _fail(str(e))
    _report(summary.errors, summary.warnings)
    for f in summary.removed:
        click.echo(f"removed: {printable(f)}")
    click.echo(f"{len(summary.removed)} file(s) removed")
    _print_summary(summary)
    if summary.errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", show_default=True, help="JSON Lines output file.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False))
@workers_option
def extract(paths: tuple[str, ...], output: str, rules_file: str | None, workers: int | None) -> None:
    """Extract entities, affiliations and articles; one JSON object per file (scorer format).

    Records are written as files finish, in file order (memory holds a few documents, not
    the corpus); an output file appears whole at the end."""
    from kgraph.export.scorer import scorer_line
    from kgraph.safeio import tmp_name

    try:
        total = len(api.check_inputs(paths, rules_file))
    except (RulesFileError, api.InputError) as e:
        _fail(str(e))
    run = api.ExtractRun()
    target = None if output == "-" else Path(output)
    if target is not None and target.is_dir():
        _fail(f"{target}: is a folder; give a file name")
    # a file appears whole at the end (written beside, then renamed); stdout and devices stream
    direct = target is None or (target.exists() and not target.is_file())
    tmp = None if direct else tmp_name(target)
    out = sys.stdout if target is None else open(target if direct else tmp, "w", encoding="utf-8")  # noqa: SIM115
    written = 0
    try:
        with click.progressbar(
            length=total, label="extracting", file=sys.stderr, show_pos=True, item_show_func=lambda s: Path(s).name if s else ""
        ) as bar:
            for o in api.iter_extractions(
                paths,
                rules_file,
                progress=lambda f: bar.update(1, f),
                workers=workers or available_cores(),
                run=run,
                finish=scorer_line,  # made in the workers
            ):
                if o.product is not None:
                    out.write(o.product)
                    out.flush()
                    written += 1
        if out is not sys.stdout:
            out.close()
        if tmp:
            os.replace(tmp, target)
    finally:
        if out is not sys.stdout:
            out.close()
        if tmp and tmp.exists():
            tmp.unlink()
    if target is not None:
        click.echo(f"wrote {written} records to {output}", err=True)
    _report(run.errors, run.warnings)
    if run.errors:
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--show/--json", default=True, help="Readable listing (default) or JSON.")
def ingest(path: str, show: bool) -> None:
    """Print the articles recovered from one file (titles, bylines, paragraphs; pages of a PDF)."""
    from kgraph.ingest import ingest_file

    try:
        doc, articles = ingest_file(Path(path))
    except IngestError as e:
        _fail(str(e))
    if not show:
        from dataclasses import asdict

        click.echo(json.dumps([{k: v for k, v in asdict(a).items() if k != "offsets"} for a in articles], ensure_ascii=False, indent=1))
        return
    pages = f", {max(b.page for b in doc.boxes)} pages" if doc.boxes else ""
    click.echo(f"{path}  ({doc.encoding}{pages}, id {doc.id}, {len(articles)} articles)")
    for a in articles:
        where = f"  (page {a.sentences[0].page})" if a.sentences and a.sentences[0].page else ""
        click.echo(f"\n[{a.index + 1}] {a.title or '(no title)'}{where}")
        if a.byline:
            b = a.byline
            extra = " ".join(x for x in (b.org, b.title, b.place) if x)
            click.echo(f"    byline: {b.text}  → people: {'、'.join(b.people) or '-'}{'  ' + extra if extra else ''}")
        for para in a.body.split("\n"):
            click.echo(f"    {para[:70]}{'…' if len(para) > 70 else ''}")


@main.command()
@click.argument("path", required=False, type=click.Path())
@click.option("-e", "--text", help="Explain this text instead of a file.")
@click.option("--name", help="Only the candidates that overlap this name where it occurs.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False), help="User rules file, as for build.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(path: str | None, text: str | None, name: str | None, rules_file: str | None, fmt: str) -> None:
    """Why each name was found, changed or dropped: every candidate in reading order with the
    rule or model that proposed it, each step that touched it and the final decision."""
    if (path is None) == (text is None):
        _fail("give a FILE or -e TEXT")
    try:
        found = api.explain(path, text, name, rules_file)
    except (IngestError, RulesFileError) as e:
        _fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    shown = 0
    for art in found:
        click.echo(f"[article {art['article']}] {art['title'] or '(no title)'}")
        for c in art["candidates"]:
            shown += 1
            click.echo(f"  {c['start']}-{c['end']}  {c['name']}/{c['label']}  proposed by {c['proposer']}")
            for st in c["steps"]:
                change = f"{st['before']} → {st['after']}" if st["after"] else st["before"]
                click.echo(f"      {st['rule']} ({st['action']}, {st['reason']}): {change}")
            click.echo(f"      → {c['decision']}{' as ' + c['final'] if c['final'] else ''}")
    if name and not shown:
        click.echo(
            f"no rule or model proposed anything where '{name}' occurs"
            if name in (text or _read(path))
            else f"'{name}' does not occur in the text"
        )


def _read(path: str | None) -> str:
    from kgraph.ingest import ingest_file

    return ingest_file(Path(path))[0].text if path else ""


@main.command()
@click.argument("file", required=False)
@click.option("-e", "--execute", "cypher", help="Cypher text to run instead of a file.")
@click.option("-p", "--param", "params", multiple=True, help="name=value (value parsed as JSON when it can be).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the query library: what each answers and its parameters.")
@click.option("--allow-files", is_flag=True, help="Let the query read or write files (COPY, LOAD FROM); refused otherwise.")
@data_dir_option
@neo4j_option
def query(
    file: str | None,
    cypher: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
    allow_files: bool,
    data_dir: str,
    neo4j_uri: str | None,
) -> None:
    """Run Cypher from FILE (a path or a name in the query library) or -e, on the store.

    A parameter not given with -p takes the example in the query's header (said on stderr).
    """
    if list_:
        for q in list_queries():
            click.echo(describe(q))
        return
    try:
        given = parse_params(params)
        if cypher is None:
            if not file:
                _fail("give a query FILE, -e CYPHER or --list")
            q = find_query(file)
            cypher = q.text
            given, used = bind_params(q, given)
            if used:
                shown = " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in used.items())
                click.echo(f"using the example parameters of {q.name}: {shown} (give -p name=value for others)", err=True)
        result = api.query(cypher, given, data_dir, neo4j_uri, allow_files=allow_files)
    except (StoreError, QueryFileError) as e:
        _fail(str(e))
    click.echo(format_result(result, fmt), nl=False)


def format_result(result: api.QueryResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(result.columns)
        for r in result.rows:
            w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for v in r])
        return buf.getvalue()
    cells = [[_cell(v) for v in r] for r in result.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = [" | ".join(_pad(c, w) for c, w in zip(result.columns, widths, strict=False))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)) for r in cells]
    lines.append(f"({len(cells)} rows)")
    return "\n".join(lines) + "\n"


def _cell(v: object) -> str:
    if isinstance(v, list) and v and all(isinstance(x, dict) and "sentence" in x for x in v):
        return _evidence_cell(v)
    s = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)
    return s if len(s) <= 80 else s[:77] + "..."


def _evidence_cell(items: list[dict], show: int = 2) -> str:
    """Evidence for a terminal: the sentence first, then its file (and page) and date."""
    parts = []
    for ev in items[:show]:
        sentence = ev["sentence"] if len(ev["sentence"]) <= 60 else ev["sentence"][:59] + "…"
        page = f" p.{ev['page']}" if ev.get("page") else ""
        date = f" {ev['date']}" if ev.get("date") else ""
        parts.append(f"「{sentence}」 {ev['file']}{page}{date}")
    more = f" (+{len(items) - show} more)" if len(items) > show else ""
    return " ‖ ".join(parts) + more


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


@main.command()
@click.argument("name")
@click.option("--limit", type=int, default=10, show_default=True, help="Mentions in context to print.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@data_dir_option
def show(name: str, limit: int, fmt: str, data_dir: str) -> None:
    """One entity: aliases, relations and its mentions in context (sentence, file, date)."""
    try:
        e = api.show(name, data_dir, limit)
    except (StoreError, api.NotFound) as err:
        _fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(e, ensure_ascii=False, indent=1))
        return
    click.echo(
        f"{e['name']}  [{e['type']}]  mentions {e['mentions']} · documents {e['documents']}" + ("  (derived)" if e["derived"] else "")
    )
    if e["aliases"]:
        click.echo(f"aliases: {'、'.join(e['aliases'])}")
    if e["other_matches"]:
        click.echo(f"also named so: {'、'.join(e['other_matches'])}")
    for r in e["relations"]:
        arrow = "→" if r["direction"] == "out" else "←"
        click.echo(f"  {r['type']} {arrow} {r['other']}" + (f"  ({r['title']})" if r["title"] else ""))
    click.echo("in context:")
    for m in e["in_context"]:
        where = " · ".join(x for x in (m["file"], f"p.{m['page']}" if m["page"] else "", m["title"], m["date"]) if x)
        click.echo(f"  「{m['sentence']}」\n      {where}")
    if e["more_mentions"]:
        click.echo(f"  … {e['more_mentions']} more (--limit)")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@data_dir_option
def stats(fmt: str, data_dir: str) -> None:
    """A summary of the graph: documents, articles, entities and edges per type, top entities."""
    try:
        s = api.stats(data_dir)
    except StoreError as err:
        _fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"documents: {s['documents']}   articles: {s['articles']}")
    click.echo(f"entities: {sum(s['entities'].values())}   " + "  ".join(f"{t} {c}" for t, c in s["entities"].items()))
    if s["derived"]:
        click.echo(
            f"derived (named only inside longer names): {sum(s['derived'].values())}   "
            + "  ".join(f"{t} {c}" for t, c in s["derived"].items())
        )
    click.echo("edges: " + "  ".join(f"{t} {c}" for t, c in s["edges"].items()))
    click.echo("top entities (co-mention weight):")
    for k, t in enumerate(s["top"], 1):
        click.echo(f"  {k:2d}. {t['name']} [{t['type']}] {t['strength']}")


@main.command()
@data_dir_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="HTML file (default: graph.html in the workspace).")
@click.option("--top", type=int, default=300, show_default=True, help="Keep the N highest-ranked entities (0 = all).")
@click.option("--rank", type=click.Choice(["degree", "pagerank"]), default="degree", show_default=True, help="How --top ranks entities.")
@click.option("--min-weight", type=int, default=1, show_default=True, help="Hide edges lighter than this.")
@click.option("--types", help="Comma-separated entity types to show, e.g. ORG,PERSON.")
@click.option("--around", help="Ego view around this entity (name or alias).")
@click.option("--hops", type=int, default=1, show_default=True)
@click.option("--color", "color_by", type=click.Choice(["type", "community"]), default="type", show_default=True)
def viz(
    data_dir: str, output: str | None, top: int, rank: str, min_weight: int, types: str | None, around: str | None, hops: int, color_by: str
) -> None:
    """Write the interactive HTML view (self-contained, works offline)."""
    from kgraph.viz.html import ViewError

    view = {
        "top": top or None if top >= 0 else top,
        "rank": rank,
        "min_weight": min_weight,
        "types": types.split(",") if types else None,
        "around": around,
        "hops": hops,
    }
    try:
        info = api.viz(data_dir, output, color_by=color_by, **view)
    except (StoreError, ViewError) as e:
        _fail(str(e))
    aside = f", {info['aside']} in small pieces kept aside" if info.get("aside") else ""
    click.echo(f"html: {info['path']}  ({info['nodes']} nodes, {info['edges']} edges{aside}) — {info['title']}")


@main.command()
@click.option("--type", "entity_type", type=click.Choice(["ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"]), help="Only this type.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@data_dir_option
@neo4j_option
def aliases(entity_type: str | None, fmt: str, data_dir: str, neo4j_uri: str | None) -> None:
    """Print the alias table: each entity's canonical name and its other names."""
    try:
        result = api.aliases(entity_type or "", data_dir, neo4j_uri)
    except StoreError as e:
        _fail(str(e))
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "jsonl", "neo4j-admin"]), required=True)
@click.option("-o", "--output", type=click.Path(), required=True, help="File, or a folder for neo4j-admin.")
@data_dir_option
def export(fmt: str, output: str, data_dir: str) -> None:
    """Export the graph (GEXF opens in Gephi; neo4j-admin writes CSVs + headers + import.sh)."""
    try:
        files = api.export(fmt, output, data_dir)
    except (StoreError, api.ExportError) as e:
        _fail(str(e))
    for f in files:
        click.echo(str(f))


if __name__ == "__main__":
    main()
