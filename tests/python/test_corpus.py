"""Corpus loading, bad input, segmentation offsets (presslens.corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import presslens
from presslens import Corpus


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ---- tokenize / sentences ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Рябков said: «нет». Müller agreed 🙂 and left 👍🏽.",
        "Zakharova’s “taken stock” remark — 3.5% of U.S. staff.",
        "emoji only 🙂🙂🇺🇸 ",
    ],
)
def test_token_offsets_slice_the_python_string(text: str) -> None:
    toks = presslens.tokenize(text)
    assert toks
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert [t.start for t in toks] == sorted(t.start for t in toks)


def test_tokenizer_keeps_names_and_splits_clitics() -> None:
    words = [t.text for t in presslens.tokenize("Рябков's and Müller’s anti-US stance")]
    assert words == ["Рябков", "'s", "and", "Müller", "’s", "anti-US", "stance"]


def test_sentences_survive_abbreviations_and_quotes() -> None:
    text = (
        'Mr. Ryabkov met U.S. Under Secretary Victoria Nuland. "I cannot say that we have '
        'achieved great progress," Ryabkov said. "There is a risk." Growth was 3.5 percent.'
    )
    got = [s.text for s in presslens.sentences(text)]
    assert got == [
        "Mr. Ryabkov met U.S. Under Secretary Victoria Nuland.",
        '"I cannot say that we have achieved great progress," Ryabkov said.',
        '"There is a risk."',
        "Growth was 3.5 percent.",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_segmentation_invariants_on_any_text(text: str) -> None:
    toks = presslens.tokenize(text)
    last = 0
    for t in toks:
        assert last <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.text.strip() != ""
        last = t.end
    sents = presslens.sentences(text)
    last = 0
    for s in sents:
        assert last <= s.start < s.end <= len(text)
        last = s.end
    # every token lies inside exactly one sentence
    inside = sum(1 for t in toks for s in sents if s.start <= t.start and t.end <= s.end)
    assert inside == len(toks)


def test_sentences_and_tokens_are_light_sequences() -> None:
    text = "Talks failed. Both sides left 🙂. Müller’s view."
    s = presslens.sentences(text)
    assert isinstance(s, presslens.Spans) and len(s) == 3
    spans = [presslens.Span(text[a:b], a, b) for a, b in ((0, 13), (14, 32), (33, 47))]
    # equal to the list of Span the function returned before it returned Spans
    assert s == spans and spans == s and list(s) == spans
    assert s[-1] == spans[-1] and s[1:] == spans[1:] and isinstance(s[1:], presslens.Spans)
    assert s.starts.tolist() == [0, 14, 33] and s.ends.tolist() == [13, 32, 47]
    assert s.texts == [x.text for x in spans]
    assert s.to_frame().values.tolist() == [[x.start, x.end, x.text] for x in spans]
    with pytest.raises(IndexError):
        s[3]
    with pytest.raises(ValueError):  # the offsets are the result's own: read-only views
        s.starts[0] = 5
    assert s != spans[:2] and s != "Talks failed."
    assert presslens.sentences("") == [] and len(presslens.tokenize(" \n ")) == 0

    t = presslens.tokenize(text)
    assert isinstance(t, presslens.Tokens)
    assert t == [presslens.Token(x.text, x.start, x.end, x.kind) for x in t]
    assert t.kinds[-4:] == ["word", "clitic", "word", "punct"]
    assert t.to_frame().columns.tolist() == ["start", "end", "kind", "text"]
    assert t.to_frame()["kind"].tolist() == t.kinds
    assert t[3:5].texts == ["Both", "sides"]
    assert t != presslens.tokenize(text + " More.")


# Texts where the sentence-only scan behind sentences(text) could part from the full
# segmentation: openers across spaces, terminals at window and paragraph edges, initials at a
# line end, invisible and control characters, emoji, Cyrillic, CRLF, wrapped paragraphs.
HOSTILE_SENTENCE_TEXTS = [
    "",
    " \n\t ",
    "...",
    "A.",
    "He left. A. Smith stayed.",
    "Talks failed. \"( [ ' “ Both sides left.",
    "It fell. " + "( " * 40 + "the end. " + "( " * 40 + "It did.",
    "Mr. Smith met Gen. Jones in the U.S. The talks ended. U.S. officials said so etc. But no.",
    'rt.com grew 3.5%. Really?! "Yes." (He said.) [Maybe.] Then… Oh‽ No.',
    "Nuland's visit. 's The end.' Next one.'' And then.\" ''Quote.'' ``Again.''",
    "Wait…” She left.’ He “stayed.” Рябков сказал. Он ушёл. Müller ging. 🙂. 🇺🇸. 👨\u200d👩. Next.",
    "Ends with an initial A.\nNext line. B.\r\nThird\rline.",
    "Para one goes on and\nwraps here. And it\ncontinues there.\n\nPara two is here and\n"
    "is wrapped too. So\nit is.",
    "Line ends with NBSP A.\u00a0\nMore text. X.\u200b\nEnd.",
    "Tabs\tand.\tcontrols.\x01Next.\x7fAfter.\x1fBefore. \x0bDone.",
    "a.b.c. d. E. F.G. H. i.e. The end. 9 a.m. Then 10 p.m. So.",
    "!!! ??? !?! ... ---. Word. .Word. ..Word. Trailing.   ",
]


def _corpus_offsets(text: str) -> tuple[list[list[int]], list[list[int]]]:
    """Sentence and token offsets of `text` as the Corpus gives them (no boilerplate rules:
    the per-text calls have none)."""
    c = Corpus.from_texts([text], boilerplate=False)
    s = c.sentences(include_boilerplate=True)
    t = c.tokens()
    return s[["start", "end"]].values.tolist(), t[["start", "end"]].values.tolist()


def _check_per_text_calls(text: str) -> None:
    sents, toks = _corpus_offsets(text)
    got = presslens.sentences(text)
    assert [[a, b] for a, b in zip(got.starts.tolist(), got.ends.tolist(), strict=True)] == sents
    got_t = presslens.tokenize(text)
    assert [[a, b] for a, b in zip(got_t.starts.tolist(), got_t.ends.tolist(), strict=True)] == toks
    for mode in ("auto", "line", "blank"):
        full = presslens._core.segment(text, mode)
        fast = presslens.sentences(text, paragraphs=mode)
        assert fast.starts.tolist() == full["sentence_start"].tolist()
        assert fast.ends.tolist() == full["sentence_end"].tolist()


@pytest.mark.parametrize("text", HOSTILE_SENTENCE_TEXTS)
def test_per_text_calls_give_the_corpus_offsets_on_hostile_texts(text: str) -> None:
    _check_per_text_calls(text)


def test_per_text_calls_give_the_corpus_offsets_on_polnear(polnear: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((polnear / "text").glob("*.txt"))]
    assert texts
    c = Corpus.from_texts(texts, boilerplate=False)
    s = c.sentences(include_boilerplate=True).groupby("doc_id", sort=False)
    t = c.tokens().groupby("doc_id", sort=False)
    for doc_id, text in zip(c.documents["id"], texts, strict=True):
        got = presslens.sentences(text)
        expect = s.get_group(doc_id)
        assert got.starts.tolist() == expect["start"].tolist(), doc_id
        assert got.ends.tolist() == expect["end"].tolist(), doc_id
        got_t = presslens.tokenize(text)
        expect_t = t.get_group(doc_id)
        assert got_t.starts.tolist() == expect_t["start"].tolist(), doc_id
        assert got_t.kinds == expect_t["kind"].tolist(), doc_id


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "The",
                "talks",
                "Mr.",
                "U.S.",
                "A.",
                ".",
                "...",
                "!",
                "?",
                '"',
                "'",
                "(",
                ")",
                " ",
                " ",
                "\n",
                "\n\n",
                "\r\n",
                "\t",
                "3.5",
                "Nuland's",
                "“",
                "”",
                "’",
                "…",
                "‽",
                "\u00a0",
                "\u200b",
                "\x01",
                "🙂",
                "But",
                "she",
                "i.e.",
                "``",
                "Рябков",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_per_text_calls_give_the_corpus_offsets_on_glued_pieces(text: str) -> None:
    _check_per_text_calls(text)


def test_a_list_of_texts_is_one_call_with_the_same_results() -> None:
    texts = ["One. Two.", "", "Рябков said: «нет». Müller 🙂 left.", "x\n\ny. Z.", "ascii only"]
    assert presslens.sentences(texts) == [presslens.sentences(t) for t in texts]
    assert presslens.tokenize(iter(texts)) == [presslens.tokenize(t) for t in texts]
    for threads in (1, 3):
        blank = presslens.sentences(texts, paragraphs="blank", threads=threads)
        assert blank == [presslens.sentences(t, paragraphs="blank") for t in texts]
    assert presslens.sentences([]) == []
    with pytest.raises(TypeError, match="item 1 is bytes"):
        presslens.tokenize(["fine", b"bytes"])
    with pytest.raises(ValueError, match="paragraphs"):
        presslens.sentences(texts, paragraphs="never")


def test_offsets_stay_those_of_a_str_with_lone_surrogates() -> None:
    # (the segmenter sees U+FFFD, one code point for each surrogate)
    text = "bad \ud800 surr. Next one."
    assert [(s.text, s.start) for s in presslens.sentences(text)] == [
        ("bad \ud800 surr.", 0),
        ("Next one.", 12),
    ]
    assert [t.text for t in presslens.tokenize(text)] == [
        "bad",
        "\ud800",
        "surr",
        ".",
        "Next",
        "one",
        ".",
    ]


def test_lone_surrogates_are_repaired_not_fatal() -> None:
    c = Corpus.from_texts(["bad \ud800 surrogate"])
    assert c[0].text == "bad \ufffd\ufffd\ufffd surrogate"
    assert c.warnings["code"].tolist() == ["invalid_utf8"]


def test_texts_of_every_storage_width_arrive_as_their_utf8() -> None:
    # Python stores a str one, two or four bytes per character; the binding encodes each
    # form itself, without the GIL: every width, mixed with bytes, must give the same text.
    texts = [
        "ascii only",
        "Latin-1: Müller, café, ¿qué?",
        "two bytes: “quoted” — Ryabkov’s",
        "four bytes: 🙂 and 𝔘 after Ω",
        "é" * 3 + "€" * 2 + "😀",
        "",
    ]
    c = Corpus.from_texts([*texts, b"raw bytes \xc3\xa9"])
    assert [d.text for d in c] == [*texts, "raw bytes é"]
    assert c.warnings["code"].tolist().count("empty") == 1


def test_from_texts_checks_its_columns() -> None:
    c = Corpus.from_texts(["a b", "c"], ids=["x", None], outlets=["o", float("nan")])
    assert c.documents[["id", "outlet"]].values.tolist() == [["x", "o"], ["1", ""]]
    with pytest.raises(TypeError, match="text 1 must be str or bytes, not int"):
        Corpus.from_texts(["fine", 3])
    with pytest.raises(TypeError, match="unexpected keyword"):
        Corpus.from_texts(["fine"], text_field="body")
    with pytest.raises(ValueError, match="as many items"):
        Corpus.from_texts(["a", "b"], ids=["x"])


# ---- folders ----------------------------------------------------------------------------


def test_folder_with_sidecar_and_every_bad_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Moscow said no.\nWashington agreed.")
    write(tmp_path / "b.txt", b"bad \xff byte")
    write(tmp_path / "c.txt", b"\x00\x01binary")
    write(tmp_path / "d.txt", b"")
    write(tmp_path / "e.txt", b"\xef\xbb\xbfBOM first.\r\nSecond line.\rThird.")
    write(
        tmp_path / "metadata.csv",
        'file,outlet,date,title,section\na.txt,wire,2021-10-12,"Talks, stalled",world\n'
        "e.txt,site,2021-10-13,,\n",
    )
    c = Corpus.from_folder(tmp_path)
    assert c.n_inputs == 5
    assert c.ids == ["a", "b", "d", "e"]
    docs = c.documents
    assert docs.loc[0, "outlet"] == "wire"
    assert docs.loc[0, "title"] == "Talks, stalled"
    assert docs.loc[0, "section"] == "world"
    w = c.warnings
    assert sorted(w["code"]) == ["empty", "invalid_utf8", "skipped_binary"]
    bad = w[w["code"] == "invalid_utf8"].iloc[0]
    assert bad["doc_id"] == "b" and bad["offset"] == 4 and "byte offset 4" in bad["message"]
    assert c["e"].text.startswith("BOM first.")
    assert c.sentences()[lambda d: d.doc_id == "e"]["text"].tolist() == [
        "BOM first.",
        "Second line.",
        "Third.",
    ]
    # every input is accounted for
    assert len(c) + int(w["code"].str.startswith("skipped_").sum()) == c.n_inputs


def test_strict_errors_raise_value_error_naming_document(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", b"abc\xc3")
    with pytest.raises(ValueError, match=r"'bad'.*offset 3"):
        Corpus.from_folder(tmp_path, errors="strict")


def test_missing_paths_raise_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="does not exist"):
        Corpus.from_folder(tmp_path / "nope")
    with pytest.raises(OSError):
        Corpus.from_jsonl(tmp_path / "nope.jsonl")
    with pytest.raises(OSError):
        presslens.load(tmp_path / "nope")


def test_bad_options_raise_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="errors must be"):
        Corpus.from_folder(tmp_path, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="paragraphs must be"):
        Corpus.from_folder(tmp_path, paragraphs="sentences")  # type: ignore[arg-type]


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    inside = tmp_path / "inside"
    outside.mkdir()
    inside.mkdir()
    write(outside / "secret.txt", "secret")
    write(inside / "a.txt", "text")
    (inside / "link.txt").symlink_to(outside / "secret.txt")
    c = Corpus.from_folder(inside)
    assert c.ids == ["a"]
    assert c.warnings["code"].tolist() == ["skipped_symlink"]
    assert Corpus.from_folder(inside, follow_symlinks=True).ids == ["a", "link"]


# ---- JSONL, records, DataFrames -----------------------------------------------------


def test_jsonl_fields_and_malformed_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"doc": "x1", "body": "One. Two.", "source": "wire", "lang": "en"}),
        "",
        "{not json",
        json.dumps({"doc": "x2"}),
        "[" * 5000,
        json.dumps({"doc": "x3", "body": "nul\u0000inside"}),
    ]
    p = write(tmp_path / "in.jsonl", "\n".join(lines) + "\n")
    c = Corpus.from_jsonl(p, id_field="doc", text_field="body", outlet_field="source")
    assert c.ids == ["x1", "x3"]
    assert c[0].outlet == "wire" and c[0].meta == {"lang": "en"}
    assert c[1].text == "nulinside"
    w = c.warnings
    assert w["code"].tolist() == ["malformed_json", "missing_text", "malformed_json", "nul_removed"]
    assert w["line"].tolist() == [3, 4, 5, 6]
    assert c.n_inputs == 5
    with pytest.raises(ValueError, match="line 3"):
        Corpus.from_jsonl(p, id_field="doc", text_field="body", errors="strict")


def test_records_and_dataframes_keep_metadata() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": ["Sergei Ryabkov spoke.", "Sergey Ryabkov spoke."],
            "outlet": ["wire", None],
            "section": ["world", "politics"],
        }
    )
    c = Corpus.from_dataframe(df)
    assert c.documents[["id", "outlet", "section"]].values.tolist() == [
        ["a", "wire", "world"],
        ["b", "", "politics"],
    ]
    with pytest.raises(TypeError, match="record 1"):
        Corpus.from_records([{"text": "ok"}, {"text": None}])


def test_huge_document_is_segmented_linearly() -> None:
    text = "word " * 2_000_000  # 10 MB, one line, no sentence end
    c = Corpus.from_texts([text])
    assert c.documents.loc[0, "n_tokens"] == 2_000_000
    assert c.documents.loc[0, "n_sentences"] == 1


def test_sentences_frame_offsets_are_exact() -> None:
    c = Corpus.from_texts(["Рябков said “yes.” Müller 🙂 agreed.\n\nZakharova left."])
    s = c.sentences()
    text = c[0].text
    for row in s.itertuples():
        assert text[row.start : row.end] == row.text
    assert s["text"].tolist() == ["Рябков said “yes.”", "Müller 🙂 agreed.", "Zakharova left."]
    tok = c.tokens()
    assert (tok["text"] == [text[a:b] for a, b in zip(tok["start"], tok["end"], strict=True)]).all()


# ---- the sample corpus and the seed reports -----------------------------------------


def test_sample_corpus_has_outlets_and_boilerplate() -> None:
    c = presslens.sample_corpus()
    docs = c.documents
    assert len(c) >= 10
    assert docs["outlet"].nunique() >= 5
    assert (docs["title"] != "").all()
    reasons = set(c.boilerplate["reason"])
    assert {"navigation", "photo_credit", "cross_link", "share_prompt", "tag_line"} <= reasons
    assert c.warnings.empty


def test_seed_reports_load_with_every_boilerplate_kind(seeds: Path) -> None:
    c = presslens.load(seeds)
    assert len(c) == 5 and c.warnings.empty
    b = c.boilerplate
    assert set(b["reason"]) == {
        "navigation",
        "repeated_line",
        "photo_credit",
        "cross_link",
        "share_prompt",
        "tag_line",
        "comments",
    }
    assert b.loc[b["reason"] == "photo_credit", "text"].tolist() == ["© Getty Images"]
    assert b.loc[b["reason"] == "comments", "text"].tolist() == ["Comments"]
    # the flagged lines are out of the analysed sentences, the prose is in
    s = c.sentences()
    assert not s["text"].str.contains("Share this story").any()
    assert s["text"].str.contains("I cannot say that we have achieved great progress").any()
    docs = c.documents.set_index("id")
    assert docs.loc["002_55d05285c16def37", "outlet"] == "the-hill"


def test_polnear_texts_load_without_warnings(polnear: Path) -> None:
    c = Corpus.from_folder(polnear / "text")
    assert len(c) == 840
    assert c.n_inputs == 840
    s = c.sentences()
    assert len(s) > 30_000


def test_indexing_by_position_and_id() -> None:
    c = Corpus.from_texts(["a.", "b."], ids=["x", "y"])
    assert c["y"].text == "b." and c[-1].id == "y"
    assert [d.id for d in c] == ["x", "y"]
    with pytest.raises(KeyError):
        c["z"]
    with pytest.raises(IndexError):
        c[2]
