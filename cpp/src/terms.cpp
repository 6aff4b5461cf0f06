// terms.cpp: term counting, weighting, grouping, keyness and keyword in context.
#include "presslens/terms.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "detail/stopwords_en.hpp"
#include "detail/terms_scan.hpp"
#include "detail/terms_vocab.hpp"
#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/stats.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

std::span<const std::string_view> english_stop_words() noexcept {
  return detail::kEnglishStopWords;
}

namespace {

using detail::feed_document_sklearn;
using detail::feed_sklearn;
using detail::Scratch;
using detail::validate_view;

using detail::kNoId;
using detail::TokenBuffer;
using detail::Vocab;

constexpr int kMaxNgram = 16;
// Documents between two looks at the cancellation flag inside a worker.
constexpr std::size_t kCancelEvery = 64;

void validate_options(const TermOptions& o) {
  if (o.ngram_min < 1 || o.ngram_max < o.ngram_min || o.ngram_max > kMaxNgram) {
    throw std::invalid_argument("ngram_range must satisfy 1 <= min_n <= max_n <= 16, got (" +
                                std::to_string(o.ngram_min) + ", " + std::to_string(o.ngram_max) +
                                ")");
  }
  auto check_df = [](const DocFreq& d, const char* name) {
    if (!std::isfinite(d.value) || d.value < 0 || (d.proportion && d.value > 1.0)) {
      throw std::invalid_argument(std::string(name) +
                                  " must be a count >= 0 or a proportion in [0, 1], got " +
                                  std::to_string(d.value));
    }
  };
  check_df(o.min_df, "min_df");
  check_df(o.max_df, "max_df");
  if (o.max_features == 0 || o.max_features < -1) {
    throw std::invalid_argument("max_features must be >= 1 (or None), got " +
                                std::to_string(o.max_features));
  }
}

struct Entry {
  std::uint32_t id;
  std::uint32_t count;
};

/// The (term, count) entries of a shard's rows, in fixed-size blocks: growing never copies
/// (a doubling vector briefly holds twice its size), and blocks already turned into CSR
/// rows can be freed while the rest is still being read.
class EntryStore {
 public:
  static constexpr std::size_t kBlock = std::size_t{1} << 16;
  void push_back(Entry e) {
    if (size_ == blocks_.size() * kBlock) blocks_.push_back(std::make_unique<Entry[]>(kBlock));
    blocks_[size_ / kBlock][size_ % kBlock] = e;
    ++size_;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const Entry& operator[](std::size_t k) const noexcept {
    return blocks_[k / kBlock][k % kBlock];
  }
  /// Frees the blocks holding only entries before `k` (they must not be read again).
  void release_before(std::size_t k) noexcept {
    for (; released_ < k / kBlock && released_ < blocks_.size(); ++released_) {
      blocks_[released_].reset();
    }
  }

 private:
  std::vector<std::unique_ptr<Entry[]>> blocks_;
  std::size_t size_ = 0;
  std::size_t released_ = 0;
};

/// Counts the documents of one shard with its own vocabulary. It is the sink of the
/// scanners: token() interns the word, skips stop words, extends the n-grams ending at the
/// previous token by one lookup each and counts the ids whose length is in range.
class Counter {
 public:
  Counter(const TermOptions& o, std::span<const std::string> stop_words)
      : min_n_(static_cast<std::size_t>(o.ngram_min)),
        max_n_(static_cast<std::size_t>(o.ngram_max)) {
    TokenBuffer buf;
    for (const std::string& w : stop_words) {
      buf.clear();
      buf.append(w);
      vocab_.mark_stop(vocab_.word(buf.padded_view()));
    }
    grow();
  }

  // Tokens are buffered per document and looked up at its end, so the hash slot of a
  // token a few places ahead can be prefetched while the current one is resolved: the
  // lookups' cache misses overlap instead of queueing.
  void token(std::string_view padded, std::size_t /*start*/, std::size_t /*end*/) {
    const std::size_t stored = (padded.size() + 8) & ~std::size_t{7};  // with its padding
    if (text_used_ + stored > text_.size()) {
      text_.resize(std::max(text_.size() * 2, text_used_ + stored + 4096));
    }
    const std::uint64_t h =
        detail::copy_and_hash_padded(text_.data() + text_used_, padded.data(), padded.size());
    pending_.push_back(Pending{h, static_cast<std::uint64_t>(text_used_), padded.size()});
    text_used_ += stored;
  }
  void boundary() { pending_.push_back(Pending{0, 0, kBoundary}); }

  /// Forgets the tokens of the current document (it will be scanned again).
  void restart() noexcept {
    pending_.clear();
    text_used_ = 0;
  }

  // The document's n-grams are resolved level by level: all its words (prefetching the
  // slot of the word kAhead places on), then all bigrams from the word ids (prefetching
  // likewise), then trigrams from the bigram ids, and so on.
  void end_doc() {
    constexpr std::size_t kAhead = 8;
    const std::size_t n = pending_.size();
    words_.clear();
    pos_.clear();
    std::uint32_t run = 0;  // position of the next word in its segment
    for (std::size_t k = 0; k < n; ++k) {
      if (k + kAhead < n) vocab_.prefetch_word(pending_[k + kAhead].hash);
      const Pending& t = pending_[k];
      if (t.len == kBoundary) {
        run = 0;
        continue;
      }
      const std::uint32_t u = vocab_.word(text_.data() + t.off, t.len, t.hash);
      if (vocab_.is_stop(u)) continue;  // removed before n-grams are formed
      words_.push_back(u);
      pos_.push_back(run++);
    }
    pending_.clear();
    text_used_ = 0;
    grow();
    const std::size_t m = words_.size();
    if (min_n_ == 1) {
      for (const std::uint32_t u : words_) count(u);
    }
    prev_level_.assign(words_.begin(), words_.end());
    for (std::size_t len = 2; len <= max_n_; ++len) {
      level_.assign(m, kNoId);
      for (std::size_t k = len - 1; k < m; ++k) {
        const std::size_t a = k + kAhead;
        if (a < m && pos_[a] >= len - 1) vocab_.prefetch_ngram(prev_level_[a - 1], words_[a]);
        if (pos_[k] >= len - 1) level_[k] = vocab_.extend(prev_level_[k - 1], words_[k]);
      }
      grow();
      if (len >= min_n_) {
        for (const std::uint32_t id : level_) {
          if (id != kNoId) count(id);
        }
      }
      prev_level_.swap(level_);
    }
    for (const std::uint32_t id : touched_) {
      const std::uint32_t c = doc_count_[id];
      entries_.push_back(Entry{id, c});
      ++df_[id];
      tf_[id] += c;
      doc_count_[id] = 0;
    }
    touched_.clear();
    row_end_.push_back(entries_.size());
  }

  [[nodiscard]] const Vocab& vocab() const noexcept { return vocab_; }
  [[nodiscard]] const EntryStore& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<std::uint64_t>& row_end() const noexcept { return row_end_; }
  [[nodiscard]] std::uint64_t df(std::uint32_t id) const noexcept { return df_[id]; }
  [[nodiscard]] std::uint64_t tf(std::uint32_t id) const noexcept { return tf_[id]; }
  void release_entries_before(std::size_t k) noexcept { entries_.release_before(k); }

 private:
  void grow() {
    if (doc_count_.size() < vocab_.size()) {
      doc_count_.resize(vocab_.size(), 0);
      df_.resize(vocab_.size(), 0);
      tf_.resize(vocab_.size(), 0);
    }
  }
  void count(std::uint32_t id) {
    if (doc_count_[id]++ == 0) touched_.push_back(id);
  }

  std::size_t min_n_;
  std::size_t max_n_;
  Vocab vocab_;
  std::vector<std::uint32_t> words_;       // the document's word ids, stop words removed
  std::vector<std::uint32_t> pos_;         // each word's position in its segment
  std::vector<std::uint32_t> prev_level_;  // ids of the (len-1)-grams ending at each word
  std::vector<std::uint32_t> level_;       // ids of the len-grams ending at each word
  struct Pending {
    std::uint64_t hash;
    std::uint64_t off;  // in text_
    std::size_t len;    // kBoundary for a sentence boundary
  };
  static constexpr std::size_t kBoundary = ~std::size_t{0};
  std::vector<Pending> pending_;
  std::vector<char> text_;  // the document's tokens, each zero-padded to a multiple of 8
  std::size_t text_used_ = 0;
  std::vector<std::uint32_t> doc_count_;
  std::vector<std::uint32_t> touched_;
  std::vector<std::uint32_t> df_;
  std::vector<std::uint64_t> tf_;
  EntryStore entries_;
  std::vector<std::uint64_t> row_end_;
};

/// What the counter reads: raw texts or corpus documents.
class Source {
 public:
  virtual ~Source() = default;
  [[nodiscard]] virtual std::size_t size() const noexcept = 0;
  [[nodiscard]] virtual std::size_t bytes(std::size_t i) const noexcept = 0;
  virtual void feed(std::size_t i, const TermOptions& o, Scratch& s, Counter& c) const = 0;
};

class ViewSource final : public Source {
 public:
  explicit ViewSource(std::span<const TextView> v) : v_(v) {
    for (std::size_t i = 0; i < v.size(); ++i) validate_view(v[i], i);
  }
  [[nodiscard]] std::size_t size() const noexcept override { return v_.size(); }
  [[nodiscard]] std::size_t bytes(std::size_t i) const noexcept override {
    return v_[i].length * std::max<std::size_t>(v_[i].width, 1);
  }
  void feed(std::size_t i, const TermOptions& o, Scratch& s, Counter& c) const override {
    if (o.pattern == TokenPattern::kSklearn) {
      feed_sklearn(v_[i], o.lowercase, true, s, c);
    } else {
      const std::string_view text = detail::as_utf8(v_[i], s.utf8);
      const Segmentation seg = segment(text, SegmentOptions{});
      detail::scan_segmentation(text, seg, false, o.lowercase, s.token_lower, s.tok, c);
    }
  }

 private:
  std::span<const TextView> v_;
};

class CorpusSource final : public Source {
 public:
  explicit CorpusSource(const Corpus& c) : docs_(c.documents()) {}
  [[nodiscard]] std::size_t size() const noexcept override { return docs_.size(); }
  [[nodiscard]] std::size_t bytes(std::size_t i) const noexcept override {
    return docs_[i].text.size();
  }
  void feed(std::size_t i, const TermOptions& o, Scratch& s, Counter& c) const override {
    const Document& d = docs_[i];
    if (o.pattern == TokenPattern::kSklearn) {
      feed_document_sklearn(d, o.lowercase, true, s, c);
    } else {
      detail::scan_segmentation(d.text, d.seg, true, o.lowercase, s.token_lower, s.tok, c);
    }
  }

 private:
  std::span<const Document> docs_;
};

/// Stop words as given, plus (for the default pattern) the typographic-apostrophe form of
/// every word with an ASCII apostrophe.
std::vector<std::string> stop_list(const TermOptions& o) {
  std::vector<std::string> out(o.stop_words.begin(), o.stop_words.end());
  if (o.pattern == TokenPattern::kDefault) {
    for (const std::string& w : o.stop_words) {
      if (w.find('\'') == std::string::npos) continue;
      std::string t;
      for (const char c : w) {
        if (c == '\'') {
          t += "\xE2\x80\x99";  // U+2019
        } else {
          t.push_back(c);
        }
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

/// Contiguous document ranges of about equal size, one per shard.
std::vector<std::size_t> shard_bounds(const Source& src, std::size_t shards) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < src.size(); ++i) total += src.bytes(i) + 1;
  std::vector<std::size_t> b{0};
  std::size_t acc = 0;
  for (std::size_t i = 0; i < src.size() && b.size() < shards; ++i) {
    acc += src.bytes(i) + 1;
    if (acc * shards >= total * b.size()) b.push_back(i + 1);
  }
  while (b.size() < shards) b.push_back(src.size());
  b.push_back(src.size());
  b.back() = src.size();
  return b;
}

/// The terms a shard counted, sorted.
struct ShardTerms {
  std::string text;
  std::vector<std::uint64_t> off;  // size() + 1
  std::vector<std::uint32_t> local;
  std::vector<std::uint32_t> order;  // indices sorted by term

  [[nodiscard]] std::size_t size() const noexcept { return local.size(); }
  [[nodiscard]] std::string_view at(std::size_t k) const noexcept {
    return std::string_view(text).substr(off[k], off[k + 1] - off[k]);
  }
};

ShardTerms shard_terms(const Counter& c, bool sort) {
  ShardTerms t;
  t.off.push_back(0);
  const Vocab& v = c.vocab();
  for (std::uint32_t id = 0; id < v.size(); ++id) {
    if (c.df(id) == 0) continue;
    v.append_text(id, t.text);
    t.off.push_back(t.text.size());
    t.local.push_back(id);
  }
  t.order.resize(t.local.size());
  std::iota(t.order.begin(), t.order.end(), 0u);
  if (sort) {
    std::sort(t.order.begin(), t.order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return t.at(a) < t.at(b); });
  }
  return t;
}

/// The max_features cut of `kept` (term ids in term order, those left by min_df / max_df):
/// keeps the o.max_features of highest `rank`, ties ordered by o.max_features_order when
/// set (checked: it must return distinct positions), by term id otherwise.
void limit_features(std::vector<std::uint32_t>& kept, std::span<const std::uint64_t> rank,
                    const TermOptions& o) {
  if (o.max_features <= 0 || kept.size() <= static_cast<std::size_t>(o.max_features)) return;
  const auto limit = static_cast<std::size_t>(o.max_features);
  if (!o.max_features_order) {
    std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(limit), kept.end(),
                     [&](std::uint32_t a, std::uint32_t b) {
                       return rank[a] != rank[b] ? rank[a] > rank[b] : a < b;
                     });
    kept.resize(limit);
    return;
  }
  std::vector<std::int64_t> negated(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    negated[i] = -static_cast<std::int64_t>(rank[kept[i]]);
  }
  const std::vector<std::int64_t> order = o.max_features_order(negated);
  if (order.size() < limit) {
    throw std::invalid_argument("max_features_order returned " + std::to_string(order.size()) +
                                " positions for a cut at " + std::to_string(limit));
  }
  std::vector<char> taken(kept.size(), 0);
  std::vector<std::uint32_t> chosen;
  chosen.reserve(limit);
  for (std::size_t k = 0; k < limit; ++k) {
    const std::int64_t pos = order[k];
    if (pos < 0 || static_cast<std::size_t>(pos) >= kept.size() ||
        taken[static_cast<std::size_t>(pos)]) {
      throw std::invalid_argument("max_features_order must return distinct positions in [0, " +
                                  std::to_string(kept.size()) + "), got " + std::to_string(pos));
    }
    taken[static_cast<std::size_t>(pos)] = 1;
    chosen.push_back(kept[static_cast<std::size_t>(pos)]);
  }
  kept = std::move(chosen);
}

}  // namespace

std::vector<std::uint32_t> select_terms(std::span<const std::uint64_t> df,
                                        std::span<const std::uint64_t> tf, std::size_t n_docs,
                                        const TermOptions& o) {
  validate_options(o);
  if (df.size() != tf.size()) {
    throw std::invalid_argument("select_terms: df has " + std::to_string(df.size()) +
                                " terms, tf " + std::to_string(tf.size()));
  }
  const double nd = static_cast<double>(n_docs);
  const double max_count = o.max_df.proportion ? o.max_df.value * nd : o.max_df.value;
  const double min_count = o.min_df.proportion ? o.min_df.value * nd : o.min_df.value;
  if (max_count < min_count) {
    throw std::invalid_argument("max_df corresponds to < documents than min_df");
  }
  std::vector<std::uint32_t> kept;
  for (std::size_t g = 0; g < df.size(); ++g) {
    const auto d = static_cast<double>(df[g]);
    if (d <= max_count && d >= min_count) kept.push_back(static_cast<std::uint32_t>(g));
  }
  // Binary counts rank terms by document frequency, as scikit-learn sums the 0/1 matrix.
  limit_features(kept, o.binary ? df : tf, o);
  if (kept.empty()) {
    throw std::invalid_argument(
        "After pruning, no terms remain. Try a lower min_df or a higher max_df.");
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

namespace {

TermMatrix count_terms(const Source& src, const TermOptions& o, const Interrupt& interrupt) {
  validate_options(o);
  const std::size_t n_docs = src.size();
  const std::size_t shards = resolve_threads(o.threads, n_docs);
  const std::vector<std::size_t> bounds = shard_bounds(src, shards);
  const std::vector<std::string> stops = stop_list(o);
  const bool fixed = !o.vocabulary.empty();

  // Checked before the scan so a bad vocabulary fails fast.
  std::unordered_map<std::string_view, std::int32_t> fixed_index;
  if (fixed) {
    if (o.vocabulary.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw std::invalid_argument("vocabulary is too large");
    }
    fixed_index.reserve(o.vocabulary.size());
    for (std::size_t i = 0; i < o.vocabulary.size(); ++i) {
      if (!fixed_index.emplace(o.vocabulary[i], static_cast<std::int32_t>(i)).second) {
        throw std::invalid_argument("duplicate term in vocabulary: '" + o.vocabulary[i] + "'");
      }
    }
  }

  // 1. Count, one vocabulary per shard.
  std::vector<std::unique_ptr<Counter>> counters(shards);
  std::atomic<bool> cancel{false};
  Interrupt watch;
  if (interrupt) {
    watch = [&]() {
      const bool stop = interrupt();
      if (stop) cancel.store(true);
      return stop;
    };
  }
  parallel_for(
      shards, static_cast<int>(shards),
      [&](std::size_t sh) {
        auto c = std::make_unique<Counter>(o, stops);
        Scratch s;
        for (std::size_t i = bounds[sh]; i < bounds[sh + 1]; ++i) {
          if ((i - bounds[sh]) % kCancelEvery == 0 && cancel.load(std::memory_order_relaxed)) {
            return;
          }
          src.feed(i, o, s, *c);
          c->end_doc();
        }
        counters[sh] = std::move(c);
      },
      watch);

  // 2. Merge the vocabularies: every shard's terms sorted, then a k-way merge, so the
  // global order (and therefore the output) does not depend on the sharding.
  std::vector<ShardTerms> st(shards);
  parallel_for(shards, static_cast<int>(shards),
               [&](std::size_t sh) { st[sh] = shard_terms(*counters[sh], !fixed); });

  std::vector<std::vector<std::int64_t>> to_global(shards);
  std::string g_text;
  std::vector<std::uint64_t> g_off{0};
  std::vector<std::uint64_t> g_df;
  std::vector<std::uint64_t> g_tf;
  for (std::size_t sh = 0; sh < shards; ++sh) {
    to_global[sh].assign(counters[sh]->vocab().size(), -1);
  }
  if (fixed) {
    for (std::size_t sh = 0; sh < shards; ++sh) {
      for (std::size_t k = 0; k < st[sh].size(); ++k) {
        const auto it = fixed_index.find(st[sh].at(k));
        if (it != fixed_index.end()) to_global[sh][st[sh].local[k]] = it->second;
      }
    }
  } else {
    using Head = std::pair<std::string_view, std::size_t>;  // (term, shard)
    auto greater = [](const Head& a, const Head& b) {
      return a.first != b.first ? a.first > b.first : a.second > b.second;
    };
    std::priority_queue<Head, std::vector<Head>, decltype(greater)> heap(greater);
    std::vector<std::size_t> pos(shards, 0);
    for (std::size_t sh = 0; sh < shards; ++sh) {
      if (st[sh].size() > 0) heap.emplace(st[sh].at(st[sh].order[0]), sh);
    }
    while (!heap.empty()) {
      const auto [term, sh] = heap.top();
      heap.pop();
      const std::uint32_t k = st[sh].order[pos[sh]];
      const std::uint32_t local = st[sh].local[k];
      const std::string_view last =
          g_df.empty() ? std::string_view()
                       : std::string_view(g_text).substr(g_off[g_off.size() - 2],
                                                         g_off.back() - g_off[g_off.size() - 2]);
      if (g_df.empty() || term != last) {
        g_text.append(term);
        g_off.push_back(g_text.size());
        g_df.push_back(0);
        g_tf.push_back(0);
      }
      const std::size_t g = g_df.size() - 1;
      g_df[g] += counters[sh]->df(local);
      g_tf[g] += counters[sh]->tf(local);
      to_global[sh][local] = static_cast<std::int64_t>(g);
      if (++pos[sh] < st[sh].size()) heap.emplace(st[sh].at(st[sh].order[pos[sh]]), sh);
    }
    if (g_df.empty()) {
      throw std::invalid_argument(
          "empty vocabulary; perhaps the documents only contain stop words");
    }
  }
  st.clear();

  // 3. Document-frequency pruning and max_features (scikit-learn's order of operations).
  TermMatrix out;
  std::vector<std::int64_t> final_col;  // global -> column, -1 when pruned
  if (fixed) {
    out.term_offsets.push_back(0);
    for (const std::string& t : o.vocabulary) {
      out.term_data += t;
      out.term_offsets.push_back(out.term_data.size());
    }
  } else {
    const std::size_t n_terms = g_df.size();
    std::vector<char> keep(n_terms, 0);
    for (const std::uint32_t g : select_terms(g_df, g_tf, n_docs, o)) keep[g] = 1;
    final_col.assign(n_terms, -1);
    out.term_offsets.push_back(0);
    std::int64_t next = 0;
    for (std::size_t g = 0; g < n_terms; ++g) {
      if (!keep[g]) continue;
      final_col[g] = next++;
      out.term_data.append(g_text, g_off[g], g_off[g + 1] - g_off[g]);
      out.term_offsets.push_back(out.term_data.size());
    }
    for (auto& m : to_global) {
      for (auto& c : m) c = c < 0 ? -1 : final_col[static_cast<std::size_t>(c)];
    }
  }
  const std::size_t n_cols = out.n_terms();
  if (n_cols > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::invalid_argument("too many terms for 32-bit column indices");
  }

  // 4. The CSR: row lengths, offsets, then rows filled and sorted in parallel.
  Csr<std::int64_t>& m = out.counts;
  m.rows = n_docs;
  m.cols = n_cols;
  m.indptr.assign(n_docs + 1, 0);
  parallel_for(shards, static_cast<int>(shards), [&](std::size_t sh) {
    const Counter& c = *counters[sh];
    std::uint64_t b = 0;
    for (std::size_t i = bounds[sh]; i < bounds[sh + 1]; ++i) {
      const std::uint64_t e = c.row_end()[i - bounds[sh]];
      std::int64_t n = 0;
      for (std::uint64_t k = b; k < e; ++k) n += to_global[sh][c.entries()[k].id] >= 0;
      m.indptr[i + 1] = n;
      b = e;
    }
  });
  for (std::size_t i = 0; i < n_docs; ++i) m.indptr[i + 1] += m.indptr[i];
  const auto nnz = static_cast<std::size_t>(m.indptr[n_docs]);
  m.indices.resize(nnz);
  m.data.resize(nnz);
  parallel_for(shards, static_cast<int>(shards), [&](std::size_t sh) {
    Counter& c = *counters[sh];
    // A row comes out in column order either by sorting it ((column << 32 | count) packed
    // in one integer) or, when it is long compared with the vocabulary, by marking its
    // columns in a bitmap and reading the bitmap in order: O(row + columns / 64).
    std::vector<std::uint64_t> row;
    std::vector<std::uint64_t> bits((n_cols + 63) / 64, 0);
    std::vector<std::uint32_t> value(bits.empty() ? 0 : n_cols, 0);
    std::uint64_t b = 0;
    for (std::size_t i = bounds[sh]; i < bounds[sh + 1]; ++i) {
      const std::uint64_t e = c.row_end()[i - bounds[sh]];
      auto p = static_cast<std::size_t>(m.indptr[i]);
      const auto len = static_cast<std::size_t>(m.indptr[i + 1]) - p;
      if (len * 8 >= bits.size()) {
        for (std::uint64_t k = b; k < e; ++k) {
          const Entry& en = c.entries()[k];
          const std::int64_t col = to_global[sh][en.id];
          if (col < 0) continue;
          const auto cu = static_cast<std::size_t>(col);
          bits[cu >> 6] |= std::uint64_t{1} << (cu & 63);
          value[cu] = en.count;
        }
        for (std::size_t w = 0; w < bits.size(); ++w) {
          std::uint64_t word = bits[w];
          if (word == 0) continue;
          bits[w] = 0;
          while (word != 0) {
            const std::size_t cu = w * 64 + static_cast<std::size_t>(std::countr_zero(word));
            word &= word - 1;
            m.indices[p] = static_cast<std::int32_t>(cu);
            m.data[p] = o.binary ? 1 : std::int64_t{value[cu]};
            ++p;
          }
        }
      } else {
        row.clear();
        for (std::uint64_t k = b; k < e; ++k) {
          const Entry& en = c.entries()[k];
          const std::int64_t col = to_global[sh][en.id];
          if (col >= 0) row.push_back(static_cast<std::uint64_t>(col) << 32 | en.count);
        }
        std::sort(row.begin(), row.end());
        for (const std::uint64_t x : row) {
          m.indices[p] = static_cast<std::int32_t>(x >> 32);
          m.data[p] = o.binary ? 1 : static_cast<std::int64_t>(x & 0xFFFFFFFFu);
          ++p;
        }
      }
      b = e;
      c.release_entries_before(e);
    }
  });
  return out;
}

}  // namespace

template <class T>
void validate_csr(const CsrView<T>& m) {
  if (m.indptr.size() != m.rows + 1) {
    throw std::invalid_argument("CSR indptr must have rows + 1 = " + std::to_string(m.rows + 1) +
                                " entries, got " + std::to_string(m.indptr.size()));
  }
  if (m.indptr[0] != 0) throw std::invalid_argument("CSR indptr[0] must be 0");
  for (std::size_t r = 0; r < m.rows; ++r) {
    if (m.indptr[r + 1] < m.indptr[r]) {
      throw std::invalid_argument("CSR indptr decreases at row " + std::to_string(r));
    }
  }
  const auto nnz = static_cast<std::size_t>(m.indptr[m.rows]);
  if (m.indices.size() != nnz || m.data.size() != nnz) {
    throw std::invalid_argument(
        "CSR indices and data must have indptr[-1] = " + std::to_string(nnz) + " entries");
  }
  for (std::size_t k = 0; k < nnz; ++k) {
    if (m.indices[k] < 0 || static_cast<std::size_t>(m.indices[k]) >= m.cols) {
      throw std::invalid_argument("CSR column index " + std::to_string(m.indices[k]) +
                                  " out of range [0, " + std::to_string(m.cols) + ")");
    }
  }
}
template void validate_csr<std::int64_t>(const CsrView<std::int64_t>&);
template void validate_csr<double>(const CsrView<double>&);

TermMatrix term_matrix(std::span<const TextView> texts, const TermOptions& options,
                       const Interrupt& interrupt) {
  const ViewSource src(texts);
  return count_terms(src, options, interrupt);
}

TermMatrix term_matrix(const Corpus& corpus, const TermOptions& options,
                       const Interrupt& interrupt) {
  const CorpusSource src(corpus);
  return count_terms(src, options, interrupt);
}

// ---- weighting ---------------------------------------------------------------------------

std::vector<double> tfidf(const CsrView<std::int64_t>& counts, const TfidfOptions& o) {
  validate_csr(counts);
  if (o.scheme == TfidfScheme::kBm25 && (!(o.k1 >= 0) || !std::isfinite(o.k1))) {
    throw std::invalid_argument("k1 must be a finite number >= 0");
  }
  if (o.scheme == TfidfScheme::kBm25 && !(o.b >= 0 && o.b <= 1)) {
    throw std::invalid_argument("b must be in [0, 1]");
  }
  const std::size_t nnz = counts.data.size();
  for (const std::int64_t v : counts.data) {
    if (v < 0) throw std::invalid_argument("tfidf needs non-negative counts");
  }
  std::vector<std::int64_t> df(counts.cols, 0);
  for (std::size_t k = 0; k < nnz; ++k)
    df[static_cast<std::size_t>(counts.indices[k])] += counts.data[k] != 0;
  const auto n = static_cast<double>(counts.rows);
  std::vector<double> idf(counts.cols, 0.0);
  std::vector<double> w(nnz, 0.0);

  switch (o.scheme) {
    case TfidfScheme::kSklearn: {
      const double s = o.smooth_idf ? 1.0 : 0.0;
      for (std::size_t t = 0; t < counts.cols; ++t) {
        idf[t] = std::log((n + s) / (static_cast<double>(df[t]) + s)) + 1.0;
      }
      for (std::size_t k = 0; k < nnz; ++k) {
        double tf = static_cast<double>(counts.data[k]);
        if (o.sublinear_tf && tf > 0) tf = std::log(tf) + 1.0;
        w[k] = tf * idf[static_cast<std::size_t>(counts.indices[k])];
      }
      if (o.norm != Norm::kNone) {
        for (std::size_t r = 0; r < counts.rows; ++r) {
          const auto b = static_cast<std::size_t>(counts.indptr[r]);
          const auto e = static_cast<std::size_t>(counts.indptr[r + 1]);
          double acc = 0;
          for (std::size_t k = b; k < e; ++k)
            acc += o.norm == Norm::kL2 ? w[k] * w[k] : std::abs(w[k]);
          const double norm = o.norm == Norm::kL2 ? std::sqrt(acc) : acc;
          if (norm == 0) continue;  // an empty row stays empty, as in sklearn.preprocessing
          for (std::size_t k = b; k < e; ++k) w[k] /= norm;
        }
      }
      break;
    }
    case TfidfScheme::kQuanteda: {
      for (std::size_t t = 0; t < counts.cols; ++t) {
        idf[t] = df[t] > 0 ? std::log10(n / static_cast<double>(df[t])) : 0.0;
      }
      for (std::size_t k = 0; k < nnz; ++k) {
        w[k] =
            static_cast<double>(counts.data[k]) * idf[static_cast<std::size_t>(counts.indices[k])];
      }
      break;
    }
    case TfidfScheme::kBm25: {
      for (std::size_t t = 0; t < counts.cols; ++t) {
        const auto d = static_cast<double>(df[t]);
        idf[t] = std::log(1.0 + (n - d + 0.5) / (d + 0.5));
      }
      std::vector<double> dl(counts.rows, 0.0);
      double total = 0;
      for (std::size_t r = 0; r < counts.rows; ++r) {
        for (auto k = counts.indptr[r]; k < counts.indptr[r + 1]; ++k) {
          dl[r] += static_cast<double>(counts.data[static_cast<std::size_t>(k)]);
        }
        total += dl[r];
      }
      const double avgdl = counts.rows > 0 ? total / n : 0.0;
      for (std::size_t r = 0; r < counts.rows; ++r) {
        const double len_norm = avgdl > 0 ? (1.0 - o.b + o.b * dl[r] / avgdl) : 1.0;
        for (auto k = static_cast<std::size_t>(counts.indptr[r]);
             k < static_cast<std::size_t>(counts.indptr[r + 1]); ++k) {
          const auto tf = static_cast<double>(counts.data[k]);
          const double denom = tf + o.k1 * len_norm;
          w[k] = denom > 0
                     ? idf[static_cast<std::size_t>(counts.indices[k])] * tf * (o.k1 + 1.0) / denom
                     : 0.0;
        }
      }
      break;
    }
  }
  return w;
}

// ---- grouping and summaries ----------------------------------------------------------------

Csr<std::int64_t> group_rows(const CsrView<std::int64_t>& m, std::span<const std::int32_t> group_of,
                             std::size_t n_groups) {
  validate_csr(m);
  if (group_of.size() != m.rows) {
    throw std::invalid_argument("group_of must have one entry per row (" + std::to_string(m.rows) +
                                "), got " + std::to_string(group_of.size()));
  }
  std::vector<std::vector<std::size_t>> rows_of(n_groups);
  for (std::size_t r = 0; r < m.rows; ++r) {
    const std::int32_t g = group_of[r];
    if (g < 0) continue;
    if (static_cast<std::size_t>(g) >= n_groups) {
      throw std::invalid_argument("group " + std::to_string(g) + " of row " + std::to_string(r) +
                                  " is out of range [0, " + std::to_string(n_groups) + ")");
    }
    rows_of[static_cast<std::size_t>(g)].push_back(r);
  }
  Csr<std::int64_t> out;
  out.rows = n_groups;
  out.cols = m.cols;
  out.indptr.push_back(0);
  std::vector<std::int64_t> acc(m.cols, 0);
  std::vector<char> seen(m.cols, 0);
  std::vector<std::int32_t> touched;
  for (std::size_t g = 0; g < n_groups; ++g) {
    touched.clear();
    for (const std::size_t r : rows_of[g]) {
      for (auto k = static_cast<std::size_t>(m.indptr[r]);
           k < static_cast<std::size_t>(m.indptr[r + 1]); ++k) {
        const std::int32_t c = m.indices[k];
        if (!seen[static_cast<std::size_t>(c)]) {
          seen[static_cast<std::size_t>(c)] = 1;
          touched.push_back(c);
        }
        acc[static_cast<std::size_t>(c)] += m.data[k];
      }
    }
    std::sort(touched.begin(), touched.end());
    for (const std::int32_t c : touched) {
      const std::int64_t v = acc[static_cast<std::size_t>(c)];
      acc[static_cast<std::size_t>(c)] = 0;
      seen[static_cast<std::size_t>(c)] = 0;
      if (v == 0) continue;
      out.indices.push_back(c);
      out.data.push_back(v);
    }
    out.indptr.push_back(static_cast<std::int64_t>(out.indices.size()));
  }
  return out;
}

std::vector<std::int64_t> column_sums(const CsrView<std::int64_t>& m) {
  validate_csr(m);
  std::vector<std::int64_t> s(m.cols, 0);
  for (std::size_t k = 0; k < m.data.size(); ++k)
    s[static_cast<std::size_t>(m.indices[k])] += m.data[k];
  return s;
}

Csr<std::int64_t> top_per_row(const CsrView<std::int64_t>& m, std::size_t n) {
  validate_csr(m);
  Csr<std::int64_t> out;
  out.rows = m.rows;
  out.cols = m.cols;
  out.indptr.push_back(0);
  std::vector<std::pair<std::int64_t, std::int32_t>> row;  // (-value, column)
  for (std::size_t r = 0; r < m.rows; ++r) {
    row.clear();
    for (auto k = static_cast<std::size_t>(m.indptr[r]);
         k < static_cast<std::size_t>(m.indptr[r + 1]); ++k) {
      row.emplace_back(-m.data[k], m.indices[k]);
    }
    const std::size_t take = std::min(n, row.size());
    std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(take), row.end());
    for (std::size_t k = 0; k < take; ++k) {
      out.indices.push_back(row[k].second);
      out.data.push_back(-row[k].first);
    }
    out.indptr.push_back(static_cast<std::int64_t>(out.indices.size()));
  }
  return out;
}

// ---- keyness --------------------------------------------------------------------------------

namespace {

struct Scored {
  double score;
  double p;
};

void validate_keyness(const KeynessOptions& o) {
  if (o.convention == KeynessConvention::kScipy) {
    if (o.correction != KeynessCorrection::kDefault) {
      throw std::invalid_argument(
          "correction applies to the quanteda convention only (the scipy convention fixes "
          "it per measure)");
    }
    return;
  }
  if (o.measure == KeynessMeasure::kLogRatio || o.measure == KeynessMeasure::kPctDiff) {
    throw std::invalid_argument(
        "quanteda has no log_ratio or pct_diff measure: with the quanteda convention use "
        "g2 (its \"lr\"), chi2 or pmi");
  }
  if (o.measure == KeynessMeasure::kPmi &&
      (o.correction == KeynessCorrection::kYates || o.correction == KeynessCorrection::kWilliams)) {
    throw std::invalid_argument(
        "pmi takes no correction (quanteda: \"correction is always none\")");
  }
}

/// Score and p of one term under the scipy convention. `a`, `b`: the term's counts in the
/// group and the rest; `tg`, `tr`: their token totals, `n` = tg + tr; `lr`: the log ratio.
Scored score_scipy(KeynessMeasure m, const Table2x2& tab, double a, double b, double tg, double tr,
                   double n, double lr) {
  const double sign = a * tr < b * tg ? -1.0 : 1.0;
  const double g2 = g2_statistic(tab);
  switch (m) {
    case KeynessMeasure::kG2:
      return {sign * g2, chi2_sf_1df(g2)};
    case KeynessMeasure::kChi2: {
      const double x = yates_chi2(tab);
      return {sign * x, chi2_sf_1df(x)};
    }
    case KeynessMeasure::kPmi:
      return {a > 0 ? std::log2(a * n / ((a + b) * tg)) : -std::numeric_limits<double>::infinity(),
              chi2_sf_1df(g2)};
    case KeynessMeasure::kLogRatio:
      return {lr, chi2_sf_1df(g2)};
    case KeynessMeasure::kPctDiff: {
      const double ref = (b > 0 ? b : 0.5) / tr;
      return {100.0 * (a / tg - ref) / ref, chi2_sf_1df(g2)};
    }
  }
  return {0.0, 1.0};
}

/// Score and p of one term as quanteda.textstats' textstat_keyness computes them.
Scored score_quanteda(const KeynessOptions& o, const Table2x2& tab) {
  const double a = tab.o[0];
  const double sign = a > tab.e[0] ? 1.0 : -1.0;
  const bool yates =
      o.correction == KeynessCorrection::kDefault || o.correction == KeynessCorrection::kYates;
  const double delta = yates ? quanteda_yates_delta(tab) : 0.0;
  const double q = o.correction == KeynessCorrection::kWilliams ? williams_q(tab) : 1.0;
  double score = 0;
  switch (o.measure) {
    case KeynessMeasure::kChi2:
      score = sign * chi2_statistic(tab, delta) * q;
      break;
    case KeynessMeasure::kG2:
      score = sign * g2_quanteda(tab, delta) / q;
      break;
    case KeynessMeasure::kPmi:
      score = std::log(a / tab.e[0] + 1e-9);  // quanteda's epsilon
      break;
    case KeynessMeasure::kLogRatio:
    case KeynessMeasure::kPctDiff:
      break;  // rejected by validate_keyness
  }
  return {score, chi2_sf_1df(std::abs(score))};
}

}  // namespace

Keyness keyness(const CsrView<std::int64_t>& groups, const KeynessOptions& o) {
  validate_csr(groups);
  validate_keyness(o);
  for (const std::int64_t v : groups.data) {
    if (v < 0) throw std::invalid_argument("keyness needs non-negative counts");
  }
  const std::size_t k = groups.rows;
  const std::size_t v = groups.cols;
  std::vector<double> size(k, 0.0);
  std::vector<std::int64_t> total(v, 0);
  double n = 0;
  for (std::size_t g = 0; g < k; ++g) {
    for (auto e = groups.indptr[g]; e < groups.indptr[g + 1]; ++e) {
      const auto idx = static_cast<std::size_t>(e);
      size[g] += static_cast<double>(groups.data[idx]);
      total[static_cast<std::size_t>(groups.indices[idx])] += groups.data[idx];
    }
    n += size[g];
  }
  std::size_t non_empty = 0;
  for (std::size_t g = 0; g < k; ++g) non_empty += size[g] > 0;
  if (non_empty < 2) {
    throw std::invalid_argument("keyness needs at least two groups with tokens, got " +
                                std::to_string(non_empty));
  }
  const std::int64_t min_count = std::max<std::int64_t>(o.min_count, 1);
  std::vector<std::int32_t> tested;
  for (std::size_t t = 0; t < v; ++t) {
    if (total[t] >= min_count) tested.push_back(static_cast<std::int32_t>(t));
  }

  Keyness out;
  std::vector<std::int64_t> a_of(v, 0);
  for (std::size_t g = 0; g < k; ++g) {
    if (size[g] <= 0) continue;
    for (auto e = groups.indptr[g]; e < groups.indptr[g + 1]; ++e) {
      const auto idx = static_cast<std::size_t>(e);
      a_of[static_cast<std::size_t>(groups.indices[idx])] += groups.data[idx];
    }
    const double tg = size[g];
    const double tr = n - tg;
    const std::size_t m = tested.size();
    std::vector<double> score(m), p(m), lr(m);
    for (std::size_t i = 0; i < m; ++i) {
      const auto t = static_cast<std::size_t>(tested[i]);
      const auto a = static_cast<double>(a_of[t]);
      const double b = static_cast<double>(total[t]) - a;
      const Table2x2 tab = Table2x2::of(a, b, tg - a, tr - b);
      lr[i] = std::log2(((a > 0 ? a : 0.5) / tg) / ((b > 0 ? b : 0.5) / tr));
      const Scored sc = o.convention == KeynessConvention::kQuanteda
                            ? score_quanteda(o, tab)
                            : score_scipy(o.measure, tab, a, b, tg, tr, n, lr[i]);
      score[i] = sc.score;
      p[i] = sc.p;
    }
    const std::vector<double> adj = bh_adjust(p);
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return score[x] != score[y] ? score[x] > score[y] : x < y;
    });
    for (const std::size_t i : order) {
      const auto t = static_cast<std::size_t>(tested[i]);
      out.group.push_back(static_cast<std::int32_t>(g));
      out.term.push_back(tested[i]);
      out.score.push_back(score[i]);
      out.p.push_back(p[i]);
      out.p_adj.push_back(adj[i]);
      out.count_target.push_back(a_of[t]);
      out.count_reference.push_back(total[t] - a_of[t]);
      out.log_ratio.push_back(lr[i]);
    }
    for (auto e = groups.indptr[g]; e < groups.indptr[g + 1]; ++e) {
      a_of[static_cast<std::size_t>(groups.indices[static_cast<std::size_t>(e)])] = 0;
    }
  }
  return out;
}

}  // namespace presslens
