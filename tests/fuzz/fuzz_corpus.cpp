// tests/fuzz/fuzz_corpus.cpp: corpus loading (corpus.hpp): the JSONL reader, the folder
// reader with its metadata.csv / metadata.jsonl sidecar parsers, and in-memory records.
//
// Input: one option byte, then the bytes of a JSONL file (mode 0), or a sidecar and three
// documents separated by 0xFF bytes (mode 1: folder), or records separated by 0xFF (mode 2).
// Invariants: every input document is accounted for (size() + skipped == n_inputs(), and
// n_inputs is what was given); every document text is valid UTF-8 without NUL and its
// segmentation holds (fuzz_common.hpp); ids are unique; metadata is a JSON object; code
// point tables stay inside each text; the result is the same with 1 and 2 threads and when
// loaded twice; errors="strict" throws std::invalid_argument exactly when "replace" reports
// an invalid or malformed input, and otherwise gives the same corpus.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/corpus.hpp"
#include "presslens/errors.hpp"

namespace fs = std::filesystem;
using presslens::Corpus;
using presslens::LoadOptions;

namespace {

// A scratch folder of this process, removed at exit.
struct WorkDir {
  fs::path path = fs::temp_directory_path() / ("presslens-fuzz-" + std::to_string(::getpid()));
  WorkDir() { fs::create_directories(path); }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& work_dir() {
  static const WorkDir dir;
  return dir.path;
}

void write(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  FUZZ_CHECK(out.good());
}

bool is_skip(const std::string& code) {
  return code.starts_with("skipped_") || code == "malformed_json" || code == "missing_text" ||
         code == "non_string_field";
}
bool is_strict_failure(const std::string& code) {
  return code == "invalid_utf8" || code == "malformed_json" || code == "missing_text" ||
         code == "non_string_field";
}

void check_corpus(const Corpus& c, std::size_t expected_inputs) {
  FUZZ_CHECK(c.n_inputs() == expected_inputs);
  std::size_t skipped = 0;
  for (const auto& w : c.warnings()) {
    FUZZ_CHECK(!w.code.empty() && !w.message.empty());
    if (is_skip(w.code)) ++skipped;
  }
  FUZZ_CHECK(c.size() + skipped == c.n_inputs());
  std::set<std::string> ids;
  for (const auto& d : c.documents()) {
    FUZZ_CHECK(ids.insert(d.id).second);
    FUZZ_CHECK(presslens::find_invalid_utf8(d.text) == std::string_view::npos);
    FUZZ_CHECK(d.text.find('\0') == std::string::npos);
    const auto meta = nlohmann::json::parse(d.meta_json, nullptr, false);
    FUZZ_CHECK(!meta.is_discarded() && meta.is_object());
    presslens_fuzz::check_segmentation(d.text, d.seg, true);
  }
  // Warnings about a kept document name it (after any renaming); `empty` exactly when the
  // text is white space only (no paragraph).
  std::set<std::string> empty;
  for (const auto& w : c.warnings()) {
    if (w.code == "empty") FUZZ_CHECK(empty.insert(w.doc_id).second);
    if (w.code == "empty" || w.code == "duplicate_id" || w.code == "nul_removed" ||
        (w.code == "invalid_utf8" && w.line < 0))
      FUZZ_CHECK(ids.contains(w.doc_id));
  }
  for (const auto& d : c.documents()) FUZZ_CHECK(empty.contains(d.id) == d.seg.paragraphs.empty());
  // ... and name the right one: same source.
  std::map<std::string, std::string> source_of;
  for (const auto& d : c.documents()) source_of[d.id] = d.source;
  for (const auto& w : c.warnings())
    if (w.code == "empty" || w.code == "duplicate_id" || w.code == "nul_removed" ||
        w.code == "invalid_utf8")
      FUZZ_CHECK(source_of.contains(w.doc_id) && source_of[w.doc_id] == w.source);
  const auto stats = presslens::doc_stats(c, 1);
  FUZZ_CHECK(stats.n_chars.size() == c.size());
  const auto toks = presslens::token_table(c, true, 1);
  for (std::size_t k = 0; k < toks.doc.size(); ++k) {
    const auto d = static_cast<std::size_t>(toks.doc[k]);
    FUZZ_CHECK(d < c.size());
    FUZZ_CHECK(0 <= toks.start[k] && toks.start[k] < toks.end[k] &&
               toks.end[k] <= stats.n_chars[d]);
    FUZZ_CHECK(k == 0 || toks.doc[k - 1] < toks.doc[k] || toks.end[k - 1] <= toks.start[k]);
  }
  const auto sents = presslens::sentence_table(c, true, 1);
  for (std::size_t k = 0; k < sents.doc.size(); ++k)
    FUZZ_CHECK(0 <= sents.start[k] && sents.start[k] < sents.end[k] &&
               sents.end[k] <= stats.n_chars[static_cast<std::size_t>(sents.doc[k])]);
}

bool same(const Corpus& a, const Corpus& b) {
  if (a.size() != b.size() || a.n_inputs() != b.n_inputs() ||
      a.warnings().size() != b.warnings().size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto &x = a.at(i), &y = b.at(i);
    if (x.id != y.id || x.text != y.text || x.outlet != y.outlet || x.date != y.date ||
        x.title != y.title || x.meta_json != y.meta_json ||
        !presslens_fuzz::same_segmentation(x.seg, y.seg))
      return false;
  }
  for (std::size_t i = 0; i < a.warnings().size(); ++i) {
    const auto &x = a.warnings()[i], &y = b.warnings()[i];
    if (x.code != y.code || x.doc_id != y.doc_id || x.line != y.line || x.offset != y.offset ||
        x.message != y.message)
      return false;
  }
  return true;
}

// Loads with errors="replace" on 1 and 2 threads and with errors="strict", checks all of it.
template <class Load>
void check_load(Load load, LoadOptions o, std::size_t expected_inputs) {
  o.errors = presslens::DecodeErrors::kReplace;
  o.threads = 1;
  const Corpus one = load(o);
  check_corpus(one, expected_inputs);
  o.threads = 2;
  FUZZ_CHECK(same(one, load(o)));
  bool should_fail = false;
  for (const auto& w : one.warnings()) should_fail |= is_strict_failure(w.code);
  o.errors = presslens::DecodeErrors::kStrict;
  try {
    const Corpus strict = load(o);
    FUZZ_CHECK(!should_fail);
    FUZZ_CHECK(same(one, strict));
  } catch (const std::invalid_argument&) {
    FUZZ_CHECK(should_fail);
  }
}

// Non-blank lines of a JSONL file, as the reader counts them (BOM, trailing \r, blanks).
std::size_t jsonl_inputs(std::string_view data) {
  if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);
  std::size_t n = 0;
  for (std::size_t start = 0; start < data.size();) {
    std::size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    const auto line = data.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) ++n;
    start = end + 1;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  LoadOptions o;
  o.detect_boilerplate = (opt & 0x10) == 0;
  o.segment.paragraphs = static_cast<presslens::ParagraphMode>((opt >> 5) % 3);
  const fs::path dir = work_dir();
  switch (opt % 3) {
    case 0: {
      const fs::path file = dir / "input.jsonl";
      write(file, in.rest());
      if (opt & 8) o.text_field = "body", o.id_field = "text";  // odd but legal field names
      check_load([&](const LoadOptions& lo) { return Corpus::from_jsonl(file, lo); }, o,
                 jsonl_inputs(in.rest()));
      break;
    }
    case 1: {
      const fs::path folder = dir / "folder";
      fs::remove_all(folder);
      fs::create_directories(folder / "sub");
      const auto parts = in.split('\xFF', 4);
      write(folder / ((opt & 8) ? "metadata.csv" : "metadata.jsonl"), parts[0]);
      const char* names[] = {"a.txt", "b.txt", "sub/c.txt"};
      for (std::size_t k = 1; k < 4; ++k)
        write(folder / names[k - 1], k < parts.size() ? parts[k] : "");
      o.recursive = (opt & 0x80) != 0;
      check_load([&](const LoadOptions& lo) { return Corpus::from_folder(folder, lo); }, o,
                 o.recursive ? 3 : 2);
      break;
    }
    default: {
      const auto parts = in.split('\xFF', 64);
      check_load(
          [&](const LoadOptions& lo) {
            std::vector<presslens::RawDocument> recs;
            for (std::size_t k = 0; k < parts.size(); ++k) {
              presslens::RawDocument r;
              r.id = (opt & 8) ? "same" : "r" + std::to_string(k);  // duplicate ids when asked
              r.bytes = parts[k];
              r.outlet = k % 2 ? "x" : "y";
              recs.push_back(std::move(r));
            }
            return Corpus::from_records(std::move(recs), lo);
          },
          o, parts.size());
      break;
    }
  }
  return 0;
}
