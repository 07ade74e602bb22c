"""Turning query results into Outputs for the render layer: columns, cells, footnotes.
This is where numbers get their display units; queries stay free of formatting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aitrack.dataset.fields import SCALES, SPECS, spec
from aitrack.dataset.shape import written
from aitrack.quantity import fmt_number
from aitrack.store.facts import read
from aitrack.views.render import Cell, Output, Sheet
from aitrack.views.trust import HIDDEN, HIDDEN_LEGEND
from aitrack.vocab import CITED_KINDS, DELIMITED_FORMATS, JSON_FORMATS, LISTED_KINDS

TABLE_COLUMNS = {
    "lab": ["id", "name", "org_type", "country", "parent", "sentiment"],
    "chip": ["id", "name", "vendor", "category", "memory", "memory_bandwidth", "cores", "peak_bf16", "tdp", "released"],
    "model": ["id", "name", "lab", "family", "model_type", "released", "open_weights", "license"],
    "prediction": ["id", "by", "due", "status", "statement"],
    "source": ["id", "name", "source_kind", "outlet", "published"],
    "product": ["id", "name", "maker", "product_type", "released"],
}
# On a narrow terminal these columns go first (in this order) so that ids never break.
NARROW_DROP = {
    "lab": ["sentiment", "parent", "country", "org_type"],
    "chip": ["cores", "tdp", "category", "vendor", "peak_bf16", "released"],
    "model": ["license", "family", "model_type", "open_weights", "released"],
    "prediction": ["by", "due"],
    "source": ["outlet", "source_kind", "published"],
    "product": ["product_type", "released", "maker"],
}
HIDDEN_CELL = Cell(None, HIDDEN)
FILTER_OPTIONS = {
    "lab": "--lab",
    "vendor": "--vendor",
    "maker": "--maker",
    "tags": "--tag",
    "country": "--country",
    "status": "--status",
    "open_weights": "--open-weights",
}


def empty_list_message(kind: str, filters: dict[str, Any], limit: int | None) -> str:
    """The one line on stderr that says an empty listing is empty, and why."""
    used = []
    for name, value in filters.items():
        if value is None:
            continue
        if name == "open_weights":
            used.append("--open-weights" if value == "true" else "--closed-weights")
        else:
            used.append(f"{FILTER_OPTIONS[name]} {value}")
    if limit == 0:
        return "aitrack: --limit 0 shows no rows"
    if used:
        return f"aitrack: no {kind}s match {' '.join(used)}"
    return f"aitrack: this dataset has no {kind}s"


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(k, 0)} {k}s" for k in LISTED_KINDS)


def fingerprint_line(cat: Any) -> str:
    return f"data: {counts_text(cat.counts())}; fingerprint {cat.fingerprint}"


def validate_summary(cat: Any) -> str:
    return f"valid: {counts_text(cat.counts())} (fingerprint {cat.fingerprint}; every quote found in its document, every quoted value in its quote)"


class Notes:
    """Footnote markers for citations, numbered in order of first use."""

    def __init__(self, cat: Any):
        self.cat = cat
        self.order: list[dict] = []
        self.index: dict[tuple, int] = {}

    def mark(self, cites: list[dict]) -> str:
        marks = []
        for cite in cites:
            key = (cite["source"], cite.get("quote"), cite.get("locator"))
            if key not in self.index:
                self.order.append(cite)
                self.index[key] = len(self.order)
            marks.append(f"[{self.index[key]}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        return [f"[{i}] {describe_cite(self.cat, c)}" for i, c in enumerate(self.order, 1)]

    def data(self) -> list[dict]:
        out = []
        for i, c in enumerate(self.order, 1):
            src = self.cat.get(c["source"]) or {}
            item = {"marker": i, **c, "external": src.get("source_kind") == "external"}
            for key in ("title", "url"):
                if src.get(key):
                    item[key] = src[key]
            out.append(item)
        return out


def describe_cite(cat: Any, cite: dict) -> str:
    src = cat.get(cite["source"]) or {}
    where = f" ({cite['locator']})" if cite.get("locator") else ""
    rel = cite.get("reliability") or src.get("reliability")
    graded = f" [{rel}{', section ' + repr(cite['section']) if cite.get('section') else ''}]" if rel else ""
    if src.get("source_kind") == "external":
        return f"external: {src.get('title', cite['source'])}, {src.get('url', '')}{where}{graded}"
    quote = " ".join(cite.get("quote", "").split())
    return f'{cite["source"]}{where}: "{quote}"{graded}'


# list -------------------------------------------------------------------------------


def _column(kind: str, name: str) -> Callable[[dict], Any]:
    """A table cell from a flat record (tables.flat), built once per listing."""
    s = spec(kind, name)
    if s is not None and s.type == "quantity":
        key, flag, high = s.key, s.key + "_approx", s.key + "_high"

        def quantity(rec: dict) -> Any:
            number = rec.get(key)
            if number is None:
                return None
            top = rec.get(high)
            text = ("~" if rec.get(flag) else "") + fmt_number(number)
            return Cell(number, text + ("-" + fmt_number(top) if top is not None and top != number else ""))

        return quantity
    if s is not None and s.type in ("date", "day"):
        precision = s.key + "_precision"
        return lambda rec: Cell(rec.get(name), written(rec.get(name), rec.get(precision))) if name in rec else None
    # a key present with no value was stated unknown in the data; an absent key is missing
    return lambda rec: rec[name] if rec.get(name) is not None else ("unknown" if name in rec else None)


def _header(kind: str, name: str) -> str:
    """A human table header: the field's name with its unit, e.g. memory_bandwidth (TB/s)."""
    s = spec(kind, name)
    if s is None or s.type != "quantity" or s.unit == "count" or name != s.key:
        return name
    return f"{s.name} ({s.unit})"


def list_output(kind: str, records: list[dict], columns: list[str] | None, fmt: str, today: Any = None) -> Output:
    """records are flat (tables.flat) for table, CSV, TSV and Markdown; full for JSON.
    Machine formats name columns by machine name (dataset.fields); tables add units."""
    from aitrack.dataset.fields import columns as machine_columns
    from aitrack.dataset.shape import days_left, shape
    from aitrack.queries.browse import check_field

    machine = fmt in DELIMITED_FORMATS
    cols = [check_field(kind, c) for c in columns] if columns else None
    if fmt in JSON_FORMATS:
        data = [shape(r, today) for r in records]
        return Output([Sheet([], [])], data=_project(data, cols) if cols else data)
    if machine:
        cols = cols or machine_columns(kind)
        if kind == "prediction" and "days_left" in cols:
            records = [{**r, "days_left": days_left(r, today)} for r in records]
        rows = [list(map(r.get, cols)) for r in records]  # flat values are already machine values
        return Output([Sheet(cols, rows)], data=records)
    cols = cols or [s.key if (s := spec(kind, c)) else c for c in TABLE_COLUMNS[kind]]
    numeric = {i for i, c in enumerate(cols) if (s := spec(kind, c)) and s.type in ("quantity", "sentiment")}
    extract = [_column(kind, c) for c in cols]
    # a value a --min-confidence view hid has its own mark: "—" means nothing in the sources
    rows = [[HIDDEN_CELL if c in r.get("hidden", ()) else f(r) for c, f in zip(cols, extract)] for r in records]
    drop = [s.key if (s := spec(kind, c)) else c for c in NARROW_DROP.get(kind, [])]
    optional = [] if columns else [cols.index(c) for c in drop if c in cols]
    legend = [HIDDEN_LEGEND] if any(r.get("hidden") for r in records) else []
    sheet = Sheet([_header(kind, c) for c in cols], rows, numeric=numeric, optional=optional)
    return Output([sheet], data=records, footnotes=legend)


def _project(data: list[dict], cols: list[str]) -> list[dict]:
    """JSON with --columns: those keys (and id); a part (memory_GB_high) keeps its whole value."""
    if not data:
        return data
    keys: list[str] = []
    for c in ["id", *cols]:
        key = c if c in data[0] else next((k for k in data[0] if c.startswith(k + "_")), c)
        if key not in keys:
            keys.append(key)
    return [{k: d.get(k) for k in keys} for d in data]


# show -------------------------------------------------------------------------------


def reading_text(r: Any) -> str:
    """A Reading as text: yes/no, lists joined with '; ', people with their role."""
    v = r.value
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return fmt_number(v)
    if isinstance(v, list):
        return "; ".join(
            f"{x[0]} ({x[1]})" if isinstance(x, tuple) and x[1] else (x[0] if isinstance(x, tuple) else str(x))
            for x in v
        )
    return str(v)


def show_output(shown: Any, cat: Any, history: bool = False, fmt: str = "table", today: Any = None) -> Output:
    """show: the entity's shape plus related and sources in JSON; sections for CSV/TSV
    (fields with their citations and history, each related group, sources); a footnoted table."""
    from aitrack.dataset.shape import shape
    from aitrack.views import trust
    from aitrack.views.machine import show_sheets

    rec = shown.record
    related = {
        k.replace(" ", "_"): [{"id": i["id"], "kind": i["kind"], "name": i["name"]} for i in v if i]
        for k, v in shown.related.items()
    }
    sources = [shape(s) for s in shown.sources.values()]
    obj = shape(rec, today)
    data = {**obj, "related": {k: [i["id"] for i in v] for k, v in related.items()}, "sources": sources}
    if fmt in DELIMITED_FORMATS:
        return Output(show_sheets(cat, obj, related, sources), data)
    notes = Notes(cat)
    rows: list[list[Any]] = []
    marked = False

    def add(field: str, text: str, cites: list[dict], confidence: str | None = None) -> None:
        nonlocal marked
        cites = [c for c in cites if "source" in c]
        sign = trust.mark(confidence)
        marked = marked or bool(sign)
        rows.append(
            [field, Cell(text, text + (f" {sign}" if sign else ""), trust.style(confidence)), notes.mark(cites)]
        )

    if rec.get("aliases"):
        add("aliases", "; ".join(rec["aliases"]), [])
    if rec.get("tags"):
        add("tags", "; ".join(rec["tags"]), [])
    for s in SPECS[rec["kind"]]:
        r = read(rec, s)
        if not r.missing:
            note = f" (note: {r.note})" if r.note else ""
            note += f" (derived: {r.derived})" if r.derived else ""
            if s.name in SCALES:
                note += f" (scale: {SCALES[s.name]})"
            add(s.name, reading_text(r) + note, r.cites, r.confidence)
        elif s.name in rec.get("hidden", ()):
            add(s.name, HIDDEN, [])
    if rec["kind"] == "prediction":
        add("quote", rec["quote"], [rec])
        for key in ("made_window", "due_window"):
            if rec.get(key):
                add(key, " to ".join(rec[key]), [])
        if rec.get("due_note"):
            add("due (uncertain)", f"unknown ({rec['due_note']})", [])
        if rec.get("resolution"):
            res = rec["resolution"]
            add(
                "resolution",
                f"{res['outcome']} on {res['on']}: {res['note']}"
                + (f" ({res['evidence']})" if res.get("evidence") else ""),
                [res] if res.get("source") else [],
            )
    for ev in rec.get("events", []):
        add(f"event {ev['date']}", ev["value"], [ev])
    for fact in rec.get("facts", []):
        add(
            "fact",
            fact["value"] + (f" (note: {fact['note']})" if fact.get("note") else ""),
            [fact],
            fact.get("confidence"),
        )
    for cite in rec.get("cite", []):
        add("named in", cite["source"], [cite])
    for sec in rec.get("sections", []):  # a source's parts graded apart from the whole
        who = f", by {sec['by']}" if sec.get("by") else ""
        add(f"section {sec.get('heading') or sec.get('locator')}", f"{sec['reliability']}{who}", [])
    if rec.get("notes"):
        add("notes", " ".join(rec["notes"].split()), [])
    sheets = [Sheet(["field", "value", "source"], rows, name="fields")]
    if history and rec["kind"] in CITED_KINDS:
        sheets.append(trust.history_sheet(rec, notes))
    for label, items in related.items():
        sheets.append(
            Sheet(
                ["kind", "id", "name"],
                [[i["kind"], i["id"], i["name"]] for i in items],
                title=label.replace("_", " "),
                name=label,
            )
        )
    header = [f"{rec['name']}  ({rec['kind']} {rec['id']})"]
    legend = ([trust.LEGEND] if marked else []) + ([HIDDEN_LEGEND] if rec.get("hidden") else [])
    return Output(sheets, data, header=header, footnotes=notes.lines() + legend)


# search ------------------------------------------------------------------------------


def search_output(hits: list[Any], query: str) -> Output:
    rows = []
    for h in hits:
        stop = h.end if h.end >= 0 else h.start + len(query)
        start = max(0, h.start - 40)
        end = min(len(h.text), stop + 40)
        snippet = ("…" if start else "") + h.text[start:end] + ("…" if end < len(h.text) else "")
        snippet = " ".join(snippet.split())
        matched = " ".join(h.text[h.start : stop].split())
        rows.append([h.record["kind"], h.record["id"], h.field, Cell(snippet, snippet, style=f"match:{matched}")])
    data = [
        {
            "kind": h.record["kind"],
            "id": h.record["id"],
            "name": h.record["name"],
            "field": h.field,
            "snippet": r[3].raw,
        }
        for h, r in zip(hits, rows)
    ]
    return Output([Sheet(["kind", "id", "field", "snippet"], rows, optional=[2, 0])], data)
