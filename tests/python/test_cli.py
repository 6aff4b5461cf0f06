"""The presslens command (presslens.cli)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import presslens
from presslens.cli import main


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert presslens.__version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "corpus" in capsys.readouterr().out


def test_corpus_command_prints_summary_and_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Peace talks resumed.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00binary")
    assert main(["corpus", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "1 documents (2 inputs, 1 skipped)" in out
    assert "[skipped_binary]" in out
    assert (tmp_path / "out" / "warnings.csv").exists()


def test_missing_input_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(tmp_path / "missing")]) == 2
    assert "error" in capsys.readouterr().err


def test_report_on_the_sample_writes_files(tmp_path: Path) -> None:
    out = tmp_path / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "presslens", "report", "--sample", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "documents" in proc.stdout
    summary = json.loads((out / "corpus" / "summary.json").read_text("utf-8"))
    assert summary["documents"] == summary["inputs"] >= 10
    assert (out / "corpus" / "boilerplate.csv").stat().st_size > 0


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    # `presslens quotes DIR | head`: once head has its lines the pipe closes; presslens
    # stops quietly with status 0 instead of printing "[Errno 32] Broken pipe".
    for i in range(20):
        lines = [f'"We will not yield on dam {i}-{k}," Sergei Ryabkov said.\n' for k in range(60)]
        (tmp_path / f"d{i}.txt").write_text("".join(lines), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "presslens", "quotes", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        assert p.stdout.readline().startswith(b"quote_id,")
        p.stdout.close()  # more than a pipe's buffer is still to come
        err = p.stderr.read().decode()
        assert p.wait(timeout=120) == 0, err
    assert "Broken pipe" not in err and "Traceback" not in err
