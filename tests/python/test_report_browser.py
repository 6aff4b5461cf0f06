"""The report page as a person sees it: rendered by headless Chromium with no network.

Needs Debian's ``chromium`` (scripts/setup.sh installs it); skipped with a message when it
is not on PATH. Each page is opened with ``--dump-dom`` (the DOM after the page's script has
run) and once with ``--screenshot``; a proxy that does not exist stands in for the network,
so a page that fetched anything would miss it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from presslens.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install Debian's chromium package "
    "(apt-get install chromium, done by scripts/setup.sh) to run the browser test",
)


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--proxy-server=http://127.0.0.1:9",  # no network: any fetch would fail
            "--proxy-bypass-list=<-loopback>",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def by_id(self, id_: str) -> dict[str, str | None]:
        return next(a for _, a in self.tags if a.get("id") == id_)


def _dump(profile: Path, url: str) -> _Dom:
    proc = _chromium(profile, "--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = _Dom()
    dom.feed(proc.stdout)
    return dom


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--sample", "--out", str(out), "--quiet"]) == 0
    return out


def test_every_section_renders_with_sized_plots(report: Path, tmp_path: Path) -> None:
    dom = _dump(tmp_path / "profile", (report / "index.html").as_uri())
    body = next(a for t, a in dom.tags if t == "body")
    assert body.get("data-ready") == "1"  # the page's script ran to its end
    ids = {a.get("id") for _, a in dom.tags}
    assert {"overview", "terms", "entities", "quotes"} <= ids
    svgs = [a for t, a in dom.tags if t == "svg" and "width" in a]
    assert len(svgs) >= 4  # documents per outlet, keyness, network, forest plot
    for a in svgs:
        assert float(re.sub(r"[a-z]+$", "", str(a["width"]))) > 50
        assert float(re.sub(r"[a-z]+$", "", str(a["height"]))) > 50
    # The drill-down elements exist, closed until asked for.
    evidence = [a for t, a in dom.tags if t == "details" and "evidence" in str(a.get("class"))]
    kinds = {str(a["id"]).rsplit("-", 1)[0] for a in evidence}
    assert {"ev-co", "ev-tone", "ev-bp"} <= kinds
    assert all("open" not in a for a in evidence)


def test_following_a_number_opens_its_evidence(report: Path, tmp_path: Path) -> None:
    # A count links to #ev-...; the page's script opens that drill-down (as a click does).
    for target in ("ev-co-0", "ev-tone-1"):
        dom = _dump(tmp_path / "profile", (report / "index.html").as_uri() + "#" + target)
        assert "open" in dom.by_id(target), target
        others = [a for t, a in dom.tags if t == "details" and a.get("id", "").startswith("ev-")]
        assert sum("open" in a for a in others if a["id"] != target and "utt" not in a["id"]) == 0


def test_outlet_and_speaker_pages_render(report: Path, tmp_path: Path) -> None:
    page = next((report / "outlets").glob("*.html"))
    dom = _dump(tmp_path / "profile", page.as_uri())
    assert {"t-docs", "t-terms", "t-speakers"} <= {a.get("id") for _, a in dom.tags}
    page = next((report / "speakers").glob("*.html"))
    dom = _dump(tmp_path / "profile", page.as_uri())
    assert {"t-tone", "t-quotes"} <= {a.get("id") for _, a in dom.tags}


def test_screenshot_shows_the_page(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    proc = _chromium(
        tmp_path / "profile",
        "--window-size=1280,900",
        f"--screenshot={shot}",
        (report / "index.html").as_uri(),
    )
    assert proc.returncode == 0 and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    image = pytest.importorskip("PIL.Image")
    with image.open(shot) as im:
        assert im.size == (1280, 900)
        colours = im.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50  # not a blank page
