"""Quotes and speakers (presslens._quotes), on hand-made cases, the seeds and PolNeAR."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

import presslens
from presslens import Corpus
from presslens._quotes import COLUMNS
from presslens.cli import main

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "quote_cases.jsonl")
    .read_text("utf-8")
    .splitlines()
]


def frame(text: str):
    return presslens.quotes(Corpus.from_texts([text])).frame


def test_columns_offsets_and_kinds() -> None:
    text = (
        "Рябков’s deputy was absent. “We have not seen any progress,” Deputy Foreign Minister "
        "Sergei Ryabkov said. Sergei Ryabkov said that the talks had failed to produce results."
    )
    f = frame(text)
    assert tuple(f.columns) == COLUMNS
    assert f["kind"].tolist() == ["direct", "indirect"]
    for r in f.itertuples():
        assert text[r.start : r.end] == r.text
        assert text[r.speaker_start : r.speaker_end] == r.speaker_mention
        assert text[r.cue_start : r.cue_end] == r.cue
    first = f.iloc[0]
    assert first["text"] == "We have not seen any progress,"
    assert first["speaker_kind"] == "titled"
    assert first["speaker_name"] == "Sergei Ryabkov"
    assert first["rule"] == "after"
    assert 0 < first["confidence"] <= 1


def test_split_quote_text_leaves_out_the_narrator() -> None:
    # "A," X said after the talks. "B." is one quote: its span covers the attribution, its
    # parts and text do not (they are what gets scored and linked across outlets).
    text = (
        "“I cannot say that we have achieved great progress,” Ryabkov commented after the talks "
        "with Victoria Nuland. “There is a risk of further aggravations.”"
    )
    f = frame(text)
    assert len(f) == 1
    q = f.iloc[0]
    assert q["rule"] == "split"
    assert [text[a:b] for a, b in q["parts"]] == [
        "I cannot say that we have achieved great progress,",
        "There is a risk of further aggravations.",
    ]
    assert q["text"] == (
        "I cannot say that we have achieved great progress, There is a risk of further aggravations."
    )
    assert "Nuland" in text[q["start"] : q["end"]] and "Nuland" not in q["text"]
    assert q["parts"][0][0] == q["start"] and q["parts"][-1][1] == q["end"]


def test_unbalanced_quotes_warn_and_the_document_still_works() -> None:
    q = presslens.quotes(
        Corpus.from_texts(['He said "this never closes.\nVictoria Nuland said: "Fine."'])
    )
    assert q.warnings["code"].tolist() == ["unbalanced_quote"]
    assert q.frame["speaker_name"].tolist()[-1] == "Victoria Nuland"


def test_hostile_quote_marks_do_not_hang() -> None:
    q = presslens.quotes(Corpus.from_texts(['" ' * 50_000 + "“" * 1000]))
    assert (q.frame["start"] <= q.frame["end"]).all()


def test_sentiment_per_speaker_has_uncertainty() -> None:
    q = presslens.quotes(
        presslens.sample_corpus(), gazetteer_entries=presslens.sample_gazetteer_path()
    )
    s = q.sentiment(by=("speaker_name", "outlet"))
    assert {"speaker_name", "outlet", "n", "compound_mean", "ci_low", "ci_high"} <= set(s.columns)
    multi = s[s["n"] > 1]
    assert len(multi) and (multi["ci_low"] <= multi["compound_mean"]).all()
    assert (multi["compound_mean"] <= multi["ci_high"]).all()


def test_sample_corpus_speakers_and_utterances() -> None:
    q = presslens.quotes(
        presslens.sample_corpus(), gazetteer_entries=presslens.sample_gazetteer_path()
    )
    f = q.frame
    speakers = set(f["speaker_name"])
    assert {"Yevgeny Sorokin", "Helena Marsh", "Dmitry Volkov", "Aleksandra Zhukova"} <= speakers
    # the Sorokin statement in different translations shares one utterance
    crisis = f[(f["speaker_name"] == "Yevgeny Sorokin") & f["text"].str.contains("crisis")]
    assert crisis["doc_id"].nunique() >= 3
    assert crisis["utterance_id"].nunique() == 1
    by = q.by_speaker()
    assert by.iloc[0]["speaker_name"] in {"Yevgeny Sorokin", "Helena Marsh"}


def test_seed_reports_quotes(seeds: Path) -> None:
    q = presslens.quotes(presslens.load(seeds))
    f = q.frame
    names = set(f["speaker_name"])
    for who in [
        "Sergei Ryabkov",
        "Victoria Nuland",
        "Dmitry Peskov",
        "Sergey Kislyak",
        "Maria Zakharova",
        "Dmitry Kozak",
        "Mikhail Mishustin",
        "Ned Price",
        "Russian Foreign Ministry",
        "Kremlin",
    ]:
        assert who in names, who
    assert (f["speaker_mention"] == "the senators").any()
    peskov = f[f["text"].str.startswith("These actions, of course")]
    assert peskov["speaker_name"].tolist() == ["Dmitry Peskov"]
    # The same Ryabkov statement in four translations: one utterance across four outlets.
    crisis = f[(f["speaker_name"] == "Sergei Ryabkov") & f["text"].str.contains("crisis potential")]
    assert crisis["doc_id"].nunique() == 4
    assert crisis["utterance_id"].nunique() == 1
    assert q.warnings.empty


# Hand-made cases: with a "reason", a known error (strict xfail: fixing it fails the test,
# then it moves to the fixed cases); with "fixed", an error category that was fixed.
KNOWN = [c for c in CASES if "reason" in c]
FIXED = [c for c in CASES if "reason" not in c]


def speakers_of(case: dict) -> list[str]:
    """The speaker mention of each quote whose text holds case["quote"] (none: [])."""
    f = frame(case["text"])
    return [r.speaker_mention for r in f.itertuples() if case["quote"] in r.text]


@pytest.mark.parametrize("case", KNOWN, ids=[c["quote"][:30] for c in KNOWN])
@pytest.mark.xfail(strict=True, reason="known attribution errors, kept as cases (see 'reason')")
def test_known_attribution_errors(case: dict) -> None:
    assert speakers_of(case) == [case["speaker"]]


@pytest.mark.parametrize("case", FIXED, ids=[c["quote"][:30] for c in FIXED])
def test_fixed_attribution_errors(case: dict) -> None:
    assert speakers_of(case) == ([] if case["speaker"] is None else [case["speaker"]])


def test_indirect_quote_inside_another_has_its_own_speaker() -> None:
    # PolNeAR annotates both attributions of "X said she believes Y": X says "she believes Y",
    # she believes Y. Inside the outer content only a reporting verb with a named or pronoun
    # subject opens an inner one; a verb of attitude after a noun does not ("the council fears").
    f = frame("Mayor Ann Reyes said on Monday that she believes the bridge will reopen in May.")
    assert f[["text", "speaker_mention", "cue"]].values.tolist() == [
        ["she believes the bridge will reopen in May", "Mayor Ann Reyes", "said"],
        ["the bridge will reopen in May", "she", "believes"],
    ]
    f = frame("Reyes told reporters the council fears the budget will not hold.")
    assert f["speaker_mention"].tolist() == ["Reyes"]


def test_indirect_quote_in_a_sentence_with_quote_marks_stops_at_the_mark() -> None:
    # A sentence with a quote in it still has its reported clause ("X said CONTENT") when the
    # quote does not take X's verb; CONTENT ends where the marks begin, so no word is in both.
    text = (
        "Jane Moss said the road would stay closed until Monday because of what engineers "
        "described as “serious damage.”"
    )
    f = frame(text)
    ind = f[f["kind"] == "indirect"]
    assert ind["speaker_mention"].tolist() == ["Jane Moss"]
    assert ind["text"].iloc[0].startswith("the road would stay closed until Monday")
    assert "“" not in ind["text"].iloc[0]
    direct = f[f["kind"] != "indirect"].iloc[0]
    assert direct["text"] == "serious damage." and ind["end"].iloc[0] < direct["start"]
    # ("According to X, “...”" stays one direct quote)
    f = frame("According to the mayor, “the bridge will reopen in May.”")
    assert f["kind"].tolist() == ["direct"]


def test_polnear_accuracy(polnear: Path, shared: Path, tmp_path: Path) -> None:
    """Regression guard on the shared scorer (training split): the figures in the README."""
    spec = importlib.util.spec_from_file_location("scorer", shared / "eval" / "eval_quotes.py")
    assert spec and spec.loader
    corpus = Corpus.from_folder(polnear / "text")
    f = presslens.quotes(corpus).frame
    system = tmp_path / "system.jsonl"
    with system.open("w", encoding="utf-8") as fh:
        for doc_id, grp in f.groupby("doc_id"):
            quotes = [
                {
                    "start": int(r.start),
                    "end": int(r.end),
                    "speaker": r.speaker_name or None,
                    "speaker_start": int(r.speaker_start) if r.speaker_start >= 0 else None,
                    "speaker_end": int(r.speaker_end) if r.speaker_end >= 0 else None,
                    "kind": "indirect" if r.kind == "indirect" else "direct",
                }
                for r in grp.itertuples()
            ]
            fh.write(json.dumps({"id": doc_id, "quotes": quotes}) + "\n")
    import subprocess
    import sys

    out = (
        subprocess.run(
            [
                sys.executable,
                str(shared / "eval" / "eval_quotes.py"),
                "--gold-dir",
                str(polnear),
                "--system",
                str(system),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    res = json.loads(out)
    direct = res["direct"]
    assert direct["f1"] >= 0.91
    assert direct["attr_acc"] >= 0.90
    assert direct["e2e_f1"] >= 0.82
    assert res["all"]["e2e_f1"] >= 0.63


def test_quotes_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text('"We will answer," Sergei Ryabkov said.', encoding="utf-8")
    out = tmp_path / "q.jsonl"
    assert main(["quotes", str(tmp_path), "--format", "jsonl", "--out", str(out)]) == 0
    rec = json.loads(out.read_text("utf-8").splitlines()[0])
    assert rec["speaker_name"] == "Sergei Ryabkov" and rec["text"] == "We will answer,"
    assert main(["quotes", "--sample", "--by-speaker"]) == 0
    assert "Yevgeny Sorokin" in capsys.readouterr().out


def test_quotes_command_min_unattributed_words(tmp_path: Path) -> None:
    # A short quote with no attribution of its own, in the paragraph after an attributed one.
    (tmp_path / "a.txt").write_text(
        '"We will answer," Sergei Ryabkov said.\n\nThe mood was "Never again." at the venue.\n',
        encoding="utf-8",
    )
    texts = {}
    for n in ("10", "1"):
        out = tmp_path / f"q{n}.csv"
        args = ["quotes", str(tmp_path), "--out", str(out), "--min-unattributed-words", n]
        assert main(args) == 0
        texts[n] = pd.read_csv(out)["text"].tolist()
    assert "Never again." not in texts["10"]
    assert "Never again." in texts["1"]
    with pytest.raises(SystemExit):
        main(["quotes", str(tmp_path), "--min-unattributed-words", "0"])


def test_attribution_weights_reach_the_ranker() -> None:
    # The rules take the appositive's newspaper; a weight on the sentence subject's slot
    # makes the ranker pick the subject; the wrong number of weights is a ValueError.
    from presslens import _core

    text = (
        "Giovanni Vian, the editor of the Vatican's newspaper, L'Osservatore Romano, said every "
        'pope was "both religious and political."'
    )
    c = Corpus.from_texts([text])

    def speakers(**kw: object) -> list[str]:
        # the mixed quote's speaker ("every pope was" is an indirect quote of its own)
        f = presslens.quotes(c, **kw).frame
        return f.loc[f["kind"] != "indirect", "speaker_mention"].tolist()

    rules = speakers()
    names = _core.ATTRIBUTION_FEATURES
    w = [10.0 if n == "slot_subject" else 0.0 for n in names]
    assert rules != ["Giovanni Vian"] and speakers(attribution=w) == ["Giovanni Vian"]
    assert speakers(attribution=[0.0] * len(names)) == rules
    with pytest.raises(ValueError, match="weights"):
        presslens.quotes(c, attribution=[1.0])
    with pytest.raises(ValueError, match="rules"):
        presslens.quotes(c, attribution="model")


def test_scare_quotes_are_a_kind_left_out_of_speakers_by_default() -> None:
    assert "scare" in presslens._core.QUOTE_KINDS
    text = (
        '"We will lower the fees for every family," Amara Osei said on Monday. '
        'Amara Osei thinks the old fees were "a scandal".'
    )
    q = presslens.quotes(Corpus.from_texts([text]))
    assert q.frame["kind"].tolist() == ["direct", "scare"]
    assert q.frame["speaker_name"].tolist() == ["Amara Osei", "Amara Osei"]
    assert q.by_speaker()["n_quotes"].tolist() == [1]
    assert q.by_speaker(scare=True)["n_quotes"].tolist() == [2]
    assert q.sentiment()["n"].tolist() == [1]
    assert q.sentiment(scare=True)["n"].tolist() == [2]


def test_single_marks_and_wrapped_lines() -> None:
    f = frame("'Not yet,' Amara Osei said, 'we still count the votes.'")
    assert f["rule"].tolist() == ["split"]
    # one quote spanning both parts; its text is the parts, without the attribution
    assert f["text"].tolist() == ["Not yet, we still count the votes."]
    assert len(f["parts"][0]) == 2
    f = frame("In the '80s the Joneses' farm grew rock 'n' roll fans, Amara Osei's son said.")
    assert "direct" not in f["kind"].tolist()
    text = (
        "The council met.\n"
        '"We will reopen the library\n'
        'before the winter," Amara Osei said.\n'
        "The vote was close.\n"
        "Nobody objected."
    )
    f = frame(text)
    assert f["text"].tolist() == ["We will reopen the library\nbefore the winter,"]
    assert f["speaker_name"].tolist() == ["Amara Osei"]


def test_text_columns_are_what_lists_of_str_make() -> None:
    # The text columns come from the core as UTF-8 buffers (presslens._columns.strings): each
    # must equal the column pandas makes of the same strings, dtype included, with code point
    # offsets (2-, 3- and 4-byte characters); an empty frame keeps the dtypes of empty lists.
    import pandas as pd

    text = (
        "Ünïcödé 😀 “Мы согласны с этим решением полностью,” сказал Сергей Рябков. "
        '"The talks 😀 were hard," Ryabkov said, "and the result is é."'
    )
    q = presslens.quotes(Corpus.from_texts([text]), min_unattributed_words=1)
    f, m = q.frame, q.entities.mentions
    assert len(f) >= 2 and len(m) >= 1
    quote_text = ("doc_id", "outlet", "text", "kind", "cue", "speaker_mention", "speaker_name")
    for frame, columns in (
        (f, (*quote_text, "speaker_kind", "rule")),
        (m, ("doc_id", "text", "name", "type", "role")),
    ):
        for c in columns:
            pd.testing.assert_series_equal(frame[c], pd.Series(frame[c].tolist(), name=c))
    assert f["text"].tolist() == [" ".join(text[a:b] for a, b in p) for p in f["parts"]]
    assert [text[a:b] for a, b in zip(m["start"], m["end"], strict=True)] == m["text"].tolist()
    empty = presslens.quotes(Corpus.from_texts(["nothing is quoted here."]))
    assert len(empty.frame) == 0 and len(empty.entities.mentions) == 0
    as_lists = pd.DataFrame({c: [] for c in quote_text})
    pd.testing.assert_series_equal(empty.frame.dtypes[list(quote_text)], as_lists.dtypes)
