"""The report page of ``presslens report``: one self-contained ``index.html`` (no network
access: styles, script and plots are inline; plots are SVG) with the evidence behind every
number, and per-outlet and per-speaker pages for what the index leaves out.

The command line (:mod:`presslens.cli`) runs each analysis once, writes the tables and hands
the results to :func:`write_pages` as a :class:`ReportData`; this module only presents them
(plus the evidence lookups: ``CoMentions.evidence``, ``versions``), it never re-runs an
analysis. Every piece of text taken from the corpus is HTML-escaped (:func:`esc`).

A private module: the page is the public interface (``presslens report``).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._utterances import utterances, versions

if TYPE_CHECKING:
    import pandas as pd

    from ._entities import CoMentions, Entities
    from ._quotes import Quotes
    from .corpus import Corpus

# ---- limits: what the index shows; the rest is on the outlet and speaker pages ------------
# (docs/cli.md lists them; a test checks the size of the index on a large corpus.)
TOP_OUTLETS = 30  # outlets in the overview table and chart (all on outlets/*.html)
CHART_OUTLETS = 12  # outlets in the keyness chart and in the quoted-per-outlet columns
CHART_TERMS = 10  # terms per outlet in the keyness chart
TOP_TERMS_TABLE = 10  # terms per outlet in the index's top-terms table
TOP_WARNINGS = 50  # warning rows
BOILERPLATE_LINES = 10  # evidence lines per boilerplate reason
TOP_ENTITIES = 50  # rows of the entity table
TOP_MERGES = 100  # rows of the merge log
TOP_PAIRS = 30  # co-mention pairs with their sentences
NETWORK_NODES = 40  # entities drawn in the network
NETWORK_EDGES = 120  # edges drawn
TOP_SPEAKERS = 25  # speakers in the quoted-per-outlet table
FOREST_SPEAKERS = 15  # speakers in the forest plot...
FOREST_OUTLETS = 8  # ...in the outlets with the most quotes (a row per speaker and outlet)
TOP_TONE_ROWS = 40  # speaker x outlet rows of the tone table
EVIDENCE_ROWS = 10  # evidence items (sentences, quotes, lines) under one number
TOP_UTTERANCES = 5  # statements shown with their versions across outlets...
VERSION_OUTLETS = 8  # ...one version per outlet, in this many outlets
EVIDENCE_CHARS = 400  # a longer evidence text is cut (the CSVs have it whole)
MAX_OUTLET_PAGES = 200  # outlets with a page of their own (most documents first)
MAX_SPEAKER_PAGES = 200  # speakers with a page of their own (most quoted first)
PAGE_ROWS = 500  # rows of any one table on an outlet or speaker page

LIMITS = {
    "outlets in the overview": TOP_OUTLETS,
    "outlets in the keyness chart": CHART_OUTLETS,
    "terms per outlet in the chart": CHART_TERMS,
    "warnings": TOP_WARNINGS,
    "lines per boilerplate reason": BOILERPLATE_LINES,
    "entities": TOP_ENTITIES,
    "merges": TOP_MERGES,
    "co-mention pairs": TOP_PAIRS,
    "network nodes": NETWORK_NODES,
    "speakers": TOP_SPEAKERS,
    "speakers x outlets in the forest plot": f"{FOREST_SPEAKERS} x {FOREST_OUTLETS}",
    "speaker x outlet tone rows": TOP_TONE_ROWS,
    "evidence items per number": EVIDENCE_ROWS,
    "statements with versions": TOP_UTTERANCES,
    "outlets per statement": VERSION_OUTLETS,
    "outlet pages": MAX_OUTLET_PAGES,
    "speaker pages": MAX_SPEAKER_PAGES,
    "rows per table on those pages": PAGE_ROWS,
}

BOILERPLATE_WHY = {
    "navigation": "a menu line: many capitalised words without a function word or sentence "
    "punctuation, or 3+ items separated by | • / > ×",
    "repeated_line": "a line of 4+ words already seen in the document (a repeated headline)",
    "photo_credit": "a short line with ©, 'Getty Images', or starting 'Photo:', 'Image:'...",
    "cross_link": "a link to another article: 'Also on', 'Read more', 'Related:'...",
    "share_prompt": "a share prompt: 'Share this', 'Follow us on', 'Subscribe to our'...",
    "tag_line": "a 'Tags:' line or a comma list of short items among the last lines",
    "comments": "a lone 'Comments' or '12 comments' line",
    "outlet_repeated": "a line found in at least half (and 3+) of the documents of one outlet",
}

TYPE_COLOURS = {"PERSON": "#1f77b4", "ORG": "#ff7f0e", "PLACE": "#2ca02c"}


@dataclass
class ReportData:
    """The results of one ``presslens report`` run, each computed once by the command line.

    ``top_terms``: ``TermMatrix.top(..., by="outlet")``; ``keyness``: ``keyness(...,
    by="outlet")`` or None with fewer than two outlets; ``speakers``:
    ``speaker_sentiment(quotes, by=("speaker", "outlet"))``.
    """

    corpus: Corpus
    top_terms: pd.DataFrame
    keyness: pd.DataFrame | None
    entities: Entities
    comentions: CoMentions
    quotes: Quotes
    speakers: pd.DataFrame


# ---- small HTML helpers -------------------------------------------------------------------


def esc(value: Any) -> str:
    """``value`` as HTML text: every ``&``, ``<``, ``>``, ``"`` and ``'`` escaped.

    Example:
        >>> esc('<script>alert("x")</script> & co')
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
        >>> esc(None)
        ''
    """
    return html.escape("" if value is None else str(value), quote=True)


def _cut(text: Any, n: int = EVIDENCE_CHARS) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def _list(items: Any, n: int = 12) -> str:
    """The first ``n`` items joined with "; " (and how many more)."""
    xs = [str(x) for x in items]
    more = f"; \u2026 {len(xs) - n} more" if len(xs) > n else ""
    return _cut("; ".join(xs[:n]) + more)


def _num(v: Any, digits: int = 3) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    f = float(v)
    if math.isnan(f):
        return ""
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.{digits}f}"


def _speaker_link(r: Any, speaker_pages: dict[int, str], up: str) -> str:
    """Row ``r``'s speaker name, escaped, linked to its page when it has one (``up``: the
    path from the page being written to the report's root, "" or "../")."""
    name = esc(r.speaker_name)
    page = speaker_pages.get(int(r.speaker_id))
    return f'<a href="{up}speakers/{page}.html">{name}</a>' if page is not None else name


def _td(v: Any, *, raw: bool = False, num: bool = False) -> str:
    if num:
        text = _num(v)
        return f'<td class="n" data-v="{esc(text)}">{text}</td>'
    return f"<td>{v if raw else esc(v)}</td>"


def _table(
    tid: str, header: Sequence[str], rows: Iterable[str], *, note: str = "", filter: bool = True
) -> str:
    """A sortable table (click a header) with a filter box; ``rows`` are ``<tr>`` strings."""
    body = "\n".join(rows)
    ths = "".join(f"<th>{esc(h)}</th>" for h in header)
    box = (
        f'<input class="filter" type="search" placeholder="filter rows" data-table="{tid}">'
        if filter
        else ""
    )
    foot = f'<p class="note">{note}</p>' if note else ""
    return (
        f'{box}<table class="sortable" id="{tid}"><thead><tr>{ths}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table>{foot}"
    )


def _shown(n_shown: int, n_total: int, what: str, where: str = "") -> str:
    if n_total <= n_shown:
        return ""
    return f"{n_shown} of {n_total} {esc(what)} shown{'; ' + where if where else ''}."


def _evidence(eid: str, label: str, items: Sequence[str], total: int) -> str:
    """A drill-down: ``<details id=eid>`` with the evidence ``items`` (HTML ``<li>``)."""
    more = (
        f'<li class="more">\u2026 {total - len(items)} more in the CSV files</li>'
        if total > len(items)
        else ""
    )
    return (
        f'<details class="evidence" id="{eid}"><summary>{esc(label)}</summary>'
        f"<ol>{''.join(items)}{more}</ol></details>"
    )


def _where(doc_id: Any, start: Any, end: Any = None, *, line: Any = None) -> str:
    pos = f"line {int(line)}, " if line is not None else ""
    span = f"{int(start)}\u2013{int(end)}" if end is not None else f"{int(start)}"
    return f'<span class="where">{esc(doc_id)} @ {pos}chars {span}</span>'


def _slug(name: str, taken: set[str]) -> str:
    """A file name for ``name``: letters, digits, _ and -, unique within ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")[:60] or "none"
    slug, i = base, 1
    while slug.lower() in taken:
        i += 1
        slug = f"{base}-{i}"
    taken.add(slug.lower())
    return slug


# ---- SVG ----------------------------------------------------------------------------------


def _svg(width: float, height: float, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{esc(label)}" '
        f'font-family="sans-serif" font-size="11">{body}</svg>'
    )


def bar_chart_svg(labels: Sequence[str], values: Sequence[float], title: str) -> str:
    """Horizontal bars, one per label (hand-written SVG: needs no plotting library)."""
    n = len(labels)
    width, left, row = 460.0, 170.0, 18.0
    height = 28.0 + row * max(n, 1) + 8
    top = max((float(v) for v in values), default=0.0) or 1.0
    parts = [f'<text x="4" y="14" font-weight="bold">{esc(title)}</text>']
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        y = 24 + i * row
        w = max(0.0, float(v)) / top * (width - left - 50)
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{esc(_cut(lab, 28))}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="#4c78a8">'
            f"<title>{esc(lab)}: {_num(v)}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{y + 12}">{_num(v, 1)}</text>'
        )
    return _svg(width, height, "".join(parts), title)


def keyness_chart_svg(kn: pd.DataFrame, groups: Sequence[str]) -> str:
    """Small multiples: the ``CHART_TERMS`` most distinctive terms (G2 > 0) of each group."""
    cols, pw, row = 3, 300.0, 16.0
    ph = 24 + row * CHART_TERMS + 10
    rows = math.ceil(len(groups) / cols) or 1
    parts = []
    for k, g in enumerate(groups):
        x0, y0 = (k % cols) * pw, (k // cols) * ph
        d = kn[(kn["group"] == g) & (kn["score"] > 0)].head(CHART_TERMS)
        top = float(d["score"].max()) if len(d) else 1.0
        parts.append(
            f'<text x="{x0 + 4}" y="{y0 + 14}" font-weight="bold">{esc(_cut(g, 40))}</text>'
        )
        for i, (term, score) in enumerate(zip(d["term"], d["score"], strict=True)):
            y = y0 + 20 + i * row
            w = float(score) / top * (pw - 150) if top > 0 else 0
            parts.append(
                f'<text x="{x0 + 100}" y="{y + 11}" text-anchor="end">{esc(_cut(term, 16))}</text>'
                f'<rect x="{x0 + 104}" y="{y + 2}" width="{w:.1f}" height="{row - 4}" '
                f'fill="#e45756"><title>{esc(term)}: G2 {_num(score, 2)}</title></rect>'
                f'<text x="{x0 + 108 + w:.1f}" y="{y + 11}">{_num(score, 1)}</text>'
            )
    return _svg(cols * pw, rows * ph, "".join(parts), "keyness per outlet")


def _layout(n: int, edges: np.ndarray, weights: np.ndarray, iters: int = 200) -> np.ndarray:
    """A deterministic Fruchterman-Reingold layout of n nodes in [0, 1]^2 (numpy only)."""
    if n == 0:
        return np.zeros((0, 2))
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.c_[np.cos(angle), np.sin(angle)] * 0.5
    k = 1.0 / math.sqrt(n)
    t = 0.1
    for _ in range(iters):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        disp = ((k * k / dist**2)[..., None] * delta).sum(axis=1)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            dd = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            f = (dd / k * weights)[:, None] * d
            np.add.at(disp, edges[:, 0], -f)
            np.add.at(disp, edges[:, 1], f)
        disp -= pos * 0.05  # gravity: unconnected nodes stay near
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, t)[:, None]
        t *= 0.98
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    return (pos - lo) / np.where(hi - lo > 0, hi - lo, 1.0)


def network_svg(table: pd.DataFrame, pairs: pd.DataFrame) -> str:
    """The co-mention network: the ``NETWORK_NODES`` most mentioned entities with a pair,
    edges by count (hand-written SVG, a numpy layout: needs neither networkx nor matplotlib).
    """
    if pairs.empty:
        return ""
    linked = set(pairs["source_id"]) | set(pairs["target_id"])
    t = table[table["entity_id"].isin(linked)].sort_values(
        ["n_mentions", "entity_id"], ascending=[False, True], kind="stable"
    )
    nodes = t.head(NETWORK_NODES)
    index = {int(e): i for i, e in enumerate(nodes["entity_id"])}
    p = pairs[pairs["source_id"].isin(index) & pairs["target_id"].isin(index)]
    p = p.sort_values("count", ascending=False, kind="stable").head(NETWORK_EDGES)
    edges = np.array(
        [
            [index[int(a)], index[int(b)]]
            for a, b in zip(p["source_id"], p["target_id"], strict=True)
        ],
        dtype=int,
    ).reshape(-1, 2)
    counts = p["count"].to_numpy(dtype=float)
    w = counts / counts.max() if len(counts) else counts
    pos = _layout(len(nodes), edges, w)
    width, height, pad = 760.0, 520.0, 60.0
    xy = np.c_[pad + pos[:, 0] * (width - 2 * pad), pad + pos[:, 1] * (height - 2 * pad)]
    parts = []
    for (i, j), c, wi in zip(edges, counts, w, strict=True):
        parts.append(
            f'<line x1="{xy[i, 0]:.1f}" y1="{xy[i, 1]:.1f}" x2="{xy[j, 0]:.1f}" '
            f'y2="{xy[j, 1]:.1f}" stroke="#999" stroke-opacity="0.6" '
            f'stroke-width="{0.5 + 4 * wi:.2f}"><title>{esc(nodes.iloc[i]["name"])} \u2013 '
            f"{esc(nodes.iloc[j]['name'])}: {_num(c)} sentences</title></line>"
        )
    top = float(nodes["n_mentions"].max()) if len(nodes) else 1.0
    for i, r in enumerate(nodes.itertuples()):
        rad = 4 + 12 * math.sqrt(float(r.n_mentions) / top)
        colour = TYPE_COLOURS.get(str(r.type), "#888")
        parts.append(
            f'<circle cx="{xy[i, 0]:.1f}" cy="{xy[i, 1]:.1f}" r="{rad:.1f}" fill="{colour}" '
            f'fill-opacity="0.8"><title>{esc(r.name)} ({esc(r.type)}): {int(r.n_mentions)} '
            f"mentions</title></circle>"
            f'<text x="{xy[i, 0]:.1f}" y="{xy[i, 1] - rad - 2:.1f}" text-anchor="middle">'
            f"{esc(_cut(r.name, 24))}</text>"
        )
    legend = "".join(
        f'<circle cx="{12 + 90 * k}" cy="12" r="5" fill="{c}"/>'
        f'<text x="{20 + 90 * k}" y="16">{t}</text>'
        for k, (t, c) in enumerate(TYPE_COLOURS.items())
    )
    return _svg(width, height, legend + "".join(parts), "co-mention network")


def forest_svg(
    speakers: pd.DataFrame, top: int = FOREST_SPEAKERS, outlets: int = FOREST_OUTLETS
) -> tuple[str, str]:
    """The forest plot of ``presslens.plot_speaker_sentiment`` as inline SVG (matplotlib's
    SVG backend, text as paths: no font is fetched) for the ``top`` most quoted speakers in
    the ``outlets`` outlets with the most quotes, and a note on what it shows; ``("", why)``
    without matplotlib or without a speaker."""
    if speakers.empty:
        return "", "no quote with a known speaker, so no tone to plot."
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return "", (
            "the forest plot needs matplotlib, which is not installed "
            "(pip install 'presslens[plot]'); the table below has the same figures."
        )
    from ._speakers import plot_speaker_sentiment

    note = ""
    d = speakers
    if "outlet" in d.columns and d["outlet"].nunique() > outlets:
        per = d.groupby("outlet")["n_quotes"].sum().sort_values(ascending=False, kind="stable")
        d = d[d["outlet"].isin(per.index[:outlets])]
        note = f"the {outlets} outlets with the most quotes (of {len(per)}); "
    totals = d.groupby("speaker_id")["n_quotes"].transform("sum")
    order = d.assign(_t=totals).sort_values(["_t", "speaker_id"], ascending=[False, True])
    ids = order["speaker_id"].drop_duplicates().head(top)
    if d["speaker_id"].nunique() > top:
        note += f"the {top} most quoted speakers (of {d['speaker_id'].nunique()}); "
    d = d[d["speaker_id"].isin(ids)]
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "presslens"}):
        fig = Figure(figsize=(7.5, 0.32 * len(d) + 1.6))
        ax = fig.subplots()
        plot_speaker_sentiment(d, ax=ax, top=top)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    s = buf.getvalue()
    shown = f"Shown: {note}every row is in the table and on the speaker pages." if note else ""
    return s[s.index("<svg") :], shown


# ---- the sections -------------------------------------------------------------------------


def _overview(d: ReportData, outlet_pages: dict[str, str]) -> str:
    c = d.corpus
    s = c.summary()
    docs = c.documents
    per = docs["outlet"].fillna("").value_counts(sort=True)
    per = per.sort_values(ascending=False, kind="stable")
    shown = per.head(TOP_OUTLETS)
    figures = (
        f"<p>{s['documents']} documents ({s['inputs']} inputs, {s['skipped']} skipped), "
        f"{s['tokens']} tokens, {s['sentences']} sentences, {s['paragraphs']} paragraphs, "
        f"{s['boilerplate_lines']} boilerplate lines left out, {len(c.warnings)} warnings.</p>"
    )
    chart = (
        bar_chart_svg(
            [o or "(none)" for o in shown.index], list(shown.values), "documents per outlet"
        )
        if len(shown)
        else ""
    )
    bp = c.boilerplate
    bp_by_outlet = (
        bp.merge(docs[["id", "outlet"]], left_on="doc_id", right_on="id")["outlet"].value_counts()
        if len(bp)
        else None
    )
    rows = []
    for o, n in shown.items():
        link = (
            f'<a href="outlets/{outlet_pages[o]}.html">{esc(o or "(none)")}</a>'
            if o in outlet_pages
            else esc(o or "(none)")
        )
        nb = int(bp_by_outlet.get(o, 0)) if bp_by_outlet is not None else 0
        rows.append(f"<tr>{_td(link, raw=True)}{_td(n, num=True)}{_td(nb, num=True)}</tr>")
    outlets = _table(
        "t-outlets",
        ["outlet", "documents", "boilerplate lines"],
        rows,
        note=_shown(len(shown), len(per), "outlets", "every outlet with a page is under outlets/"),
    )
    # Warnings: counts per code, then the first rows.
    w = c.warnings
    if len(w):
        wrows = [
            f"<tr>{_td(r.code)}{_td(r.doc_id)}{_td(r.source)}{_td(r.line, num=True)}{_td(_cut(r.message))}</tr>"
            for r in w.head(TOP_WARNINGS).itertuples()
        ]
        codes = ", ".join(f"{esc(k)} {v}" for k, v in w["code"].value_counts().items())
        warn = f"<p>By code: {codes}.</p>" + _table(
            "t-warnings",
            ["code", "document", "source", "line", "message"],
            wrows,
            note=_shown(len(wrows), len(w), "warnings", "all in corpus/warnings.csv"),
        )
    else:
        warn = "<p>No warnings: every input was read as a document.</p>"
    # Boilerplate: per reason, why, and the lines behind the flag.
    if len(bp):
        brows = []
        for reason, g in bp.groupby("reason", sort=False):
            items = [
                f"<li>{_where(r.doc_id, r.start, r.end, line=r.line)} <q>{esc(_cut(r.text))}</q></li>"
                for r in g.head(EVIDENCE_ROWS).itertuples()
            ]
            ev = _evidence(f"ev-bp-{_slug(str(reason), set())}", f"{len(g)} lines", items, len(g))
            brows.append(
                f"<tr>{_td(reason)}{_td(BOILERPLATE_WHY.get(str(reason), ''))}"
                f"{_td(len(g), num=True)}<td>{ev}</td></tr>"
            )
        boiler = _table(
            "t-boilerplate",
            ["reason", "why it is left out", "lines", "the lines"],
            brows,
            filter=False,
        )
    else:
        boiler = "<p>No boilerplate line was flagged.</p>"
    return (
        '<section id="overview"><h2>Corpus overview</h2>'
        f"{figures}<h3>Documents per outlet</h3>{chart}{outlets}"
        f"<h3>Boilerplate left out, and why</h3>{boiler}<h3>Warnings</h3>{warn}</section>"
    )


def _terms(d: ReportData, groups: list[str], outlet_pages: dict[str, str]) -> str:
    parts = ['<section id="terms"><h2>Terms</h2>']
    if d.keyness is not None and len(d.keyness):
        parts.append(
            "<h3>Keyness per outlet</h3><p>The terms each outlet uses more than the others "
            "(log-likelihood G2 against the rest of the corpus, English stop words removed; "
            f"the {CHART_TERMS} highest per outlet, for {min(len(groups), CHART_OUTLETS)} "
            "outlets; all in terms/keyness_by_outlet.csv and on the outlet pages).</p>"
        )
        parts.append(keyness_chart_svg(d.keyness, groups[:CHART_OUTLETS]))
    else:
        parts.append("<p>Keyness needs at least two outlets; this corpus has fewer.</p>")
    tt = d.top_terms
    rows = []
    for g in groups[:CHART_OUTLETS]:
        sub = tt[tt["outlet"] == g].head(TOP_TERMS_TABLE)
        terms = ", ".join(
            f"{esc(t)} ({int(n)})" for t, n in zip(sub["term"], sub["count"], strict=True)
        )
        name = (
            f'<a href="outlets/{outlet_pages[g]}.html">{esc(g or "(none)")}</a>'
            if g in outlet_pages
            else esc(g)
        )
        rows.append(f"<tr>{_td(name, raw=True)}{_td(terms, raw=True)}</tr>")
    parts.append("<h3>Most frequent terms</h3>")
    parts.append(_table("t-top-terms", ["outlet", "top terms (count)"], rows))
    parts.append("</section>")
    return "".join(parts)


def _entities(d: ReportData, speaker_pages: dict[int, str]) -> str:
    t = d.entities.table
    named = t[t["type"] != "OTHER"]

    def name(r: Any) -> str:
        sid = int(r.entity_id)
        if sid in speaker_pages:
            return f'<a href="speakers/{speaker_pages[sid]}.html">{esc(r.name)}</a>'
        return esc(r.name)

    rows = [
        f'<tr id="ent-{int(r.entity_id)}">{_td(name(r), raw=True)}{_td(r.type)}'
        f"{_td(r.n_mentions, num=True)}"
        f"{_td(r.n_docs, num=True)}{_td(_list(r.aliases))}{_td(_list(r.roles))}</tr>"
        for r in named.head(TOP_ENTITIES).itertuples()
    ]
    table = _table(
        "t-entities",
        ["name", "type", "mentions", "documents", "aliases", "roles"],
        rows,
        note=_shown(len(rows), len(named), "entities", "all in entities/entities.csv"),
    )
    m = d.entities.merges
    mrows = [
        f"<tr>{_td(r.form)}{_td(r.name)}{_td(r.reason)}</tr>"
        for r in m.head(TOP_MERGES).itertuples()
    ]
    merges = _table(
        "t-merges",
        ["form", "merged into", "why"],
        mrows,
        note=_shown(len(mrows), len(m), "merges", "all in entities/merges.csv"),
    )
    pairs = d.comentions.to_frame()
    prow = []
    for k, r in enumerate(pairs.head(TOP_PAIRS).itertuples()):
        ev = d.comentions.evidence(int(r.source_id), int(r.target_id))
        items = [
            f"<li>{_where(e.doc_id, e.start, e.end)} {esc(_cut(e.text))}</li>"
            for e in ev.head(EVIDENCE_ROWS).itertuples()
        ]
        eid = f"ev-co-{k}"
        prow.append(
            f"<tr>{_td(r.source)}{_td(r.target)}"
            f'<td class="n" data-v="{_num(r.count)}"><a href="#{eid}">{_num(r.count)}</a></td>'
            f"{_td(r.npmi, num=True)}{_td(r.g2, num=True)}"
            f"<td>{_evidence(eid, f'{len(ev)} sentences', items, len(ev))}</td></tr>"
        )
    pair_table = _table(
        "t-pairs",
        ["entity", "entity", "sentences", "npmi", "G2", "the sentences"],
        prow,
        note=_shown(len(prow), len(pairs), "pairs", "all in entities/comentions.csv"),
    )
    net = network_svg(t, pairs)
    return (
        '<section id="entities"><h2>Entities</h2>'
        f"<h3>People, organisations and places</h3>{table}"
        f"<h3>Merge log</h3><p>Which forms were merged into which entity, and why.</p>{merges}"
        "<h3>Co-mentions</h3><p>Who is mentioned with whom in one sentence; the network shows "
        f"the {NETWORK_NODES} most mentioned entities with a pair (edge width: sentences).</p>"
        f"{net or '<p>No two entities share a sentence.</p>'}{pair_table}</section>"
    )


def _quote_items(f: pd.DataFrame, ids: Sequence[int], limit: int = EVIDENCE_ROWS) -> list[str]:
    rows = f.loc[f.index.intersection(list(ids)[:limit])]
    return [
        f'<li id="q-{int(qid)}">{_where(r.doc_id, r.start, r.end)} <em>{esc(r.kind)}</em>, '
        f"{esc(r.outlet)}: <q>{esc(_cut(r.text))}</q></li>"
        for qid, r in zip(rows.index, rows.itertuples(), strict=True)
    ]


def _one_per_outlet(q: Quotes, ids: list[int]) -> Quotes:
    """The quotes ``ids`` of one utterance cut to the longest version in each of the
    ``VERSION_OUTLETS`` outlets carrying it most (a statement syndicated to thousands of
    documents would otherwise be aligned, and shown, thousands of times)."""
    from ._quotes import Quotes

    f = q.frame[q.frame["quote_id"].isin(ids)]
    if len(f) <= VERSION_OUTLETS and f["outlet"].is_unique:
        return q
    top = f["outlet"].value_counts().sort_values(ascending=False, kind="stable").index
    f = f[f["outlet"].isin(top[:VERSION_OUTLETS])]
    f = f.assign(_len=f["text"].str.len()).sort_values(
        ["_len", "quote_id"], ascending=[False, True], kind="stable"
    )
    f = f.drop_duplicates("outlet").drop(columns="_len").sort_values("quote_id")
    return Quotes(q.entities, f, q.warnings)


def _quotes(d: ReportData, groups: list[str], speaker_pages: dict[int, str]) -> str:
    q = d.quotes
    f = q.frame
    fq = f.set_index("quote_id", drop=False)
    spoken = f[(f["speaker_id"] >= 0) & (f["kind"] != "scare")]
    parts = ['<section id="quotes"><h2>Quotes</h2>']
    attributed = f"{(f['speaker_id'] >= 0).mean():.0%}" if len(f) else "0%"
    parts.append(f"<p>{len(f)} quotes, {attributed} attributed to a speaker.</p>")
    # Who is quoted how often in each outlet.
    if len(spoken):
        counts = spoken.groupby(["speaker_id", "outlet"]).size().unstack(fill_value=0)
        totals = counts.sum(axis=1).sort_values(ascending=False, kind="stable")
        cols = [g for g in groups[:CHART_OUTLETS] if g in counts.columns]
        names = spoken.drop_duplicates("speaker_id").set_index("speaker_id")["speaker_name"]
        rows = []
        for sid in totals.index[:TOP_SPEAKERS]:
            name = esc(names[sid])
            if sid in speaker_pages:
                name = f'<a href="speakers/{speaker_pages[sid]}.html">{name}</a>'
            other = int(totals[sid] - counts.loc[sid, cols].sum())
            cells = "".join(_td(counts.loc[sid, o], num=True) for o in cols)
            rows.append(
                f"<tr>{_td(name, raw=True)}{cells}{_td(other, num=True) if len(counts.columns) > len(cols) else ''}"
                f"{_td(totals[sid], num=True)}</tr>"
            )
        header = [
            "speaker",
            *cols,
            *(["other outlets"] if len(counts.columns) > len(cols) else []),
            "total",
        ]
        parts.append("<h3>Who is quoted how often in each outlet</h3>")
        parts.append(
            _table(
                "t-quoted",
                header,
                rows,
                note=_shown(
                    len(rows),
                    len(totals),
                    "speakers",
                    "all in quotes/speakers.csv and on the speaker pages",
                ),
            )
        )
    # The tone per speaker and outlet: forest plot and the table with the quotes behind.
    s = d.speakers
    parts.append(
        "<h3>Tone per speaker and outlet</h3><p>Mean VADER compound of each speaker's quotes "
        "in each outlet with a 95% bootstrap interval (presslens.speaker_sentiment); open a "
        "row for the quotes behind the score.</p>"
    )
    svg, why = forest_svg(s)
    parts.append(
        f'<div class="plot">{svg}</div>' if svg else f'<p class="note">No plot: {esc(why)}</p>'
    )
    trows = []
    for k, r in enumerate(s.head(TOP_TONE_ROWS).itertuples()):
        ids = list(r.quote_ids)
        eid = f"ev-tone-{k}"
        name = _speaker_link(r, speaker_pages, "")
        trows.append(
            f"<tr>{_td(name, raw=True)}{_td(r.outlet)}"
            f'<td class="n" data-v="{int(r.n_quotes)}"><a href="#{eid}">{int(r.n_quotes)}</a></td>'
            f"{_td(r.mean, num=True)}{_td(r.ci_low, num=True)}{_td(r.ci_high, num=True)}"
            f"{_td(r.shrunk_mean, num=True)}"
            f"<td>{_evidence(eid, f'{len(ids)} quotes', _quote_items(fq, ids), len(ids))}</td></tr>"
        )
    parts.append(
        _table(
            "t-tone",
            [
                "speaker",
                "outlet",
                "quotes",
                "mean",
                "ci low",
                "ci high",
                "shrunk mean",
                "the quotes",
            ],
            trows,
            note=_shown(len(trows), len(s), "rows", "all in sentiment/speakers.csv"),
        )
    )
    # One statement's versions across outlets.
    u = utterances(q, min_versions=2)
    u = u[u["n_outlets"] > 1].head(TOP_UTTERANCES)
    parts.append("<h3>One statement, several versions</h3>")
    if u.empty:
        parts.append("<p>No statement is quoted in more than one outlet.</p>")
    for k, r in enumerate(u.itertuples()):
        v = versions(_one_per_outlet(q, list(r.quote_ids)), int(r.utterance_id))
        vrows = [
            f"<tr>{_td(x.label)}<td>{_where(x.doc_id, fq.loc[x.quote_id, 'start'], fq.loc[x.quote_id, 'end'])}</td>"
            f"{_td(_cut(x.text))}{_td(f'{x.shared:.0%}')}{_td(_list(x.only_here, 30))}"
            f"{_td(_list(x.omitted, 5))}</tr>"
            for x in v.table.itertuples()
        ]
        parts.append(
            f'<details class="versions" id="ev-utt-{k}"{" open" if k == 0 else ""}><summary>'
            f"{esc(r.speaker_name)}: <q>{esc(_cut(r.text, 120))}</q> \u2014 {int(r.n_versions)} "
            f"versions in {int(r.n_outlets)} outlets"
            f"{f' (the longest in {len(v.table)} of them)' if len(v.table) < r.n_versions else ''}"
            "</summary>"
            + _table(
                f"t-utt-{k}",
                [
                    "outlet",
                    "where",
                    "text",
                    "shared words",
                    "words only here",
                    "sentences left out",
                ],
                vrows,
                filter=False,
            )
            + "</details>"
        )
    parts.append("</section>")
    return "".join(parts)


# ---- pages --------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222}
header{background:#243447;color:#fff;padding:12px 24px}header a{color:#cde}
nav a{margin-right:14px}main{padding:0 24px 40px;max-width:1200px}
h2{border-bottom:2px solid #243447;margin-top:32px}h3{margin-bottom:6px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f0f3f6;cursor:pointer;user-select:none}td.n{text-align:right}
tbody tr:nth-child(even){background:#fafbfc}
input.filter{display:block;margin:4px 0;padding:3px 6px;width:260px}
details.evidence summary{cursor:pointer;color:#2a5db0}details.evidence ol{margin:4px 0;padding-left:22px}
details.versions{margin:8px 0}.where{color:#666;font-size:12px;margin-right:4px}
.note{color:#666;font-size:12px}.plot svg{max-width:100%;height:auto}
"""

_JS = """
document.querySelectorAll('table.sortable th').forEach(function(th){
  th.addEventListener('click',function(){
    var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,asc=th.dataset.dir!=='asc';
    th.dataset.dir=asc?'asc':'desc';
    var rows=Array.prototype.slice.call(b.rows);
    rows.sort(function(x,y){
      var a=x.cells[i],c=y.cells[i];
      a=a?(a.dataset.v!==undefined?a.dataset.v:a.textContent):'';
      c=c?(c.dataset.v!==undefined?c.dataset.v:c.textContent):'';
      var na=parseFloat(a),nc=parseFloat(c);
      var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);
      return asc?r:-r;});
    rows.forEach(function(r){b.appendChild(r);});});});
document.querySelectorAll('input.filter').forEach(function(inp){
  inp.addEventListener('input',function(){
    var t=document.getElementById(inp.dataset.table),q=inp.value.toLowerCase();
    Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
      r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});});
function openEvidence(){
  var id=decodeURIComponent(location.hash.slice(1)),el=id&&document.getElementById(id);
  if(!el)return;
  for(var p=el;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}
  el.scrollIntoView();}
window.addEventListener('hashchange',openEvidence);openEvidence();
document.body.setAttribute('data-ready','1');
"""

# No network access: nothing may be fetched, only inline styles, scripts and data: images.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, body: str, *, nav: Sequence[tuple[str, str]] = (), home: str = "") -> str:
    """A whole HTML page: inline style and script, a CSP that forbids any fetch."""
    links = "".join(f'<a href="{esc(h)}">{esc(t)}</a>' for h, t in nav)
    back = f'<a href="{esc(home)}">\u2190 report</a> ' if home else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><nav>{back}{links}</nav></header>"
        f"<main>{body}</main><script>{_JS}</script></body></html>\n"
    )


def _outlet_page(d: ReportData, outlet: str, speaker_pages: dict[int, str]) -> str:
    docs = d.corpus.documents
    mine = docs[docs["outlet"].fillna("") == outlet]
    drows = [
        f"<tr>{_td(r.id)}{_td(getattr(r, 'title', ''))}{_td(getattr(r, 'date', ''))}"
        f"{_td(r.n_tokens, num=True)}{_td(r.n_boilerplate, num=True)}</tr>"
        for r in mine.head(PAGE_ROWS).itertuples()
    ]
    parts = [
        f"<h2>Documents</h2><p>{len(mine)} documents.</p>",
        _table(
            "t-docs",
            ["id", "title", "date", "tokens", "boilerplate lines"],
            drows,
            note=_shown(len(drows), len(mine), "documents", "all in corpus/documents.csv"),
        ),
    ]
    if d.keyness is not None:
        k = d.keyness[d.keyness["group"] == outlet].head(PAGE_ROWS)
        krows = [
            f"<tr>{_td(r.term)}{_td(r.score, num=True)}{_td(r.count_target, num=True)}"
            f"{_td(r.count_reference, num=True)}{_td(r.log_ratio, num=True)}</tr>"
            for r in k.itertuples()
        ]
        parts.append("<h2>Keyness</h2>")
        parts.append(_table("t-keyness", ["term", "G2", "here", "elsewhere", "log ratio"], krows))
    tt = d.top_terms[d.top_terms["outlet"] == outlet]
    parts.append("<h2>Most frequent terms</h2>")
    parts.append(
        _table(
            "t-terms",
            ["rank", "term", "count"],
            [
                f"<tr>{_td(r.rank, num=True)}{_td(r.term)}{_td(r.count, num=True)}</tr>"
                for r in tt.itertuples()
            ],
        )
    )
    s = (
        d.speakers[d.speakers["outlet"] == outlet]
        if "outlet" in d.speakers.columns
        else d.speakers.iloc[:0]
    )
    srows = []
    for r in s.head(PAGE_ROWS).itertuples():
        name = _speaker_link(r, speaker_pages, "../")
        srows.append(
            f"<tr>{_td(name, raw=True)}{_td(r.n_quotes, num=True)}{_td(r.mean, num=True)}"
            f"{_td(r.ci_low, num=True)}{_td(r.ci_high, num=True)}</tr>"
        )
    parts.append("<h2>Speakers quoted here</h2>")
    parts.append(_table("t-speakers", ["speaker", "quotes", "mean", "ci low", "ci high"], srows))
    bp = d.corpus.boilerplate
    bp = bp[bp["doc_id"].isin(set(mine["id"]))].head(PAGE_ROWS)
    parts.append("<h2>Boilerplate lines left out</h2>")
    parts.append(
        _table(
            "t-bp",
            ["document", "line", "chars", "reason", "text"],
            [
                f"<tr>{_td(r.doc_id)}{_td(r.line, num=True)}{_td(f'{int(r.start)}–{int(r.end)}')}"
                f"{_td(r.reason)}{_td(_cut(r.text))}</tr>"
                for r in bp.itertuples()
            ],
        )
    )
    return page(
        f"presslens report: outlet {outlet or '(none)'}", "".join(parts), home="../index.html"
    )


def _speaker_page(d: ReportData, e: pd.Series, mine: pd.DataFrame, s: pd.DataFrame) -> str:
    """The page of one speaker: entity row ``e``, its quotes ``mine``, its tone rows ``s``."""
    head = (
        f"<p>{esc(e['type'])}; aliases: {esc(_list(e['aliases'], 50))}; roles: "
        f"{esc(_list(e['roles'], 50))}; {len(mine)} quotes in "
        f"{mine['outlet'].nunique()} outlets.</p>"
    )
    trows = [
        f"<tr>{_td(r.outlet)}{_td(r.n_quotes, num=True)}{_td(r.mean, num=True)}"
        f"{_td(r.ci_low, num=True)}{_td(r.ci_high, num=True)}{_td(r.shrunk_mean, num=True)}</tr>"
        for r in s.itertuples()
    ]
    qrows = [
        f'<tr id="q-{int(r.quote_id)}">{_td(r.quote_id, num=True)}{_td(r.outlet)}{_td(r.doc_id)}'
        f"{_td(f'{int(r.start)}–{int(r.end)}')}{_td(r.kind)}{_td(r.text)}</tr>"
        for r in mine.head(PAGE_ROWS).itertuples()
    ]
    body = (
        head
        + "<h2>Tone per outlet</h2>"
        + _table("t-tone", ["outlet", "quotes", "mean", "ci low", "ci high", "shrunk mean"], trows)
        + "<h2>Quotes</h2>"
        + _table(
            "t-quotes",
            ["quote", "outlet", "document", "chars", "kind", "text"],
            qrows,
            note=_shown(len(qrows), len(mine), "quotes", "all in quotes/quotes.csv"),
        )
    )
    return page(f"presslens report: {e['name']}", body, home="../index.html")


def write_pages(d: ReportData, out: Path) -> list[Path]:
    """Write ``out/index.html`` and the outlet and speaker pages; the paths written (the
    index first)."""
    out.mkdir(parents=True, exist_ok=True)
    docs = d.corpus.documents
    per = (
        docs["outlet"]
        .fillna("")
        .value_counts(sort=True)
        .sort_values(ascending=False, kind="stable")
    )
    groups = [str(g) for g in per.index]
    taken: set[str] = set()
    outlet_pages = {g: _slug(g, taken) for g in groups[:MAX_OUTLET_PAGES]}
    f = d.quotes.frame
    spoken = f[f["speaker_id"] >= 0]
    most = spoken["speaker_id"].value_counts().sort_values(ascending=False, kind="stable")
    speaker_pages = {int(s): str(int(s)) for s in most.index[:MAX_SPEAKER_PAGES]}
    body = (
        _overview(d, outlet_pages)
        + _terms(d, groups, outlet_pages)
        + _entities(d, speaker_pages)
        + _quotes(d, groups, speaker_pages)
        + '<section id="limits"><h2>What this page leaves out</h2><p>The page shows the top '
        "of each table; the CSV files beside it have every row, and the outlet and speaker "
        "pages the rest per outlet and speaker. Limits: "
        + ", ".join(f"{esc(k)} {v}" for k, v in LIMITS.items())
        + ".</p></section>"
    )
    nav = [
        ("#overview", "Overview"),
        ("#terms", "Terms"),
        ("#entities", "Entities"),
        ("#quotes", "Quotes"),
    ]
    index = out / "index.html"
    index.write_text(page("presslens report", body, nav=nav), "utf-8")
    written = [index]
    (out / "outlets").mkdir(exist_ok=True)
    for g, slug in outlet_pages.items():
        p = out / "outlets" / f"{slug}.html"
        p.write_text(_outlet_page(d, g, speaker_pages), "utf-8")
        written.append(p)
    (out / "speakers").mkdir(exist_ok=True)
    table = d.entities.table.set_index("entity_id")
    by_speaker = dict(tuple(spoken[spoken["speaker_id"].isin(speaker_pages)].groupby("speaker_id")))
    tone = dict(tuple(d.speakers.groupby("speaker_id"))) if len(d.speakers) else {}
    for sid, name in speaker_pages.items():
        p = out / "speakers" / f"{name}.html"
        rows = tone.get(sid, d.speakers.iloc[:0])
        p.write_text(_speaker_page(d, table.loc[sid], by_speaker[sid], rows), "utf-8")
        written.append(p)
    return written
