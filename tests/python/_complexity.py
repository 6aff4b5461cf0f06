"""Adversarial texts and a measuring helper for the complexity tests (issue 13: every
analysis in linear time and memory). Used by test_complexity.py and benchmarks/complexity.py.

Patterns: each builder takes a size in bytes and returns the texts of a corpus (a one-text
pattern is paired with a short companion document so that keyness has two outlets; the
outlets alternate between "a" and "b"). Texts are made by repeating a unit, so their size
is exact (a few bytes over for numbered documents) and building them is fast. No pattern is boilerplate: every text is one
paragraph (or lines that are neither repeated nor navigation), which the load step reports.

Measuring (:class:`Runner`, :func:`measure_two_sizes`): a server process
(``python _complexity.py --serve``) imports presslens, pandas and scipy and warms every
analysis up on a tiny corpus, once. Every (pattern, size) is then a case process forked
from it, so that a case cannot disturb another: it caps its address space (RLIMIT_AS),
builds its texts and computes what the analyses need (the corpus, the term matrices, the
entities, the quotes). Each analysis runs once (a first call, as a user makes it) in a
process forked from the case, so that none runs where another left freed memory (Python
and glibc keep it and reuse it without the RSS growing). Measured per call: wall-clock time
(``time.perf_counter``), CPU time of the process (``time.process_time``, all threads; a busy
machine does not inflate it), and the peak RSS it adds (``VmHWM`` reset through
``/proc/self/clear_refs``, minus the RSS before the call, after ``gc.collect()`` and
``malloc_trim``). Every step is reported as a JSON line as it happens; the runner kills a
call that runs past its deadline, so a quadratic case ends as a clear "timeout" and the
other analyses keep their figures.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

MB = 1024 * 1024

# ---- adversarial texts ------------------------------------------------------------------


def _rep(unit: str, size: int) -> str:
    """`unit` repeated to exactly `size` UTF-8 bytes (the last copy cut short, at a
    character boundary; at least one whole copy)."""
    if size <= len(unit.encode()):
        return unit
    text = unit * (size // len(unit.encode()) + 1)
    return text.encode()[:size].decode("utf-8", "ignore")


def _runs(opening: str, tail: str, size: int) -> str:
    """n `opening` marks followed by n `tail` units, `size` bytes in all."""
    n = max(1, size // (len(opening.encode()) + len(tail.encode())))
    return opening * n + tail * n


_SYLLABLES = ["ba", "ko", "ri", "tel", "mun", "sa", "vor", "li", "den", "qua", "zi", "per"]


def _pseudo_word(i: int) -> str:
    """A capitalised made-up word for each number: Ko, Bari, Telmunsa, ... (deterministic)."""
    parts = []
    i += len(_SYLLABLES)
    while i:
        i, r = divmod(i, len(_SYLLABLES))
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


GIVEN_NAMES = [
    "Sergei", "Maria", "Vladimir", "Dmitry", "Victoria", "Joe", "Ned", "Yevgeny", "Mikhail",
    "Anna", "Olga", "Hans", "Pierre", "Carlos", "Ahmed", "Fatima", "Li", "Hiroshi", "Priya",
    "Kwame", "Sofia", "Ivan", "Elena", "John", "Angela", "Emmanuel", "Recep", "Narendra",
]  # fmt: skip
SURNAMES = [
    "Ryabkov", "Zakharova", "Putin", "Peskov", "Nuland", "Biden", "Price", "Sorokin",
    "Mishustin", "Kozak", "Kislyak", "Lavrov", "Scholz", "Macron", "Sanchez", "Erdogan",
]  # fmt: skip


def quotes_dense(size: int) -> str:
    """One line dense with quotes: named, titled, pronoun and role-noun speakers."""
    unit = (
        "The minister said, “We will not yield.” Officials in Moscow disagreed. "
        "Sergei Ryabkov said, “We will not yield to pressure.” "
        "“The talks are over,” he said. "
        "The diplomat said, “Nothing has changed in Geneva.” "
        "“We are ready for a new round,” the deputy minister told reporters. "
        "Maria Zakharova said the talks had failed. “It is a provocation,” she added. "
    )
    return _rep(unit, size)


def quotes_one_sentence(size: int) -> str:
    """The same kinds of speakers in one sentence without a full stop."""
    unit = (
        "Sergei Ryabkov met Maria Zakharova in Moscow and he said “we will not yield” "
        "and she said “never” and the diplomat said “nothing has changed”, "
    )
    return _rep(unit, size)


def open_curly_then_straight(size: int) -> str:
    return _runs("“", '" word ', size)


def open_guillemet_then_close(size: int) -> str:
    return _runs("«", "» word ", size)


def open_single_then_straight(size: int) -> str:
    return _runs("‘", "' word ", size)


def open_straight_then_curly(size: int) -> str:
    return _runs('"', "“ word ", size)


def open_low_then_curly(size: int) -> str:
    return _runs("„", "“ word ", size)


def marks_mixed(size: int) -> str:
    """Every kind of mark, opening and closing, in one paragraph without a sentence end."""
    return _rep("“ word « word ‘ word „ word \" word ' word ” word » word ’ word ", size)


def attributions_sentence(size: int) -> str:
    """Thousands of attributions without a quote, in one sentence."""
    return _rep("he said that the talks ended, officials said, according to the ministry, ", size)


def attributions_paragraph(size: int) -> str:
    """The same in one paragraph of many sentences."""
    return _rep(
        "He said that the talks ended. Officials said so, according to the ministry. ", size
    )


def capitalised_words(size: int) -> str:
    """One run of capitalised words without punctuation: made-up words and real names."""
    words = [_pseudo_word(i) for i in range(2000)]
    for i, name in enumerate(GIVEN_NAMES + SURNAMES):
        words[(i * 37) % len(words)] = name
    # "the" keeps the line from being a navigation bar (no function word).
    return "In the " + _rep(" ".join(words) + " ", size - 7)


def given_names_run(size: int) -> str:
    """One run of real given names and surnames without punctuation."""
    words = [w for pair in zip(GIVEN_NAMES, SURNAMES * 2, strict=False) for w in pair]
    return "In the " + _rep(" ".join(words) + " ", size - 7)


def one_name_repeated(size: int) -> str:
    return "In the end " + _rep("Vladimir Putin ", size - 11)


def _numbered(unit: str, size: int, fill: Callable[[int], str] = str) -> list[str]:
    """`unit` with fill(0), fill(1), ... in its braces, until the copies make `size` bytes."""
    out: list[str] = []
    total, i = 0, 0
    while total < size:
        out.append(unit.format(fill(i)))
        total += len(out[-1].encode())
        i += 1
    return out


def speaker_many_docs(size: int) -> list[str]:
    """One speaker quoted in very many small documents, the quotes sharing their words."""
    return _numbered(
        "Report {}. Putin said, “We will not yield on the territorial question.”", size
    )


def speaker_one_doc(size: int) -> str:
    """One speaker quoted very many times in one document."""
    return _rep("Putin said, “We will not yield on the territorial question.” ", size)


def one_word_sentences(size: int) -> str:
    return _rep("Yes. ", size)


def cue_chain(size: int) -> str:
    """Many cue verbs and quotes in one sentence: X said “a” and said “b” and said ..."""
    return "Ryabkov said “a”" + _rep(" and said “b”", size - 18)


def fragments_sentence(size: int) -> str:
    """A mixed quote of very many fragments: described the talks as “a” and “b” and ..."""
    return "Nuland described the talks as “productive”" + _rep(" and “useful”", size - 44)


def single_ascii_quotes(size: int) -> str:
    return _rep("'a b c' ", size)


def open_each_paragraph(size: int) -> str:
    """A quote continued over very many paragraphs (an opening mark on each, never closed)."""
    lines = [f"“Never {w}\n" for w in ("again", "ever", "more", "here", "now", "so")]
    return "Putin said:\n" + _rep("".join(lines), size - 12)


def shared_surname(size: int) -> list[str]:
    """Many distinct titled persons with one surname, and the bare surname after each."""
    unit = "Minister {} Petrov said, “We will not yield.” Petrov left. "
    units = _numbered(unit, size, _pseudo_word)
    return ["".join(units[i : i + 20]) for i in range(0, len(units), 20)]


def names_after_punctuation(size: int) -> str:
    """One sentence that opens with many non-word tokens, then very many single names (each
    name's candidate asks for the first word of its sentence)."""
    return _runs("- ", "met Ryabkov and ", size)


def organisation_chain(size: int) -> str:
    """One organisation name joined by "of" for the whole text: Ministry of Foreign Affairs
    of Ministry of ... (its word-boundary suffixes are as many as its words)."""
    return _rep("Ministry of Foreign Affairs of ", size)


def capitalised_organisation(size: int) -> str:
    """One run of capitalised words that ends like an organisation: a single name of the
    whole text (Alpha Bravo Foreign Ministry Alpha Bravo ...)."""
    return _rep("Alpha Bravo Foreign Ministry ", size)


PATTERNS: dict[str, Callable[[int], str | list[str]]] = {
    f.__name__: f
    for f in (
        quotes_dense,
        quotes_one_sentence,
        open_curly_then_straight,
        open_guillemet_then_close,
        open_single_then_straight,
        open_straight_then_curly,
        open_low_then_curly,
        marks_mixed,
        attributions_sentence,
        attributions_paragraph,
        capitalised_words,
        given_names_run,
        one_name_repeated,
        speaker_many_docs,
        speaker_one_doc,
        one_word_sentences,
        cue_chain,
        fragments_sentence,
        single_ascii_quotes,
        open_each_paragraph,
        shared_surname,
        names_after_punctuation,
        organisation_chain,
        capitalised_organisation,
    )
}

# The term kwic looks for in each pattern (default "said").
KWIC_TERMS = {
    "capitalised_words": "sergei",
    "given_names_run": "putin",
    "one_name_repeated": "putin",
    "one_word_sentences": "yes",
    "open_curly_then_straight": "word",
    "open_guillemet_then_close": "word",
    "open_single_then_straight": "word",
    "open_straight_then_curly": "word",
    "open_low_then_curly": "word",
    "marks_mixed": "word",
    "single_ascii_quotes": "b",
    "open_each_paragraph": "never",
    "names_after_punctuation": "ryabkov",
    "organisation_chain": "affairs",
    "capitalised_organisation": "ministry",
}

COMPANION = "A short report. The talks in Geneva went on."


def texts_for(pattern: str, size: int) -> list[str]:
    """The texts of a pattern at `size` bytes (a one-text pattern gets a companion)."""
    out = PATTERNS[pattern](size)
    return [out, COMPANION] if isinstance(out, str) else out


def records_for(pattern: str, size: int) -> list[dict[str, str]]:
    return [
        {"id": f"d{i}", "text": t, "outlet": "ab"[i % 2]}
        for i, t in enumerate(texts_for(pattern, size))
    ]


# ---- analyses (run inside a case process) -----------------------------------------------

# In the order they run; each needs the ones listed (added when not asked for).
ANALYSES = (
    "load",
    "term_matrix",
    "term_matrix_1_2",
    "tfidf",
    "keyness",
    "kwic",
    "polarity_scores",
    "document_sentiment",
    "entities",
    "comentions",
    "quotes",
    "quote_sentiment",
)
NEEDS = {
    "tfidf": ("term_matrix_1_2",),
    "keyness": ("term_matrix",),
    "comentions": ("entities",),
    "quotes": ("entities",),
    "quote_sentiment": ("quotes",),
}


def with_needs(analyses: Iterable[str]) -> list[str]:
    """`analyses` and everything they need, in running order."""
    want = set()
    stack = list(analyses)
    while stack:
        a = stack.pop()
        if a not in ANALYSES:
            raise ValueError(f"unknown analysis {a!r}; known: {', '.join(ANALYSES)}")
        if a not in want:
            want.add(a)
            stack.extend(NEEDS.get(a, ()))
            if a != "load":
                stack.append("load")
    return [a for a in ANALYSES if a in want]


def _run_analysis(name: str, ctx: dict[str, Any]) -> str:
    """Run one analysis on ctx (which holds the records and earlier results); a summary."""
    import presslens

    if name == "load":
        c = presslens.Corpus.from_records(ctx["records"])
        s = c.sentences()
        ctx["corpus"] = c
        flagged = len(c.boilerplate)
        ctx["boilerplate"] = flagged
        return f"{len(c)} docs, {len(s)} sentences, {flagged} boilerplate lines"
    c = ctx["corpus"]
    if name == "term_matrix":
        tm = ctx["term_matrix"] = presslens.term_matrix(c)
        return f"{tm.shape[1]} terms"
    if name == "term_matrix_1_2":
        tm = ctx["term_matrix_1_2"] = presslens.term_matrix(c, ngram_range=(1, 2))
        return f"{tm.shape[1]} terms"
    if name == "tfidf":
        m = presslens.tfidf(ctx["term_matrix_1_2"], scheme="sklearn")
        return f"{m.matrix.nnz} non-zero"
    if name == "keyness":
        k = presslens.keyness(ctx["term_matrix"], by="outlet")
        return f"{len(k)} rows"
    if name == "kwic":
        k = presslens.kwic(c, ctx["kwic_term"])
        return f"{len(k)} matches"
    if name == "polarity_scores":
        p = presslens.polarity_scores(c.texts)
        return f"{len(p)} texts"
    if name == "document_sentiment":
        d = presslens.document_sentiment(c)
        return f"{int(d['n_sentences'].sum())} sentences"
    if name == "entities":
        e = ctx["entities"] = presslens.entities(c)
        return f"{len(e.table)} entities, {len(e.mentions)} mentions"
    if name == "comentions":
        co = presslens.comentions(ctx["entities"])
        return f"{len(co.to_frame())} pairs"
    if name == "quotes":
        q = ctx["quotes"] = presslens.quotes(ctx["entities"])
        return f"{len(q.frame)} quotes, {len(q.warnings)} warnings"
    if name == "quote_sentiment":
        s = ctx["quotes"].sentiment()
        return f"{len(s)} speakers"
    raise ValueError(name)


def _warm_up() -> dict[str, Any]:
    """Every analysis once on a tiny corpus: lazy imports, lexicons and caches are ready.
    Returns the tiny corpus with every result (to warm a measuring process up again)."""
    ctx: dict[str, Any] = {
        "records": [
            {
                "id": "w1",
                "text": "Sergei Ryabkov said, “We will not yield.” Moscow.",
                "outlet": "a",
            },
            {"id": "w2", "text": "“Good talks,” Ryabkov said in Geneva.", "outlet": "b"},
        ],
        "kwic_term": "said",
    }
    for name in ANALYSES:
        _run_analysis(name, ctx)
    return ctx


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _trim() -> None:
    """Give freed memory back (so the RSS before a call is what it holds)."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _emit(event: dict[str, Any]) -> None:
    data = (json.dumps(event) + "\n").encode()
    os.write(1, data)


def _measure(name: str, ctx: dict[str, Any], warm: dict[str, Any]) -> None:
    """Inside a measuring process: run one analysis, report its time and added memory, and
    exit (code 0 when it ran, 3 when it raised)."""
    code = 0
    try:
        # Once on the tiny corpus first: a forked process maps the pages of the shared
        # libraries it runs anew, which would count as memory the call adds.
        _run_analysis(name, warm)
        _trim()
        before = _rss_mb()
        _reset_peak()
        _emit({"event": "start", "analysis": name, "pid": os.getpid()})
        t0, c0 = time.perf_counter(), time.process_time()
        info = _run_analysis(name, ctx)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        extra = max(0.0, _peak_mb() - before)
        _emit(
            {
                "event": "done",
                "analysis": name,
                "seconds": seconds,
                "cpu": cpu,
                "mb": extra,
                "info": info,
            }
        )
    except BaseException as exc:  # MemoryError, and anything a hostile input raises
        _emit(
            {"event": "error", "analysis": name, "message": f"{type(exc).__name__}: {exc}"[:1500]}
        )
        code = 3
    finally:
        os._exit(code)


def run_case(request: dict[str, Any], warm: dict[str, Any]) -> None:
    """Inside a case process (the holder): build the input, then measure every asked
    analysis in a process forked from this one, so that no analysis runs where another
    left its freed memory. The holder computes only what later analyses need (the corpus,
    the term matrices, the entities, the quotes), unmeasured, after they were measured."""
    import ctypes
    import gc

    _emit({"event": "hello", "pid": os.getpid()})
    limit = request.get("mem_limit_mb")
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (int(limit * MB), int(limit * MB)))
    with contextlib.suppress(OSError, AttributeError):
        # A fixed mmap threshold: glibc otherwise raises it after each large free, and
        # what an analysis adds would depend on what ran before it.
        ctypes.CDLL("libc.so.6").mallopt(-3, 256 * 1024)  # M_MMAP_THRESHOLD
    pattern, size = request["pattern"], int(request["bytes"])
    ctx: dict[str, Any] = {
        "records": records_for(pattern, size),
        "kwic_term": KWIC_TERMS.get(pattern, "said"),
    }
    n_bytes = sum(len(r["text"].encode()) for r in ctx["records"])
    from presslens import _core

    core = Path(_core.__file__)
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(core.stat().st_mtime))
    _emit(
        {
            "event": "input",
            "bytes": n_bytes,
            "docs": len(ctx["records"]),
            "core": f"{core} (built {built})",
        }
    )
    failed: set[str] = set()
    done: set[str] = set()
    for name in with_needs(request["analyses"]):
        needs = ("load", *NEEDS.get(name, ())) if name != "load" else ()
        missing = [n for n in needs if n in failed]
        if missing:
            failed.add(name)
            why = f"needs {', '.join(missing)}, which did not finish"
            _emit({"event": "skipped", "analysis": name, "message": why})
            continue
        for need in needs:
            if need not in done:  # measured already, now computed here for what follows
                _emit({"event": "prep", "analysis": need})
                _run_analysis(need, ctx)
                done.add(need)
        gc.freeze()  # the measuring process's collections need not walk what is here
        pid = os.fork()
        if pid == 0:
            _measure(name, ctx, warm)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        _emit({"event": "measured", "analysis": name, "code": code})
        if code != 0:
            failed.add(name)
    _emit({"event": "end"})


def serve() -> None:
    """The server: import once, then fork one case process per request line on stdin."""
    import gc

    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import scipy.sparse
    import scipy.stats  # noqa: F401

    import presslens  # noqa: F401

    # Warmed up once here; every case process inherits it. presslens leaves no thread
    # running after a call (and OPENBLAS_NUM_THREADS=1), so forking is safe.
    warm = _warm_up()
    gc.freeze()
    _emit({"event": "ready"})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_case(request, warm)
            except BaseException as exc:
                _emit({"event": "crash", "message": f"{type(exc).__name__}: {exc}"[:1500]})
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        _emit(
            {
                "event": "exit",
                "pid": pid,
                "code": os.waitstatus_to_exitcode(status),
            }
        )


# ---- the runner (in the measuring process) ----------------------------------------------


@dataclass
class Step:
    """One analysis of one case: its time and added memory, or why there is none."""

    analysis: str
    seconds: float | None = None
    mb: float | None = None
    info: str = ""
    cpu: float | None = None  # CPU seconds of the process (all threads) during the call
    runs: int = 1  # the time is the fastest of this many runs (see best())
    status: str = "ok"  # ok, timeout, error, crashed, skipped, not run
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def describe(self) -> str:
        if self.ok:
            best = f" (best of {self.runs} runs)" if self.runs > 1 else ""
            cpu = f" (CPU {self.cpu:.3f} s)" if self.cpu is not None else ""
            return f"{self.seconds:.3f} s{best}{cpu}, +{self.mb:.1f} MB ({self.info})"
        return f"{self.status}: {self.message}" if self.message else self.status


@dataclass
class Case:
    """One pattern at one size: the input and a Step per analysis."""

    pattern: str
    size_mb: float
    bytes: int = 0
    docs: int = 0
    core: str = ""  # the presslens._core file measured, and when it was built
    steps: dict[str, Step] = field(default_factory=dict)
    stderr: str = ""

    def step(self, analysis: str) -> Step:
        if analysis in self.steps:
            return self.steps[analysis]
        setup = self.steps.get("setup")
        why = f"setup {setup.status}: {setup.message}" if setup else ""
        return Step(analysis, status="not run", message=why)


class Runner:
    """Drives the fork server; `case()` measures one pattern at one size."""

    def __init__(self, *, mem_limit_mb: float = 6144, python: str = sys.executable) -> None:
        self.mem_limit_mb = mem_limit_mb
        self.python = python
        self.proc: subprocess.Popen[bytes] | None = None
        self.lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.reader: threading.Thread | None = None
        self.err = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop()
        self.err.close()

    def _stop(self, *, kill: bool = False) -> None:
        """End the server (it ends when its stdin closes) and close its pipes."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if kill:
            proc.kill()
        if proc.stdin:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self.reader is not None:
            self.reader.join(timeout=10)
            self.reader = None
        if proc.stdout:
            proc.stdout.close()

    def _start(self) -> None:
        env = dict(os.environ)
        env.setdefault("OPENBLAS_NUM_THREADS", "1")  # no BLAS threads across fork()
        env.setdefault("OMP_NUM_THREADS", "1")
        self.proc = subprocess.Popen(
            [self.python, str(Path(__file__).resolve()), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            env=env,
        )
        self.lines = queue.Queue()
        out = self.proc.stdout
        assert out is not None

        def read() -> None:
            for raw in out:
                try:
                    self.lines.put(json.loads(raw))
                except ValueError:
                    self.lines.put({"event": "noise", "text": raw.decode(errors="replace")})
            self.lines.put(None)

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        event = self.lines.get(timeout=120)
        if not event or event.get("event") != "ready":
            raise RuntimeError(f"complexity server did not start: {event} {self._stderr(0)}")

    def _stderr(self, since: int) -> str:
        self.err.flush()
        self.err.seek(since)
        text = self.err.read().decode(errors="replace")
        self.err.seek(0, os.SEEK_END)
        return text[-3000:]

    def case(
        self,
        pattern: str,
        size_mb: float,
        analyses: Sequence[str] = ANALYSES,
        *,
        deadlines: dict[str, float] | None = None,
        default_deadline: float = 60.0,
        setup_deadline: float = 120.0,
    ) -> Case:
        """Measure `analyses` on `pattern` at `size_mb` MiB in a fresh process.

        An analysis still running after its deadline (seconds; `deadlines` per analysis,
        else `default_deadline`) is stopped by killing the case process: it gets status
        "timeout" and the analyses after it "not run".
        """
        if self.proc is not None and self.proc.poll() is not None:
            self._stop()
        if self.proc is None:
            self._start()
        assert self.proc is not None and self.proc.stdin is not None
        result = Case(pattern, size_mb)
        err_pos = self.err.seek(0, os.SEEK_END)
        request = {
            "pattern": pattern,
            "bytes": int(size_mb * MB),
            "analyses": list(analyses),
            "mem_limit_mb": self.mem_limit_mb,
        }
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()
        pid = None  # the case process
        child = None  # the process measuring `current`
        current: str | None = None  # the analysis being measured, None between them
        stage = "setting up"  # what the case process does between measurements
        since = time.monotonic()  # when the current stage began
        deadline = since + setup_deadline
        while True:
            try:
                event = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                killed = f"killed after {deadline - since:.1f} s"
                if child is not None:  # the case process reports the measurement's end
                    assert current is not None
                    result.steps[current] = Step(current, status="timeout", message=killed)
                    os.kill(child, signal.SIGKILL)
                    child = None
                    deadline = time.monotonic() + 60
                    continue
                if pid is not None:  # setting up, or computing what later analyses need
                    why = f"{stage}: {killed}"
                    result.steps.setdefault("setup", Step("setup", status="timeout", message=why))
                    os.kill(pid, signal.SIGKILL)  # the server reports its exit
                    pid = None
                    deadline = time.monotonic() + 60
                    continue
                self._stop(kill=True)  # no case process to kill, or the server hangs
                break
            if event is None:  # the server died
                if current is not None and current not in result.steps:
                    result.steps[current] = Step(current, status="crashed", message="server died")
                self._stop()
                break
            kind = event["event"]
            if kind == "hello":
                pid = event["pid"]
            elif kind == "input":
                result.bytes, result.docs = event["bytes"], event["docs"]
                result.core = event["core"]
            elif kind == "start":
                current, child = event["analysis"], event["pid"]
                since = time.monotonic()
                deadline = since + (deadlines or {}).get(current, default_deadline)
            elif kind == "prep":  # it ran measured already: allow twice that
                current, child = None, None
                stage = f"computing {event['analysis']} for the analyses after it"
                took = result.step(event["analysis"]).seconds
                since = time.monotonic()
                deadline = since + (2 * took + 5 if took is not None else setup_deadline)
            elif kind == "measured":
                name, code = event["analysis"], event["code"]
                if name not in result.steps:
                    why = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
                    result.steps[name] = Step(name, status="crashed", message=why)
                current, child = None, None
                since = time.monotonic()
                deadline = since + setup_deadline
            elif kind in ("done", "error", "skipped"):
                name = event["analysis"]
                if kind == "done":
                    step = Step(name, event["seconds"], event["mb"], event["info"], event["cpu"])
                else:
                    step = Step(name, status=kind, message=event.get("message", ""))
                result.steps[name] = step
                if kind == "skipped":
                    current, child = None, None
                    since = time.monotonic()
                    deadline = since + setup_deadline
            elif kind == "crash":
                name = current or "setup"
                result.steps[name] = Step(name, status="crashed", message=event["message"])
            elif kind == "exit":
                code = event["code"]
                if current is not None and current not in result.steps:
                    why = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
                    result.steps[current] = Step(current, status="crashed", message=why)
                break
        result.stderr = self._stderr(err_pos)
        if result.stderr and any(not s.ok for s in result.steps.values()):
            for s in result.steps.values():
                if s.status == "crashed":
                    s.message += f"; stderr: {result.stderr[-600:]}"
        return result


def measure_two_sizes(
    runner: Runner,
    pattern: str,
    sizes: tuple[float, float],
    analyses: Sequence[str] = ANALYSES,
    *,
    cap: float = 60.0,
    small_cap: float | None = None,
    factor: float = 16.0,
    floor: float = 2.0,
) -> tuple[Case, Case]:
    """The pattern at two sizes. The small run gives each analysis `small_cap` seconds
    (default `cap`); the large one `factor` times what it took at the small size (at least
    `floor`, at most `cap`), and leaves out the analyses that did not finish at the small
    size."""
    small = runner.case(pattern, sizes[0], analyses, default_deadline=small_cap or cap)
    done = [a for a in analyses if small.step(a).ok]
    deadlines = {a: min(cap, max(floor, factor * (small.step(a).seconds or 0.0))) for a in done}
    large = runner.case(pattern, sizes[1], done, deadlines=deadlines, default_deadline=cap)
    return small, large


def best(a: Step, b: Step) -> Step:
    """The faster of two measurements of one analysis (at one size), counting the runs."""
    if not (a.ok and b.ok):
        return a if a.ok else b
    assert a.seconds is not None and b.seconds is not None
    fast = a if a.seconds <= b.seconds else b
    cpu = min(x for x in (a.cpu, b.cpu, math.inf) if x is not None)
    return replace(fast, cpu=None if cpu == math.inf else cpu, runs=a.runs + b.runs)


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return b / a if a > 0 else math.inf


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        sys.exit("usage: python _complexity.py --serve (driven by Runner)")
