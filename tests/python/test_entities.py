"""Entities and co-mentions (presslens._entities)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import scipy.sparse
from scipy import stats

import presslens
from presslens import Corpus, comentions, entities, read_gazetteer_entries, sample_gazetteer_path


def names_of(ents: presslens.Entities, etype: str) -> set[str]:
    t = ents.table
    return set(t.loc[t["type"] == etype, "name"])


def entity_of(ents: presslens.Entities, surface: str) -> str:
    m = ents.mentions
    rows = m[m["text"] == surface]
    assert len(rows), f"{surface!r} not detected"
    return str(rows["name"].iloc[0])


# ---- hand-made cases ------------------------------------------------------------------------


def test_aliases_across_outlets_and_titles_as_roles() -> None:
    c = Corpus.from_texts(
        [
            "Russia's Deputy Foreign Minister Sergei Ryabkov met U.S. Under Secretary of State "
            "Victoria Nuland in Moscow. Ryabkov called the talks useful.",
            "Deputy Foreign Minister Sergey Ryabkov told Interfax that Nuland’s visit mattered.",
            "The Kremlin Spokesman, Dmitry Peskov, said Dmitri Peskov was misquoted.",
        ],
        outlets=["a", "b", "c"],
    )
    ents = entities(c)
    assert entity_of(ents, "Sergey Ryabkov") == entity_of(ents, "Sergei Ryabkov")
    assert entity_of(ents, "Ryabkov") == entity_of(ents, "Sergei Ryabkov")
    assert entity_of(ents, "Nuland") == "Victoria Nuland"
    assert entity_of(ents, "Dmitri Peskov") == entity_of(ents, "Dmitry Peskov")
    assert entity_of(ents, "U.S.") == "United States"
    row = ents.table.loc[ents.id_of("Ryabkov")]
    assert "Deputy Foreign Minister" in row["roles"]
    assert row["outlets"] == ["a", "b"]
    peskov = ents.table.loc[ents.id_of("Peskov")]
    assert "Kremlin Spokesman" in peskov["roles"]
    m = ents.mentions
    for r in m.itertuples():
        assert c[r.doc_id].text[r.start : r.end] == r.text
    merges = ents.merges
    assert merges["reason"].str.contains("transliteration").any()
    assert merges["reason"].str.startswith("surname of").any()


def test_a_shared_surname_is_not_merged() -> None:
    c = Corpus.from_texts(
        ["Joe Biden spoke and Hunter Biden did not. Biden left.", "Joe Biden spoke. Biden left."]
    )
    ents = entities(c)
    m = ents.mentions
    bidens = m[m["text"] == "Biden"].sort_values("doc_id")["name"].tolist()
    assert bidens == ["Biden", "Joe Biden"]  # ambiguous in doc 0, only Joe in doc 1
    assert ents.merges["reason"].str.startswith("not merged").any()


def test_user_aliases_and_never_merge() -> None:
    c = Corpus.from_texts(["Sergei Ryabkov and Sergey Ryabkov met the RC chair in Geneva."])
    ents = entities(
        c,
        never_merge=[("Sergei Ryabkov", "Sergey Ryabkov")],
        aliases={"RC": "Riverine Commission"},
    )
    assert entity_of(ents, "Sergei Ryabkov") != entity_of(ents, "Sergey Ryabkov")
    assert entity_of(ents, "RC") == "Riverine Commission"
    with pytest.raises(ValueError, match="same name"):
        entities(c, never_merge=[("A", "a")])


def test_sentence_initial_words_are_not_names() -> None:
    c = Corpus.from_texts(["Instead, the talks stalled. Moscow said it would instead wait."])
    names = set(entities(c).mentions["text"])
    assert "Instead" not in names and "Moscow" in names


# ---- co-mentions -----------------------------------------------------------------------------


def test_comention_counts_measures_and_exports(tmp_path: Path) -> None:
    c = Corpus.from_texts(
        [
            "Victoria Nuland met Sergei Ryabkov in Moscow. Nuland and Ryabkov talked. Moscow.",
            "Ryabkov spoke. Nuland left Moscow.",
        ],
        outlets=["x", "y"],
    )
    co = comentions(c, measure="pmi", by="outlet")
    df = co.to_frame()
    row = df[
        (df["source"].isin(["Victoria Nuland", "Sergei Ryabkov"]))
        & (df["target"].isin(["Victoria Nuland", "Sergei Ryabkov"]))
    ].iloc[0]
    # Hand-computed 2x2 table: O11 = 2 sentences with both, R1 = C1 = 3, N = 5 sentences.
    o11, r1, c1, n = 2.0, 3.0, 3.0, 5.0
    assert co.n_units == n
    assert row["count"] == o11
    assert row["expected"] == pytest.approx(r1 * c1 / n)
    assert row["pmi"] == pytest.approx(np.log2(o11 / (r1 * c1 / n)))
    assert row["npmi"] == pytest.approx(np.log2(o11 / (r1 * c1 / n)) / -np.log2(o11 / n))
    table = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]])
    g2, p, _, _ = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert row["g2"] == pytest.approx(g2)
    assert row["p_g2"] == pytest.approx(p)
    chi2, p_chi2, _, _ = stats.chi2_contingency(table, correction=True)
    assert row["chi2"] == pytest.approx(chi2)
    assert row["p_chi2"] == pytest.approx(p_chi2)
    assert row["dice"] == pytest.approx(2 * o11 / (r1 + c1))
    assert row["jaccard"] == pytest.approx(o11 / (r1 + c1 - o11))
    m = co.matrix
    assert (m != m.T).nnz == 0 and m.diagonal().sum() == 0
    ev = co.evidence("Victoria Nuland", "Sergei Ryabkov")
    assert ev["text"].tolist() == [
        "Victoria Nuland met Sergei Ryabkov in Moscow.",
        "Nuland and Ryabkov talked.",
    ]
    assert set(co.by_group) == {"x", "y"}
    assert co.by_group["y"].n_units == 2
    g = co.to_networkx()
    assert g.has_edge("Victoria Nuland", "Sergei Ryabkov")
    co.to_graphml(tmp_path / "g.graphml")
    co.to_gexf(tmp_path / "g.gexf")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == g.number_of_edges()


def test_comention_scopes_and_bad_arguments() -> None:
    c = Corpus.from_texts(
        ["Victoria Nuland met Sergei Ryabkov.\nMoscow agreed. Washington did not."]
    )
    assert comentions(c, scope="document").n_units == 1
    assert comentions(c, scope="paragraph").n_units == 2
    w = comentions(c, scope="window", window=3)
    assert w.n_units >= 1
    with pytest.raises(ValueError, match="window"):
        comentions(c, scope="window")
    with pytest.raises(ValueError, match="measure"):
        comentions(c, measure="lift")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="by="):
        comentions(c, by="no_such_column")


def _matrix_from_pairs(co: presslens.CoMentions) -> scipy.sparse.csr_array:
    """The co-mention matrix rebuilt from the pair list alone, as presslens once did."""
    keep = co.to_frame().sort_values(["source_id", "target_id"])
    keep = keep[keep["count"] >= co.min_count]
    a, b = keep["source_id"].to_numpy(), keep["target_id"].to_numpy()
    v = keep[co.measure].to_numpy(dtype=np.float64)
    n = len(co.entities)
    rows, cols, vals = np.r_[a, b], np.r_[b, a], np.r_[v, v]
    return scipy.sparse.csr_array((vals, (rows, cols)), shape=(n, n))


@pytest.mark.parametrize("scope", ["sentence", "document", "window"])
def test_matrix_from_the_core_csr_equals_the_pair_list(scope: str) -> None:
    # .matrix is the core's CSR (counts) carrying each pair's measure; it must hold exactly
    # what a matrix built from the pair list holds, for every measure, guard and group.
    ents = entities(presslens.sample_corpus(), gazetteer_entries=sample_gazetteer_path())
    window = 5 if scope == "window" else None
    for measure in ("count", "expected", "pmi", "npmi", "g2", "chi2", "dice", "jaccard"):
        for min_count in (1, 2, 3):
            co = comentions(
                ents, scope=scope, window=window, measure=measure, min_count=min_count, by="outlet"
            )
            for c in (co, *co.by_group.values()):
                got, want = c.matrix, _matrix_from_pairs(c)
                assert got.shape == want.shape and got.has_sorted_indices
                np.testing.assert_array_equal(got.indptr, want.indptr)
                np.testing.assert_array_equal(got.indices, want.indices)
                np.testing.assert_array_equal(got.data, want.data)
    assert comentions(ents, min_count=10**6).matrix.nnz == 0
    assert comentions(Corpus.from_texts(["No names here."])).matrix.shape == (0, 0)


# ---- the sample corpus and the seed reports ---------------------------------------------------


def test_sample_corpus_entities() -> None:
    ents = entities(presslens.sample_corpus(), gazetteer_entries=sample_gazetteer_path())
    people = names_of(ents, "PERSON")
    sorokin = [n for n in people if n.endswith("Sorokin")]
    assert len(sorokin) == 1, sorokin
    t = ents.table.loc[ents.id_of(sorokin[0])]
    assert {"Yevgeny Sorokin", "Evgeny Sorokin", "Evgenii Sorokin"} <= set(t["aliases"])
    assert {"Helena Marsh", "Tomas Arlen"} <= people
    assert [n for n in people if n.endswith("Volkov")] and len(
        [n for n in people if n.endswith("Volkov")]
    ) == 1
    assert {"Geneva", "Valdoria", "Kestrel Federation", "Irsha River"} <= names_of(ents, "PLACE")
    orgs = names_of(ents, "ORG")
    assert {"Riverine Commission", "Tarsk Press Agency", "Kestrel Foreign Ministry"} <= orgs
    rc = ents.table.loc[ents.id_of("Riverine Commission")]
    assert {"R.C.", "Commission"} <= set(rc["aliases"])  # abbreviation and short form
    co = comentions(ents, types=("PERSON",))
    top = co.to_frame().iloc[0]
    assert {top["source"], top["target"]} == {"Helena Marsh", "Yevgeny Sorokin"}


def test_gazetteer_entries_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("# comment\nValdoria\tCOUNTRY\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_gazetteer_entries(bad)


def test_seed_reports_entities(seeds: Path) -> None:
    c = presslens.load(seeds)
    ents = entities(c)
    people = names_of(ents, "PERSON")
    for surname in [
        "Ryabkov",
        "Nuland",
        "Peskov",
        "Kozak",
        "Kislyak",
        "Zakharova",
        "Mishustin",
        "Price",
        "Biden",
        "Putin",
    ]:
        found = [n for n in people if n.endswith(surname)]
        assert len(found) == 1, (surname, found)
    ry = ents.table.loc[ents.id_of("Ryabkov")]
    assert {"Sergei Ryabkov", "Sergey Ryabkov"} <= set(ry["aliases"])
    assert ry["n_docs"] == 5
    places = names_of(ents, "PLACE")
    assert {"Russia", "United States", "Moscow", "Washington"} <= places
    orgs = names_of(ents, "ORG")
    for org in [
        "Russian Foreign Ministry",
        "Kremlin",
        "NATO",
        "State Department",
        "Interfax",
        "Reuters",
    ]:
        assert org in orgs, org
    co = comentions(ents, types=("PERSON",))
    top = co.to_frame().iloc[0]
    assert {top["source"], top["target"]} == {
        ents.table.loc[ents.id_of("Nuland"), "name"],
        ry["name"],
    }
