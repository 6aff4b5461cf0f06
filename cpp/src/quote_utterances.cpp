// One statement across documents: quotes of one speaker whose content stems overlap share an
// utterance id (see link_utterances in detail/doc_quotes.hpp).
#include <algorithm>
#include <map>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "detail/doc_quotes.hpp"
#include "presslens/parallel.hpp"
#include "presslens/parts.hpp"

namespace presslens::detail {

// Content stems (lower case, first five letters of words of 3+ letters) for matching
// translations of one statement: quote_stems gives the keys of the stems of a quote's parts
// (the speaker's words), sorted and distinct.
namespace {

// The stem of one word into `w` (false for a word too short or too common to count).
bool stem_of(std::string_view word, std::string& w) {
  static constexpr std::array<std::string_view, 24> kStop = {
      "the",   "and",   "that",  "this", "with",  "for",  "are",   "was",
      "were",  "have",  "has",   "not",  "but",   "our",  "their", "they",
      "there", "these", "those", "from", "which", "will", "would", "can"};
  w.clear();
  append_lower(w, word);
  if (w.size() < 3 || in(kStop, w)) return false;
  std::size_t cut = 0, cps = 0;  // the first five code points
  while (cut < w.size() && cps < 5) {
    cut += decode_utf8(w, cut).len;
    ++cps;
  }
  w.resize(cut);
  return true;
}

// Calls fn(stem) for each content word of `text`, with the stem in `w` ("toks" and "w" are
// reused buffers).
template <class Fn>
void for_each_stem(std::string_view text, std::vector<Token>& toks, std::string& w, Fn&& fn) {
  toks.clear();
  tokenize(text, toks);
  for (const Token& t : toks)
    if (t.kind == TokenKind::kWord && stem_of(text.substr(t.start, t.end - t.start), w)) fn(w);
}

// fn(stem) for each content word of the parts of a quote (the speaker's words) in document
// `d`: the document's own word tokens that lie inside a part (tokenizing each part again
// was a third of the linking).
template <class Fn>
void for_each_part_stem(const Document& d, std::span<const QuotePart> parts, std::string& w,
                        Fn&& fn) {
  const std::vector<Token>& toks = d.seg.tokens;
  const std::string_view text = d.text;
  for (const QuotePart& part : parts) {
    auto t = std::partition_point(toks.begin(), toks.end(),
                                  [&](const Token& x) { return x.start < part.start; });
    for (; t != toks.end() && t->end <= part.end; ++t)
      if (t->kind == TokenKind::kWord && stem_of(text.substr(t->start, t->end - t->start), w))
        fn(w);
  }
}

// `v` sorted and distinct.
template <class T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// The content stems of a quote as keys that are equal exactly when the stems are: a stem of
// up to 7 bytes (every ASCII one) packed into its key, bytes and length; a longer one (rare:
// non-ASCII letters) kept as text, to be given a key of its own (kLongStem | a number) when
// the quotes are linked. The linker only ever compares keys for equality, so which key a
// stem gets does not change a result.
struct QuoteStems {
  std::vector<std::uint64_t> keys;  // sorted, distinct (the short stems')
  std::vector<std::string> long_stems;
};
constexpr std::uint64_t kLongStem = std::uint64_t{0xFF} << 56;

void quote_stems(const Document& d, std::span<const QuotePart> parts, std::string& w,
                 QuoteStems& out) {
  out.keys.clear();
  out.long_stems.clear();
  for_each_part_stem(d, parts, w, [&](const std::string& stem) {
    if (stem.size() >= 8) {
      out.long_stems.push_back(stem);
      return;
    }
    std::uint64_t key = std::uint64_t{stem.size()} << 56;
    for (std::size_t i = 0; i < stem.size(); ++i)
      key |= std::uint64_t{static_cast<unsigned char>(stem[i])} << (8 * i);
    out.keys.push_back(key);
  });
  sort_unique(out.keys);
}

// Whether quote q takes part in utterance linking: a direct, mixed (or unbalanced) quote
// whose speaker is an entity.
bool links_utterances(const Quote& q) {
  return q.speaker_entity >= 0 && q.kind != QuoteKind::kIndirect && q.kind != QuoteKind::kScare;
}

// Utterances: quotes of one speaker in different documents are one utterance when at least
// `utterance_overlap` of the content stems of the shorter are in the other (both with 3 stems
// or more), and, through such pairs, transitively (union-find).
//
// Linear in practice on any input: quotes with the same stems (one statement syndicated to
// many outlets) are compared once, as one version; candidate pairs are found through the
// stems they share (an inverted index), each stem's list read over its last
// kUtteranceWindow versions only, so a very common stem of a prolific speaker costs a
// bounded amount per quote.
constexpr std::size_t kUtteranceWindow = 256;

// The quotes' union-find forest. Quotes are only ever joined with quotes of their own
// speaker, so the speakers' trees are disjoint and several speakers can be linked at once,
// each on its own thread, each writing only its own quotes' entries. The partition it ends
// with does not depend on the order of the joins, nor therefore the utterance ids.
class UtteranceForest {
 public:
  explicit UtteranceForest(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }

  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

  // Numbers the utterances in the order of their first quote (a root is its tree's first
  // quote: join keeps the smaller index as the root).
  void assign_ids(std::vector<Quote>& quotes) {
    std::vector<std::uint32_t> id_of_root(quotes.size(), UINT32_MAX);
    std::uint32_t next = 0;
    for (std::uint32_t i = 0; i < quotes.size(); ++i) {
      std::uint32_t& id = id_of_root[find(i)];
      if (id == UINT32_MAX) id = next++;
      quotes[i].utterance = id;
    }
  }

 private:
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }

  std::vector<std::uint32_t> parent_;
};

// The linking of one speaker's quotes (scratch buffers reused from one speaker to the next).
class UtteranceLinker {
 public:
  UtteranceLinker(const std::vector<Quote>& quotes, UtteranceForest& forest)
      : quotes_(quotes), forest_(forest) {}

  // Links the quotes `idx` (one speaker's, in order) whose stems are `stems`.
  void link_speaker(const std::vector<std::uint32_t>& idx,
                    const std::vector<std::vector<std::uint64_t>>& stems, double overlap) {
    versions_.clear();
    version_of_.assign(idx.size(), 0);
    std::map<std::vector<std::uint64_t>, std::uint32_t> seen;  // stems -> version
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const std::uint32_t doc = quotes_[idx[k]].doc;
      const auto [it, fresh] =
          seen.try_emplace(stems[k], static_cast<std::uint32_t>(versions_.size()));
      if (fresh) versions_.push_back({static_cast<std::uint32_t>(k), doc, false, false});
      Version& v = versions_[it->second];
      v.many_docs = v.many_docs || v.doc != doc;
      version_of_[k] = it->second;
    }
    auto big = [&](std::uint32_t v) { return stems[versions_[v].first].size() >= 3; };
    // an edge joins two versions when some pair of their quotes is in different documents
    auto link = [&](std::uint32_t a, std::uint32_t b) {
      Version &x = versions_[a], &y = versions_[b];
      if (!x.many_docs && !y.many_docs && x.doc == y.doc) return;
      forest_.join(idx[x.first], idx[y.first]);
      x.linked = y.linked = true;
    };
    if (overlap <= 0) {  // every pair of big versions
      std::uint32_t first = UINT32_MAX;
      for (std::uint32_t v = 0; v < versions_.size(); ++v) {
        if (!big(v)) continue;
        if (first != UINT32_MAX) link(first, v);
        first = first == UINT32_MAX ? v : first;
      }
    } else {
      compare_versions(stems, overlap, big, link);
    }
    // a version in several documents, or linked to another, is one utterance with it
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const Version& v = versions_[version_of_[k]];
      if (big(version_of_[k]) && (v.many_docs || v.linked)) forest_.join(idx[k], idx[v.first]);
    }
  }

 private:
  struct Version {
    std::uint32_t first;  // index (into the speaker's quotes) of its first quote
    std::uint32_t doc;    // that quote's document
    bool many_docs;       // quoted in more than one document
    bool linked;          // joined with another version
  };

  template <class Big, class Link>
  void compare_versions(const std::vector<std::vector<std::uint64_t>>& stems, double overlap,
                        Big& big, Link& link) {
    postings_.clear();
    common_.assign(versions_.size(), 0);
    for (std::uint32_t x = 0; x < versions_.size(); ++x) {
      const std::vector<std::uint64_t>& sx = stems[versions_[x].first];
      touched_.clear();
      for (const std::uint64_t s : sx) {
        const auto it = postings_.find(s);
        if (it == postings_.end()) continue;
        const std::vector<std::uint32_t>& list = it->second;
        const std::size_t from =
            list.size() > kUtteranceWindow ? list.size() - kUtteranceWindow : 0;
        for (std::size_t i = from; i < list.size(); ++i)
          if (common_[list[i]]++ == 0) touched_.push_back(list[i]);
      }
      for (const std::uint32_t y : touched_) {
        const std::size_t sy = stems[versions_[y].first].size();
        const double shorter = static_cast<double>(std::min(sx.size(), sy));
        if (big(x) && big(y) && common_[y] / shorter >= overlap) link(x, y);
        common_[y] = 0;
      }
      for (const std::uint64_t s : sx) postings_[s].push_back(x);
    }
  }

  const std::vector<Quote>& quotes_;
  UtteranceForest& forest_;
  std::vector<Version> versions_;
  std::vector<std::uint32_t> version_of_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings_;  // stem -> versions
  std::vector<std::uint32_t> common_, touched_;
};

}  // namespace

// Links the quotes by speaker, the speakers on `threads` threads: `stems_of(i, out, scratch)`
// gives the sorted, distinct stem keys of quote i, for the quotes of speakers with two
// linkable quotes or more only. `scratch` is a Scratch of the speaker's own: a dictionary
// there numbers the stems of one speaker (a stem's key need only be the same within a
// speaker, whose keys the linker compares with each other only).
template <class Scratch, class StemsOf>
void link_by_speaker(std::vector<Quote>& quotes, double overlap, int threads,
                     const Interrupt& interrupt, StemsOf&& stems_of) {
  // The linkable quotes grouped by speaker, each group in quote order.
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < quotes.size(); ++i)
    if (links_utterances(quotes[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return quotes[a].speaker_entity < quotes[b].speaker_entity;
  });
  std::vector<std::span<const std::uint32_t>> groups;
  for (std::size_t a = 0, b = 0; a < order.size(); a = b) {
    while (b < order.size() && quotes[order[b]].speaker_entity == quotes[order[a]].speaker_entity)
      ++b;
    if (b - a >= 2) groups.emplace_back(order.data() + a, b - a);
  }
  // The largest speakers first, so that no thread is left with a big one at the end.
  std::stable_sort(groups.begin(), groups.end(),
                   [](const auto& x, const auto& y) { return x.size() > y.size(); });
  UtteranceForest forest(quotes.size());
  parallel_for(
      groups.size(), threads,
      [&](std::size_t g) {
        const std::vector<std::uint32_t> idx(groups[g].begin(), groups[g].end());
        std::vector<std::vector<std::uint64_t>> stems(idx.size());
        Scratch scratch;
        for (std::size_t k = 0; k < idx.size(); ++k) stems_of(idx[k], stems[k], scratch);
        UtteranceLinker(quotes, forest).link_speaker(idx, stems, overlap);
      },
      interrupt);
  forest.assign_ids(quotes);
}

void link_utterances(const Corpus& corpus, const QuoteOptions& options, const Interrupt& interrupt,
                     const std::vector<QuotePart>& parts, std::vector<Quote>& quotes) {
  // Each speaker's quotes are stemmed (most of the work) by the thread that links that
  // speaker's quotes.
  struct Scratch {
    std::string word;
    QuoteStems stems;
    std::unordered_map<std::string, std::uint64_t> long_keys;
  };
  link_by_speaker<Scratch>(
      quotes, options.utterance_overlap, options.threads, interrupt,
      [&](std::uint32_t i, std::vector<std::uint64_t>& out, Scratch& sc) {
        const Quote& q = quotes[i];
        quote_stems(
            corpus.at(q.doc),
            std::span<const QuotePart>(parts.data() + q.part_begin, q.part_end - q.part_begin),
            sc.word, sc.stems);
        out.assign(sc.stems.keys.begin(), sc.stems.keys.end());
        if (sc.stems.long_stems.empty()) return;
        for (const std::string& l : sc.stems.long_stems)
          out.push_back(kLongStem | sc.long_keys.try_emplace(l, sc.long_keys.size()).first->second);
        sort_unique(out);
      });
}

}  // namespace presslens::detail

namespace presslens {

std::vector<std::string> content_stems(std::string_view text) {
  std::vector<Token> toks;
  std::string w;
  std::vector<std::string> out;
  detail::for_each_stem(text, toks, w, [&](const std::string& stem) { out.push_back(stem); });
  return out;
}

}  // namespace presslens

namespace presslens {

std::vector<std::vector<std::string>> utterance_stems(const Corpus& corpus,
                                                      const QuoteResult& result) {
  std::vector<std::vector<std::string>> out(result.quotes.size());
  std::string w;
  for (std::size_t i = 0; i < result.quotes.size(); ++i) {
    const Quote& q = result.quotes[i];
    if (!detail::links_utterances(q)) continue;
    detail::for_each_part_stem(
        corpus.at(q.doc),
        std::span<const QuotePart>(result.parts.data() + q.part_begin, q.part_end - q.part_begin),
        w, [&](const std::string& stem) { out[i].push_back(stem); });
    detail::sort_unique(out[i]);
  }
  return out;
}

std::vector<std::uint32_t> link_utterance_stems(std::span<const std::uint32_t> doc,
                                                std::span<const std::int32_t> speaker,
                                                std::span<const QuoteKind> kind,
                                                const std::vector<std::vector<std::string>>& stems,
                                                double utterance_overlap,
                                                const Interrupt& interrupt) {
  const std::size_t n = doc.size();
  if (speaker.size() != n || kind.size() != n || stems.size() != n)
    throw std::invalid_argument(
        "link_utterance_stems: doc, speaker, kind and stems differ in length");
  if (!(utterance_overlap > 0 && utterance_overlap <= 1))
    throw std::invalid_argument("utterance_overlap must be in (0, 1]");
  std::vector<Quote> quotes(n, Quote{});
  for (std::size_t i = 0; i < n; ++i) {
    quotes[i].doc = doc[i];
    quotes[i].speaker_entity = speaker[i];
    quotes[i].kind = kind[i];
  }
  // One thread: this is the merge of presslens.dask's parts, on the client.
  using Dict = std::unordered_map<std::string_view, std::uint64_t>;
  detail::link_by_speaker<Dict>(quotes, utterance_overlap, /*threads=*/1, interrupt,
                                [&](std::uint32_t i, std::vector<std::uint64_t>& out, Dict& dict) {
                                  out.clear();
                                  for (const std::string& s : stems[i])
                                    out.push_back(dict.try_emplace(s, dict.size()).first->second);
                                  detail::sort_unique(out);
                                });
  std::vector<std::uint32_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = quotes[i].utterance;
  return ids;
}

}  // namespace presslens
