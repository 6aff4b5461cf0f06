"""Hostile input through the Python API, Ctrl-C during long core calls, untrusted paths.

Each hostile case runs in a subprocess of its own (tests/python/_hostile_cases.py) so its
peak memory can be measured and a hang cannot stall the suite (a generous timeout). With
PRESSLENS_HOSTILE_REPORT=FILE set, the timings and memory are appended to FILE as JSON
lines (the README's table comes from there).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import presslens
from presslens import Corpus

HERE = Path(__file__).resolve().parent
CASES = [
    "huge_line",
    "quote_marks",
    "nested_quotes",
    "whitespace_only",
    "emoji_only",
    "mixed_newlines",
    "bom",
    "bad_utf8",
    "nul_jsonl",
    "deep_json",
    "long_jsonl_line",
    "many_files",
]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
    return env


def run_case(name: str, folder: Path, *args: str, timeout: float = 600) -> dict:
    proc = subprocess.run(
        [sys.executable, str(HERE / "_hostile_cases.py"), name, str(folder), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        cwd=folder,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    report = os.environ.get("PRESSLENS_HOSTILE_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")
    return result


@pytest.fixture(scope="module")
def huge_line(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The 200 MB line, run once for the table and for the linearity check."""
    return run_case("huge_line", tmp_path_factory.mktemp("huge_line"))


@pytest.mark.parametrize("case", CASES)
def test_hostile_input(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if case == "huge_line":
        result = request.getfixturevalue("huge_line")
    else:
        result = run_case(case, tmp_path)
    # Bounded memory: never more than a small multiple of the input on top of it. The 200 MB
    # line needs ~6.6x: its 12-byte tokens (2.5x), the UTF-8 copies that Python caches and
    # the core keeps (2x), the str the case compares with the input (1.9x).
    assert result["extra_mb"] <= 8 * result["bytes"] / 2**20 + 400, result


def test_huge_line_scales_linearly(tmp_path: Path, huge_line: dict) -> None:
    """20 MB against 200 MB of the same text: memory grows in proportion, not faster.

    Memory, not time: the peak RSS of the calls does not depend on what else the machine
    runs (their times are in the README's table).
    """
    small = run_case("huge_line", tmp_path, "20")
    assert small["bytes"] == 20 * 2**20 and huge_line["bytes"] == 10 * small["bytes"]
    assert "1 document" in small["outcome"]
    # Ten times the input, at most ten times the memory, and a tenth for noise; both a
    # small multiple of the input (the 20 MB run's constant part makes it a little more).
    assert huge_line["extra_mb"] <= 11 * small["extra_mb"], (small, huge_line)
    assert huge_line["extra_mb"] <= 8 * 200, huge_line
    assert small["extra_mb"] <= 8 * 20 + 40, small


# ---- Ctrl-C ----------------------------------------------------------------------------

INTERRUPT_SCRIPT = textwrap.dedent(
    """
    import os, sys, threading, time
    import presslens
    from presslens import Corpus

    def threads():
        return len(os.listdir("/proc/self/task"))

    what = sys.argv[1]
    unit = "Deputy Minister Ryabkov said the talks were useful, not great. But no. "
    # Every document differs (a line repeated in all of them would be boilerplate).
    if what == "load":
        recs = [{"id": str(i), "text": f"Report {i}. " + unit * 400} for i in range(40_000)]
        call = lambda: Corpus.from_records(recs, threads=2)
    elif what == "load_one_huge":
        recs = [{"id": "big", "text": unit * 6_000_000}]
        call = lambda: Corpus.from_records(recs)
    elif what == "sentiment_one_huge":  # one task: 2.5 M sentences, a 180 MB whole text
        corpus = Corpus.from_records([{"id": "big", "text": unit * 2_500_000}])
        call = lambda: presslens.document_sentiment(corpus)
    elif what == "speaker_sentiment":  # 50 groups of 4,000 quotes: the stop within a group
        recs = [{"id": str(i), "text": f"Report {i}. " + unit * 100, "outlet": f"o{i % 50}"}
                for i in range(2_000)]
        q = presslens.quotes(Corpus.from_records(recs))
        call = lambda: presslens.speaker_sentiment(q, by=("speaker", "outlet"), n_boot=500_000)
    else:
        recs = [{"id": str(i), "text": f"Report {i}. " + unit * 300} for i in range(30_000)]
        corpus = Corpus.from_records(recs)
        if what == "terms":
            call = lambda: presslens.term_matrix(corpus, ngram_range=(1, 3))
        elif what == "sentiment":
            call = lambda: presslens.document_sentiment(corpus)
        elif what == "entities":
            call = lambda: presslens.entities(corpus)
        elif what == "jsonl":
            import json, tempfile
            path = os.path.join(tempfile.mkdtemp(), "big.jsonl")
            with open(path, "w") as f:
                for i in range(40_000):
                    f.write(json.dumps({"id": i, "text": f"Report {i}. " + unit * 400}) + "\\n")
            call = lambda: Corpus.from_jsonl(path)
    before = threads()
    print("ready", flush=True)
    t0 = time.time()
    try:
        call()
        print("finished", time.time() - t0, flush=True)
    except KeyboardInterrupt:
        t = time.time()
        time.sleep(0.1)
        print("interrupted", t, before, threads(), threading.active_count(), flush=True)
    """
)


@pytest.mark.parametrize(
    "what",
    [
        "load",
        "load_one_huge",
        "jsonl",
        "terms",
        "sentiment",
        "sentiment_one_huge",
        "entities",
        "speaker_sentiment",
    ],
)
def test_ctrl_c_stops_a_long_core_call_within_a_second(what: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPT_SCRIPT, what],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        sent = time.time()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-3000:]
    fields = out.split()
    assert fields[0] == "interrupted", f"the call was not interrupted: {out} {err[-2000:]}"
    latency = float(fields[1]) - sent
    before, after, py_threads = map(int, fields[2:5])
    assert latency < 1.0, f"{what}: KeyboardInterrupt {latency:.2f} s after Ctrl-C"
    assert after == before, f"{what}: {after - before} threads left behind"
    assert py_threads == 1


def test_ctrl_c_in_jupyter_interrupts_the_cell_and_keeps_the_kernel(tmp_path: Path) -> None:
    jupyter_client = pytest.importorskip("jupyter_client")
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3", env=_env())
    try:
        kc.execute_interactive(
            "import os, presslens\n"
            "unit = 'Deputy Minister Ryabkov said the talks were useful. '\n"
            "recs = [{'id': str(i), 'text': unit * 400} for i in range(60_000)]\n"
            "before = len(os.listdir('/proc/self/task'))",
            timeout=120,
        )
        msg_id = kc.execute("c = presslens.Corpus.from_records(recs)")
        # Interrupt once the kernel runs the cell (it announces it with execute_input), half
        # a second into the call: a fixed delay after sending could fall before it starts on
        # a busy machine.
        deadline = time.monotonic() + 120
        while True:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["header"]["msg_type"] == "execute_input"
            ):
                break
        time.sleep(0.5)
        sent = time.time()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=30)
        latency = time.time() - sent
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert latency < 1.5
        # The kernel still runs code, with no thread left behind. The count comes back in
        # the execute reply (user_expressions), not as printed output: a stream message may
        # reach the client after the kernel's idle status, which ends execute_interactive
        # (CI once saw no output at all).
        # A request that reaches the kernel while it still discards the requests queued
        # behind the interrupted cell (ipykernel's stop-on-error) is answered "aborted":
        # the kernel is alive; ask again (seen once on a loaded machine).
        for _ in range(5):
            reply = kc.execute_interactive(
                "import time; time.sleep(0.1)",
                user_expressions={"left": "len(os.listdir('/proc/self/task')) - before"},
                timeout=120,
                output_hook=lambda m: None,
            )
            if reply["content"]["status"] != "aborted":
                break
            time.sleep(0.5)
        assert reply["content"]["status"] == "ok", reply["content"]
        left = reply["content"]["user_expressions"]["left"]
        assert left["status"] == "ok", left
        assert left["data"]["text/plain"] == "0", left
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ---- untrusted paths -------------------------------------------------------------------


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_recursive_folder_never_follows_a_directory_link_out(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "out"
    (inside / "sub").mkdir(parents=True)
    outside.mkdir()
    (inside / "a.txt").write_text("Inside.", "utf-8")
    (inside / "sub" / "b.txt").write_text("Inside too.", "utf-8")
    (outside / "secret.txt").write_text("Secret.", "utf-8")
    (inside / "escape").symlink_to(outside, target_is_directory=True)
    (inside / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (inside / "sub" / "link.txt").symlink_to(outside / "secret.txt")
    c = Corpus.from_folder(inside, recursive=True)
    assert c.ids == ["a", "sub/b"]
    assert all("Secret" not in c[i].text for i in range(len(c)))
    w = c.warnings
    assert sorted(w["code"]) == ["skipped_symlink"] * 3
    assert len(c) + 3 == c.n_inputs
    # Asked to follow: the links are read, and a link back up the tree does not loop.
    f = Corpus.from_folder(inside, recursive=True, follow_symlinks=True)
    assert "escape/secret" in f.ids and "sub/link" in f.ids
    assert len(f) == len(set(f.ids))
    assert len(f) + int(f.warnings["code"].str.startswith("skipped_").sum()) == f.n_inputs


def test_a_link_loop_inside_the_folder_terminates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Once.", "utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    c = Corpus.from_folder(tmp_path, recursive=True, follow_symlinks=True)
    assert c.ids == ["a/x"]
    assert len(c) + int(c.warnings["code"].str.startswith("skipped_").sum()) == c.n_inputs


def test_cli_writes_only_under_out(tmp_path: Path) -> None:
    """Document ids and metadata never choose an output path."""
    src = tmp_path / "input.jsonl"
    rows = [
        {"id": "../../escaped", "text": "Ryabkov met Nuland in Geneva.", "outlet": "../x"},
        {"id": "/etc/passwd", "text": "The talks were useful.", "outlet": "wire"},
        {"id": "..", "text": "Sorokin said “no”.", "outlet": "/tmp"},
        {"id": "ok", "text": "Valdoria and Kestrel talked.", "outlet": "wire"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    before = _tree(tmp_path)
    out = tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "presslens", "report", str(src), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=work,
        env=_env(),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    new = _tree(tmp_path) - before
    assert new, "nothing written"
    assert all(p == "report" or p.startswith("report/") for p in new), sorted(new)
    assert not list(work.iterdir())


def test_reading_never_writes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ryabkov met Nuland.", "utf-8")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    c = Corpus.from_folder(tmp_path)
    presslens.entities(c)
    presslens.document_sentiment(c)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
