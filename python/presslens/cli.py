"""The ``presslens`` command: every subcommand and every step of ``presslens report``.

    presslens corpus INPUT            summary and warnings of a folder or JSONL file
    presslens terms INPUT             top terms or keyness per outlet (CSV)
    presslens entities INPUT          people, organisations and places with resolved aliases
    presslens comentions INPUT        who is mentioned with whom, with association measures
    presslens quotes INPUT            direct and indirect quotes with their speakers
    presslens sentiment INPUT         VADER sentiment per document and per sentence (CSV)
    presslens report INPUT --out DIR  every analysis: DIR/index.html and the tables behind it
    presslens report --sample         the same on the bundled sample corpus

This module calls the analysis modules; they never import it. ``presslens report`` runs
each analysis once and hands its result to the next (the quotes reuse the entities).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from ._entities import MEASURES, CoMentions, Entities, comentions, entities, sample_gazetteer_path
from ._quotes import Quotes, quotes
from ._speakers import speaker_sentiment
from .corpus import Corpus, load, sample_corpus
from .sentiment import document_sentiment, write_sentiment_files
from .terms import keyness, term_matrix

Handler = Callable[[argparse.Namespace], int]

# ---- arguments and files every subcommand shares ------------------------------------------


def add_input_arguments(p: argparse.ArgumentParser, *, sample: bool = True) -> None:
    """Arguments every subcommand that reads a corpus shares."""
    p.add_argument(
        "input",
        nargs="?" if sample else None,
        help="a folder of .txt files (with optional metadata.jsonl/csv) or a .jsonl file",
    )
    if sample:
        p.add_argument("--sample", action="store_true", help="use the bundled sample corpus")
    p.add_argument(
        "--errors",
        choices=["replace", "strict"],
        default="replace",
        help="invalid UTF-8: repair with a warning (default) or fail",
    )
    p.add_argument("--threads", type=int, default=0, help="worker threads (0 = all cores)")
    p.add_argument("--text-field", default="text", help="JSONL field holding the text")
    p.add_argument("--id-field", default="id", help="JSONL field holding the id")
    p.add_argument("--outlet-field", default="outlet", help="JSONL field holding the outlet")
    p.add_argument(
        "--keep-boilerplate",
        action="store_true",
        help="do not flag boilerplate lines (navigation, credits, share prompts...)",
    )


def add_scoring_arguments(p: argparse.ArgumentParser) -> None:
    """--overlay and --model: how texts are scored (presslens.sentiment)."""
    p.add_argument(
        "--overlay",
        action="append",
        default=None,
        metavar="news|FILE.tsv",
        help="lexicon overlay: 'news' or a term<TAB>valence file (repeatable; default: "
        "exact VADER)",
    )
    p.add_argument(
        "--model",
        choices=["vader", "news"],
        default="vader",
        help="scoring model: exact VADER (default) or the news model",
    )


def add_gazetteer_argument(p: argparse.ArgumentParser) -> None:
    """``--gazetteer FILE`` of the commands that find entities."""
    p.add_argument(
        "--gazetteer",
        help="extra entries, name<TAB>type<TAB>aliases (default with --sample: its own)",
    )


def load_input(args: argparse.Namespace) -> Corpus:
    """Load the corpus a subcommand was pointed at."""
    common: dict[str, Any] = {
        "errors": args.errors,
        "threads": args.threads,
        "boilerplate": not args.keep_boilerplate,
    }
    if getattr(args, "sample", False):
        return sample_corpus(**common)
    if not args.input:
        raise SystemExit("presslens: give an INPUT folder or .jsonl file, or --sample")
    path = Path(args.input)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return Corpus.from_jsonl(
            path,
            id_field=args.id_field,
            text_field=args.text_field,
            outlet_field=args.outlet_field,
            **common,
        )
    return load(path, **common)


def gazetteer_for(args: argparse.Namespace) -> str | None:
    """The --gazetteer file of a command, or the sample's with --sample."""
    path = getattr(args, "gazetteer", None)
    if path is None and getattr(args, "sample", False):
        return sample_gazetteer_path()
    return path


def print_summary(corpus: Corpus, out: Any = None) -> None:
    """Human-readable corpus summary and warnings."""
    out = out or sys.stdout
    s = corpus.summary()
    print(
        f"{s['documents']} documents ({s['inputs']} inputs, {s['skipped']} skipped), "
        f"{s['tokens']} tokens, {s['sentences']} sentences, {s['paragraphs']} paragraphs, "
        f"{s['boilerplate_lines']} boilerplate lines",
        file=out,
    )
    if s["outlets"]:
        print(
            "outlets: " + ", ".join(f"{k or '(none)'} {v}" for k, v in s["outlets"].items()),
            file=out,
        )
    w = corpus.warnings
    if len(w):
        print(f"{len(w)} warnings:", file=out)
        for row in w.head(20).itertuples():
            print(f"  [{row.code}] {row.message}", file=out)
        if len(w) > 20:
            print(f"  ... {len(w) - 20} more (see warnings.csv)", file=out)


def write_csvs(folder: Path, frames: dict[str, Any], *, parquet: bool = False) -> list[Path]:
    """Each DataFrame of ``frames`` to ``folder / name`` as CSV, and with ``parquet`` also
    as ``.parquet`` beside it (needs pyarrow; a table pyarrow cannot store is skipped with
    a warning on stderr); the paths written."""
    written = []
    for name, df in frames.items():
        df.to_csv(folder / name, index=False)
        written.append(folder / name)
        if parquet:
            path = (folder / name).with_suffix(".parquet")
            try:
                df.to_parquet(path, index=False)
            except (ImportError, ValueError, TypeError, OverflowError, NotImplementedError) as e:
                print(f"presslens: warning: {path.name} not written: {e}", file=sys.stderr)
            else:
                written.append(path)
    return written


def write_corpus_files(corpus: Corpus, out: Path, *, parquet: bool = False) -> list[Path]:
    """documents.csv, warnings.csv, boilerplate.csv, sentences.csv, summary.json."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "documents.csv": corpus.documents,
        "warnings.csv": corpus.warnings,
        "boilerplate.csv": corpus.boilerplate,
        "sentences.csv": corpus.sentences(),
    }
    written = write_csvs(out, files, parquet=parquet)
    (out / "summary.json").write_text(json.dumps(corpus.summary(), indent=2) + "\n", "utf-8")
    written.append(out / "summary.json")
    return written


@contextmanager
def _wide_pandas() -> Iterator[None]:
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        yield


def _json_default(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (set, tuple)):
        return list(v)
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


# ---- presslens corpus ---------------------------------------------------------------------


def _add_corpus_command(sub: Any) -> None:
    p = sub.add_parser("corpus", help="load a corpus and print its summary and warnings")
    add_input_arguments(p)
    p.add_argument("--out", help="also write documents/warnings/boilerplate/sentences CSVs here")
    p.set_defaults(handler=_cmd_corpus)


def _cmd_corpus(args: argparse.Namespace) -> int:
    corpus = load_input(args)
    print_summary(corpus)
    if args.out:
        for p in write_corpus_files(corpus, Path(args.out)):
            print(f"wrote {p}")
    return 0


# ---- presslens terms ----------------------------------------------------------------------


def _add_terms_command(sub: Any) -> None:
    p = sub.add_parser(
        "terms",
        help="top terms and keyness per outlet (CSV)",
        description=(
            "Count the terms of a corpus and write, per group (outlet by default), either "
            "the terms that distinguish it from the other groups (keyness, default) or its "
            "most frequent terms, as CSV on stdout or in --out."
        ),
    )
    add_input_arguments(p)
    p.add_argument("--what", choices=["keyness", "top"], default="keyness", help="what to report")
    p.add_argument("--by", default="outlet", help="document field to group by")
    p.add_argument("--top", type=int, default=20, help="terms per group (default 20)")
    p.add_argument("--ngram-max", type=int, default=1, help="longest n-gram (default 1)")
    p.add_argument(
        "--stop-words",
        choices=["english", "none"],
        default="english",
        help="stop list (default: the built-in English list)",
    )
    p.add_argument(
        "--token-pattern", choices=["default", "sklearn"], default="default", help="tokens"
    )
    p.add_argument(
        "--measure",
        choices=["g2", "chi2", "pmi", "log_ratio", "pct_diff"],
        default="g2",
        help="keyness measure (default g2)",
    )
    p.add_argument("--min-count", type=int, default=5, help="keyness frequency guard")
    p.add_argument("--out", help="write the CSV to this file instead of stdout")
    p.set_defaults(handler=_cmd_terms)


def _cmd_terms(args: argparse.Namespace) -> int:
    corpus = load_input(args)
    tm = term_matrix(
        corpus,
        ngram_range=(1, args.ngram_max),
        stop_words=None if args.stop_words == "none" else args.stop_words,
        token_pattern=args.token_pattern,
        threads=args.threads,
    )
    if args.what == "top":
        table = tm.top(args.top, by=args.by)
    else:
        k = keyness(tm, by=args.by, measure=args.measure, min_count=args.min_count)
        table = k.groupby("group", sort=False).head(args.top).reset_index(drop=True)
    if args.out:
        table.to_csv(args.out, index=False)
    else:
        table.to_csv(sys.stdout, index=False)
    return 0


# ---- presslens entities, presslens comentions ---------------------------------------------


def _add_entities_commands(sub: Any) -> None:
    p = sub.add_parser("entities", help="people, organisations and places with resolved aliases")
    add_input_arguments(p)
    add_gazetteer_argument(p)
    p.add_argument("--out", help="write the entity table (CSV)")
    p.add_argument("--mentions", help="write every mention (CSV)")
    p.add_argument("--merges", help="write the merge log (CSV)")
    p.add_argument("--top", type=int, default=25, help="entities to print (default 25)")
    p.set_defaults(handler=_cmd_entities)

    p = sub.add_parser("comentions", help="who is mentioned with whom, with association measures")
    add_input_arguments(p)
    add_gazetteer_argument(p)
    p.add_argument(
        "--scope", choices=["sentence", "paragraph", "document", "window"], default="sentence"
    )
    p.add_argument("--window", type=int, help="tokens, with --scope window")
    p.add_argument("--measure", choices=list(MEASURES), default="count")
    p.add_argument("--by", help="a document column to split by, e.g. outlet")
    p.add_argument("--min-count", type=int, default=1)
    p.add_argument("--out", help="write the edge list (CSV)")
    p.add_argument("--graphml", help="write the network as GraphML")
    p.add_argument("--gexf", help="write the network as GEXF")
    p.add_argument("--top", type=int, default=20, help="pairs to print (default 20)")
    p.set_defaults(handler=_cmd_comentions)


def _cmd_entities(args: argparse.Namespace) -> int:
    ents = entities(load_input(args), gazetteer_entries=gazetteer_for(args), threads=args.threads)
    t = ents.table
    cols = ["name", "type", "n_mentions", "n_docs", "aliases"]
    with _wide_pandas():
        print(t[t["type"] != "OTHER"][cols].head(args.top).to_string(index=False))
    for path, df in ((args.out, t), (args.mentions, ents.mentions), (args.merges, ents.merges)):
        if path:
            df.to_csv(path, index=False)
            print(f"wrote {path}")
    return 0


def _cmd_comentions(args: argparse.Namespace) -> int:
    import pandas as pd

    co = comentions(
        entities(load_input(args), gazetteer_entries=gazetteer_for(args), threads=args.threads),
        scope=args.scope,
        window=args.window,
        measure=args.measure,
        by=args.by,
        min_count=args.min_count,
        threads=args.threads,
    )
    frames = [co.to_frame()] if not args.by else [g.to_frame() for g in co.by_group.values()]
    df = pd.concat(frames, ignore_index=True) if frames else co.to_frame()
    cols = (["group"] if args.by else []) + [
        "source",
        "target",
        "count",
        args.measure if args.measure != "count" else "npmi",
        "g2",
        "p_g2",
    ]
    with _wide_pandas():
        print(df[cols].head(args.top).to_string(index=False))
    if args.out:
        df.to_csv(args.out, index=False)
        print(f"wrote {args.out}")
    if args.graphml:
        co.to_graphml(args.graphml)
        print(f"wrote {args.graphml}")
    if args.gexf:
        co.to_gexf(args.gexf)
        print(f"wrote {args.gexf}")
    return 0


# ---- presslens quotes ---------------------------------------------------------------------


def _add_quotes_command(sub: Any) -> None:
    p = sub.add_parser("quotes", help="direct and indirect quotes with their speakers")
    add_input_arguments(p)
    add_gazetteer_argument(p)
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    p.add_argument("--out", help="write here instead of standard output")
    p.add_argument("--by-speaker", action="store_true", help="print quotes per speaker instead")
    p.add_argument(
        "--min-unattributed-words",
        type=int,
        default=10,
        metavar="N",
        help="keep a direct quote without an attribution of its own from N words on (default "
        "10; shorter ones are mostly titles and scare quotes; 1 keeps every quote)",
    )
    p.set_defaults(handler=_cmd_quotes)


def _cmd_quotes(args: argparse.Namespace) -> int:
    if args.min_unattributed_words < 1:
        raise SystemExit("presslens quotes: --min-unattributed-words must be at least 1")
    q = quotes(
        load_input(args),
        gazetteer_entries=gazetteer_for(args),
        min_unattributed_words=args.min_unattributed_words,
        threads=args.threads,
    )
    df = q.by_speaker() if args.by_speaker else q.frame
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout  # noqa: SIM115
    try:
        if args.format == "csv":
            df.to_csv(out, index=False)
        else:
            for rec in df.to_dict(orient="records"):
                out.write(json.dumps(rec, ensure_ascii=False, default=_json_default) + "\n")
    finally:
        if args.out:
            out.close()
    for w in q.warnings.itertuples():
        print(f"presslens: warning: [{w.code}] {w.message}", file=sys.stderr)
    return 0


# ---- presslens speakers -------------------------------------------------------------------


def _add_speakers_command(sub: Any) -> None:
    p = sub.add_parser(
        "speakers",
        help="the tone in which each speaker is quoted, per outlet, with intervals (CSV)",
    )
    add_input_arguments(p)
    add_gazetteer_argument(p)
    p.add_argument(
        "--by",
        action="append",
        metavar="KEY",
        help="group by this key besides the speaker (repeatable): outlet, doc_id, kind or a "
        "document column such as date; 'speaker' alone is the default",
    )
    p.add_argument(
        "--unit",
        choices=["quote", "utterance"],
        default="quote",
        help="average the versions of one statement first (utterance) or not (quote)",
    )
    add_scoring_arguments(p)
    p.add_argument("--kinds", default="direct,mixed,indirect", help="quote kinds to keep")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="write the CSV here instead of standard output")
    p.set_defaults(handler=_cmd_speakers)


def _cmd_speakers(args: argparse.Namespace) -> int:
    by = ["speaker", *(k for k in (args.by or []) if k != "speaker")]
    q = quotes(load_input(args), gazetteer_entries=gazetteer_for(args), threads=args.threads)
    try:
        df = speaker_sentiment(
            q,
            by=tuple(by),
            unit=args.unit,
            kinds=tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
            min_confidence=args.min_confidence,
            n_boot=args.n_boot,
            seed=args.seed,
            overlay=args.overlay,
            model=args.model,
            threads=args.threads,
        )
    except ValueError as e:  # a bad --by key or option value: a usage error
        print(f"presslens speakers: {e}", file=sys.stderr)
        return 2
    df = df.assign(
        roles=df["roles"].map("; ".join),
        quote_ids=df["quote_ids"].map(lambda ids: " ".join(map(str, ids))),
    )
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout  # noqa: SIM115
    try:
        df.to_csv(out, index=False)
    finally:
        if args.out:
            out.close()
    for w in q.warnings.itertuples():
        print(f"presslens: warning: [{w.code}] {w.message}", file=sys.stderr)
    return 0


# ---- presslens sentiment ------------------------------------------------------------------


def _add_sentiment_command(sub: Any) -> None:
    p = sub.add_parser(
        "sentiment",
        help="VADER sentiment per document and per sentence (CSV)",
        description=(
            "Score every sentence of every document with VADER (vaderSentiment 3.3.2, "
            "bit for bit) and aggregate per document: mean sentence compound and the shares "
            "of positive (compound >= 0.05), negative (<= -0.05) and neutral sentences, "
            "with the whole-text compound for contrast. Prints CSV, or writes "
            "sentiment_documents.csv and sentiment_sentences.csv with --out."
        ),
    )
    add_input_arguments(p)
    p.add_argument(
        "--level",
        choices=["document", "sentence"],
        default="document",
        help="rows printed without --out: one per document (default) or per sentence",
    )
    add_scoring_arguments(p)
    p.add_argument(
        "--include-boilerplate",
        action="store_true",
        help="count sentences of boilerplate lines in the document figures",
    )
    p.add_argument("--out", help="write both CSV files to this folder (created)")
    p.set_defaults(handler=_cmd_sentiment)


def _cmd_sentiment(args: argparse.Namespace) -> int:
    corpus = load_input(args)
    if args.out:
        for path in write_sentiment_files(
            corpus,
            Path(args.out),
            overlay=args.overlay,
            model=args.model,
            include_boilerplate=args.include_boilerplate,
            threads=args.threads,
        ):
            print(f"wrote {path}")
        return 0
    document_sentiment(
        corpus,
        overlay=args.overlay,
        model=args.model,
        include_boilerplate=args.include_boilerplate,
        threads=args.threads,
        sentences=args.level == "sentence",
    ).to_csv(sys.stdout, index=False)
    return 0


# ---- presslens report ---------------------------------------------------------------------

REPORT_STAGES = (
    "loading",
    "terms",
    "entities",
    "co-mentions",
    "quotes",
    "sentiment",
    "speaker tone",
    "pages",
)


class InputError(Exception):
    """An input that cannot be read (missing, unreadable, strict decoding failure): exit 1."""


class UsageError(Exception):
    """A bad argument: exit 2."""


class Progress:
    """One step per report stage on ``stream`` (stderr): a tqdm bar when tqdm is installed,
    else one line per stage; silent with ``quiet`` or when the stream is not a terminal."""

    def __init__(self, stages: Sequence[str], *, quiet: bool = False, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())
        self.stages = list(stages)
        self.done = 0
        self._bar: Any = None
        if self.enabled:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped]

                self._bar = tqdm(total=len(self.stages), file=self.stream, unit="stage")
            except ImportError:
                self._bar = None

    def stage(self, name: str) -> None:
        """Announce that stage ``name`` starts (the previous one is done)."""
        if self.done and self._bar is not None:
            self._bar.update(1)
        self.done += 1
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.set_description(f"presslens report: {name}")
        else:
            print(
                f"presslens report: [{self.done}/{len(self.stages)}] {name}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        """The last stage is done."""
        if self._bar is not None:
            self._bar.update(1)
            self._bar.close()
            self._bar = None


def _add_report_command(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="run every analysis and write the report page and its tables",
        description=(
            "Run every analysis once and write DIR/index.html (one self-contained page: "
            "corpus overview, terms, entities, quotes, with the evidence behind every "
            "number), per-outlet and per-speaker pages, and the tables behind them as CSV "
            "(and Parquet when pyarrow is installed). Exit codes: 0 done, 1 an input that "
            "cannot be read, 2 bad arguments."
        ),
    )
    add_input_arguments(p)
    p.add_argument("--gazetteer", help="extra entity entries, name<TAB>type<TAB>aliases")
    p.add_argument("--out", default="presslens-report", help="output folder (created)")
    p.add_argument(
        "--quiet", action="store_true", help="no progress on stderr (also off when not a terminal)"
    )
    p.set_defaults(handler=_cmd_report)


def _check_report_args(args: argparse.Namespace) -> None:
    """Raise UsageError for a bad argument, InputError for an input file that is missing."""
    if args.sample and args.input:
        raise UsageError("give INPUT or --sample, not both")
    if not args.sample and not args.input:
        raise UsageError("give an INPUT folder or .jsonl file, or --sample")
    if args.threads < 0:
        raise UsageError(f"--threads must be 0 (all cores) or more, got {args.threads}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a folder")
    if args.gazetteer and not Path(args.gazetteer).is_file():
        raise InputError(f"--gazetteer {args.gazetteer}: no such file")
    if args.input and not Path(args.input).exists():
        raise InputError(f"{args.input}: no such file or folder")


def _report_input(args: argparse.Namespace) -> Corpus:
    """The report's corpus; InputError when it cannot be read or has no document."""
    try:
        corpus = load_input(args)
    except (OSError, ValueError, UnicodeError) as e:
        raise InputError(str(e).splitlines()[0] if str(e) else type(e).__name__) from e
    if len(corpus) == 0:
        w = corpus.warnings
        why = f"; first warning: [{w['code'].iloc[0]}] {w['message'].iloc[0]}" if len(w) else ""
        raise InputError(f"{args.input}: no document to report on ({corpus.n_inputs} inputs){why}")
    return corpus


def _cmd_report(args: argparse.Namespace) -> int:
    try:
        return _run_report(args)
    except UsageError as e:
        print(f"presslens report: error: {e}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"presslens report: cannot read the input: {e}", file=sys.stderr)
        return 1


def _run_report(args: argparse.Namespace) -> int:
    from ._report import ReportData, write_pages

    _check_report_args(args)
    progress = Progress(REPORT_STAGES, quiet=args.quiet)
    progress.stage("loading")
    corpus = _report_input(args)
    out = Path(args.out)
    gazetteer = gazetteer_for(args)
    threads = args.threads
    parquet = _have_pyarrow()
    print_summary(corpus)
    written = write_corpus_files(corpus, out / "corpus", parquet=parquet)
    progress.stage("terms")
    files, top, kn = _report_terms(corpus, out / "terms", threads=threads, parquet=parquet)
    written += files
    progress.stage("entities")
    try:
        ents = entities(corpus, gazetteer_entries=gazetteer, threads=threads)
    except (OSError, ValueError) as e:  # an unreadable or malformed gazetteer
        raise InputError(f"--gazetteer {gazetteer}: {e}") from e
    progress.stage("co-mentions")
    files, co = _report_entities(ents, out / "entities", parquet=parquet)
    written += files
    progress.stage("quotes")
    q = quotes(ents, gazetteer_entries=gazetteer, threads=threads)
    written += _report_quotes(q, out / "quotes", parquet=parquet)
    progress.stage("sentiment")
    written += write_sentiment_files(corpus, out / "sentiment", threads=threads)
    progress.stage("speaker tone")
    files, tone = _report_speakers(q, out / "sentiment", threads=threads, parquet=parquet)
    written += files
    progress.stage("pages")
    data = ReportData(
        corpus=corpus,
        top_terms=top,
        keyness=kn,
        entities=ents,
        comentions=co,
        quotes=q,
        speakers=tone,
    )
    pages = write_pages(data, out)
    progress.close()
    print(f"report: {len(written)} table files in {out}/")
    for p in written:
        print(f"  {p}")
    n_out = sum(p.parent.name == "outlets" for p in pages)
    n_sp = sum(p.parent.name == "speakers" for p in pages)
    print(f"pages: index.html, {n_out} outlet pages, {n_sp} speaker pages; open in a browser:")
    print(pages[0].resolve())
    return 0


def _have_pyarrow() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def _report_terms(
    corpus: Corpus, folder: Path, *, threads: int, parquet: bool = False
) -> tuple[list[Path], Any, Any]:
    """Top terms and keyness per outlet (G2, English stop words removed): the files written,
    the top terms and the keyness table (None with fewer than two outlets)."""
    folder.mkdir(parents=True, exist_ok=True)
    tm = term_matrix(corpus, stop_words="english", threads=threads)
    top = tm.top(20, by="outlet")
    frames = {"top_terms_by_outlet.csv": top}
    kn = None
    if corpus.documents["outlet"].nunique() > 1:
        kn = keyness(tm, by="outlet", measure="g2", min_count=3)
        frames["keyness_by_outlet.csv"] = kn
        best = kn[kn["score"] > 0].groupby("group").head(3)
        summary = "; ".join(
            f"{g}: {', '.join(best[best['group'] == g]['term'])}" for g in best["group"].unique()
        )
        print(f"distinctive terms: {summary}")
    return write_csvs(folder, frames, parquet=parquet), top, kn


def _report_entities(
    ents: Entities, folder: Path, *, parquet: bool = False
) -> tuple[list[Path], CoMentions]:
    """Entity table, mentions, merges and the sentence co-mention network: the files
    written and the co-mentions."""
    folder.mkdir(parents=True, exist_ok=True)
    co = comentions(ents, min_count=1)
    pairs = co.to_frame()
    files = {
        "entities.csv": ents.table,
        "mentions.csv": ents.mentions,
        "merges.csv": ents.merges,
        "comentions.csv": pairs,
    }
    written = write_csvs(folder, files, parquet=parquet)
    co.to_graphml(folder / "comentions.graphml")
    written.append(folder / "comentions.graphml")
    t = ents.table
    people = t[t["type"] == "PERSON"].head(5)["name"].tolist()
    print(f"entities: {len(t)} ({', '.join(people)} ...); co-mention pairs: {len(pairs)}")
    return written, co


def _report_quotes(q: Quotes, folder: Path, *, parquet: bool = False) -> list[Path]:
    """Quotes, quotes per speaker and sentiment per speaker and outlet (found from the
    entities the report already has)."""
    folder.mkdir(parents=True, exist_ok=True)
    by_speaker = q.by_speaker()
    files = {
        "quotes.csv": q.frame,
        "speakers.csv": by_speaker,
        "sentiment_by_speaker_outlet.csv": q.sentiment(by=("speaker_name", "outlet")),
        "quote_warnings.csv": q.warnings,
    }
    written = write_csvs(folder, files, parquet=parquet)
    top = by_speaker.head(5)
    attributed = (q.frame["speaker_id"] >= 0).mean() if len(q) else 0.0
    print(
        f"quotes: {len(q)} ({attributed:.0%} attributed); most quoted: "
        + ", ".join(f"{r.speaker_name} {r.n_quotes}" for r in top.itertuples())
    )
    return written


def _report_speakers(
    q: Quotes, folder: Path, *, threads: int, parquet: bool = False
) -> tuple[list[Path], Any]:
    """The tone each speaker is quoted in, per outlet (speaker_sentiment), from the quotes
    the report already has: the files written and the table (quote_ids as lists)."""
    folder.mkdir(parents=True, exist_ok=True)
    df = speaker_sentiment(q, by=("speaker", "outlet"), threads=threads)
    flat = df.assign(  # as `presslens speakers` writes them
        roles=df["roles"].map("; ".join),
        quote_ids=df["quote_ids"].map(lambda ids: " ".join(map(str, ids))),
    )
    written = write_csvs(folder, {"speakers.csv": flat}, parquet=parquet)
    if len(df):
        best = df.sort_values("shrunk_mean", kind="stable")
        print(
            f"speaker tone: most negative {best.iloc[0]['speaker_name']} "
            f"({best.iloc[0]['outlet']}), most positive {best.iloc[-1]['speaker_name']} "
            f"({best.iloc[-1]['outlet']})"
        )
    return written, df


# ---- the parser and the entry point -------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``presslens`` argument parser with every subcommand; each sets ``handler``."""
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="Analytics for news coverage: which words dominate, who is mentioned "
        "with whom, who is quoted and in what tone.",
    )
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_corpus_command(sub)
    _add_report_command(sub)
    _add_terms_command(sub)
    _add_entities_commands(sub)
    _add_quotes_command(sub)
    _add_speakers_command(sub)
    _add_sentiment_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``presslens`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        # The reader went away (`presslens quotes DIR | head`): not an error of ours. Point
        # stdout at /dev/null so that Python's flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError, TypeError) as e:
        print(f"presslens: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("presslens: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
