#include "presslens/corpus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "test_support.hpp"

using namespace presslens;
using presslens_test::TempDir;

namespace {

std::size_t count_code(const Corpus& c, std::string_view code) {
  return static_cast<std::size_t>(std::count_if(c.warnings().begin(), c.warnings().end(),
                                                [&](const auto& w) { return w.code == code; }));
}

RawDocument rec(std::string id, std::string text, std::string outlet = "") {
  RawDocument r;
  r.id = std::move(id);
  r.bytes = std::move(text);
  r.outlet = std::move(outlet);
  return r;
}

}  // namespace

TEST(Corpus, FolderWithSidecarAndBadFiles) {
  TempDir dir;
  dir.write("a.txt", "Moscow said no.\nWashington agreed.");
  dir.write("b.txt", "bad \xFF byte");
  dir.write("c.txt", std::string("bin\0ary", 7));
  dir.write("d.txt", "");
  dir.write("e.txt",
            "\xEF\xBB\xBF"
            "BOM first.");
  dir.write("ignored.md", "not a txt file");
  dir.write(
      "metadata.jsonl",
      "{\"file\": \"a.txt\", \"outlet\": \"wire\", \"date\": \"2021-10-12\", \"section\": "
      "\"world\"}\n{\"id\": \"e\", \"outlet\": \"site\"}\nnot json\n{\"file\": \"zz.txt\"}\n");
  const Corpus c = Corpus::from_folder(dir.path(), {});
  EXPECT_EQ(c.n_inputs(), 5u);
  ASSERT_EQ(c.size(), 4u);  // c.txt skipped as binary
  EXPECT_EQ(c.at(0).id, "a");
  EXPECT_EQ(c.at(0).outlet, "wire");
  EXPECT_EQ(c.at(0).date, "2021-10-12");
  EXPECT_EQ(c.at(0).meta_json, "{\"section\":\"world\"}");
  EXPECT_EQ(c.at(1).text, "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(c.at(3).text, "BOM first.");
  EXPECT_EQ(c.at(3).outlet, "site");
  EXPECT_EQ(count_code(c, "skipped_binary"), 1u);
  EXPECT_EQ(count_code(c, "invalid_utf8"), 1u);
  EXPECT_EQ(count_code(c, "empty"), 1u);
  EXPECT_EQ(count_code(c, "metadata_malformed"), 1u);
  EXPECT_EQ(count_code(c, "metadata_unmatched"), 1u);
  const auto it = std::find_if(c.warnings().begin(), c.warnings().end(),
                               [](const auto& w) { return w.code == "invalid_utf8"; });
  EXPECT_EQ(it->offset, 4);
  EXPECT_EQ(it->doc_id, "b");
}

TEST(Corpus, StrictDecodingThrowsWithDocumentAndOffset) {
  TempDir dir;
  dir.write("ok.txt", "fine");
  dir.write("bad.txt", "abc\xC3");
  LoadOptions o;
  o.errors = DecodeErrors::kStrict;
  try {
    (void)Corpus::from_folder(dir.path(), o);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'bad'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("offset 3"), std::string::npos);
  }
}

TEST(Corpus, MissingFolderIsAnIoError) {
  EXPECT_THROW((void)Corpus::from_folder("/nonexistent/presslens", {}), IoError);
  EXPECT_THROW((void)Corpus::from_jsonl("/nonexistent/presslens.jsonl", {}), IoError);
}

TEST(Corpus, SymlinksAreNotFollowedUnlessAsked) {
  TempDir outside, dir;
  outside.write("secret.txt", "outside the folder");
  dir.write("a.txt", "inside");
  std::filesystem::create_symlink(outside.path() / "secret.txt", dir.path() / "link.txt");
  const Corpus c = Corpus::from_folder(dir.path(), {});
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.n_inputs(), 2u);
  EXPECT_EQ(count_code(c, "skipped_symlink"), 1u);
  LoadOptions follow;
  follow.follow_symlinks = true;
  EXPECT_EQ(Corpus::from_folder(dir.path(), follow).size(), 2u);
}

TEST(Corpus, JsonlFieldsMalformedLinesAndNesting) {
  TempDir dir;
  std::string deep(100000, '[');
  dir.write("in.jsonl",
            "{\"id\": 7, \"body\": \"One.\", \"src\": \"wire\", \"extra\": [1, 2]}\r\n"
            "\n"
            "{oops\n"
            "{\"id\": \"x\"}\n"
            "{\"id\": \"y\", \"body\": 42}\n" +
                deep + "\n" + "[1, 2]\n" +
                "{\"body\": \"nul\\u0000inside\"}\n"
                "{\"id\": \"z\", \"body\": \"bad \xFF utf\"}\n");
  LoadOptions o;
  o.text_field = "body";
  o.outlet_field = "src";
  const Corpus c = Corpus::from_jsonl(dir.path() / "in.jsonl", o);
  EXPECT_EQ(c.n_inputs(), 8u);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.at(0).id, "7");
  EXPECT_EQ(c.at(0).outlet, "wire");
  EXPECT_EQ(c.at(0).meta_json, "{\"extra\":[1,2]}");
  EXPECT_EQ(c.at(1).id, "in:8");
  EXPECT_EQ(c.at(1).text, "nulinside");
  EXPECT_EQ(c.at(2).text, "bad \xEF\xBF\xBD utf");
  EXPECT_EQ(count_code(c, "malformed_json"), 3u);
  EXPECT_EQ(count_code(c, "missing_text"), 1u);
  EXPECT_EQ(count_code(c, "non_string_field"), 1u);
  EXPECT_EQ(count_code(c, "nul_removed"), 1u);
  EXPECT_EQ(count_code(c, "invalid_utf8"), 1u);
  const auto it = std::find_if(c.warnings().begin(), c.warnings().end(),
                               [](const auto& w) { return w.code == "malformed_json"; });
  EXPECT_EQ(it->line, 3);
  o.errors = DecodeErrors::kStrict;
  EXPECT_THROW((void)Corpus::from_jsonl(dir.path() / "in.jsonl", o), std::invalid_argument);
}

TEST(Corpus, DuplicateIdsAreRenamedNotDropped) {
  std::vector<RawDocument> r;
  r.push_back(rec("a", "one"));
  r.push_back(rec("a", "two"));
  const Corpus c = Corpus::from_records(std::move(r), {});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.at(1).id, "a~2");
  EXPECT_EQ(count_code(c, "duplicate_id"), 1u);
}

TEST(Corpus, BoilerplateRules) {
  const std::string text =
      "Markets Economy Technology Energy Opinion World Politics Climate Video\n"
      "Talks stall over dam\n"
      "Talks stall over dam at the border\n"
      "\xC2\xA9 Getty Images\n"
      "The talks stalled on Tuesday, officials said.\n"
      "Also on river-monitor: Dam talks resume\n"
      "Think your friends would be interested? Share this story!\n"
      "Talks stall over dam at the border\n"
      "Valdoria, Kestrel, Diplomacy\n"
      "\n"
      "Comments\n";
  std::vector<RawDocument> r;
  r.push_back(rec("a", text));
  const Corpus c = Corpus::from_records(std::move(r), {});
  std::vector<std::string> reasons;
  for (const auto& p : c.at(0).seg.paragraphs)
    reasons.emplace_back(boilerplate_name(p.boilerplate));
  EXPECT_EQ(reasons,
            (std::vector<std::string>{"navigation", "", "", "photo_credit", "", "cross_link",
                                      "share_prompt", "repeated_line", "tag_line", "comments"}));
}

TEST(Corpus, HeadlineAndOrdinaryProseAreNotBoilerplate) {
  std::vector<RawDocument> r;
  r.push_back(rec("a",
                  "Kremlin Says Talks With Washington Were Useful\n"
                  "Sergei Ryabkov, Victoria Nuland and Dmitry Kozak met on Monday.\n"
                  "Moscow, Washington, Brussels.\n"));
  const Corpus c = Corpus::from_records(std::move(r), {});
  for (const auto& p : c.at(0).seg.paragraphs) EXPECT_EQ(p.boilerplate, 0);
}

TEST(Corpus, LinesRepeatedAcrossAnOutletAreFlagged) {
  std::vector<RawDocument> r;
  for (int i = 0; i < 6; ++i)
    r.push_back(rec("d" + std::to_string(i),
                    "Story number " + std::to_string(i) + " about the dam.\n" +
                        "Follow the Ledger for more reporting on water politics\n",
                    "ledger"));
  const Corpus c = Corpus::from_records(std::move(r), {});
  for (const auto& d : c.documents()) {
    ASSERT_EQ(d.seg.paragraphs.size(), 2u);
    EXPECT_EQ(d.seg.paragraphs[0].boilerplate, 0);
    EXPECT_EQ(boilerplate_name(d.seg.paragraphs[1].boilerplate), "outlet_repeated");
  }
}

TEST(Corpus, RepeatedLinesAreComparedAsNormalisedText) {
  // White space runs and typographic quotes do not make a line different; a letter does,
  // also a non-ASCII one (é against e, ł against l).
  std::vector<RawDocument> r;
  const char* footers[] = {"Follow the Ledger\u2019s  reporting on water politics \u00e9t\u00e9",
                           "Follow  the Ledger's reporting on water politics \u00e9t\u00e9",
                           "Follow the Ledger\u2019s reporting on\twater politics \u00e9t\u00e9",
                           "Follow the Ledger's reporting on water politics ete",
                           "Follow the Ledger's reporting on water politics \u0142t\u0142",
                           "Follow the Ledger's reporting on water politics lt\u0142"};
  for (int i = 0; i < 6; ++i)
    r.push_back(rec("d" + std::to_string(i),
                    "Story number " + std::to_string(i) + " about the dam.\n" + footers[i] + "\n",
                    "ledger"));
  const Corpus c = Corpus::from_records(std::move(r), {});
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& d = c.at(i);
    ASSERT_EQ(d.seg.paragraphs.size(), 2u);
    // three spellings of one line: at least half of the outlet's six documents (3)
    EXPECT_EQ(boilerplate_name(d.seg.paragraphs[1].boilerplate), i < 3 ? "outlet_repeated" : "")
        << "document " << i;
  }
}

TEST(Corpus, SameResultWhateverTheThreadCount) {
  std::vector<RawDocument> a, b;
  for (int i = 0; i < 200; ++i) {
    const std::string t = "Doc " + std::to_string(i) + ". Mr. X said \"no.\" \xFF";
    a.push_back(rec(std::to_string(i % 150), t, i % 2 ? "x" : "y"));
    b.push_back(rec(std::to_string(i % 150), t, i % 2 ? "x" : "y"));
  }
  LoadOptions one, many;
  one.threads = 1;
  many.threads = 4;
  const Corpus c1 = Corpus::from_records(std::move(a), one);
  const Corpus c2 = Corpus::from_records(std::move(b), many);
  ASSERT_EQ(c1.size(), c2.size());
  for (std::size_t i = 0; i < c1.size(); ++i) {
    EXPECT_EQ(c1.at(i).id, c2.at(i).id);
    EXPECT_EQ(c1.at(i).seg.tokens.size(), c2.at(i).seg.tokens.size());
  }
  ASSERT_EQ(c1.warnings().size(), c2.warnings().size());
  for (std::size_t i = 0; i < c1.warnings().size(); ++i)
    EXPECT_EQ(c1.warnings()[i].message, c2.warnings()[i].message);
}

TEST(Corpus, TablesUseCodePointOffsets) {
  std::vector<RawDocument> r;
  r.push_back(
      rec("a", "\xD0\xA0\xD1\x8F\xD0\xB1\xD0\xBA\xD0\xBE\xD0\xB2 said. M\xC3\xBCller too."));
  const Corpus c = Corpus::from_records(std::move(r), {});
  const TokenTable t = token_table(c, true);
  ASSERT_GE(t.start.size(), 4u);
  EXPECT_EQ(t.start[1], 7);  // "said" after 6 Cyrillic letters and a space
  const SentenceTable s = sentence_table(c, true);
  ASSERT_EQ(s.start.size(), 2u);
  EXPECT_EQ(s.start[1], 13);
  EXPECT_EQ(s.end[1], 24);
}

TEST(Corpus, SeedReportsLoadWithTheirBoilerplate) {
  const auto shared = presslens_test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared is absent";
  const Corpus c = Corpus::from_folder(shared / "corpus" / "seeds", {});
  ASSERT_EQ(c.size(), 5u);
  EXPECT_TRUE(c.warnings().empty());
  std::vector<std::string> found;
  for (const auto& d : c.documents())
    for (const auto& p : d.seg.paragraphs)
      if (p.boilerplate) found.emplace_back(boilerplate_name(p.boilerplate));
  for (const char* reason : {"navigation", "repeated_line", "photo_credit", "cross_link",
                             "share_prompt", "tag_line", "comments"})
    EXPECT_NE(std::find(found.begin(), found.end(), reason), found.end()) << reason;
  EXPECT_EQ(c.at(0).outlet, "analysis-site");
}

TEST(Corpus, LowerCaseTagLinesAtTheEnd) {
  std::vector<RawDocument> r;
  r.push_back(rec("a", "The talks ended.\nValdoria, Kestrel, water, diplomacy\nComments\n"));
  r.push_back(rec("b", "Water, sanitation and energy were discussed.\nwater, energy\n"));
  const Corpus c = Corpus::from_records(std::move(r), {});
  EXPECT_EQ(boilerplate_name(c.at(0).seg.paragraphs[1].boilerplate), "tag_line");
  for (const auto& p : c.at(1).seg.paragraphs) EXPECT_EQ(p.boilerplate, 0);
}
