// Co-mention counting. The mentions are cut into at most 64 chunks of whole documents, which
// one worker per thread takes in turn. A worker enumerates each unit's entities into one
// reused scratch vector and counts, per group of documents, units, margins and pairs, in
// integers (open-addressing tables keyed entity + 1 and a << 32 | b). Each output table is
// then assembled with Eigen from the triplets of the workers' tallies (setFromTriplets sums
// a pair's counts); its upper triangle gives the pairs sorted by (a, b). The counts are
// integers, exact in any order of summation: results are identical whatever the thread count.
#include "presslens/comention.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "detail/hash.hpp"
#include "presslens/parallel.hpp"
#include "presslens/stats.hpp"

namespace presslens {
namespace {

bool kept(const Mention& m, std::uint8_t types) {
  return (types >> static_cast<unsigned>(m.type)) & 1u;
}

// Calls visit(start, end, ents) for each unit of document `doc` holding a kept mention, in
// text order: start, end are the unit's bytes, ents its entities, sorted and unique (a view
// into `scratch`, valid during the call).
template <class Visit>
void for_each_unit(const Corpus& corpus, const EntityResult& er, const CoMentionOptions& o,
                   std::uint32_t doc, std::size_t m_begin, std::size_t m_end,
                   std::vector<std::uint32_t>& scratch, Visit&& visit) {
  auto finish = [&](std::uint32_t start, std::uint32_t end) {
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
    visit(start, end, std::span<const std::uint32_t>(scratch));
  };
  if (o.scope == CoScope::kWindow) {
    for (std::size_t i = m_begin; i < m_end; ++i) {
      const Mention& m = er.mentions[i];
      if (!kept(m, o.types)) continue;
      std::uint32_t end = m.end;
      scratch.assign(1, m.entity);
      for (std::size_t j = i + 1; j < m_end; ++j) {
        const Mention& n = er.mentions[j];
        if (n.token > m.token + o.window) break;
        if (!kept(n, o.types)) continue;
        scratch.push_back(n.entity);
        end = std::max(end, n.end);
      }
      finish(m.start, end);
    }
    return;
  }
  // Sentence / paragraph / document: a unit is a run of mentions with the same unit index.
  const Document& d = corpus.at(doc);
  auto unit_index = [&](const Mention& m) -> std::uint32_t {
    switch (o.scope) {
      case CoScope::kSentence:
        return m.sentence;
      case CoScope::kParagraph:
        return m.paragraph;
      default:
        return 0;
    }
  };
  auto unit_span = [&](std::uint32_t u) -> std::pair<std::uint32_t, std::uint32_t> {
    switch (o.scope) {
      case CoScope::kSentence:
        return {d.seg.sentences[u].start, d.seg.sentences[u].end};
      case CoScope::kParagraph:
        return {d.seg.paragraphs[u].start, d.seg.paragraphs[u].end};
      default:
        return {0, static_cast<std::uint32_t>(d.text.size())};
    }
  };
  std::int64_t current = -1;
  std::pair<std::uint32_t, std::uint32_t> span{0, 0};
  scratch.clear();
  for (std::size_t i = m_begin; i < m_end; ++i) {
    const Mention& m = er.mentions[i];
    if (!kept(m, o.types)) continue;
    const std::uint32_t u = unit_index(m);
    if (static_cast<std::int64_t>(u) != current) {
      if (current >= 0) finish(span.first, span.second);
      scratch.clear();
      span = unit_span(u);
      current = u;
    }
    scratch.push_back(m.entity);
  }
  if (current >= 0) finish(span.first, span.second);
}

// Calls fn(doc, m_begin, m_end) for each document with mentions in [begin, end), in order
// (mentions are ordered by document): [m_begin, m_end) are that document's.
template <class Fn>
void for_each_doc(const std::vector<Mention>& ms, std::size_t begin, std::size_t end, Fn&& fn) {
  for (std::size_t i = begin; i < end;) {
    const std::uint32_t doc = ms[i].doc;
    std::size_t j = i + 1;
    while (j < end && ms[j].doc == doc) ++j;
    fn(doc, i, j);
    i = j;
  }
}

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

// What one worker counted in the documents of one group (or in those of no group).
struct Tally {
  detail::FlatCounter pairs;    // pair_key(a, b), a < b -> units holding both
  detail::FlatCounter margins;  // entity + 1 -> units holding it (sized by the entities seen)
  std::uint64_t n_units = 0;
};

// Adds the units of document `doc` (mentions [m_begin, m_end)) to `tally`.
void count_units(const Corpus& corpus, const EntityResult& er, const CoMentionOptions& o,
                 std::uint32_t doc, std::size_t m_begin, std::size_t m_end,
                 std::vector<std::uint32_t>& scratch, Tally& tally) {
  for_each_unit(corpus, er, o, doc, m_begin, m_end, scratch,
                [&tally](std::uint32_t, std::uint32_t, std::span<const std::uint32_t> ents) {
                  ++tally.n_units;
                  for (std::size_t x = 0; x < ents.size(); ++x) {
                    tally.margins.add(std::uint64_t{ents[x]} + 1);
                    for (std::size_t y = x + 1; y < ents.size(); ++y)
                      tally.pairs.add(pair_key(ents[x], ents[y]));
                  }
                });
}

using Triplets = std::vector<Eigen::Triplet<double, std::int32_t>>;

// Table `t` of `n_entities` from its units, margins and the pair counts as triplets, each
// pair (a, b), a < b, both ways. Eigen assembles the symmetric matrix, summing the counts of
// a pair; its upper triangle, row by row, gives the pairs sorted by (a, b).
void assemble_table(CoMentionTable& t, std::uint32_t n_entities, std::uint64_t n_units,
                    const std::vector<std::uint64_t>& margin, const Triplets& trip) {
  t.n_entities = n_entities;
  t.n_units = static_cast<double>(n_units);
  t.margin.assign(margin.begin(), margin.end());
  Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t> m(n_entities, n_entities);
  m.setFromTriplets(trip.begin(), trip.end());  // sums duplicates; integers, so exactly
  m.makeCompressed();
  t.indptr.assign(m.outerIndexPtr(), m.outerIndexPtr() + n_entities + 1);
  t.indices.assign(m.innerIndexPtr(), m.innerIndexPtr() + m.nonZeros());
  t.data.assign(m.valuePtr(), m.valuePtr() + m.nonZeros());
  for (std::uint32_t a = 0; a < n_entities; ++a)
    for (auto k = t.indptr[a]; k < t.indptr[a + 1]; ++k) {
      const auto b = static_cast<std::uint32_t>(t.indices[k]);
      if (b <= a) continue;  // columns are sorted: the lower triangle comes first
      t.a.push_back(a);
      t.b.push_back(b);
      t.count.push_back(t.data[k]);
    }
}

// Table `t` from the tallies merged into it.
void build_table(CoMentionTable& t, std::uint32_t n_entities,
                 const std::vector<const Tally*>& parts) {
  std::vector<std::uint64_t> margin(n_entities, 0);
  std::uint64_t n_units = 0;
  std::size_t n_entries = 0;
  for (const Tally* p : parts) {
    p->margins.for_each([&](std::uint64_t e1, std::uint64_t n) { margin[e1 - 1] += n; });
    n_units += p->n_units;
    n_entries += p->pairs.size();
  }
  Triplets trip;
  trip.reserve(2 * n_entries);
  for (const Tally* p : parts)
    p->pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
      const auto a = static_cast<std::int32_t>(key >> 32);
      const auto b = static_cast<std::int32_t>(key & 0xFFFFFFFFu);
      trip.emplace_back(a, b, static_cast<double>(n));
      trip.emplace_back(b, a, static_cast<double>(n));
    });
  assemble_table(t, n_entities, n_units, margin, trip);
}

// `x` (a count of a part's table) as an integer; std::invalid_argument unless it is one.
std::uint64_t whole_count(double x, const char* what) {
  if (!(x >= 0.0) || x > 9007199254740992.0 || std::floor(x) != x)
    throw std::invalid_argument(std::string("sum_comention_tables: ") + what +
                                " is not a non-negative integer");
  return static_cast<std::uint64_t>(x);
}

}  // namespace

CoMentionResult count_comentions(const Corpus& corpus, const EntityResult& er,
                                 const CoMentionOptions& o, const Interrupt& interrupt) {
  if (o.scope == CoScope::kWindow && o.window == 0)
    throw std::invalid_argument("scope \"window\" needs window > 0 (tokens)");
  if (!o.doc_groups.empty() && o.doc_groups.size() != corpus.size())
    throw std::invalid_argument("doc_groups must have one entry per document (" +
                                std::to_string(corpus.size()) + "), not " +
                                std::to_string(o.doc_groups.size()));
  for (const std::int32_t g : o.doc_groups)
    if (g < -1 || g >= o.n_groups)
      throw std::invalid_argument("doc_groups holds " + std::to_string(g) + ", outside 0.." +
                                  std::to_string(o.n_groups - 1));
  const auto ne = static_cast<std::uint32_t>(er.entities.size());
  const std::vector<Mention>& ms = er.mentions;
  // Tables and tallies alike: [0] everything (tallies: documents of no group), [g + 1] group g.
  const std::size_t n_tables = 1 + static_cast<std::size_t>(std::max(0, o.n_groups));

  // Chunks of about as many mentions each, moved forward to the next document's start; the
  // workers take them in turn. Which worker counts which chunk changes nothing: integer sums.
  const std::size_t n_chunks = std::clamp<std::size_t>(ms.size(), 1, 64);
  std::vector<std::size_t> chunk_begin(n_chunks + 1, ms.size());
  for (std::size_t c = 0; c < n_chunks; ++c) {
    std::size_t i = c * ms.size() / n_chunks;
    while (i > 0 && i < ms.size() && ms[i].doc == ms[i - 1].doc) ++i;
    chunk_begin[c] = i;
  }
  // One parallel_for item per worker (it hands out items, not thread ids), so that each
  // worker owns its tallies; the chunks are taken from `next_chunk`.
  const std::size_t n_workers = resolve_threads(o.threads, n_chunks);
  std::vector<std::vector<Tally>> tallies(n_workers, std::vector<Tally>(n_tables));
  std::atomic<std::size_t> next_chunk{0};
  parallel_for(
      n_workers, static_cast<int>(n_workers),
      [&](std::size_t w, const std::atomic<bool>& stop) {
        std::vector<std::uint32_t> scratch;
        for (std::size_t c = next_chunk++; c < n_chunks && !stop; c = next_chunk++) {
          for_each_doc(ms, chunk_begin[c], chunk_begin[c + 1],
                       [&](std::uint32_t d, std::size_t m_begin, std::size_t m_end) {
                         const std::int32_t g = o.doc_groups.empty() ? -1 : o.doc_groups[d];
                         count_units(corpus, er, o, d, m_begin, m_end, scratch,
                                     tallies[w][static_cast<std::size_t>(g + 1)]);
                       });
        }
      },
      interrupt);

  CoMentionResult r;
  r.tables.resize(n_tables);
  parallel_for(
      n_tables, o.threads,
      [&](std::size_t ti) {
        std::vector<const Tally*> parts;
        for (const auto& worker : tallies)
          for (std::size_t s = 0; s < n_tables; ++s)
            if (ti == 0 || s == ti) parts.push_back(&worker[s]);
        build_table(r.tables[ti], ne, parts);
      },
      interrupt);
  return r;
}

CoMentionTable sum_comention_tables(std::span<const CoMentionTable> parts,
                                    std::uint32_t n_entities) {
  std::vector<std::uint64_t> margin(n_entities, 0);
  std::uint64_t n_units = 0;
  std::size_t n_pairs = 0;
  for (const CoMentionTable& p : parts) {
    if (p.n_entities != n_entities || p.margin.size() != n_entities)
      throw std::invalid_argument("sum_comention_tables: a part counts " +
                                  std::to_string(p.margin.size()) + " entities, not " +
                                  std::to_string(n_entities) +
                                  " (count every part with the same entities)");
    if (p.b.size() != p.a.size() || p.count.size() != p.a.size())
      throw std::invalid_argument("sum_comention_tables: a part's a, b and count differ in size");
    n_units += whole_count(p.n_units, "n_units");
    for (std::uint32_t e = 0; e < n_entities; ++e) margin[e] += whole_count(p.margin[e], "margin");
    n_pairs += p.a.size();
  }
  Triplets trip;
  trip.reserve(2 * n_pairs);
  for (const CoMentionTable& p : parts)
    for (std::size_t i = 0; i < p.a.size(); ++i) {
      if (p.a[i] >= p.b[i] || p.b[i] >= n_entities)
        throw std::invalid_argument("sum_comention_tables: pair (" + std::to_string(p.a[i]) + ", " +
                                    std::to_string(p.b[i]) + ") is not a < b < " +
                                    std::to_string(n_entities));
      const auto n = static_cast<double>(whole_count(p.count[i], "count"));
      trip.emplace_back(static_cast<std::int32_t>(p.a[i]), static_cast<std::int32_t>(p.b[i]), n);
      trip.emplace_back(static_cast<std::int32_t>(p.b[i]), static_cast<std::int32_t>(p.a[i]), n);
    }
  CoMentionTable t;
  assemble_table(t, n_entities, n_units, margin, trip);
  return t;
}

Associations associations(const CoMentionTable& t, int threads, const Interrupt& interrupt) {
  Associations a;
  const std::size_t n = t.count.size();
  for (auto* v :
       {&a.expected, &a.pmi, &a.npmi, &a.g2, &a.p_g2, &a.chi2, &a.p_chi2, &a.dice, &a.jaccard})
    v->resize(n);
  const double N = t.n_units;
  constexpr std::size_t kPairsPerTask = 4096;
  parallel_for((n + kPairsPerTask - 1) / kPairsPerTask, threads,
               [&](std::size_t task) {
                 for (std::size_t i = task * kPairsPerTask;
                      i < std::min(n, (task + 1) * kPairsPerTask); ++i) {
                   const double o11 = t.count[i];
                   const double r1 = t.margin[t.a[i]];
                   const double c1 = t.margin[t.b[i]];
                   const double o12 = r1 - o11, o21 = c1 - o11, o22 = N - r1 - c1 + o11;
                   const Table2x2 tab =
                       Table2x2::of(o11, o12, o21, o22);  // (its margins are r1, c1)
                   const double e11 = tab.e[0];
                   a.expected[i] = e11;
                   a.pmi[i] = std::log2(o11 / e11);
                   const double p11 = o11 / N;
                   a.npmi[i] = p11 >= 1.0 ? 1.0 : a.pmi[i] / -std::log2(p11);
                   a.g2[i] = g2_statistic(tab);
                   a.p_g2[i] = chi2_sf_1df(a.g2[i]);
                   a.chi2[i] = yates_chi2(tab);
                   a.p_chi2[i] = chi2_sf_1df(a.chi2[i]);
                   a.dice[i] = 2.0 * o11 / (r1 + c1);
                   a.jaccard[i] = o11 / (r1 + c1 - o11);
                 }
               },
               interrupt);
  return a;
}

std::vector<EvidenceUnit> comention_evidence(const Corpus& corpus, const EntityResult& er,
                                             const CoMentionOptions& o, std::uint32_t a,
                                             std::uint32_t b, bool code_points) {
  if (a >= er.entities.size() || b >= er.entities.size())
    throw std::out_of_range("entity index out of range");
  if (o.scope == CoScope::kWindow && o.window == 0)
    throw std::invalid_argument("scope \"window\" needs window > 0 (tokens)");
  std::vector<EvidenceUnit> out;
  std::vector<std::uint32_t> scratch;
  for_each_doc(er.mentions, 0, er.mentions.size(),
               [&](std::uint32_t d, std::size_t m_begin, std::size_t m_end) {
                 for_each_unit(corpus, er, o, d, m_begin, m_end, scratch,
                               [&](std::uint32_t start, std::uint32_t end,
                                   std::span<const std::uint32_t> ents) {
                                 const bool has_a = std::binary_search(ents.begin(), ents.end(), a);
                                 const bool has_b = std::binary_search(ents.begin(), ents.end(), b);
                                 if (has_a && has_b && a != b) out.push_back({d, start, end});
                               });
               });
  DocCodePoints cp(corpus, code_points);
  for (EvidenceUnit& u : out) {
    u.start = static_cast<std::uint32_t>(cp(u.doc, u.start));
    u.end = static_cast<std::uint32_t>(cp(u.doc, u.end));
  }
  return out;
}

}  // namespace presslens
