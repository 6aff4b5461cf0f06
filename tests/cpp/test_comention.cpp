// Co-mention counts: a hand-counted case per group, then every scope on a corpus big enough
// for many chunks, against a plain reference count and across thread counts (the workers'
// tallies must merge to the same tables whatever the split).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "presslens/comention.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/text.hpp"

using namespace presslens;

namespace {

constexpr std::array<std::string_view, 12> kCities = {"Moscow", "Kyiv",   "Berlin", "Paris",
                                                      "Warsaw", "Vienna", "Prague", "Lisbon",
                                                      "Madrid", "Athens", "Dublin", "Oslo"};

Gazetteer cities() {
  std::string places;
  for (const std::string_view c : kCities) places += std::string(c) + "\tcity\t\t\t\n";
  return Gazetteer::from_tsv(places, "", "", "");
}

Corpus corpus_of(const std::vector<std::string>& texts) {
  std::vector<RawDocument> raw;
  for (const std::string& t : texts) {
    RawDocument r;
    r.id = std::to_string(raw.size());
    r.bytes = t;
    raw.push_back(std::move(r));
  }
  return Corpus::from_records(std::move(raw), {});
}

std::uint32_t id_of(const EntityResult& r, std::string_view name) {
  for (std::uint32_t i = 0; i < r.entities.size(); ++i)
    if (r.entities[i].name == name) return i;
  ADD_FAILURE() << name << " not found";
  return 0;
}

using PairMap = std::map<std::pair<std::uint32_t, std::uint32_t>, double>;

PairMap pairs_of(const CoMentionTable& t) {
  PairMap out;
  for (std::size_t i = 0; i < t.count.size(); ++i) out[{t.a[i], t.b[i]}] = t.count[i];
  return out;
}

// The counts of `o` recomputed the plain way: a std::set of entities per unit.
struct Reference {
  double n_units = 0;
  std::map<std::uint32_t, double> margin;
  PairMap pairs;
};

Reference reference(const EntityResult& r, const CoMentionOptions& o, std::int32_t group) {
  std::map<std::tuple<std::uint32_t, std::uint64_t>, std::set<std::uint32_t>> units;
  auto kept = [&](const Mention& m) { return (o.types >> static_cast<unsigned>(m.type)) & 1u; };
  for (std::size_t i = 0; i < r.mentions.size(); ++i) {
    const Mention& m = r.mentions[i];
    if (!kept(m)) continue;
    if (group >= 0 && o.doc_groups[m.doc] != group) continue;
    switch (o.scope) {
      case CoScope::kSentence:
        units[{m.doc, m.sentence}].insert(m.entity);
        break;
      case CoScope::kParagraph:
        units[{m.doc, m.paragraph}].insert(m.entity);
        break;
      case CoScope::kDocument:
        units[{m.doc, 0}].insert(m.entity);
        break;
      case CoScope::kWindow:
        for (std::size_t j = i; j < r.mentions.size(); ++j) {
          const Mention& n = r.mentions[j];
          if (n.doc != m.doc || n.token > m.token + o.window) break;
          if (kept(n)) units[{m.doc, i}].insert(n.entity);
        }
        break;
    }
  }
  Reference ref;
  for (const auto& [key, ents] : units) {
    ref.n_units += 1;
    for (auto x = ents.begin(); x != ents.end(); ++x) {
      ref.margin[*x] += 1;
      for (auto y = std::next(x); y != ents.end(); ++y) ref.pairs[{*x, *y}] += 1;
    }
  }
  return ref;
}

void expect_matches(const CoMentionTable& t, const Reference& ref, std::size_t n_entities) {
  EXPECT_EQ(t.n_units, ref.n_units);
  ASSERT_EQ(t.margin.size(), n_entities);
  for (std::uint32_t e = 0; e < n_entities; ++e) {
    const auto it = ref.margin.find(e);
    EXPECT_EQ(t.margin[e], it == ref.margin.end() ? 0.0 : it->second) << "entity " << e;
  }
  EXPECT_EQ(pairs_of(t), ref.pairs);
  // Pairs sorted by (a, b), a < b.
  for (std::size_t i = 0; i < t.a.size(); ++i) {
    EXPECT_LT(t.a[i], t.b[i]);
    if (i > 0) {
      EXPECT_LT(std::make_pair(t.a[i - 1], t.b[i - 1]), std::make_pair(t.a[i], t.b[i]));
    }
  }
  // The CSR is the symmetric matrix of the pairs, columns sorted in each row.
  ASSERT_EQ(t.indptr.size(), n_entities + 1);
  PairMap csr;
  for (std::uint32_t row = 0; row < n_entities; ++row)
    for (auto k = t.indptr[row]; k < t.indptr[row + 1]; ++k) {
      if (k > t.indptr[row]) {
        EXPECT_LT(t.indices[k - 1], t.indices[k]);
      }
      csr[{row, static_cast<std::uint32_t>(t.indices[k])}] = t.data[k];
    }
  EXPECT_EQ(csr.size(), 2 * ref.pairs.size());
  for (const auto& [ab, n] : ref.pairs) {
    EXPECT_EQ((csr[{ab.first, ab.second}]), n);
    EXPECT_EQ((csr[{ab.second, ab.first}]), n);
  }
}

void expect_same(const CoMentionTable& x, const CoMentionTable& y) {
  EXPECT_EQ(x.n_entities, y.n_entities);
  EXPECT_EQ(x.n_units, y.n_units);
  EXPECT_EQ(x.margin, y.margin);
  EXPECT_EQ(x.a, y.a);
  EXPECT_EQ(x.b, y.b);
  EXPECT_EQ(x.count, y.count);
  EXPECT_EQ(x.indptr, y.indptr);
  EXPECT_EQ(x.indices, y.indices);
  EXPECT_EQ(x.data, y.data);
}

}  // namespace

TEST(CoMentions, HandCountedPerGroup) {
  const Corpus c = corpus_of({
      "Moscow met Kyiv. Moscow and Berlin. Paris.",   // group 0
      "Kyiv and Moscow and Kyiv. Berlin and Paris.",  // group 1
      "Paris, Berlin and Moscow.",                    // no group
      "Nothing here.",                                // group 0
  });
  const EntityResult r = extract_entities(c, cities(), {});
  const auto mo = id_of(r, "Moscow"), ky = id_of(r, "Kyiv"), be = id_of(r, "Berlin"),
             pa = id_of(r, "Paris");
  auto pair = [](std::uint32_t x, std::uint32_t y) {
    return std::make_pair(std::min(x, y), std::max(x, y));
  };
  CoMentionOptions o;
  o.doc_groups = {0, 1, -1, 0};
  o.n_groups = 2;
  for (const int threads : {1, 2, 3}) {
    o.threads = threads;
    const auto co = count_comentions(c, r, o);
    ASSERT_EQ(co.tables.size(), 3u);
    const CoMentionTable &all = co.tables[0], &g0 = co.tables[1], &g1 = co.tables[2];
    EXPECT_EQ(all.n_units, 6);
    EXPECT_EQ(
        pairs_of(all),
        (PairMap{{pair(ky, mo), 2}, {pair(be, mo), 2}, {pair(be, pa), 2}, {pair(mo, pa), 1}}));
    EXPECT_EQ(all.margin[mo], 4);
    EXPECT_EQ(all.margin[ky], 2);
    EXPECT_EQ(all.margin[be], 3);
    EXPECT_EQ(all.margin[pa], 3);
    EXPECT_EQ(g0.n_units, 3);
    EXPECT_EQ(pairs_of(g0), (PairMap{{pair(ky, mo), 1}, {pair(be, mo), 1}}));
    EXPECT_EQ(g0.margin[mo], 2);
    EXPECT_EQ(g0.margin[pa], 1);
    EXPECT_EQ(g1.n_units, 2);
    EXPECT_EQ(pairs_of(g1), (PairMap{{pair(ky, mo), 1}, {pair(be, pa), 1}}));
    EXPECT_EQ(g1.margin[ky], 1);
    EXPECT_EQ(g1.margin[mo], 1);
  }
  // A group no document belongs to: an empty table, with its CSR row pointers.
  o.doc_groups = {0, 0, 0, -1};
  const auto co = count_comentions(c, r, o);
  EXPECT_EQ(co.tables[2].n_units, 0);
  EXPECT_TRUE(co.tables[2].a.empty());
  EXPECT_EQ(co.tables[2].indptr, std::vector<std::int64_t>(r.entities.size() + 1, 0));
}

TEST(CoMentions, EveryScopeMatchesAReferenceOnAnyThreadCount) {
  // 300 documents of 1-3 paragraphs of 1-4 sentences naming 0-4 cities, drawn by an LCG.
  std::uint64_t state = 42;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  std::vector<std::string> texts;
  for (int d = 0; d < 300; ++d) {
    std::string t;
    for (std::size_t p = 0, np = 1 + next(3); p < np; ++p) {
      for (std::size_t s = 0, ns = 1 + next(4); s < ns; ++s) {
        t += "Officials said";
        for (std::size_t k = 0, nk = next(5); k < nk; ++k)
          t += std::string(k ? " and " : " that ") + std::string(kCities[next(kCities.size())]);
        t += " agreed. ";
      }
      t += "\n\n";
    }
    texts.push_back(std::move(t));
  }
  const Corpus c = corpus_of(texts);
  const EntityResult r = extract_entities(c, cities(), {});
  ASSERT_GT(r.mentions.size(), 500u);
  ASSERT_GE(r.entities.size(), kCities.size());
  std::vector<std::int32_t> groups;
  for (int d = 0; d < 300; ++d) groups.push_back(d % 5 == 0 ? -1 : d % 4);
  for (const CoScope scope :
       {CoScope::kSentence, CoScope::kParagraph, CoScope::kDocument, CoScope::kWindow}) {
    for (const bool grouped : {false, true}) {
      SCOPED_TRACE(testing::Message()
                   << "scope " << static_cast<int>(scope) << ", grouped " << grouped);
      CoMentionOptions o;
      o.scope = scope;
      o.window = 6;
      if (grouped) {
        o.doc_groups = groups;
        o.n_groups = 4;
      }
      o.threads = 1;
      const auto one = count_comentions(c, r, o);
      ASSERT_EQ(one.tables.size(), grouped ? 5u : 1u);
      expect_matches(one.tables[0], reference(r, o, -1), r.entities.size());
      for (std::int32_t g = 0; grouped && g < 4; ++g)
        expect_matches(one.tables[static_cast<std::size_t>(g) + 1], reference(r, o, g),
                       r.entities.size());
      for (const int threads : {2, 3, 8}) {
        o.threads = threads;
        const auto many = count_comentions(c, r, o);
        ASSERT_EQ(many.tables.size(), one.tables.size());
        for (std::size_t t = 0; t < one.tables.size(); ++t)
          expect_same(many.tables[t], one.tables[t]);
      }
      // Evidence: one unit per co-mention of a pair.
      if (!grouped && !one.tables[0].a.empty()) {
        const auto& t = one.tables[0];
        EXPECT_EQ(static_cast<double>(comention_evidence(c, r, o, t.a[0], t.b[0]).size()),
                  t.count[0]);
      }
    }
  }
}

TEST(CoMentions, StopsWhenInterrupted) {
  const Corpus c = corpus_of({"Moscow and Kyiv.", "Berlin and Paris."});
  const EntityResult r = extract_entities(c, cities(), {});
  CoMentionOptions o;
  o.threads = 2;
  EXPECT_THROW((void)count_comentions(c, r, o, [] { return true; }), Interrupted);
}

TEST(CoMentions, EvidenceInCodePointsSlicesTheSameUnits) {
  const Corpus c = corpus_of({"Ärger in Moscow und Kyiv – „ja“. Nothing here.\n\nÖl: Oslo, Kyiv.",
                              "Moscow and Kyiv again."});
  const EntityResult r = extract_entities(c, cities(), {});
  CoMentionOptions o;
  const std::uint32_t a = id_of(r, "Moscow"), b = id_of(r, "Kyiv");
  const auto bytes = comention_evidence(c, r, o, a, b);
  const auto cps = comention_evidence(c, r, o, a, b, /*code_points=*/true);
  ASSERT_EQ(bytes.size(), 2u);
  ASSERT_EQ(cps.size(), bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const std::string_view text = c.at(bytes[i].doc).text;
    EXPECT_EQ(cps[i].doc, bytes[i].doc);
    EXPECT_EQ(cps[i].start, count_code_points(text.substr(0, bytes[i].start)));
    EXPECT_EQ(cps[i].end, count_code_points(text.substr(0, bytes[i].end)));
  }
  EXPECT_GT(bytes[0].end, cps[0].end);  // the first unit has multi-byte characters
}
