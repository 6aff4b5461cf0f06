"""
presslens core (C++20). Private: use the public names in `presslens`.
"""

from __future__ import annotations

import collections.abc
import os
import typing

import numpy
import numpy.typing

__all__: list[str] = [
    "ATTRIBUTION_FEATURES",
    "QUOTE_KINDS",
    "QUOTE_RULES",
    "SPEAKER_KINDS",
    "Corpus",
    "EntityPartial",
    "EntityResult",
    "Gazetteer",
    "OutletRepeatedLines",
    "SentimentAnalyzer",
    "boilerplate_name",
    "bootstrap_mean_ci",
    "check_entities_fit",
    "column_sums",
    "comention_evidence",
    "content_stems",
    "count_comentions",
    "detect_entity_partial",
    "document_sentiment",
    "english_stop_words",
    "entities_of_documents",
    "extract_entities",
    "extract_quotes",
    "flat_parts",
    "group_rows",
    "int_lists",
    "keyness",
    "kwic",
    "link_utterance_stems",
    "merge_entity_partials",
    "normalize_for_match",
    "outlet_line_counts",
    "parse_overlay",
    "parts_of_flat",
    "resolve_entity_partial",
    "segment",
    "select_terms",
    "sentence_offsets",
    "sentence_offsets_many",
    "span_compound",
    "sum_comention_tables",
    "term_matrix",
    "tfidf",
    "token_offsets",
    "token_offsets_many",
    "top_per_row",
]

class OutletRepeatedLines:
    """
    The outlet boilerplate rule decided over a
    whole collection: per outlet its counts knew, the hashes of its repeated lines (immutable). Made
    by ``presslens.OutletLines``; loaders take it as ``outlet_lines``.
    """

    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: OutletRepeatedLines) -> bool: ...
    def __getstate__(self) -> bytes: ...
    def __init__(
        self,
        outlets: collections.abc.Sequence[str],
        n_docs: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
        outlet: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
        hash: typing.Annotated[numpy.typing.ArrayLike, numpy.uint64],
        df: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    ) -> None:
        """
        Decide the rule from counts (the columns of ``outlet_line_counts``, rows in
        any order, rows of one outlet and hash summed). ValueError for inconsistent counts.
        """
    def __setstate__(self, arg0: bytes) -> None: ...
    def outlets(self) -> list[str]:
        """
        The outlets the counts knew, sorted.
        """
    def repeated(self, outlet: str) -> typing.Any:
        """
        The sorted hashes of an outlet's repeated lines (uint64), None for an unknown outlet.
        """

class Corpus:
    """
    Documents decoded, segmented and flagged for
    boilerplate by the C++ core. Use ``presslens.Corpus`` (the Python wrapper) rather than this
    class directly.
    """
    @staticmethod
    def from_folder(
        folder: os.PathLike | str | bytes,
        *,
        errors: str = "replace",
        threads: typing.SupportsInt | typing.SupportsIndex = 0,
        extension: str = ".txt",
        recursive: bool = False,
        follow_symlinks: bool = False,
        paragraphs: str = "auto",
        boilerplate: bool = True,
        first_file: typing.SupportsInt | typing.SupportsIndex = 0,
        max_files: typing.SupportsInt | typing.SupportsIndex | None = None,
        outlet_lines: OutletRepeatedLines = None,
    ) -> Corpus:
        """
        Load every ``*.txt`` file of a folder (sorted by name) with an optional
        metadata.jsonl / metadata.csv sidecar. Raises OSError for a missing folder. ``first_file``
        and ``max_files`` read a window of the sorted files (streaming); the listing's warnings go
        with the window at file 0.
        """
    @staticmethod
    def from_jsonl(
        file: os.PathLike | str | bytes,
        *,
        errors: str = "replace",
        threads: typing.SupportsInt | typing.SupportsIndex = 0,
        id_field: str = "id",
        text_field: str = "text",
        outlet_field: str = "outlet",
        date_field: str = "date",
        title_field: str = "title",
        paragraphs: str = "auto",
        boilerplate: bool = True,
        outlet_lines: OutletRepeatedLines = None,
    ) -> Corpus:
        """
        Load one JSON object per line. A malformed line is a warning (ValueError
        under errors="strict"). Raises OSError for a missing file.
        """
    @staticmethod
    def from_jsonl_text(
        data: bytes,
        source: str,
        stem: str,
        first_line: typing.SupportsInt | typing.SupportsIndex = 0,
        *,
        errors: str = "replace",
        threads: typing.SupportsInt | typing.SupportsIndex = 0,
        id_field: str = "id",
        text_field: str = "text",
        outlet_field: str = "outlet",
        date_field: str = "date",
        title_field: str = "title",
        paragraphs: str = "auto",
        boilerplate: bool = True,
        outlet_lines: OutletRepeatedLines = None,
    ) -> Corpus:
        """
        Parse JSONL lines already read (bytes), as from_jsonl parses a file:
        ``source`` names the file in warnings and sources (``source:LINE``), ``stem`` makes default
        ids (``stem:LINE``), and the first line of ``data`` is line ``first_line + 1``.
        """
    @staticmethod
    def from_records(
        ids: collections.abc.Sequence,
        texts: collections.abc.Sequence,
        outlets: collections.abc.Sequence,
        dates: collections.abc.Sequence,
        titles: collections.abc.Sequence,
        metas: collections.abc.Sequence,
        *,
        errors: str = "replace",
        threads: typing.SupportsInt | typing.SupportsIndex = 0,
        paragraphs: str = "auto",
        boilerplate: bool = True,
        outlet_lines: OutletRepeatedLines = None,
    ) -> Corpus:
        """
        Build a corpus from columns (texts as str or bytes; metas as JSON object
        strings).
        """
    def __getstate__(self) -> bytes: ...
    def __len__(self) -> int: ...
    def __setstate__(self, arg0: bytes) -> None: ...
    def dates(self) -> list: ...
    def doc_stats(self) -> dict:
        """
        Per-document counts as numpy arrays.
        """
    def document(
        self, index: typing.SupportsInt | typing.SupportsIndex
    ) -> tuple[str, str, str, str, str, str, str]:
        """
        (id, text, outlet, date, title, source, meta_json) of one document; IndexError if out of range.
        """
    def ids(self) -> list: ...
    def metas(self) -> list: ...
    def outlets(self) -> list: ...
    def paragraph_table(self, code_points: bool = True) -> dict:
        """
        One row per paragraph, as numpy arrays.
        """
    def sentence_table(self, code_points: bool = True) -> dict:
        """
        One row per sentence, as numpy arrays.
        """
    def sources(self) -> list: ...
    def text(self, index: typing.SupportsInt | typing.SupportsIndex) -> str: ...
    def texts(self) -> list: ...
    def titles(self) -> list: ...
    def token_table(self, code_points: bool = True) -> dict:
        """
        One row per token, as numpy arrays.
        """
    def warnings(self) -> dict:
        """
        Warnings as columns: doc_id, source, line, offset (bytes), code, message.
        """
    @property
    def n_inputs(self) -> int:
        """
        Documents seen in the input, used or skipped.
        """

class Gazetteer:
    """
    Places, organisations, titles and given names (immutable once built, except for add()).
    """
    @staticmethod
    def from_tsv(places: str, orgs: str, titles: str, given_names: str) -> Gazetteer:
        """
        Build from the text of the four TSV files (ValueError names the file
        and line of a malformed entry).
        """
    def add(self, name: str, type: str, aliases: collections.abc.Sequence[str] = []) -> None:
        """
        Add an entry (type PERSON, ORG, PLACE or OTHER) with its aliases.
        """

class EntityResult:
    """
    Mentions, entities and the merge log of one corpus.
    """
    def __getstate__(self) -> bytes: ...
    def __len__(self) -> int: ...
    def __setstate__(self, arg0: bytes) -> None: ...
    def entities(self) -> dict:
        """
        Entities as columns.
        """
    def mentions(self, corpus: Corpus) -> dict:
        """
        Mentions as numpy columns, offsets in code points; "strings" holds the text
        columns of ``Entities.mentions`` (doc_id, text, name, type, role), each as (UTF-8 bytes, int64
        offsets) in Arrow's large_string layout.
        """
    def merges(self) -> dict:
        """
        The merge log: entity index (None when nothing was merged), form, reason.
        """

class EntityPartial:
    """
    Entity candidates of one part of a corpus, to merge and resolve once.
    """
    def __getstate__(self) -> bytes: ...
    def __len__(self) -> int: ...
    def __setstate__(self, arg0: bytes) -> None: ...
    @property
    def doc_ids(self) -> list[str]:
        """
        The documents' ids, in order.
        """

class SentimentAnalyzer:
    """
    vaderSentiment 3.3.2's SentimentIntensityAnalyzer in C++ (same scores, bit for bit).

    Built from the *contents* of vaderSentiment's ``vader_lexicon.txt`` and
    ``emoji_utf8_lexicon.txt``; ``presslens.SentimentAnalyzer`` finds those files for you.
    Immutable and safe to share between threads.
    """
    def __init__(
        self,
        lexicon_tsv: str,
        emoji_tsv: str,
        overlay: collections.abc.Sequence[
            tuple[str, typing.SupportsFloat | typing.SupportsIndex | None]
        ] = [],
        summation: str = "sequential",
        news_model: str | None = None,
    ) -> None:
        """
        lexicon_tsv, emoji_tsv: the text of the two vaderSentiment lexicon files.
        overlay: ``(term, valence or None)`` pairs applied in order (None removes the term).
        summation: "sequential" (sum() of CPython < 3.12) or "neumaier" (CPython >= 3.12).
        news_model: None for exact VADER, or the text of a news model parameter file
        (``key<TAB>value`` lines: scope_negation, hedge, positive_weight, negative_weight) to score
        with the news model.
        Raises ValueError for a malformed lexicon line or parameter file.
        """
    def explain(self, text: str) -> dict:
        """
        The polarity_scores computation with a record per token: a dict with ``tokens`` (columns
        token, start, end (code points into ``text``; an emoji's description maps to the emoji),
        in_lexicon, lexicon_valence, valence, booster, but_factor, rules (list of rule names),
        share), ``sum``, ``punctuation_amplifier``, ``punctuation_share`` and ``scores``.
        """
    def polarity_scores(self, text: str) -> dict:
        """
        vaderSentiment's ``polarity_scores(text)``: ``{"neg", "neu", "pos", "compound"}``, the
        first three rounded to 3 decimals and compound to 4, exactly as vaderSentiment 3.3.2.
        """
    def polarity_scores_many(
        self,
        texts: collections.abc.Iterable,
        threads: typing.SupportsInt | typing.SupportsIndex = 0,
    ) -> dict:
        """
        ``polarity_scores`` of every str in ``texts``, with the GIL released, on ``threads`` threads
        (0 = all cores; the result does not depend on it). Returns a dict of four float64 numpy
        arrays ``neg``, ``neu``, ``pos``, ``compound``. Raises TypeError for an item that is not a
        str; Ctrl-C raises KeyboardInterrupt.
        """
    def valence(self, word: str) -> float | None:
        """
        Lexicon valence of ``word`` (as given, lower-case it first) after overlays, or None.
        """
    @property
    def emoji_count(self) -> int:
        """
        Number of emoji replaced by their description.
        """
    @property
    def lexicon_size(self) -> int:
        """
        Number of words in the lexicon, after overlays.
        """
    @property
    def model(self) -> str:
        """
        "vader" (exact vaderSentiment) or "news" (the news model).
        """
    @property
    def news_params(self) -> dict | None:
        """
        The news model's parameters as a dict, or None for exact VADER.
        """
    @property
    def summation(self) -> str:
        """
        "sequential" or "neumaier": how valences are summed (see __init__).
        """

def boilerplate_name(reason: typing.SupportsInt | typing.SupportsIndex) -> str:
    """
    Name of a boilerplate reason code ("" for 0).
    """

def bootstrap_mean_ci(
    values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64],
    sizes: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    ci: typing.SupportsFloat | typing.SupportsIndex,
    n_boot: typing.SupportsInt | typing.SupportsIndex,
    seed: typing.SupportsInt | typing.SupportsIndex,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> tuple[numpy.typing.NDArray[numpy.float64], numpy.typing.NDArray[numpy.float64]]:
    """
    Percentile-bootstrap intervals (low, high) of each group's mean: values sorted by
    group, sizes per group; NaN for a group of one value. Use ``presslens.speaker_sentiment``.
    """

def check_entities_fit(corpus: Corpus, entities: EntityResult) -> None:
    """
    ValueError unless every mention of ``entities`` lies inside a document of
    ``corpus``.
    """

def column_sums(
    indptr: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    indices: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    data: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    rows: typing.SupportsInt | typing.SupportsIndex,
    cols: typing.SupportsInt | typing.SupportsIndex,
) -> numpy.typing.NDArray[numpy.int64]:
    """
    Column sums (int64) of a CSR count matrix.
    """

def comention_evidence(
    corpus: Corpus,
    entities: EntityResult,
    scope: str,
    window: typing.SupportsInt | typing.SupportsIndex,
    types: collections.abc.Sequence[str],
    a: typing.SupportsInt | typing.SupportsIndex,
    b: typing.SupportsInt | typing.SupportsIndex,
) -> dict:
    """
    Units (doc, start, end in code points) where entities a and b are both mentioned.
    """

def content_stems(texts: collections.abc.Sequence[str]) -> list[list[str]]:
    """
    The content stems of each text, in text order: what utterance ids compare (lower case,
    first five letters of words of three or more letters, a few function words left out).
    """

def count_comentions(
    corpus: Corpus,
    entities: EntityResult,
    scope: str,
    window: typing.SupportsInt | typing.SupportsIndex,
    types: collections.abc.Sequence[str],
    doc_groups: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
    n_groups: typing.SupportsInt | typing.SupportsIndex,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> list:
    """
    Co-mention tables: [whole corpus, group 0, group 1, ...], each a dict of numpy
    arrays (pairs a < b with count and association measures; CSR of the symmetric matrix).
    Use ``presslens.comentions`` instead.
    """

def detect_entity_partial(
    corpus: Corpus, gazetteer: Gazetteer, threads: typing.SupportsInt | typing.SupportsIndex = 0
) -> EntityPartial:
    """
    Entity candidates of a corpus as one part of a larger one. Use
    ``presslens.entity_partials`` instead.
    """

def document_sentiment(
    corpus: Corpus,
    analyzer: SentimentAnalyzer,
    include_boilerplate: bool = False,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> dict:
    """
    Scores every sentence of every document and aggregates per document, with the GIL released.

    Returns ``{"sentences": {neg, neu, pos, compound}, "documents": {n_sentences,
    compound_mean, positive_share, negative_share, neutral_share, compound_whole}}`` of numpy
    arrays: sentence rows follow ``Corpus.sentence_table`` (boilerplate included), document
    rows follow the corpus. A sentence is positive when its compound >= 0.05, negative when
    <= -0.05. ``include_boilerplate`` also aggregates sentences of boilerplate lines.
    """

def english_stop_words() -> list[str]:
    """
    The built-in English stop list (sorted): closed-class words written for
    presslens (see cpp/src/detail/stopwords_en.hpp).
    """

def entities_of_documents(
    entities: EntityResult,
    docs: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
) -> EntityResult:
    """
    The entities restricted to documents ``docs`` (indexes into the documents they were
    found in; document docs[k] becomes document k); entity ids unchanged. Use presslens.dask.
    """

def extract_entities(
    corpus: Corpus,
    gazetteer: Gazetteer,
    aliases: collections.abc.Sequence[tuple[str, str]],
    never_merge: collections.abc.Sequence[tuple[str, str]],
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> EntityResult:
    """
    Detect and resolve people, organisations and places. Use
    ``presslens.entities`` instead.
    """

def extract_quotes(
    corpus: Corpus,
    entities: EntityResult,
    gazetteer: Gazetteer,
    min_unattributed_words: typing.SupportsInt | typing.SupportsIndex = 10,
    utterance_overlap: typing.SupportsFloat | typing.SupportsIndex = 0.4,
    attribution_weights: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [],
    keep_candidates: bool = False,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
    stems: bool = False,
) -> dict:
    """
    Quotes with their speakers as numpy columns (offsets in code points; -1 when a
    quote has no cue or speaker), one row per part (part_quote, part_start, part_end: the speaker's
    words, without the attribution inside a split quote), "parts" (per quote, the list of its
    (start, end) parts), "strings" (the text columns of ``presslens.quotes`` but speaker_name, each
    as (UTF-8 bytes, int64 offsets) in Arrow's large_string layout) and the per-document warnings. With
    attribution_weights (one per ATTRIBUTION_FEATURES name) the ranker picks each direct quote's
    speaker; with keep_candidates, "candidates" holds every candidate (code points) and its
    features, for training (tools/train_attribution.py); with stems, "stems" holds each quote's
    utterance stems flat, as link_utterance_stems reads them: (the number of stems of each quote,
    their UTF-8 back to back as bytes, each one's byte length). Use ``presslens.quotes``.
    """

def flat_parts(parts: typing.Any) -> tuple:
    """
    The parts of each quote (a list, or a 1-d object array, of lists of (start, end)
    tuples of ints, as ``extract_quotes`` gives them) flat: (number of parts per quote, the pairs' ints back to back),
    two int64 arrays. TypeError for anything else. Use ``presslens.speaker_sentiment``.
    """

def group_rows(
    indptr: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    indices: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    data: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    rows: typing.SupportsInt | typing.SupportsIndex,
    cols: typing.SupportsInt | typing.SupportsIndex,
    group_of: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    n_groups: typing.SupportsInt | typing.SupportsIndex,
) -> dict:
    """
    Sums the rows of a CSR count matrix by group (group_of[r] in [0, n_groups), or
    < 0 to drop row r). Returns a CSR dict (n_groups x cols, sorted indices, no zeros).
    """

def int_lists(
    values: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    starts: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    ends: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
) -> list:
    """
    ``[values[a:b].tolist() for a, b in zip(starts, ends)]`` in C: lists of int, one
    per slice. ValueError for a slice outside the values.
    """

def keyness(
    indptr: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    indices: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    data: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    rows: typing.SupportsInt | typing.SupportsIndex,
    cols: typing.SupportsInt | typing.SupportsIndex,
    *,
    measure: str = "g2",
    min_count: typing.SupportsInt | typing.SupportsIndex = 5,
    convention: str = "scipy",
    correction: str = "default",
) -> dict:
    """
    Keyness of every row (group) of a groups x terms count matrix against the other
    rows together: a dict of equal-length arrays group, term, score, p, p_adj (Benjamini-
    Hochberg within a group), count_target, count_reference, log_ratio, ordered by group then
    score descending. measure: "g2" (signed log-likelihood), "chi2" (signed), "pmi",
    "log_ratio", "pct_diff". Terms with a total count below min_count are not tested.
    convention "scipy" (chi2 always Yates-corrected, G2 uncorrected, PMI in bits) or "quanteda"
    (textstat_keyness: g2, chi2 and pmi with its `correction`, "default", "yates", "williams"
    or "none"; correction is for "quanteda" only).
    """

def kwic(
    texts: typing.Any,
    term: str,
    *,
    token_pattern: str = "default",
    lowercase: bool = True,
    window: typing.SupportsInt | typing.SupportsIndex = 5,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> dict:
    """
    Every occurrence of `term` (one or more space-separated tokens, matched as
    consecutive tokens) in a core Corpus or an iterable of str: a dict of doc (index), start,
    end (code points: text[start:end] is the match), left, match and right (the text of up to
    `window` tokens on each side, white space collapsed as " ".join(s.split()) does).
    """

def link_utterance_stems(
    doc: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
    speaker: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
    kind: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex],
    stem_counts: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    stems: bytes,
    stem_lengths: typing.Annotated[numpy.typing.ArrayLike, numpy.uint64],
    utterance_overlap: typing.SupportsFloat | typing.SupportsIndex = 0.4,
) -> numpy.typing.NDArray[numpy.uint32]:
    """
    Utterance ids of the quotes of a whole corpus in its order, from each quote's
    document number, speaker entity (-1: none), kind (QUOTE_KINDS index) and stems (extract_quotes
    with stems=True), the stems flat: each quote's number of stems (``stem_counts``), the stems'
    UTF-8 back to back (``stems``) and each stem's byte length (``stem_lengths``): the ids
    extract_quotes gives them. ValueError when the counts and lengths do not add up. Use
    presslens.dask.
    """

def merge_entity_partials(
    parts: collections.abc.Sequence[EntityPartial],
    order: collections.abc.Sequence[
        tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex]
    ],
) -> EntityPartial:
    """
    The parts as one, documents in ``order`` ((part, document) pairs). Use
    ``presslens.merge`` instead.
    """

def normalize_for_match(text: str) -> str:
    """
    Typographic normalisation for matching: curly apostrophes and quotes to ASCII,
    dashes to '-', white space collapsed. Offsets do not survive it.
    """

def outlet_line_counts(
    corpus: Corpus, threads: typing.SupportsInt | typing.SupportsIndex = 0
) -> dict:
    """
    The inputs of the outlet boilerplate rule over every document of ``corpus``:
    ``outlets`` (sorted), ``n_docs`` per outlet, and rows (``outlet`` index, line ``hash``,
    ``df``: documents of the outlet holding the line), sorted by outlet and hash.
    """

def parse_overlay(tsv: str, source: str = "overlay") -> list[tuple[str, float | None]]:
    """
    Parse a lexicon overlay: one ``term<TAB>valence[<TAB>rationale]`` per line, ``#`` comments
    and blank lines skipped, ``none`` as valence removes the term. Terms are lower-cased.

    Returns a list of ``(term, valence or None)``. Raises ValueError naming ``source`` and the
    line for a malformed line, a valence outside [-4, 4], or a term VADER could never match.
    """

def parts_of_flat(
    counts: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    pairs: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
) -> list:
    """
    The "parts" column of a quote frame (per quote, a list of (start, end) tuples) from
    each quote's number of parts and the parts' start and end back to back (the inverse of
    flat_parts). ValueError when the counts do not add up to the pairs. Use presslens.dask.
    """

def resolve_entity_partial(
    partial: EntityPartial,
    gazetteer: Gazetteer,
    aliases: collections.abc.Sequence[tuple[str, str]],
    never_merge: collections.abc.Sequence[tuple[str, str]],
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> tuple[EntityResult, dict]:
    """
    Resolve merged partials: (EntityResult, mention columns in code points with
    text, role_text and doc_ids). Use ``EntityPartials.resolve`` instead.
    """

def segment(text: str, paragraphs: str = "auto") -> dict:
    """
    Segment one text into tokens, sentences and paragraphs.

    Returns a dict of numpy arrays (token_start, token_end, token_kind, token_flags,
    token_sentence, sentence_start, sentence_end, sentence_paragraph, paragraph_start,
    paragraph_end, paragraph_line, paragraph_boilerplate). Offsets are code points, so
    ``text[start:end]`` is exact. Invalid surrogates are replaced by U+FFFD first.
    """

def select_terms(
    df: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    tf: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    n_docs: typing.SupportsInt | typing.SupportsIndex,
    *,
    min_df: typing.SupportsFloat | typing.SupportsIndex = 1.0,
    min_df_proportion: bool = False,
    max_df: typing.SupportsFloat | typing.SupportsIndex = 1.0,
    max_df_proportion: bool = True,
    max_features: typing.SupportsInt | typing.SupportsIndex = -1,
    binary: bool = False,
    token_pattern: str = "default",
) -> numpy.typing.NDArray[numpy.int64]:
    """
    The term positions (int64, ascending) that term_matrix's pruning keeps, given each
    term's document frequency `df` and total count `tf` over `n_docs` documents (terms in code
    point order): min_df / max_df (counts, or proportions when *_proportion is true), then
    max_features (< 0 keeps all) ranked by tf (by df when `binary`), ties as term_matrix breaks
    them for `token_pattern`. Raises ValueError for bad bounds, negative counts, df and tf of
    different lengths, or when no term is left.
    """

def sentence_offsets(text: str, paragraphs: str = "auto") -> numpy.typing.NDArray[numpy.int64]:
    """
    Sentence offsets of one str: an (n, 2) int64 array of (start, end) code points,
    as segment() finds them, without building the token and paragraph arrays. Lone surrogates
    count as one code point each (U+FFFD to the segmenter).
    """

def sentence_offsets_many(
    texts: typing.Any,
    paragraphs: str = "auto",
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> list[numpy.typing.NDArray[numpy.int64]]:
    """
    sentence_offsets of every str of an iterable in one call, on `threads` threads
    (0 = all cores) without the GIL: one (n_i, 2) int64 array per text. TypeError for an item
    that is not a str.
    """

def span_compound(
    corpus: Corpus,
    analyzer: SentimentAnalyzer,
    doc: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    start: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    end: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    group: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    n_groups: typing.SupportsInt | typing.SupportsIndex,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> numpy.typing.NDArray[numpy.float64]:
    """
    The mean compound of each group's pieces (spans in code points, cut at their
    document's sentence boundaries, each scored on its own); NaN for a group without spans.
    Use ``presslens.speaker_sentiment``.
    """

def sum_comention_tables(
    tables: collections.abc.Sequence[dict], n_entities: typing.SupportsInt | typing.SupportsIndex
) -> dict:
    """
    The co-mention table of the union of disjoint parts of a corpus from the parts'
    tables (dicts of count_comentions, counted with the same entity ids, e.g. each part's
    entities_of_documents): n_units, margin and pair counts summed, CSR and associations rebuilt
    as count_comentions builds them. Use presslens.dask.comentions.
    """

def term_matrix(
    texts: typing.Any,
    *,
    ngram_min: typing.SupportsInt | typing.SupportsIndex = 1,
    ngram_max: typing.SupportsInt | typing.SupportsIndex = 1,
    lowercase: bool = True,
    token_pattern: str = "default",
    stop_words: collections.abc.Sequence[str] = [],
    min_df: typing.SupportsFloat | typing.SupportsIndex = 1.0,
    min_df_proportion: bool = False,
    max_df: typing.SupportsFloat | typing.SupportsIndex = 1.0,
    max_df_proportion: bool = True,
    max_features: typing.SupportsInt | typing.SupportsIndex = -1,
    vocabulary: collections.abc.Sequence[str] = [],
    binary: bool = False,
    threads: typing.SupportsInt | typing.SupportsIndex = 0,
) -> dict:
    """
    Document x term counts of a core Corpus or an iterable of str.

    Returns a dict with "indptr" (int64), "indices" (int32), "data" (int64), "shape" and "terms"
    (list of str, sorted by code point, or the order of `vocabulary`). Runs without the GIL on
    `threads` threads (0 = all cores); the result does not depend on the thread count.
    token_pattern "sklearn" equals scikit-learn's CountVectorizer; "default" uses presslens's
    tokens. min_df / max_df are document counts, or proportions when *_proportion is true.
    max_features < 0 keeps every term. Raises ValueError for bad options, an empty vocabulary
    or when pruning leaves no term; TypeError when an item is not a str.
    """

def tfidf(
    indptr: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    indices: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    data: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    rows: typing.SupportsInt | typing.SupportsIndex,
    cols: typing.SupportsInt | typing.SupportsIndex,
    *,
    scheme: str = "sklearn",
    norm: str = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    k1: typing.SupportsFloat | typing.SupportsIndex = 1.2,
    b: typing.SupportsFloat | typing.SupportsIndex = 0.75,
) -> numpy.typing.NDArray[numpy.float64]:
    """
    Weights (float64) for every stored entry of a CSR count matrix, in its order.

    scheme "sklearn": tf x (ln((1+n)/(1+df)) + 1) (ln(n/df) + 1 without smooth_idf; tf =
    1 + ln(count) with sublinear_tf), rows scaled to unit `norm` ("l2", "l1" or "none").
    "quanteda": count x log10(n/df). "bm25": idf x count (k1+1) / (count + k1 (1 - b + b
    dl/avgdl)), idf = ln(1 + (n - df + 0.5)/(df + 0.5)). norm applies to "sklearn" only.
    """

def token_offsets(
    text: str,
) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.uint8]]:
    """
    Token offsets of one str: an (n, 2) int64 array of (start, end) code points and
    the (n,) uint8 kinds (indices into presslens.corpus.TOKEN_KINDS), as segment() finds them.
    """

def token_offsets_many(
    texts: typing.Any, threads: typing.SupportsInt | typing.SupportsIndex = 0
) -> tuple[list[numpy.typing.NDArray[numpy.int64]], list[numpy.typing.NDArray[numpy.uint8]]]:
    """
    token_offsets of every str of an iterable in one call: (one (n_i, 2) int64
    offsets array per text, one (n_i,) uint8 kinds array per text).
    """

def top_per_row(
    indptr: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    indices: typing.Annotated[numpy.typing.ArrayLike, numpy.int32],
    data: typing.Annotated[numpy.typing.ArrayLike, numpy.int64],
    rows: typing.SupportsInt | typing.SupportsIndex,
    cols: typing.SupportsInt | typing.SupportsIndex,
    n: typing.SupportsInt | typing.SupportsIndex,
) -> dict:
    """
    The n largest entries of each row (value descending, then column ascending), as a
    CSR dict whose rows keep that order.
    """

ATTRIBUTION_FEATURES: tuple = (
    "bias",
    "slot_after",
    "slot_before",
    "slot_mixed",
    "slot_subject",
    "rule_after",
    "rule_before",
    "rule_mixed",
    "rule_according_to",
    "kind_mixed",
    "speaker_named",
    "speaker_titled",
    "speaker_pronoun",
    "speaker_role",
    "speaker_organisation",
    "speaker_unknown",
    "rule_confidence",
    "log_distance",
    "speaker_before",
    "same_sentence",
    "same_paragraph",
    "has_cue",
    "quote_ends_sentence",
    "quote_ends_comma",
    "quote_opens_paragraph",
    "log_words",
    "first_rule",
    "agreement",
    "after_preposition",
    "speaker_has_entity",
    "is_subject",
    "n_rules",
    "preposition_near",
    "appositive",
    "subject_is_person",
)
QUOTE_KINDS: tuple = ("direct", "indirect", "mixed", "scare")
QUOTE_RULES: tuple = (
    "after",
    "before",
    "split",
    "mixed",
    "floating",
    "previous",
    "indirect",
    "according_to",
    "none",
    "narration",
)
SPEAKER_KINDS: tuple = ("named", "titled", "pronoun", "role", "organisation", "unknown")
__version__: str
