// Co-mention counting. Units are enumerated per document (in parallel), pairs are counted
// in per-document sorted vectors and merged in document order, so counts are exact and
// identical whatever the thread count. The symmetric matrix is assembled with Eigen.
#include "presslens/comention.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "presslens/parallel.hpp"
#include "presslens/terms.hpp"  // chi2_sf_1df, shared with keyness

namespace presslens {
namespace {

struct Unit {
  std::uint32_t start, end;
  std::vector<std::uint32_t> ents;  // sorted, unique
};

bool kept(const Mention& m, std::uint8_t types) {
  return (types >> static_cast<unsigned>(m.type)) & 1u;
}

// The units of one document, with the (kept) entities they hold.
std::vector<Unit> units_of(const Corpus& corpus, const EntityResult& er, const CoMentionOptions& o,
                           std::uint32_t doc, std::size_t m_begin, std::size_t m_end) {
  const Document& d = corpus.at(doc);
  std::vector<Unit> units;
  auto finish = [](Unit& u) {
    std::sort(u.ents.begin(), u.ents.end());
    u.ents.erase(std::unique(u.ents.begin(), u.ents.end()), u.ents.end());
  };
  if (o.scope == CoScope::kWindow) {
    for (std::size_t i = m_begin; i < m_end; ++i) {
      const Mention& m = er.mentions[i];
      if (!kept(m, o.types)) continue;
      Unit u{m.start, m.end, {m.entity}};
      for (std::size_t j = i + 1; j < m_end; ++j) {
        const Mention& n = er.mentions[j];
        if (n.token > m.token + o.window) break;
        if (!kept(n, o.types)) continue;
        u.ents.push_back(n.entity);
        u.end = std::max(u.end, n.end);
      }
      finish(u);
      units.push_back(std::move(u));
    }
    return units;
  }
  // Sentence / paragraph / document: group the mentions by their unit index.
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
  for (std::size_t i = m_begin; i < m_end; ++i) {
    const Mention& m = er.mentions[i];
    if (!kept(m, o.types)) continue;
    const std::uint32_t u = unit_index(m);
    if (static_cast<std::int64_t>(u) != current) {
      if (!units.empty()) finish(units.back());
      const auto [s, e] = unit_span(u);
      units.push_back(Unit{s, e, {}});
      current = u;
    }
    units.back().ents.push_back(m.entity);
  }
  if (!units.empty()) finish(units.back());
  return units;
}

// Mentions are sorted by document: [first[d], first[d + 1]) are document d's.
std::vector<std::size_t> doc_offsets(const Corpus& corpus, const EntityResult& er) {
  std::vector<std::size_t> first(corpus.size() + 1, er.mentions.size());
  std::size_t i = 0;
  for (std::uint32_t d = 0; d <= corpus.size(); ++d) {
    while (i < er.mentions.size() && er.mentions[i].doc < d) ++i;
    first[d] = i;
  }
  return first;
}

struct PairCount {
  std::uint64_t key;  // a << 32 | b
  double n;
};

void build_table(CoMentionTable& t, std::uint32_t n_entities, std::vector<PairCount>& pairs) {
  std::sort(pairs.begin(), pairs.end(),
            [](const PairCount& x, const PairCount& y) { return x.key < y.key; });
  std::vector<Eigen::Triplet<double, std::int32_t>> trip;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    double n = 0;
    while (j < pairs.size() && pairs[j].key == pairs[i].key) n += pairs[j++].n;
    const auto a = static_cast<std::uint32_t>(pairs[i].key >> 32);
    const auto b = static_cast<std::uint32_t>(pairs[i].key & 0xFFFFFFFFu);
    t.a.push_back(a);
    t.b.push_back(b);
    t.count.push_back(n);
    trip.emplace_back(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), n);
    trip.emplace_back(static_cast<std::int32_t>(b), static_cast<std::int32_t>(a), n);
    i = j;
  }
  Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t> m(n_entities, n_entities);
  m.setFromTriplets(trip.begin(), trip.end());
  m.makeCompressed();
  t.indptr.assign(m.outerIndexPtr(), m.outerIndexPtr() + n_entities + 1);
  t.indices.assign(m.innerIndexPtr(), m.innerIndexPtr() + m.nonZeros());
  t.data.assign(m.valuePtr(), m.valuePtr() + m.nonZeros());
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
  const std::vector<std::size_t> first = doc_offsets(corpus, er);

  struct DocCounts {
    std::vector<PairCount> pairs;
    std::vector<std::uint32_t> margin_ents;  // one entry per (unit, entity)
    double n_units = 0;
  };
  std::vector<DocCounts> per_doc(corpus.size());
  parallel_for(
      corpus.size(), o.threads,
      [&](std::size_t d) {
        const auto units =
            units_of(corpus, er, o, static_cast<std::uint32_t>(d), first[d], first[d + 1]);
        DocCounts& dc = per_doc[d];
        for (const Unit& u : units) {
          dc.n_units += 1;
          for (std::size_t x = 0; x < u.ents.size(); ++x) {
            dc.margin_ents.push_back(u.ents[x]);
            for (std::size_t y = x + 1; y < u.ents.size(); ++y)
              dc.pairs.push_back({(static_cast<std::uint64_t>(u.ents[x]) << 32) | u.ents[y], 1.0});
          }
        }
      },
      interrupt);

  CoMentionResult r;
  const std::size_t n_tables = 1 + static_cast<std::size_t>(std::max(0, o.n_groups));
  r.tables.resize(n_tables);
  std::vector<std::vector<PairCount>> pairs(n_tables);
  for (auto& t : r.tables) {
    t.n_entities = ne;
    t.margin.assign(ne, 0.0);
  }
  for (std::size_t d = 0; d < corpus.size(); ++d) {
    const std::int32_t g = o.doc_groups.empty() ? -1 : o.doc_groups[d];
    std::vector<std::size_t> targets = {0};
    if (g >= 0) targets.push_back(static_cast<std::size_t>(g) + 1);
    for (const std::size_t ti : targets) {
      CoMentionTable& t = r.tables[ti];
      t.n_units += per_doc[d].n_units;
      for (const std::uint32_t e : per_doc[d].margin_ents) t.margin[e] += 1;
      pairs[ti].insert(pairs[ti].end(), per_doc[d].pairs.begin(), per_doc[d].pairs.end());
    }
  }
  for (std::size_t ti = 0; ti < n_tables; ++ti) build_table(r.tables[ti], ne, pairs[ti]);
  return r;
}

Associations associations(const CoMentionTable& t) {
  Associations a;
  const std::size_t n = t.count.size();
  for (auto* v :
       {&a.expected, &a.pmi, &a.npmi, &a.g2, &a.p_g2, &a.chi2, &a.p_chi2, &a.dice, &a.jaccard})
    v->resize(n);
  const double N = t.n_units;
  for (std::size_t i = 0; i < n; ++i) {
    const double o11 = t.count[i];
    const double r1 = t.margin[t.a[i]];
    const double c1 = t.margin[t.b[i]];
    const double o12 = r1 - o11, o21 = c1 - o11, o22 = N - r1 - c1 + o11;
    const double r2 = N - r1, c2 = N - c1;
    const double e11 = r1 * c1 / N, e12 = r1 * c2 / N, e21 = r2 * c1 / N, e22 = r2 * c2 / N;
    a.expected[i] = e11;
    a.pmi[i] = std::log2(o11 / e11);
    const double p11 = o11 / N;
    a.npmi[i] = p11 >= 1.0 ? 1.0 : a.pmi[i] / -std::log2(p11);
    auto term = [](double o, double e) { return o > 0 ? o * std::log(o / e) : 0.0; };
    a.g2[i] = 2.0 * (term(o11, e11) + term(o12, e12) + term(o21, e21) + term(o22, e22));
    if (a.g2[i] < 0) a.g2[i] = 0;  // rounding
    a.p_g2[i] = chi2_sf_1df(a.g2[i]);
    const double ad_bc = std::fabs(o11 * o22 - o12 * o21);
    const double yates = std::max(0.0, ad_bc - N / 2.0);
    const double denom = r1 * r2 * c1 * c2;
    a.chi2[i] = denom > 0 ? N * yates * yates / denom : 0.0;
    a.p_chi2[i] = chi2_sf_1df(a.chi2[i]);
    a.dice[i] = 2.0 * o11 / (r1 + c1);
    a.jaccard[i] = o11 / (r1 + c1 - o11);
  }
  return a;
}

std::vector<EvidenceUnit> comention_evidence(const Corpus& corpus, const EntityResult& er,
                                             const CoMentionOptions& o, std::uint32_t a,
                                             std::uint32_t b) {
  if (a >= er.entities.size() || b >= er.entities.size())
    throw std::out_of_range("entity index out of range");
  if (o.scope == CoScope::kWindow && o.window == 0)
    throw std::invalid_argument("scope \"window\" needs window > 0 (tokens)");
  const std::vector<std::size_t> first = doc_offsets(corpus, er);
  std::vector<EvidenceUnit> out;
  for (std::uint32_t d = 0; d < corpus.size(); ++d) {
    if (first[d] == first[d + 1]) continue;
    for (const Unit& u : units_of(corpus, er, o, d, first[d], first[d + 1])) {
      const bool has_a = std::binary_search(u.ents.begin(), u.ents.end(), a);
      const bool has_b = std::binary_search(u.ents.begin(), u.ents.end(), b);
      if (has_a && has_b && a != b) out.push_back({d, u.start, u.end});
    }
  }
  return out;
}

}  // namespace presslens
