"""The ``presslens`` command.

    presslens corpus INPUT            summary and warnings of a folder or JSONL file
    presslens report INPUT --out DIR  every analysis, written as CSV/JSON files
    presslens report --sample         the same on the bundled sample corpus

Each analysis module adds its own subcommand through ``add_<name>_command``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .corpus import Corpus, load, sample_corpus

Handler = Callable[[argparse.Namespace], int]


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


def write_csvs(folder: Path, frames: dict[str, Any]) -> list[Path]:
    """Each DataFrame of ``frames`` to ``folder / name`` as CSV; the paths written."""
    written = []
    for name, df in frames.items():
        df.to_csv(folder / name, index=False)
        written.append(folder / name)
    return written


def write_corpus_files(corpus: Corpus, out: Path) -> list[Path]:
    """documents.csv, warnings.csv, boilerplate.csv, sentences.csv, summary.json."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "documents.csv": corpus.documents,
        "warnings.csv": corpus.warnings,
        "boilerplate.csv": corpus.boilerplate,
        "sentences.csv": corpus.sentences(),
    }
    written = write_csvs(out, files)
    (out / "summary.json").write_text(json.dumps(corpus.summary(), indent=2) + "\n", "utf-8")
    written.append(out / "summary.json")
    return written


def _cmd_corpus(args: argparse.Namespace) -> int:
    corpus = load_input(args)
    print_summary(corpus)
    if args.out:
        for p in write_corpus_files(corpus, Path(args.out)):
            print(f"wrote {p}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    corpus = load_input(args)
    out = Path(args.out)
    print_summary(corpus)
    written = write_corpus_files(corpus, out / "corpus")
    for step in _report_steps():
        written += step(corpus, out, args)
    print(f"report: {len(written)} files in {out}/")
    for p in written:
        print(f"  {p}")
    return 0


def _report_steps() -> list[Callable[[Corpus, Path, argparse.Namespace], list[Path]]]:
    """Analyses that add files to `presslens report`, in order."""
    from .entities import report_step as entities_report_step
    from .quotes import quotes_report_step
    from .sentiment import sentiment_report_step
    from .terms import terms_report_step

    return [terms_report_step, entities_report_step, quotes_report_step, sentiment_report_step]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="Analytics for news coverage: which words dominate, who is mentioned "
        "with whom, who is quoted and in what tone.",
    )
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("corpus", help="load a corpus and print its summary and warnings")
    add_input_arguments(p)
    p.add_argument("--out", help="also write documents/warnings/boilerplate/sentences CSVs here")
    p.set_defaults(handler=_cmd_corpus)

    p = sub.add_parser("report", help="run every analysis and write the report files")
    add_input_arguments(p)
    p.add_argument("--gazetteer", help="extra entity entries, name<TAB>type<TAB>aliases")
    p.add_argument("--out", default="presslens-report", help="output folder (created)")
    p.set_defaults(handler=_cmd_report)

    # The analysis modules add their own subcommands (their names are shadowed by the
    # functions of the same name in the package namespace, so import the functions).
    from .entities import add_entities_commands
    from .quotes import add_quotes_command
    from .sentiment import add_sentiment_command
    from .terms import add_terms_command

    add_terms_command(sub)
    add_entities_commands(sub)
    add_quotes_command(sub)
    add_sentiment_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``presslens`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (OSError, ValueError, TypeError) as e:
        print(f"presslens: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("presslens: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
