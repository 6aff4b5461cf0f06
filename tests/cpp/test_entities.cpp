#include "presslens/entities.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "detail/hash.hpp"
#include "presslens/comention.hpp"
#include "presslens/terms.hpp"

using namespace presslens;

namespace {

constexpr const char* kPlaces =
    "# test places\n"
    "Russia\tcountry\tRussian Federation\tRussian\t\n"
    "United States\tcountry\tU.S.|US|USA|America\tAmerican\t\n"
    "Moscow\tcapital\t\t\tRussia\n"
    "Washington\tcapital\tWashington DC\t\tUnited States\n";
constexpr const char* kOrgs =
    "Kremlin\tgovernment\t\tRussia\n"
    "Russian Foreign Ministry\tgovernment\tForeign Ministry of Russia\tRussia\n"
    "State Department\tgovernment\tU.S. State Department|Department of State|U.S. Department of "
    "State\tUnited States\n"
    "NATO\tintergovernmental\tNorth Atlantic Treaty Organization\t\n"
    "Interfax\tagency\t\tRussia\n";
constexpr const char* kTitles =
    "Mr.\thonorific\tm\n"
    "Ms.\thonorific\tf\n"
    "President\ttitle\t\n"
    "Secretary\ttitle\t\n"
    "Deputy Foreign Minister\ttitle\t\n"
    "Under Secretary of State\ttitle\t\n"
    "Spokesman\ttitle\tm\n"
    "Spokeswoman\ttitle\tf\n"
    "Prime Minister\ttitle\t\n"
    "diplomat\trole\t\n"
    "Deputy\tmodifier\t\n"
    "Foreign\tmodifier\t\n";
constexpr const char* kNames =
    "Sergei\tm\tSergey|Sergej\n"
    "Victoria\tf\t\n"
    "Dmitry\tm\tDmitri|Dmitriy\n"
    "Maria\tf\tMariya\n"
    "Joe\tm\t\n"
    "Hunter\tm\t\n"
    "Mikhail\tm\t\n";

Gazetteer gaz() {
  return Gazetteer::from_tsv(kPlaces, kOrgs, kTitles, kNames);
}

Corpus corpus_of(std::vector<std::pair<std::string, std::string>> docs) {
  std::vector<RawDocument> raw;
  for (auto& [outlet, text] : docs) {
    RawDocument r;
    r.id = std::to_string(raw.size());
    r.outlet = outlet;
    r.bytes = text;
    raw.push_back(std::move(r));
  }
  return Corpus::from_records(std::move(raw), {});
}

// surface -> (entity name, type)
std::map<std::string, std::pair<std::string, EntityType>> resolved(const Corpus& c,
                                                                   const EntityResult& r) {
  std::map<std::string, std::pair<std::string, EntityType>> out;
  for (const auto& m : r.mentions)
    out[c.at(m.doc).text.substr(m.start, m.end - m.start)] = {r.entities[m.entity].name,
                                                              r.entities[m.entity].type};
  return out;
}

}  // namespace

TEST(Entities, TransliterationKeys) {
  EXPECT_EQ(transliteration_key("Sergey"), transliteration_key("Sergei"));
  EXPECT_EQ(transliteration_key("Dmitry"), transliteration_key("Dmitri"));
  EXPECT_EQ(transliteration_key("Dmitriy"), transliteration_key("Dmitri"));
  EXPECT_EQ(transliteration_key("Alexei"), transliteration_key("Aleksei"));
  EXPECT_EQ(transliteration_key("Alexey"), transliteration_key("Aleksei"));
  EXPECT_EQ(transliteration_key("Zakharova"), transliteration_key("Zaharova"));
  EXPECT_EQ(transliteration_key("Yevgeny"), transliteration_key("Evgenii"));
  EXPECT_EQ(transliteration_key("M\xC3\xBCller"), transliteration_key("Muller"));
  EXPECT_EQ(transliteration_key("O\xE2\x80\x99Malley"), transliteration_key("O'Malley"));
  EXPECT_NE(transliteration_key("Ryabkov"), transliteration_key("Lavrov"));
}

TEST(Entities, TitlesAreStrippedAndAliasesResolvedAcrossDocuments) {
  const Corpus c = corpus_of({
      {"a",
       "Russia's Deputy Foreign Minister Sergei Ryabkov met U.S. Under Secretary of State "
       "Victoria Nuland in Moscow. Ryabkov said the talks were useful."},
      {"b", "Deputy Foreign Minister Sergey Ryabkov told Interfax that Nuland's visit mattered."},
      {"c",
       "The Russian foreign ministry and the State Department spoke. The Kremlin Spokesman, "
       "Dmitry Peskov, disagreed. NATO was silent."},
  });
  const EntityResult r = extract_entities(c, gaz(), {});
  const auto got = resolved(c, r);
  EXPECT_EQ(got.at("Sergei Ryabkov").first, got.at("Sergey Ryabkov").first);
  EXPECT_EQ(got.at("Ryabkov").first, got.at("Sergei Ryabkov").first);
  EXPECT_EQ(got.at("Ryabkov").second, EntityType::kPerson);
  EXPECT_EQ(got.at("Nuland").first, "Victoria Nuland");
  EXPECT_EQ(got.at("Victoria Nuland").second, EntityType::kPerson);
  EXPECT_EQ(got.at("Russia").second, EntityType::kPlace);
  EXPECT_EQ(got.at("U.S.").first, "United States");
  EXPECT_EQ(got.at("Moscow").second, EntityType::kPlace);
  EXPECT_EQ(got.at("Interfax").second, EntityType::kOrg);
  EXPECT_EQ(got.at("Russian foreign ministry").first, "Russian Foreign Ministry");
  EXPECT_EQ(got.at("State Department").second, EntityType::kOrg);
  EXPECT_EQ(got.at("Kremlin").second, EntityType::kOrg);
  EXPECT_EQ(got.at("Dmitry Peskov").second, EntityType::kPerson);
  EXPECT_EQ(got.at("NATO").second, EntityType::kOrg);
  EXPECT_FALSE(got.contains("The"));
  EXPECT_FALSE(got.contains("Deputy Foreign Minister Sergei Ryabkov"));
  // roles kept on the entity
  const auto& ry = *std::find_if(r.entities.begin(), r.entities.end(),
                                 [](const Entity& e) { return e.name.ends_with("Ryabkov"); });
  EXPECT_NE(std::find(ry.roles.begin(), ry.roles.end(), "Deputy Foreign Minister"), ry.roles.end());
  EXPECT_EQ(ry.n_docs, 2u);
  const auto& pe = *std::find_if(r.entities.begin(), r.entities.end(),
                                 [](const Entity& e) { return e.name == "Dmitry Peskov"; });
  EXPECT_EQ(pe.roles, std::vector<std::string>{"Kremlin Spokesman"});
  EXPECT_EQ(pe.gender, 'm');
}

// The affiliation: the country or organisation a role names (a demonym, a gazetteer place
// or organisation, inside the role or written just before it, possessive or not); a state
// body stands for its country, any other organisation for itself; the most frequent over
// the mentions, ties to the first in string order; empty when no role names one.
TEST(Entities, AffiliationFromRolesAndGazetteer) {
  const Corpus c = corpus_of({
      {"a",
       "Russian Deputy Foreign Minister Sergei Ryabkov met U.S. Department of State spokesman "
       "Ned Price. The Kremlin Spokesman, Dmitry Peskov, disagreed. NATO spokesman Joe Stone "
       "was silent. The Russian Government spoke. Mr. Hunter Smith left."},
      {"b",
       "Russia's Deputy Foreign Minister Sergei Ryabkov spoke. Kremlin Spokesman Dmitry "
       "Peskov spoke. Interfax Spokeswoman Maria Ivanova asked."},
      {"c",
       "American President Mikhail Tie and Russian President Mikhail Tie are one person here. "
       "Ms. Victoria Lane, a diplomat, met officials in Moscow."},
  });
  const EntityResult r = extract_entities(c, gaz(), {});
  std::map<std::string, std::string> aff;
  for (const Entity& e : r.entities) aff[e.name] = e.affiliation;
  EXPECT_EQ(aff.at("Sergei Ryabkov"), "Russia");    // a demonym, then "Russia's"
  EXPECT_EQ(aff.at("Ned Price"), "United States");  // the organisation before the role
  EXPECT_EQ(aff.at("Dmitry Peskov"), "Russia");     // the Kremlin: a state body -> Russia
  EXPECT_EQ(aff.at("Joe Stone"), "NATO");           // an international body: itself
  EXPECT_EQ(aff.at("Maria Ivanova"), "Interfax");   // a news agency: itself
  EXPECT_EQ(aff.at("Mikhail Tie"), "Russia");       // one vote each: the first in string order
  EXPECT_EQ(aff.at("Hunter Smith"), "");            // an honorific names nothing
  EXPECT_EQ(aff.at("Victoria Lane"), "");
  // Organisations and places: their own gazetteer entry's, or what their name names.
  EXPECT_EQ(aff.at("Kremlin"), "Russia");
  EXPECT_EQ(aff.at("Moscow"), "Russia");
  EXPECT_EQ(aff.at("NATO"), "NATO");
  EXPECT_EQ(aff.at("Russian Government"), "Russia");
}

TEST(Entities, AmbiguousSurnamesStaySplit) {
  const Corpus c = corpus_of({
      {"a", "Joe Biden spoke. Hunter Biden did not. Biden left."},
      {"b", "Joe Biden arrived in Washington. Biden said little."},
  });
  const EntityResult r = extract_entities(c, gaz(), {});
  // In doc b only Joe Biden is present: "Biden" joins him there. In doc a both are present.
  std::map<std::string, int> counts;
  for (const auto& m : r.mentions)
    if (c.at(m.doc).text.substr(m.start, m.end - m.start) == "Biden")
      ++counts[r.entities[m.entity].name];
  EXPECT_EQ(counts["Joe Biden"], 1);
  EXPECT_EQ(counts["Biden"], 1);
  EXPECT_TRUE(std::any_of(r.merges.begin(), r.merges.end(), [](const MergeRecord& m) {
    return m.reason.starts_with("not merged: surname shared");
  }));
}

TEST(Entities, NeverMergeAndUserAliases) {
  const Corpus c = corpus_of({{"a", "Sergei Ryabkov and Sergey Ryabkov met Mr. Smith in Moscow."}});
  EntityOptions o;
  o.never_merge = {{"Sergei Ryabkov", "Sergey Ryabkov"}};
  o.aliases = {{"Smith", "John Smith"}};
  const EntityResult r = extract_entities(c, gaz(), o);
  const auto got = resolved(c, r);
  EXPECT_NE(got.at("Sergei Ryabkov").first, got.at("Sergey Ryabkov").first);
  EXPECT_EQ(got.at("Smith").first, "John Smith");
  EXPECT_THROW((void)extract_entities(c, gaz(), EntityOptions{{}, {{"A", "a"}}, 0}),
               std::invalid_argument);
}

TEST(Entities, SentenceInitialCommonWordsAreNotNames) {
  const Corpus c = corpus_of({{"a",
                               "Instead the talks stalled. Last week they met. Moscow agreed. "
                               "Some said instead of waiting, the last round mattered."}});
  const auto got = resolved(c, extract_entities(c, gaz(), {}));
  EXPECT_FALSE(got.contains("Instead"));
  EXPECT_FALSE(got.contains("Last"));
  EXPECT_FALSE(got.contains("Some"));
  EXPECT_TRUE(got.contains("Moscow"));
}

TEST(Entities, MalformedGazetteerNamesTheLine) {
  try {
    (void)Gazetteer::from_tsv("Russia\tcountry\n\tcountry\n", "", "", "");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("places.tsv line 2"), std::string::npos);
  }
}

TEST(CoMentions, CountsMarginsAndMeasures) {
  const Corpus c = corpus_of({
      {"a", "Victoria Nuland met Sergei Ryabkov. Nuland and Ryabkov talked in Moscow. Moscow."},
      {"b", "Ryabkov spoke. Nuland left Moscow."},
  });
  const EntityResult r = extract_entities(c, gaz(), {});
  CoMentionOptions o;
  const auto co = count_comentions(c, r, o);
  const CoMentionTable& t = co.tables[0];
  // Sentence units with a kept mention: a: 3, b: 2.
  EXPECT_EQ(t.n_units, 5);
  auto id = [&](std::string_view name) {
    for (std::uint32_t i = 0; i < r.entities.size(); ++i)
      if (r.entities[i].name == name) return i;
    return UINT32_MAX;
  };
  const auto nu = id("Victoria Nuland"), ry = id("Sergei Ryabkov"), mo = id("Moscow");
  ASSERT_NE(nu, UINT32_MAX);
  ASSERT_NE(ry, UINT32_MAX);
  ASSERT_NE(mo, UINT32_MAX);
  EXPECT_EQ(t.margin[nu], 3);
  EXPECT_EQ(t.margin[ry], 3);
  EXPECT_EQ(t.margin[mo], 3);
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> pair;
  for (std::size_t i = 0; i < t.count.size(); ++i) pair[{t.a[i], t.b[i]}] = t.count[i];
  EXPECT_EQ((pair[{std::min(nu, ry), std::max(nu, ry)}]), 2);
  EXPECT_EQ((pair[{std::min(nu, mo), std::max(nu, mo)}]), 2);
  // Symmetric CSR with an empty diagonal.
  for (std::uint32_t row = 0; row < t.n_entities; ++row)
    for (auto k = t.indptr[row]; k < t.indptr[row + 1]; ++k)
      EXPECT_NE(t.indices[k], static_cast<std::int32_t>(row));
  const Associations as = associations(t);
  // Nuland-Ryabkov: O11=2, R1=C1=3, N=5 -> E11 = 1.8, pmi = log2(2/1.8), dice = 4/6
  std::size_t k = 0;
  while (!(t.a[k] == std::min(nu, ry) && t.b[k] == std::max(nu, ry))) ++k;
  EXPECT_NEAR(as.expected[k], 1.8, 1e-12);
  EXPECT_NEAR(as.pmi[k], std::log2(2 / 1.8), 1e-12);
  EXPECT_NEAR(as.dice[k], 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(as.jaccard[k], 0.5, 1e-12);
  const auto ev = comention_evidence(c, r, o, nu, ry);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].doc, 0u);
  // Per group, and document scope.
  o.doc_groups = {0, 1};
  o.n_groups = 2;
  o.scope = CoScope::kDocument;
  const auto g = count_comentions(c, r, o);
  ASSERT_EQ(g.tables.size(), 3u);
  EXPECT_EQ(g.tables[1].n_units, 1);
  EXPECT_EQ(g.tables[0].n_units, 2);
  o.scope = CoScope::kWindow;
  o.window = 0;
  EXPECT_THROW((void)count_comentions(c, r, o), std::invalid_argument);
}

// detail/hash.hpp, shared by the entity stages and co-mention counting.
TEST(Hash, LowerHashIsTheHashOfTheLowerCaseWord) {
  // (strings, not literals: GCC's -Warray-bounds cannot see that load_upto8 reads no
  // further than the length, and the sanitizer build stops on it)
  std::string buf;
  const std::string lavrov = "Lavrov", lower = "lavrov", muller = "MÜLLER-Lüdenscheidt",
                    muller_lower = "müller-lüdenscheidt";
  EXPECT_EQ(detail::lower_hash(lavrov, buf), detail::bytes_hash(lower));
  EXPECT_EQ(detail::lower_hash(muller, buf), detail::bytes_hash(muller_lower));
  const std::string a = "a", a_nul("a\0", 2);
  EXPECT_NE(detail::bytes_hash(a), detail::bytes_hash(a_nul));
  EXPECT_NE(detail::bytes_hash(""), 0u);
}

TEST(Hash, FlatSetAndCounterKeepEveryKeyThroughGrowth) {
  // Packed pairs (a << 32 | b) + 1, whose low bits alone would collide.
  detail::FlatSet set;
  detail::FlatCounter counts;
  EXPECT_FALSE(set.contains(1));  // nothing allocated yet
  for (std::uint64_t a = 0; a < 300; ++a)
    for (std::uint64_t b = 0; b < 3; ++b) {
      const std::uint64_t key = ((a << 32) | b) + 1;
      EXPECT_TRUE(set.insert(key));
      EXPECT_FALSE(set.insert(key));
      for (std::uint64_t n = 0; n <= b; ++n) counts.add(key);
    }
  EXPECT_EQ(set.size(), 900u);
  EXPECT_EQ(counts.size(), 900u);
  EXPECT_TRUE(set.contains(((std::uint64_t{299} << 32) | 2) + 1));
  EXPECT_FALSE(set.contains(((std::uint64_t{300} << 32) | 0) + 1));
  std::size_t seen = 0;
  counts.for_each([&](std::uint64_t key, std::uint64_t n) {
    EXPECT_EQ(n, ((key - 1) & 0xFFFFFFFFu) + 1);
    ++seen;
  });
  EXPECT_EQ(seen, 900u);
  std::size_t in_set = 0;
  set.for_each([&](std::uint64_t) { ++in_set; });
  EXPECT_EQ(in_set, 900u);
}

namespace {

Corpus corpus_with_ids(const std::vector<std::array<std::string, 3>>& docs) {  // id, outlet, text
  std::vector<RawDocument> raw;
  for (const auto& [id, outlet, text] : docs) {
    RawDocument r;
    r.id = id;
    r.outlet = outlet;
    r.bytes = text;
    raw.push_back(std::move(r));
  }
  return Corpus::from_records(std::move(raw), {});
}

const std::vector<std::array<std::string, 3>> kPartDocs = {
    {"d0", "a",
     "Russia's Deputy Foreign Minister Sergei Ryabkov met U.S. Under Secretary of State "
     "Victoria Nuland in Moscow. Ryabkov said the talks were useful."},
    {"d1", "b",
     "Deputy Foreign Minister Sergey Ryabkov told Interfax that Nuland's visit mattered."},
    {"d2", "c",
     "The Russian foreign ministry and the State Department spoke. The Kremlin Spokesman, "
     "Dmitry Peskov, disagreed. Ryabkov was silent. Hunter stayed home; a hunter did not."},
};

}  // namespace

// Entities of disjoint parts, detected per part, merged in the whole corpus's document order
// and resolved once, are the entities of the whole corpus (ASCII texts: code points are
// bytes).
TEST(EntityPartials, MergedAndResolvedOnceEqualTheWholeCorpus) {
  const Gazetteer g = gaz();
  const Corpus whole = corpus_with_ids(kPartDocs);
  const EntityResult want = extract_entities(whole, g, {});
  const Corpus a = corpus_with_ids({kPartDocs[0], kPartDocs[2]});
  const Corpus b = corpus_with_ids({kPartDocs[1]});
  const EntityPartial pa = detect_entity_partial(a, g, 1), pb = detect_entity_partial(b, g, 1);
  for (const bool swapped : {false, true}) {
    const EntityPartial m = swapped ? merge_entity_partials({&pb, &pa}, {{1, 0}, {0, 0}, {1, 1}})
                                    : merge_entity_partials({&pa, &pb}, {{0, 0}, {1, 0}, {0, 1}});
    EXPECT_EQ(m.doc_ids(), (std::vector<std::string>{"d0", "d1", "d2"}));
    const ResolvedEntities got = resolve_entity_partial(m, g, {});
    ASSERT_EQ(got.result.entities.size(), want.entities.size());
    for (std::size_t e = 0; e < want.entities.size(); ++e) {
      EXPECT_EQ(got.result.entities[e].name, want.entities[e].name);
      EXPECT_EQ(got.result.entities[e].type, want.entities[e].type);
      EXPECT_EQ(got.result.entities[e].n_docs, want.entities[e].n_docs);
      EXPECT_EQ(got.result.entities[e].roles, want.entities[e].roles);
      EXPECT_EQ(got.result.entities[e].affiliation, want.entities[e].affiliation);
    }
    ASSERT_EQ(got.result.mentions.size(), want.mentions.size());
    for (std::size_t k = 0; k < want.mentions.size(); ++k) {
      EXPECT_EQ(got.result.mentions[k].doc, want.mentions[k].doc);
      EXPECT_EQ(got.result.mentions[k].entity, want.mentions[k].entity);
      EXPECT_EQ(got.mentions.start[k], static_cast<std::int64_t>(want.mentions[k].start));
      EXPECT_EQ(got.mentions.end[k], static_cast<std::int64_t>(want.mentions[k].end));
    }
  }
  // A document in two parts, or an order that misses one, is refused.
  EXPECT_THROW((void)merge_entity_partials({&pa, &pb}, {{0, 0}, {1, 0}}), std::invalid_argument);
}

// A serialized partial round-trips, and any damaged byte gives an exception or a valid
// partial: never a read outside it (ASan checks this test).
TEST(EntityPartials, SerializedBytesAreCheckedOnLoad) {
  const Gazetteer g = gaz();
  const Corpus whole = corpus_with_ids(kPartDocs);
  const EntityPartial p = detect_entity_partial(whole, g, 1);
  const std::string bytes = serialize(p);
  EXPECT_EQ(serialize(deserialize_entity_partial(bytes)), bytes);
  EXPECT_THROW((void)deserialize_entity_partial(bytes.substr(0, bytes.size() / 2)),
               std::invalid_argument);
  EXPECT_THROW((void)deserialize_entity_partial("not a partial"), std::invalid_argument);
  // every byte once, set to one of four values in turn (both extremes, a small count, a
  // byte that is no valid bool or kind)
  EntityOptions one_thread;
  one_thread.threads = 1;
  std::size_t refused = 0;
  constexpr std::array<unsigned char, 4> kValues = {0x00, 0xFF, 0x01, 0x7F};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(kValues[i % kValues.size()]);
    try {
      const EntityPartial q = deserialize_entity_partial(bad);
      (void)resolve_entity_partial(q, g, one_thread);
    } catch (const std::invalid_argument&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0u);
}
