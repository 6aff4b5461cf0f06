#include "presslens/boilerplate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/serialize.hpp"

using namespace presslens;

namespace {

RawDocument rec(std::string id, std::string text, std::string outlet) {
  RawDocument r;
  r.id = std::move(id);
  r.bytes = std::move(text);
  r.outlet = std::move(outlet);
  return r;
}

// Documents of three outlets with footers shared by some of them, and an outlet of 3.
std::vector<RawDocument> collection() {
  std::vector<RawDocument> r;
  std::mt19937 rng(7);
  const char* outlets[] = {"ledger", "wire", "", "tiny"};
  const int sizes[] = {9, 12, 5, 3};
  for (int o = 0; o < 4; ++o)
    for (int i = 0; i < sizes[o]; ++i) {
      std::string t = "Story " + std::to_string(i) + " of " + outlets[o] + " about the dam.\n";
      if (rng() % 3 != 0) t += "Follow the Ledger for more reporting on water politics\n";
      if (rng() % 2 == 0) t += "Subscribe to our newsletter today and every day\n";
      if (i % 2 == 0) t += "\nSubscribe to our newsletter today and every day\n";  // twice
      r.push_back(rec(std::string(outlets[o]) + std::to_string(i), t, outlets[o]));
    }
  return r;
}

// Counts of disjoint parts as one table: rows appended (outlets re-indexed by name),
// documents summed; decide() sums the rows of one outlet and hash.
OutletLineCounts concat(const std::vector<OutletLineCounts>& parts) {
  OutletLineCounts out;
  std::map<std::string, std::size_t> index;
  for (const auto& p : parts)
    for (std::size_t o = 0; o < p.outlets.size(); ++o) {
      const auto [it, fresh] = index.emplace(p.outlets[o], out.outlets.size());
      if (fresh) {
        out.outlets.push_back(p.outlets[o]);
        out.n_docs.push_back(0);
      }
      out.n_docs[it->second] += p.n_docs[o];
    }
  for (const auto& p : parts)
    for (std::size_t r = 0; r < p.hash.size(); ++r) {
      out.outlet.push_back(
          static_cast<std::int64_t>(index.at(p.outlets[static_cast<std::size_t>(p.outlet[r])])));
      out.hash.push_back(p.hash[r]);
      out.df.push_back(p.df[r]);
    }
  return out;
}

std::vector<std::vector<std::uint8_t>> flags(const Corpus& c) {
  std::vector<std::vector<std::uint8_t>> out;
  for (const Document& d : c.documents()) {
    out.emplace_back();
    for (const auto& p : d.seg.paragraphs) out.back().push_back(p.boilerplate);
  }
  return out;
}

}  // namespace

TEST(OutletLines, CountsDocumentsAndLinesOncePerDocument) {
  std::vector<RawDocument> r;
  for (int i = 0; i < 4; ++i)
    r.push_back(rec("d" + std::to_string(i), "Body " + std::to_string(i) + "\nFooter\nFooter\n\n",
                    i < 3 ? "a" : "b"));
  LoadOptions o;
  o.detect_boilerplate = false;
  const OutletLineCounts c = outlet_line_counts(Corpus::from_records(std::move(r), o), 1);
  EXPECT_EQ(c.outlets, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.n_docs, (std::vector<std::int64_t>{3, 1}));
  ASSERT_EQ(c.hash.size(), 6u);  // a: 3 bodies + footer; b: body + footer
  std::int64_t footer_a = 0;
  for (std::size_t k = 0; k < c.hash.size(); ++k) {
    EXPECT_NE(c.hash[k], 0u);
    if (k > 0) {
      EXPECT_TRUE(std::pair(c.outlet[k - 1], c.hash[k - 1]) < std::pair(c.outlet[k], c.hash[k]));
    }
    if (c.outlet[k] == 0) footer_a = std::max(footer_a, c.df[k]);
  }
  EXPECT_EQ(footer_a, 3);  // once per document, not per line
}

TEST(OutletLines, CountsDoNotDependOnBoilerplateOptionsOrThreads) {
  LoadOptions on, off;
  off.detect_boilerplate = false;
  on.threads = 1;
  const OutletLineCounts a = outlet_line_counts(Corpus::from_records(collection(), on), 1);
  const OutletLineCounts b = outlet_line_counts(Corpus::from_records(collection(), off), 4);
  EXPECT_EQ(a.outlets, b.outlets);
  EXPECT_EQ(a.n_docs, b.n_docs);
  EXPECT_EQ(a.outlet, b.outlet);
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.df, b.df);
}

TEST(OutletLines, DecisionIsTheRuleOfAWholeCorpus) {
  // For every outlet size and every number of documents holding a footer: the table decided
  // from counts flags what loading the whole corpus flags (one rule, in one place).
  for (int n = 1; n <= 10; ++n)
    for (int k = 0; k <= n; ++k) {
      std::vector<RawDocument> r;
      for (int i = 0; i < n; ++i) {
        // (appended, not "literal" + std::string: GCC 12's -Wrestrict misfires on that at -O3)
        std::string id = "d", text = "Story ";
        id += std::to_string(i);
        text += std::to_string(i);
        text += " about the dam.\n";
        if (i < k) text += "Follow the Ledger for more reporting\n";
        r.push_back(rec(id, text, "x"));
      }
      const Corpus whole = Corpus::from_records(r, {});
      const bool expected = n >= 4 && k >= 3 && 2 * k >= n;
      for (int i = 0; i < k; ++i)
        EXPECT_EQ(whole.at(static_cast<std::size_t>(i)).seg.paragraphs.back().boilerplate != 0,
                  expected)
            << n << " documents, " << k << " with the footer";
      const auto table = std::make_shared<const OutletRepeatedLines>(
          OutletRepeatedLines::decide(outlet_line_counts(whole)));
      EXPECT_EQ(table->find("x")->size(), expected ? 1u : 0u);
      LoadOptions o;
      o.outlet_lines = table;
      EXPECT_EQ(flags(Corpus::from_records(r, o)), flags(whole));
    }
}

TEST(OutletLines, PartsLoadedWithTheMergedTableHaveTheWholeFlags) {
  const std::vector<RawDocument> all = collection();
  const Corpus whole = Corpus::from_records(all, {});
  const auto want = flags(whole);
  std::size_t flagged = 0;
  for (const auto& d : want) flagged += static_cast<std::size_t>(std::count(d.begin(), d.end(), 8));
  ASSERT_GT(flagged, 0u);  // the rule fires on the whole
  std::mt19937 rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n_parts = 1 + rng() % 5;
    std::vector<std::vector<RawDocument>> parts(n_parts);
    std::vector<std::size_t> where(all.size());
    for (std::size_t i = 0; i < all.size(); ++i)
      parts[where[i] = rng() % n_parts].push_back(all[i]);
    LoadOptions off;
    off.detect_boilerplate = false;
    std::vector<OutletLineCounts> counts;
    for (const auto& p : parts) counts.push_back(outlet_line_counts(Corpus::from_records(p, off)));
    std::shuffle(counts.begin(), counts.end(), rng);
    LoadOptions o;
    o.outlet_lines =
        std::make_shared<const OutletRepeatedLines>(OutletRepeatedLines::decide(concat(counts)));
    EXPECT_EQ(*o.outlet_lines, OutletRepeatedLines::decide(outlet_line_counts(whole)));
    std::vector<std::vector<std::vector<std::uint8_t>>> got(n_parts);
    for (std::size_t p = 0; p < n_parts; ++p) got[p] = flags(Corpus::from_records(parts[p], o));
    std::vector<std::size_t> next(n_parts, 0);
    for (std::size_t i = 0; i < all.size(); ++i)
      EXPECT_EQ(got[where[i]][next[where[i]]++], want[i]) << "document " << i;
  }
}

TEST(OutletLines, AnOutletTheCountsDoNotKnowIsAnError) {
  LoadOptions o;
  o.outlet_lines = std::make_shared<const OutletRepeatedLines>(
      OutletRepeatedLines::decide(outlet_line_counts(Corpus::from_records(collection(), {}))));
  std::vector<RawDocument> r = {rec("z", "Elsewhere.\n", "other")};
  try {
    (void)Corpus::from_records(std::move(r), o);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'other'"), std::string::npos) << e.what();
  }
  o.detect_boilerplate = false;  // no boilerplate: the table is not used
  EXPECT_EQ(Corpus::from_records({rec("z", "Elsewhere.\n", "other")}, o).size(), 1u);
}

TEST(OutletLines, DecideRejectsInconsistentCounts) {
  OutletLineCounts c;
  c.outlets = {"a"};
  c.n_docs = {4};
  c.outlet = {0, 0};
  c.hash = {5, 5};
  c.df = {3, 2};  // 5 documents of 4: the same documents counted twice
  EXPECT_THROW((void)OutletRepeatedLines::decide(c), std::invalid_argument);
  c.df = {1, 2};  // summed: 3 of 4
  EXPECT_EQ(OutletRepeatedLines::decide(c).find("a")->size(), 1u);
  c.outlet = {0, 1};
  EXPECT_THROW((void)OutletRepeatedLines::decide(c), std::invalid_argument);
  c.outlet = {0, 0};
  c.hash = {0, 5};
  EXPECT_THROW((void)OutletRepeatedLines::decide(c), std::invalid_argument);
  c.hash = {5};
  EXPECT_THROW((void)OutletRepeatedLines::decide(c), std::invalid_argument);
  c.outlets = {"a", "a"};
  c.n_docs = {4, 4};
  c.hash = {5, 6};
  EXPECT_THROW((void)OutletRepeatedLines::decide(c), std::invalid_argument);
  EXPECT_EQ(OutletRepeatedLines::decide({}).outlets().size(), 0u);
}

TEST(OutletLines, SerializedCorpusKeepsItsTable) {
  const std::vector<RawDocument> all = collection();
  LoadOptions o;
  o.threads = 1;
  o.outlet_lines = std::make_shared<const OutletRepeatedLines>(
      OutletRepeatedLines::decide(outlet_line_counts(Corpus::from_records(all, {}))));
  const std::vector<RawDocument> part(all.begin(), all.begin() + 7);  // ledger only
  const Corpus c = Corpus::from_records(part, o);
  const std::string bytes = serialize(c);
  const Corpus again = deserialize_corpus(bytes, 1);
  ASSERT_TRUE(again.options().outlet_lines);
  EXPECT_EQ(*again.options().outlet_lines, *o.outlet_lines);
  EXPECT_EQ(flags(again), flags(c));
  EXPECT_EQ(serialize(again), bytes);
  // Without a table the bytes are those of before (what older versions wrote and read).
  LoadOptions plain;
  plain.threads = 1;
  const std::string old = serialize(Corpus::from_records(part, plain));
  EXPECT_EQ(bytes.substr(0, old.size()), old);
  EXPECT_FALSE(deserialize_corpus(old, 1).options().outlet_lines);
  // The table alone.
  const std::string t = serialize(*o.outlet_lines);
  EXPECT_EQ(deserialize_outlet_lines(t), *o.outlet_lines);
}

TEST(OutletLines, DamagedTableThrows) {
  LoadOptions o;
  o.threads = 1;
  o.outlet_lines = std::make_shared<const OutletRepeatedLines>(
      OutletRepeatedLines::decide(outlet_line_counts(Corpus::from_records(collection(), {}))));
  ASSERT_FALSE(o.outlet_lines->repeated()[1].empty());
  const std::string bytes = serialize(Corpus::from_records(collection(), o));
  const std::string table = serialize(*o.outlet_lines);
  const std::size_t start = bytes.size() - (table.size() - 4) - 1;  // the section's marker
  ASSERT_EQ(bytes.substr(start + 1), table.substr(4));
  // Every cut inside the section, and every byte of it altered, is an error or a valid table
  // (never a crash); the marker, an outlet name order and a zero hash step are errors.
  for (std::size_t k = start; k < bytes.size(); ++k) {
    EXPECT_THROW((void)deserialize_corpus(bytes.substr(0, k + 1 == bytes.size() ? k : k + 1), 1),
                 std::invalid_argument)
        << k;
    for (const char x : {'\x00', '\x01', '\x7F', '\xFF'}) {
      std::string damaged = bytes;
      damaged[k] = x;
      try {
        (void)deserialize_corpus(damaged, 1);
      } catch (const std::invalid_argument&) {
      }
    }
  }
  std::string marker = bytes;
  marker[start] = '\x02';
  EXPECT_THROW((void)deserialize_corpus(marker, 1), std::invalid_argument);
  EXPECT_THROW((void)deserialize_outlet_lines(table + "x"), std::invalid_argument);
  EXPECT_THROW((void)deserialize_outlet_lines(table.substr(0, table.size() - 1)),
               std::invalid_argument);
  EXPECT_THROW((void)deserialize_outlet_lines("PLC1"), std::invalid_argument);
  // Two outlets swapped (names out of order): "\x00" for "" sorts first.
  EXPECT_THROW(OutletRepeatedLines({"b", "a"}, {{}, {}}), std::invalid_argument);
  EXPECT_THROW(OutletRepeatedLines({"a"}, {{3, 3}}), std::invalid_argument);
  EXPECT_THROW(OutletRepeatedLines({"a"}, {{0}}), std::invalid_argument);
}
