// Column tables of a corpus. Each table is filled in two passes: sizes per document (to
// know where each document's rows start), then rows per document in parallel, each
// document converting its own offsets to code points with one CodePointIndex.
#include <memory>
#include <numeric>

#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

namespace presslens {
namespace {

template <class CountFn>
std::vector<std::size_t> row_starts(const Corpus& c, CountFn count) {
  std::vector<std::size_t> starts(c.size() + 1, 0);
  for (std::size_t d = 0; d < c.size(); ++d) starts[d + 1] = starts[d] + count(c.at(d));
  return starts;
}

void to_cp(const Document& d, std::vector<std::int64_t>& a, std::vector<std::int64_t>& b,
           std::size_t from, std::size_t to) {
  if (from == to) return;
  const CodePointIndex idx(d.text);
  for (std::size_t r = from; r < to; ++r) {
    a[r] = static_cast<std::int64_t>(idx.to_code_point(static_cast<std::size_t>(a[r])));
    b[r] = static_cast<std::int64_t>(idx.to_code_point(static_cast<std::size_t>(b[r])));
  }
}

}  // namespace

TokenTable token_table(const Corpus& corpus, bool code_points, int threads) {
  const auto starts = row_starts(corpus, [](const Document& d) { return d.seg.tokens.size(); });
  const std::size_t n = starts.back();
  TokenTable t;
  t.doc.resize(n);
  t.start.resize(n);
  t.end.resize(n);
  t.sentence.resize(n);
  t.kind.resize(n);
  t.flags.resize(n);
  parallel_for(corpus.size(), threads, [&](std::size_t d) {
    const Document& doc = corpus.at(d);
    std::size_t r = starts[d];
    for (std::size_t s = 0; s < doc.seg.sentences.size(); ++s) {
      const Sentence& sent = doc.seg.sentences[s];
      for (std::uint32_t k = sent.token_begin; k < sent.token_end; ++k, ++r) {
        const Token& tok = doc.seg.tokens[k];
        t.doc[r] = static_cast<std::int64_t>(d);
        t.start[r] = tok.start;
        t.end[r] = tok.end;
        t.sentence[r] = static_cast<std::int64_t>(s);
        t.kind[r] = static_cast<std::uint8_t>(tok.kind);
        t.flags[r] = tok.flags;
      }
    }
    if (code_points) to_cp(doc, t.start, t.end, starts[d], starts[d + 1]);
  });
  return t;
}

SentenceTable sentence_table(const Corpus& corpus, bool code_points, int threads) {
  const auto starts = row_starts(corpus, [](const Document& d) { return d.seg.sentences.size(); });
  const std::size_t n = starts.back();
  SentenceTable t;
  t.doc.resize(n);
  t.start.resize(n);
  t.end.resize(n);
  t.paragraph.resize(n);
  t.n_tokens.resize(n);
  t.boilerplate.resize(n);
  parallel_for(corpus.size(), threads, [&](std::size_t d) {
    const Document& doc = corpus.at(d);
    std::size_t r = starts[d];
    for (const Sentence& s : doc.seg.sentences) {
      t.doc[r] = static_cast<std::int64_t>(d);
      t.start[r] = s.start;
      t.end[r] = s.end;
      t.paragraph[r] = s.paragraph;
      t.n_tokens[r] = s.token_end - s.token_begin;
      t.boilerplate[r] = doc.seg.paragraphs[s.paragraph].boilerplate;
      ++r;
    }
    if (code_points) to_cp(doc, t.start, t.end, starts[d], starts[d + 1]);
  });
  return t;
}

ParagraphTable paragraph_table(const Corpus& corpus, bool code_points, int threads) {
  const auto starts = row_starts(corpus, [](const Document& d) { return d.seg.paragraphs.size(); });
  const std::size_t n = starts.back();
  ParagraphTable t;
  t.doc.resize(n);
  t.start.resize(n);
  t.end.resize(n);
  t.line.resize(n);
  t.n_sentences.resize(n);
  t.boilerplate.resize(n);
  parallel_for(corpus.size(), threads, [&](std::size_t d) {
    const Document& doc = corpus.at(d);
    std::size_t r = starts[d];
    for (const Paragraph& p : doc.seg.paragraphs) {
      t.doc[r] = static_cast<std::int64_t>(d);
      t.start[r] = p.start;
      t.end[r] = p.end;
      t.line[r] = p.line;
      t.n_sentences[r] = p.sentence_end - p.sentence_begin;
      t.boilerplate[r] = p.boilerplate;
      ++r;
    }
    if (code_points) to_cp(doc, t.start, t.end, starts[d], starts[d + 1]);
  });
  return t;
}

DocStats doc_stats(const Corpus& corpus, int threads) {
  const std::size_t n = corpus.size();
  DocStats s;
  for (auto* v :
       {&s.n_chars, &s.n_bytes, &s.n_tokens, &s.n_sentences, &s.n_paragraphs, &s.n_boilerplate})
    v->resize(n);
  parallel_for(n, threads, [&](std::size_t d) {
    const Document& doc = corpus.at(d);
    s.n_chars[d] = static_cast<std::int64_t>(count_code_points(doc.text));
    s.n_bytes[d] = static_cast<std::int64_t>(doc.text.size());
    s.n_tokens[d] = static_cast<std::int64_t>(doc.seg.tokens.size());
    s.n_sentences[d] = static_cast<std::int64_t>(doc.seg.sentences.size());
    s.n_paragraphs[d] = static_cast<std::int64_t>(doc.seg.paragraphs.size());
    std::int64_t b = 0;
    for (const Paragraph& p : doc.seg.paragraphs) b += p.boilerplate != 0;
    s.n_boilerplate[d] = b;
  });
  return s;
}

SegmentationTable segmentation_table(std::string_view text, const Segmentation& seg,
                                     bool code_points) {
  SegmentationTable t;
  t.token_sentence.assign(seg.tokens.size(), 0);
  for (const Token& k : seg.tokens) {
    t.token_start.push_back(k.start);
    t.token_end.push_back(k.end);
    t.token_kind.push_back(static_cast<std::uint8_t>(k.kind));
    t.token_flags.push_back(k.flags);
  }
  for (std::size_t i = 0; i < seg.sentences.size(); ++i) {
    const Sentence& s = seg.sentences[i];
    t.sentence_start.push_back(s.start);
    t.sentence_end.push_back(s.end);
    t.sentence_paragraph.push_back(s.paragraph);
    for (auto k = s.token_begin; k < s.token_end; ++k)
      t.token_sentence[k] = static_cast<std::int64_t>(i);
  }
  for (const Paragraph& p : seg.paragraphs) {
    t.paragraph_start.push_back(p.start);
    t.paragraph_end.push_back(p.end);
    t.paragraph_line.push_back(p.line);
    t.paragraph_boilerplate.push_back(p.boilerplate);
  }
  if (code_points) {
    const CodePointIndex idx(text);
    for (auto* v : {&t.token_start, &t.token_end, &t.sentence_start, &t.sentence_end,
                    &t.paragraph_start, &t.paragraph_end})
      for (std::int64_t& x : *v)
        x = static_cast<std::int64_t>(idx.to_code_point(static_cast<std::size_t>(x)));
  }
  return t;
}

struct DocCodePoints::Index {
  CodePointIndex cpi;
};

DocCodePoints::DocCodePoints(const Corpus& corpus, bool code_points)
    : corpus_(corpus), code_points_(code_points) {}

DocCodePoints::~DocCodePoints() = default;

std::int64_t DocCodePoints::operator()(std::uint32_t doc, std::uint32_t byte) {
  if (!code_points_) return byte;
  if (doc != doc_ || !index_) {
    index_ = std::make_unique<Index>(Index{CodePointIndex(corpus_.at(doc).text)});
    doc_ = doc;
  }
  return static_cast<std::int64_t>(index_->cpi.to_code_point(byte));
}

}  // namespace presslens
