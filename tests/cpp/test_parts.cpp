// presslens/parts.hpp: the quotes of parts of a corpus, found with the entities of the whole
// corpus and their utterances linked once, equal extract_quotes of the whole corpus; their
// co-mention tables, summed (comention.hpp's sum_comention_tables), equal the whole's.
#include "presslens/parts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "presslens/comention.hpp"

using namespace presslens;

namespace {

std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Gazetteer& gaz() {
  static const Gazetteer g = [] {
    const std::string dir = std::string(PRESSLENS_SOURCE_DIR) + "/python/presslens/data/gazetteer/";
    return Gazetteer::from_tsv(read(dir + "places.tsv"), read(dir + "organisations.tsv"),
                               read(dir + "titles.tsv"), read(dir + "given_names.tsv"));
  }();
  return g;
}

Corpus corpus_of(const std::vector<std::string>& texts, const std::vector<std::uint32_t>& docs) {
  std::vector<RawDocument> raw;
  for (const std::uint32_t d : docs) {
    RawDocument r;
    r.id = std::to_string(d);  // ("d" + to_string: a false -Wrestrict in GCC 12)
    r.bytes = texts[d];
    raw.push_back(std::move(r));
  }
  LoadOptions o;
  o.detect_boilerplate = false;
  return Corpus::from_records(std::move(raw), o);
}

const std::vector<std::string> kTexts = {
    "Sergei Ryabkov met Victoria Nuland in Geneva.\n\n\"The talks were useful but difficult "
    "and long,\" Ryabkov said.",
    "\"We will not accept any ultimatum from anyone,\" Nuland told reporters.",
    "\"The talks were very useful but difficult and long,\" Sergei Ryabkov said on Monday.",
    "Nuland said the United States would respond. \"We will not accept any ultimatum from "
    "anyone at all,\" she added.",
    "Ryabkov said that Moscow wanted guarantees. \"Nothing else matters to us now,\" he said.",
};

}  // namespace

TEST(Parts, QuotesOfPartsWithTheWholeEntitiesEqualTheWholeCorpus) {
  const std::vector<std::uint32_t> all = {0, 1, 2, 3, 4};
  const Corpus whole = corpus_of(kTexts, all);
  const EntityResult ents = extract_entities(whole, gaz(), {});
  const QuoteResult want = extract_quotes(whole, ents, gaz(), {});
  ASSERT_GE(want.quotes.size(), 5u);
  // Utterances are linked across documents, so the split below splits some of them.
  ASSERT_EQ(want.quotes[0].utterance, want.quotes[2].utterance);

  std::vector<std::uint32_t> doc;
  std::vector<std::int32_t> speaker;
  std::vector<QuoteKind> kind;
  std::vector<std::vector<std::string>> stems;
  std::vector<Quote> got;
  const std::vector<std::vector<std::uint32_t>> parts = {{0, 1}, {2, 3, 4}};
  for (const auto& part : parts) {
    const Corpus c = corpus_of(kTexts, part);
    const EntityResult mine = entities_of_documents(ents, part);
    EXPECT_EQ(mine.entities.size(), ents.entities.size());
    check_entities_fit(c, mine);
    const QuoteResult q = extract_quotes(c, mine, gaz(), {});
    const auto s = utterance_stems(c, q);
    ASSERT_EQ(s.size(), q.quotes.size());
    for (std::size_t i = 0; i < q.quotes.size(); ++i) {
      Quote x = q.quotes[i];
      x.doc = part[x.doc];
      got.push_back(x);
      doc.push_back(x.doc);
      speaker.push_back(x.speaker_entity);
      kind.push_back(x.kind);
      stems.push_back(s[i]);
    }
  }
  const std::vector<std::uint32_t> ids = link_utterance_stems(doc, speaker, kind, stems, 0.4);
  ASSERT_EQ(got.size(), want.quotes.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const Quote &a = got[i], &b = want.quotes[i];
    EXPECT_EQ(a.doc, b.doc);
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.speaker_entity, b.speaker_entity);
    EXPECT_EQ(a.rule, b.rule);
    EXPECT_EQ(ids[i], b.utterance) << "quote " << i;
  }
}

TEST(Parts, StemsAreSortedAndDistinctAndOnlyForLinkedKinds) {
  const Corpus c = corpus_of(kTexts, {0, 4});
  const EntityResult e = extract_entities(c, gaz(), {});
  const QuoteResult q = extract_quotes(c, e, gaz(), {});
  const auto s = utterance_stems(c, q);
  for (std::size_t i = 0; i < q.quotes.size(); ++i) {
    const Quote& x = q.quotes[i];
    const bool linked =
        x.speaker_entity >= 0 && x.kind != QuoteKind::kIndirect && x.kind != QuoteKind::kScare;
    EXPECT_EQ(s[i].empty(), !linked) << "quote " << i;
    EXPECT_TRUE(std::is_sorted(s[i].begin(), s[i].end()));
    EXPECT_EQ(std::adjacent_find(s[i].begin(), s[i].end()), s[i].end());
  }
  EXPECT_EQ(s[0], (std::vector<std::string>{"diffi", "long", "talks", "usefu"}));
}

TEST(Parts, EntitiesOfOtherTextsAndBadColumnsAreRefused) {
  const Corpus whole = corpus_of(kTexts, {0, 1, 2, 3, 4});
  const EntityResult ents = extract_entities(whole, gaz(), {});
  // document 0's mentions against a corpus whose only document is the short text 1
  const std::vector<std::uint32_t> first = {0};
  EXPECT_THROW(check_entities_fit(corpus_of(kTexts, {1}), entities_of_documents(ents, first)),
               std::invalid_argument);
  EXPECT_THROW(check_entities_fit(corpus_of(kTexts, {}), entities_of_documents(ents, first)),
               std::invalid_argument);
  const std::vector<std::uint32_t> doc = {0, 1};
  const std::vector<std::int32_t> speaker = {0};
  const std::vector<QuoteKind> kind = {QuoteKind::kDirect, QuoteKind::kDirect};
  EXPECT_THROW((void)link_utterance_stems(doc, speaker, kind, {{}, {}}, 0.4),
               std::invalid_argument);
  const std::vector<std::int32_t> two = {0, 0};
  EXPECT_THROW((void)link_utterance_stems(doc, two, kind, {{}, {}}, 0.0), std::invalid_argument);
  EXPECT_EQ(link_utterance_stems(doc, two, kind, {{"a", "b", "c"}, {"a", "b", "c"}}, 0.4),
            (std::vector<std::uint32_t>{0, 0}));
}

TEST(Parts, CoMentionTablesOfPartsSumToTheWholeCorpus) {
  const std::vector<std::uint32_t> all = {0, 1, 2, 3, 4};
  const Corpus whole = corpus_of(kTexts, all);
  const EntityResult ents = extract_entities(whole, gaz(), {});
  const auto n = static_cast<std::uint32_t>(ents.entities.size());
  for (const CoScope scope :
       {CoScope::kSentence, CoScope::kParagraph, CoScope::kDocument, CoScope::kWindow}) {
    CoMentionOptions o;
    o.scope = scope;
    o.window = 8;
    const CoMentionTable want = count_comentions(whole, ents, o).tables[0];
    ASSERT_FALSE(want.a.empty());
    std::vector<CoMentionTable> tables;
    for (const std::vector<std::uint32_t>& part :
         std::vector<std::vector<std::uint32_t>>{{3, 0}, {4}, {1, 2}}) {
      const Corpus c = corpus_of(kTexts, part);
      tables.push_back(count_comentions(c, entities_of_documents(ents, part), o).tables[0]);
    }
    const CoMentionTable got = sum_comention_tables(tables, n);
    EXPECT_EQ(got.n_units, want.n_units);
    EXPECT_EQ(got.margin, want.margin);
    EXPECT_EQ(got.a, want.a);
    EXPECT_EQ(got.b, want.b);
    EXPECT_EQ(got.count, want.count);
    EXPECT_EQ(got.indptr, want.indptr);
    EXPECT_EQ(got.indices, want.indices);
    EXPECT_EQ(got.data, want.data);
  }
  CoMentionTable bad = count_comentions(whole, ents, {}).tables[0];
  EXPECT_THROW((void)sum_comention_tables(std::vector<CoMentionTable>{bad}, n + 1),
               std::invalid_argument);
  bad.count[0] = 0.5;
  EXPECT_THROW((void)sum_comention_tables(std::vector<CoMentionTable>{bad}, n),
               std::invalid_argument);
  std::swap(bad.a[0], bad.b[0]);
  EXPECT_THROW((void)sum_comention_tables(std::vector<CoMentionTable>{bad}, n),
               std::invalid_argument);
  EXPECT_EQ(sum_comention_tables({}, n).margin, std::vector<double>(n, 0.0));
}
