"""presslens: analytics for news coverage with a C++20 core.

Load articles from a folder, a JSONL file, Python records or a DataFrame; every
document is decoded, segmented once (tokens, sentences, paragraphs with code-point
offsets) and checked for boilerplate by the core, and every input document is
accounted for in ``corpus.documents`` or ``corpus.warnings``.

Example:
    >>> import presslens
    >>> corpus = presslens.sample_corpus()
    >>> len(corpus) > 0
    True
    >>> [t.text for t in presslens.tokenize("Nuland’s visit to the U.S. embassy")]
    ['Nuland', '’s', 'visit', 'to', 'the', 'U.S.', 'embassy']
"""

from __future__ import annotations

from ._core import __version__
from ._entities import (
    CoMentions,
    Entities,
    EntityPartials,
    comentions,
    entities,
    entity_partials,
    read_gazetteer_entries,
    sample_gazetteer_path,
)
from ._merge import merge
from ._outlet_lines import OutletLines, outlet_lines
from ._partials import CoMentionPartials, QuotePartials, comention_partials, quote_partials
from ._quotes import Quotes, quotes
from ._speakers import (
    explain_speaker,
    plot_speaker_sentiment,
    speaker_sentiment,
    voice_share,
)
from ._stream import stream
from ._utterances import Versions, utterances, versions
from .corpus import (
    Corpus,
    Document,
    Span,
    Spans,
    Token,
    Tokens,
    load,
    sample_corpus,
    sample_corpus_path,
    sentences,
    tokenize,
)
from .sentiment import Explanation, SentimentAnalyzer, document_sentiment, polarity_scores
from .terms import TermMatrix, english_stop_words, keyness, kwic, term_matrix, tfidf

__all__ = [
    "CoMentionPartials",
    "CoMentions",
    "Corpus",
    "Document",
    "Entities",
    "EntityPartials",
    "Explanation",
    "OutletLines",
    "QuotePartials",
    "Quotes",
    "SentimentAnalyzer",
    "Span",
    "Spans",
    "TermMatrix",
    "Token",
    "Tokens",
    "Versions",
    "__version__",
    "comention_partials",
    "comentions",
    "document_sentiment",
    "english_stop_words",
    "entities",
    "entity_partials",
    "explain_speaker",
    "keyness",
    "kwic",
    "load",
    "merge",
    "outlet_lines",
    "plot_speaker_sentiment",
    "polarity_scores",
    "quote_partials",
    "quotes",
    "read_gazetteer_entries",
    "sample_corpus",
    "sample_corpus_path",
    "sample_gazetteer_path",
    "sentences",
    "speaker_sentiment",
    "stream",
    "term_matrix",
    "tfidf",
    "tokenize",
    "utterances",
    "versions",
    "voice_share",
]
