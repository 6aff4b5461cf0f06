#include "presslens/serialize.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "presslens/boilerplate.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"

using namespace presslens;

namespace {

RawDocument rec(std::string id, std::string text, std::string outlet) {
  RawDocument r;
  r.id = std::move(id);
  r.bytes = std::move(text);
  r.outlet = std::move(outlet);
  return r;
}

Corpus sample(const LoadOptions& o) {
  std::vector<RawDocument> raw;
  for (int i = 0; i < 6; ++i)
    raw.push_back(rec("d" + std::to_string(i % 5),
                      "Sergei Ryabkov met Victoria Nuland in Geneva.\nShare this story!\n"
                      "Follow us on X\n\n\"We agree,\" Ryabkov said. Item " +
                          std::to_string(i) + ".\nbad \xFF byte",
                      i % 2 ? "wire" : "post"));
  return Corpus::from_records(std::move(raw), o);
}

void expect_same(const Corpus& a, const Corpus& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.n_inputs(), b.n_inputs());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Document& x = a.at(i);
    const Document& y = b.at(i);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.text, y.text);
    EXPECT_EQ(x.outlet, y.outlet);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.meta_json, y.meta_json);
    ASSERT_EQ(x.seg.tokens.size(), y.seg.tokens.size());
    for (std::size_t k = 0; k < x.seg.tokens.size(); ++k) {
      EXPECT_EQ(x.seg.tokens[k].start, y.seg.tokens[k].start);
      EXPECT_EQ(x.seg.tokens[k].flags, y.seg.tokens[k].flags);
    }
    ASSERT_EQ(x.seg.paragraphs.size(), y.seg.paragraphs.size());
    for (std::size_t k = 0; k < x.seg.paragraphs.size(); ++k)
      EXPECT_EQ(x.seg.paragraphs[k].boilerplate, y.seg.paragraphs[k].boilerplate);
    EXPECT_EQ(x.seg.sentences.size(), y.seg.sentences.size());
  }
  ASSERT_EQ(a.warnings().size(), b.warnings().size());
  for (std::size_t k = 0; k < a.warnings().size(); ++k) {
    EXPECT_EQ(a.warnings()[k].code, b.warnings()[k].code);
    EXPECT_EQ(a.warnings()[k].message, b.warnings()[k].message);
    EXPECT_EQ(a.warnings()[k].offset, b.warnings()[k].offset);
  }
}

}  // namespace

TEST(Serialize, CorpusRoundTripKeepsSegmentationAndOptions) {
  for (const auto mode : {ParagraphMode::kAuto, ParagraphMode::kLine, ParagraphMode::kBlank}) {
    for (const bool boilerplate : {true, false}) {
      LoadOptions o;
      o.segment.paragraphs = mode;
      o.detect_boilerplate = boilerplate;
      const Corpus c = sample(o);
      const std::string bytes = serialize(c);
      const Corpus again = deserialize_corpus(bytes, 1);
      expect_same(c, again);
      EXPECT_EQ(again.options().segment.paragraphs, mode);
      EXPECT_EQ(again.options().detect_boilerplate, boilerplate);
      EXPECT_EQ(serialize(again), bytes);
    }
  }
}

TEST(Serialize, CorruptBytesThrow) {
  const std::string bytes = serialize(sample({}));
  EXPECT_THROW((void)deserialize_corpus(bytes.substr(0, bytes.size() / 2)), std::invalid_argument);
  EXPECT_THROW((void)deserialize_corpus(bytes + "x"), std::invalid_argument);
  EXPECT_THROW((void)deserialize_corpus("PLE1"), std::invalid_argument);
  EXPECT_THROW((void)deserialize_entity_result(bytes), std::invalid_argument);
  std::string flipped = bytes;
  flipped[4] = '\x7F';  // the errors option: out of range
  EXPECT_THROW((void)deserialize_corpus(flipped), std::invalid_argument);
  // A corpus loaded with an outlet table (boilerplate.hpp) keeps it after its warnings: a
  // cut or altered table is an error too (more in test_boilerplate.cpp).
  LoadOptions o;
  o.outlet_lines = std::make_shared<const OutletRepeatedLines>(
      OutletRepeatedLines::decide(outlet_line_counts(sample({}))));
  const std::string with_table = serialize(sample(o));
  ASSERT_GT(with_table.size(), bytes.size());
  EXPECT_THROW((void)deserialize_corpus(with_table.substr(0, with_table.size() - 1)),
               std::invalid_argument);
  std::string marker = with_table;
  marker[bytes.size()] = '\x05';  // the section's marker: unknown
  EXPECT_THROW((void)deserialize_corpus(marker), std::invalid_argument);
}

TEST(Serialize, EntityResultRoundTrip) {
  const Corpus c = sample({});
  const Gazetteer g = Gazetteer::from_tsv("Geneva\tcity\t\t\t\n", "", "Mr.\thonorific\tm\n",
                                          "Sergei\tm\t\nVictoria\tf\t\n");
  const EntityResult r = extract_entities(c, g, {});
  ASSERT_FALSE(r.mentions.empty());
  const EntityResult again = deserialize_entity_result(serialize(r));
  ASSERT_EQ(again.mentions.size(), r.mentions.size());
  for (std::size_t i = 0; i < r.mentions.size(); ++i) {
    EXPECT_EQ(again.mentions[i].start, r.mentions[i].start);
    EXPECT_EQ(again.mentions[i].entity, r.mentions[i].entity);
    EXPECT_EQ(again.mentions[i].confidence, r.mentions[i].confidence);
  }
  ASSERT_EQ(again.entities.size(), r.entities.size());
  for (std::size_t i = 0; i < r.entities.size(); ++i) {
    EXPECT_EQ(again.entities[i].name, r.entities[i].name);
    EXPECT_EQ(again.entities[i].aliases, r.entities[i].aliases);
    EXPECT_EQ(again.entities[i].gender, r.entities[i].gender);
    EXPECT_EQ(again.entities[i].affiliation, r.entities[i].affiliation);
  }
  EXPECT_EQ(again.merges.size(), r.merges.size());
  EXPECT_TRUE(again.token_flags.empty());  // recomputed by extract_quotes
  EXPECT_EQ(serialize(again), serialize(r));
}

TEST(Corpus, JsonlTextBatchesNumberLinesAcrossTheFile) {
  const std::string first = "\xEF\xBB\xBF{\"text\": \"One.\"}\n\n{oops\n";
  const std::string second = "{\"text\": \"Two.\"}\n{\"id\": \"x\", \"text\": 3}\n";
  const Corpus a = Corpus::from_jsonl_text(first, "f.jsonl", "f", 0, {});
  const Corpus b = Corpus::from_jsonl_text(second, "f.jsonl", "f", 3, {});
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a.at(0).id, "f:1");
  EXPECT_EQ(a.n_inputs(), 2U);
  ASSERT_EQ(a.warnings().size(), 1U);
  EXPECT_EQ(a.warnings()[0].line, 3);
  ASSERT_EQ(b.size(), 1U);
  EXPECT_EQ(b.at(0).id, "f:4");
  EXPECT_EQ(b.at(0).source, "f.jsonl:4");
  ASSERT_EQ(b.warnings().size(), 1U);
  EXPECT_EQ(b.warnings()[0].code, "non_string_field");
  EXPECT_EQ(b.warnings()[0].line, 5);
}
