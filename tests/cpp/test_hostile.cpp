// tests/cpp/test_hostile.cpp: regression tests for hostile input found while hardening
// (issue 8); the fuzz reproducers are in tests/fuzz/regressions/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "presslens/corpus.hpp"
#include "test_support.hpp"

using namespace presslens;
using presslens_test::TempDir;
namespace fs = std::filesystem;

namespace {

RawDocument rec(std::string id, std::string text) {
  RawDocument r;
  r.id = std::move(id);
  r.bytes = std::move(text);
  return r;
}

std::vector<std::string> codes_of(const Corpus& c, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& w : c.warnings())
    if (w.doc_id == id) out.push_back(w.code);
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t skipped(const Corpus& c) {
  return static_cast<std::size_t>(
      std::count_if(c.warnings().begin(), c.warnings().end(),
                    [](const CorpusWarning& w) { return w.code.starts_with("skipped_"); }));
}

}  // namespace

// Found by fuzz_corpus: a text of Unicode white space only (NBSP, em space, U+2028, ZWSP)
// had no tokens but no `empty` warning, which only looked for ASCII white space.
TEST(Hostile, UnicodeWhiteSpaceOnlyIsEmpty) {
  std::vector<RawDocument> r;
  r.push_back(rec("nbsp", "\xC2\xA0\xE2\x80\x83\xE2\x80\xA8\xE2\x80\x8B"));
  r.push_back(rec("ascii", " \t\r\n"));
  r.push_back(rec("text", "\xC2\xA0Text."));
  const Corpus c = Corpus::from_records(std::move(r), {});
  EXPECT_EQ(codes_of(c, "nbsp"), std::vector<std::string>{"empty"});
  EXPECT_EQ(codes_of(c, "ascii"), std::vector<std::string>{"empty"});
  EXPECT_TRUE(codes_of(c, "text").empty());
}

// Found by fuzz_corpus: warnings of a document renamed for a duplicate id named the
// original id, i.e. another document.
TEST(Hostile, WarningsOfARenamedDocumentNameIt) {
  std::vector<RawDocument> r;
  r.push_back(rec("same", "Fine."));
  r.push_back(rec("same", "bad \xFF byte"));
  r.push_back(rec("same", "   "));
  const Corpus c = Corpus::from_records(std::move(r), {});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_TRUE(codes_of(c, "same").empty());
  EXPECT_EQ(codes_of(c, "same~2"), (std::vector<std::string>{"duplicate_id", "invalid_utf8"}));
  EXPECT_EQ(codes_of(c, "same~3"), (std::vector<std::string>{"duplicate_id", "empty"}));
}

// A recursive read never enters a linked folder unless asked, and says so; asked, it
// follows links but never round a loop.
TEST(Hostile, RecursiveFolderLinksAreReportedAndLoopsCut) {
  TempDir dir;
  const fs::path in = dir.path() / "in", out = dir.path() / "out";
  fs::create_directories(in / "sub");
  fs::create_directories(out);
  std::ofstream(in / "a.txt") << "Inside.";
  std::ofstream(out / "secret.txt") << "Secret.";
  fs::create_directory_symlink(out, in / "escape");
  fs::create_directory_symlink(dir.path(), in / "sub" / "up");  // up -> ... -> in: a loop
  LoadOptions o;
  o.recursive = true;
  const Corpus c = Corpus::from_folder(in, o);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.at(0).id, "a");
  EXPECT_EQ(skipped(c), 2u);
  EXPECT_EQ(c.size() + skipped(c), c.n_inputs());

  o.follow_symlinks = true;
  const Corpus f = Corpus::from_folder(in, o);
  std::vector<std::string> ids;
  for (const auto& d : f.documents()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "escape/secret", "sub/up/out/secret"}));
  EXPECT_EQ(skipped(f), 1u);  // sub/up/in: the loop
  EXPECT_EQ(f.size() + skipped(f), f.n_inputs());
}

// The same for warnings the JSONL reader raises about a kept line (NUL removed, invalid
// UTF-8 repaired) when its id is a duplicate.
TEST(Hostile, JsonlWarningsOfARenamedDocumentNameIt) {
  TempDir dir;
  dir.write("a.jsonl",
            "{\"id\": \"a\", \"text\": \"x\"}\n"
            "{\"id\": \"a\", \"text\": \"y\\u0000z\"}\n"
            "{\"id\": \"a\", \"text\": \"bad \xFF\"}\n");
  const Corpus c = Corpus::from_jsonl(dir.path() / "a.jsonl", {});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_TRUE(codes_of(c, "a").empty());
  EXPECT_EQ(codes_of(c, "a~2"), (std::vector<std::string>{"duplicate_id", "nul_removed"}));
  EXPECT_EQ(codes_of(c, "a~3"), (std::vector<std::string>{"duplicate_id", "invalid_utf8"}));
}
