"""``presslens report``: the self-contained page, its evidence, its size and exit codes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import presslens
from presslens import _report
from presslens.cli import Progress, main


class _Page(HTMLParser):
    """Collects the ids, tags with their attributes, and the external references."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for key in ("src", "href", "xlink:href"):
            v = a.get(key) or ""
            if re.match(r"(?i)^(https?:)?//", v) or (key == "src" and v):
                self.external.append(v)


def _parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text("utf-8"))
    return p


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--sample", "--out", str(out), "--quiet"]) == 0
    return out


def test_index_has_every_section_and_no_network_reference(sample_report: Path) -> None:
    index = sample_report / "index.html"
    page = _parse(index)
    assert {"overview", "terms", "entities", "quotes"} <= page.ids
    assert page.external == []  # no CDN, font or script fetched
    text = index.read_text("utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "@import" not in text
    assert not re.search(r"url\((?!#)", text)  # only in-page references (SVG clip paths)
    svgs = [a for t, a in page.tags if t == "svg"]
    assert len(svgs) >= 4  # outlets, keyness, network, forest plot
    for a in svgs:
        assert float(re.sub(r"[a-z]+$", "", str(a["width"]))) > 0
        assert float(re.sub(r"[a-z]+$", "", str(a["height"]))) > 0


def test_every_number_has_its_evidence(sample_report: Path) -> None:
    page = _parse(sample_report / "index.html")
    # Co-mention sentences, the quotes behind a speaker's score, the boilerplate lines.
    assert any(i.startswith("ev-co-") for i in page.ids)
    assert any(i.startswith("ev-tone-") for i in page.ids)
    assert any(i.startswith("ev-bp-") for i in page.ids)
    assert any(i.startswith("ev-utt-") for i in page.ids)  # one statement's versions
    links = {
        str(a["href"])[1:]
        for t, a in page.tags
        if t == "a" and str(a.get("href")).startswith("#ev-")
    }
    assert links and links <= page.ids
    text = (sample_report / "index.html").read_text("utf-8")
    corpus = presslens.sample_corpus()
    # Each evidence item says its document and position, and the text there is the corpus's.
    ev = presslens.comentions(
        presslens.entities(corpus, gazetteer_entries=presslens.sample_gazetteer_path())
    ).evidence("Helena Marsh", "Yevgeny Sorokin")
    first = ev.iloc[0]
    assert f"{first.doc_id} @ chars {first.start}\u2013{first.end}" in text
    bp = corpus.boilerplate.iloc[0]
    assert f"{bp.doc_id} @ line {bp.line}, chars {bp.start}\u2013{bp.end}" in text


def test_pages_for_outlets_and_speakers_and_tables(sample_report: Path) -> None:
    outlets = sorted(p.name for p in (sample_report / "outlets").glob("*.html"))
    assert "tarsk-today.html" in outlets and len(outlets) == 6
    speakers = list((sample_report / "speakers").glob("*.html"))
    assert speakers
    index = _parse(sample_report / "index.html")
    hrefs = {str(a["href"]) for t, a in index.tags if t == "a"}
    assert "outlets/tarsk-today.html" in hrefs
    assert any(h.startswith("speakers/") for h in hrefs)
    for sub, name in [
        ("corpus", "boilerplate.csv"),
        ("terms", "keyness_by_outlet.csv"),
        ("entities", "comentions.csv"),
        ("quotes", "quotes.csv"),
        ("sentiment", "speakers.csv"),
    ]:
        assert (sample_report / sub / name).stat().st_size > 0


def test_corpus_text_is_escaped(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script>'
    src = tmp_path / "in"
    src.mkdir()
    for i in range(2):
        (src / f"d{i}.txt").write_text(
            f'"We will not sign {evil} today," Sergei Ryabkov said in Geneva.\n'
            f"Tags: {evil}, water, talks\n",
            encoding="utf-8",
        )
    meta = "\n".join(
        f'{{"id": "d{i}", "outlet": "{o}"}}' for i, o in enumerate(["<i>one</i>", "two&co"])
    )
    (src / "metadata.jsonl").write_text(meta + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(src), "--out", str(out), "--quiet"]) == 0
    for page in [out / "index.html", *out.glob("*/*.html")]:
        text = page.read_text("utf-8")
        assert "<script>alert" not in text and "<i>one</i>" not in text, page
        assert text.count("<script>") == 1
    assert "&lt;script&gt;alert" in (out / "index.html").read_text("utf-8")
    names = {p.name for p in (out / "outlets").glob("*.html")}
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+\.html", n) for n in names), names


def test_the_page_without_matplotlib_says_why(
    sample_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    svg, why = _report.forest_svg(
        presslens.speaker_sentiment(
            presslens.quotes(
                presslens.sample_corpus(), gazetteer_entries=presslens.sample_gazetteer_path()
            ),
            by=("speaker", "outlet"),
            n_boot=50,
        )
    )
    assert svg == "" and "matplotlib" in why


def test_summary_on_stdout_ends_with_the_page(tmp_path: Path, sample_report: Path) -> None:
    out = tmp_path / "r"
    proc = subprocess.run(
        [sys.executable, "-m", "presslens", "report", "--sample", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().splitlines()[-1] == str((out / "index.html").resolve())
    assert "documents" in proc.stdout
    assert "presslens report: [" not in proc.stderr  # stderr is not a terminal: no progress
    # The same corpus gives the same page, byte for byte (plots included).
    assert (out / "index.html").read_bytes() == (sample_report / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["report", "{tmp}/missing"], 1, "cannot read the input"),
        (["report", "{tmp}/bad", "--errors", "strict"], 1, "invalid UTF-8"),
        (["report", "{tmp}/bad", "--gazetteer", "{tmp}/nope.tsv"], 1, "nope.tsv"),
        (["report", "{tmp}/empty"], 1, "no document"),
        (["report"], 2, "give an INPUT"),
        (["report", "{tmp}/bad", "--sample"], 2, "not both"),
        (["report", "--sample", "--out", "{tmp}/bad/a.txt"], 2, "not a folder"),
        (["report", "--sample", "--threads", "-1"], 2, "--threads"),
    ],
)
def test_exit_codes_and_one_line_messages(
    tmp_path: Path, argv: list[str], code: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad" / "a.txt").write_bytes(b"Talks \xff resumed.")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    assert main([*args, "--quiet"]) == code
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err, err


def test_bad_option_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as e:
        main(["report", "--sample", "--no-such-option"])
    assert e.value.code == 2


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_per_stage_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # the plain fallback
    tty = _Tty()
    p = Progress(["loading", "pages"], stream=tty)
    p.stage("loading")
    p.stage("pages")
    p.close()
    assert tty.getvalue().splitlines() == [
        "presslens report: [1/2] loading",
        "presslens report: [2/2] pages",
    ]
    for quiet, stream in [(True, _Tty()), (False, io.StringIO())]:
        p = Progress(["loading"], quiet=quiet, stream=stream)
        p.stage("loading")
        p.close()
        assert stream.getvalue() == ""


def _large_corpus(path: Path, n_docs: int, n_outlets: int = 60, n_speakers: int = 400) -> None:
    """n_docs generated articles as JSONL: many outlets, a long tail of speakers, the same
    statement syndicated everywhere, a boilerplate line in each."""
    import json
    import random

    rnd = random.Random(1)
    first = [
        "Anna",
        "Boris",
        "Clara",
        "David",
        "Elena",
        "Felix",
        "Greta",
        "Hugo",
        "Irina",
        "Jonas",
        "Karla",
        "Lukas",
        "Mira",
    ]
    last = [
        "Adler",
        "Brandt",
        "Castell",
        "Dorn",
        "Eckert",
        "Falk",
        "Gruber",
        "Hahn",
        "Imhof",
        "Jaeger",
        "Kessler",
        "Lorenz",
    ]
    names = sorted({f"{a} {b}" for a in first for b in last})[:n_speakers]
    places = ["Geneva", "Vienna", "Oslo", "Lisbon", "Prague", "Riga"]
    words = [
        "talks",
        "water",
        "river",
        "dam",
        "treaty",
        "quota",
        "release",
        "commission",
        "border",
        "crisis",
        "energy",
    ]
    tones = ["We welcome the good progress", "This is a terrible failure", "Nothing changed"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n_docs):
            lines = [f"Talks on the {rnd.choice(words)} resume in {rnd.choice(places)}"]
            for _ in range(6):
                who = names[int(rnd.paretovariate(1.2)) % len(names)]
                said = " ".join(rnd.choice(words) for _ in range(8))
                lines.append(f'"{rnd.choice(tones)} on the {said}," {who} said.')
                lines.append(f"Officials met {who} in {rnd.choice(places)} on Tuesday.")
            lines.append("Share this article")
            rec = {"id": f"doc{i:05d}", "outlet": f"outlet-{i % n_outlets:02d}"}
            f.write(json.dumps({**rec, "text": "\n".join(lines) + "\n"}) + "\n")


# The index stays under this many bytes whatever the corpus (docs/cli.md states it).
INDEX_BOUND = 1_000_000


@pytest.mark.slow
def test_index_size_is_bounded_on_a_large_corpus(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    _large_corpus(src, 3000)
    out = tmp_path / "out"
    assert main(["report", str(src), "--out", str(out), "--quiet", "--threads", "2"]) == 0
    index = out / "index.html"
    assert index.stat().st_size < INDEX_BOUND, index.stat().st_size
    page = _parse(index)
    assert {"overview", "terms", "entities", "quotes"} <= page.ids
    # The rest is on the outlet and speaker pages, each bounded too.
    assert len(list((out / "outlets").glob("*.html"))) == 60
    speakers = list((out / "speakers").glob("*.html"))
    assert 0 < len(speakers) <= _report.MAX_SPEAKER_PAGES
    assert max(p.stat().st_size for p in [*speakers, *(out / "outlets").glob("*")]) < INDEX_BOUND
    text = index.read_text("utf-8")
    assert "of 60" in text  # says what it leaves out


def test_progress_bar_with_tqdm() -> None:
    pytest.importorskip("tqdm")
    tty = _Tty()
    p = Progress(["loading", "pages"], stream=tty)
    p.stage("loading")
    p.stage("pages")
    p.close()
    assert "presslens report: pages" in tty.getvalue() and "2/2" in tty.getvalue()


def test_parquet_beside_the_csvs_when_pyarrow_is_installed(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    assert main(["report", "--sample", "--out", str(tmp_path), "--quiet"]) == 0
    import pandas as pd

    for csv in [tmp_path / "entities" / "comentions.csv", tmp_path / "quotes" / "quotes.csv"]:
        pq = csv.with_suffix(".parquet")
        assert len(pd.read_parquet(pq)) == len(pd.read_csv(csv))
