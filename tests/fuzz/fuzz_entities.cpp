// tests/fuzz/fuzz_entities.cpp: entity detection and resolution (entities.hpp) with the
// shipped gazetteers (python/presslens/data/gazetteer, read from PRESSLENS_SOURCE_DIR), and
// co-mention counting (comention.hpp) on the result.
//
// Input: one option byte, then documents separated by 0xFF bytes (decoded by the corpus).
// Invariants: mentions ordered by document then offset, non-overlapping, on code point
// boundaries, inside their sentence and paragraph, starting at their token; a role lies
// before its name; entity indexes valid and mention counts adding up; confidences in
// [0, 1]; the same result with 1 and 2 threads and when run twice; co-mention pairs sorted,
// counts bounded by the margins, association measures finite or NaN-free where defined.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/comention.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"

namespace {

bool same(const presslens::EntityResult& a, const presslens::EntityResult& b) {
  if (a.mentions.size() != b.mentions.size() || a.entities.size() != b.entities.size() ||
      a.merges.size() != b.merges.size())
    return false;
  for (std::size_t i = 0; i < a.mentions.size(); ++i) {
    const auto &x = a.mentions[i], &y = b.mentions[i];
    if (x.doc != y.doc || x.start != y.start || x.end != y.end || x.entity != y.entity ||
        x.role_start != y.role_start || x.role_end != y.role_end || x.type != y.type ||
        x.confidence != y.confidence || x.sentence != y.sentence || x.token != y.token)
      return false;
  }
  for (std::size_t i = 0; i < a.entities.size(); ++i) {
    const auto &x = a.entities[i], &y = b.entities[i];
    if (x.name != y.name || x.type != y.type || x.aliases != y.aliases || x.roles != y.roles ||
        x.n_mentions != y.n_mentions || x.n_docs != y.n_docs || x.outlets != y.outlets ||
        x.gender != y.gender || x.confidence != y.confidence)
      return false;
  }
  for (std::size_t i = 0; i < a.merges.size(); ++i)
    if (a.merges[i].entity != b.merges[i].entity || a.merges[i].form != b.merges[i].form ||
        a.merges[i].reason != b.merges[i].reason)
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  const auto parts = in.split('\xFF', 8);
  std::vector<presslens::RawDocument> recs = presslens_fuzz::records(parts, 3);
  presslens::LoadOptions lo;
  lo.threads = 1;
  lo.detect_boilerplate = (opt & 1) == 0;
  const presslens::Corpus corpus = presslens::Corpus::from_records(std::move(recs), lo);

  presslens::EntityOptions eo;
  eo.threads = 1;
  if (opt & 2) eo.aliases.emplace_back("RC", "Riverine Commission");
  if (opt & 4) eo.never_merge.emplace_back("Joe Biden", "Hunter Biden");
  const auto r = presslens::extract_entities(corpus, presslens_fuzz::shipped_gazetteer(), eo);
  eo.threads = 2;
  FUZZ_CHECK(same(r, presslens::extract_entities(corpus, presslens_fuzz::shipped_gazetteer(), eo)));
  eo.threads = 1;
  FUZZ_CHECK(same(r, presslens::extract_entities(corpus, presslens_fuzz::shipped_gazetteer(), eo)));

  std::vector<std::uint32_t> per_entity(r.entities.size(), 0);
  for (std::size_t i = 0; i < r.mentions.size(); ++i) {
    const auto& m = r.mentions[i];
    FUZZ_CHECK(m.doc < corpus.size());
    const auto& d = corpus.at(m.doc);
    FUZZ_CHECK(m.start < m.end && m.end <= d.text.size());
    FUZZ_CHECK(presslens_fuzz::on_boundary(d.text, m.start) &&
               presslens_fuzz::on_boundary(d.text, m.end));
    if (i > 0) {
      const auto& p = r.mentions[i - 1];
      FUZZ_CHECK(p.doc < m.doc || (p.doc == m.doc && p.end <= m.start));
    }
    FUZZ_CHECK(m.sentence < d.seg.sentences.size());
    const auto& s = d.seg.sentences[m.sentence];
    FUZZ_CHECK(s.start <= m.start && m.end <= s.end);
    FUZZ_CHECK(m.paragraph == s.paragraph);
    FUZZ_CHECK(s.token_begin <= m.token && m.token < s.token_end);
    FUZZ_CHECK(d.seg.tokens[m.token].start == m.start);
    FUZZ_CHECK(m.role_start <= m.role_end);
    if (m.role_start != m.role_end) FUZZ_CHECK(m.role_end <= m.start && s.start <= m.role_start);
    FUZZ_CHECK(m.entity < r.entities.size());
    FUZZ_CHECK(static_cast<unsigned>(m.type) <= 3);
    FUZZ_CHECK(m.confidence >= 0.0f && m.confidence <= 1.0f);
    FUZZ_CHECK(!d.is_boilerplate(s));
    ++per_entity[m.entity];
  }
  for (std::size_t e = 0; e < r.entities.size(); ++e) {
    const auto& ent = r.entities[e];
    FUZZ_CHECK(ent.n_mentions == per_entity[e]);
    FUZZ_CHECK(ent.n_docs <= corpus.size() && ent.n_docs <= ent.n_mentions);
    FUZZ_CHECK(ent.confidence >= 0.0f && ent.confidence <= 1.0f);
    FUZZ_CHECK(!ent.name.empty());
    FUZZ_CHECK(presslens::find_invalid_utf8(ent.name) == std::string_view::npos);
    FUZZ_CHECK(std::is_sorted(ent.aliases.begin(), ent.aliases.end()));
  }
  // A refused or ambiguous join has no entity (UINT32_MAX; None in Python).
  for (const auto& m : r.merges)
    FUZZ_CHECK(m.entity < r.entities.size() ||
               (m.entity == UINT32_MAX && m.reason.starts_with("not merged")) ||
               (m.entity == UINT32_MAX && m.reason.starts_with("refused")));

  // Code point table of the mentions stays inside each text.
  const auto table = presslens::mention_table(corpus, r, true);
  FUZZ_CHECK(table.start.size() == r.mentions.size());

  // Co-mentions over every scope.
  for (const auto scope : {presslens::CoScope::kSentence, presslens::CoScope::kParagraph,
                           presslens::CoScope::kDocument, presslens::CoScope::kWindow}) {
    presslens::CoMentionOptions co;
    co.scope = scope;
    co.window = scope == presslens::CoScope::kWindow ? 1 + opt % 7 : 0;
    co.threads = 1;
    const auto res = presslens::count_comentions(corpus, r, co);
    FUZZ_CHECK(!res.tables.empty());
    const auto& t = res.tables[0];
    FUZZ_CHECK(t.margin.size() == t.n_entities);
    for (std::size_t k = 0; k < t.a.size(); ++k) {
      FUZZ_CHECK(t.a[k] < t.b[k] && t.b[k] < t.n_entities);
      FUZZ_CHECK(k == 0 || std::pair(t.a[k - 1], t.b[k - 1]) < std::pair(t.a[k], t.b[k]));
      FUZZ_CHECK(t.count[k] > 0 && t.count[k] <= t.margin[t.a[k]] &&
                 t.count[k] <= t.margin[t.b[k]] && t.margin[t.a[k]] <= t.n_units);
    }
    const auto as = presslens::associations(t);
    for (std::size_t k = 0; k < t.a.size(); ++k) {
      FUZZ_CHECK(std::isfinite(as.expected[k]) && std::isfinite(as.pmi[k]));
      FUZZ_CHECK(!std::isnan(as.npmi[k]) || t.count[k] == t.n_units);
      FUZZ_CHECK(0 <= as.dice[k] && as.dice[k] <= 1 && 0 <= as.jaccard[k] && as.jaccard[k] <= 1);
      FUZZ_CHECK(0 <= as.p_g2[k] && as.p_g2[k] <= 1 && 0 <= as.p_chi2[k] && as.p_chi2[k] <= 1);
      FUZZ_CHECK(std::isfinite(as.g2[k]) && std::isfinite(as.chi2[k]));
    }
  }
  return 0;
}
