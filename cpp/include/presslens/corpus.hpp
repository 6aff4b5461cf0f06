// presslens/corpus.hpp: documents in, every one accounted for.
//
//   presslens::LoadOptions opt;                      // errors = kReplace, threads = all
//   auto corpus = presslens::Corpus::from_folder("articles/", opt);
//   for (const presslens::Document& d : corpus.documents())
//     for (const presslens::Sentence& s : d.seg.sentences)
//       if (!d.is_boilerplate(s)) analyse(d.text.substr(s.start, s.end - s.start));
//   for (const auto& w : corpus.warnings()) log(w.doc_id, w.code, w.message);
//
// Loading reads and decodes in C++ on all threads, then segments each document once
// (tokenize.hpp) and flags boilerplate lines. Every input document ends up either in
// documents() or, when it could not be used (binary data, unreadable), as a warning with
// code "skipped_*"; n_inputs() == size() + number of skipped documents.
//
// Per-document problems are warnings, never exceptions (codes: invalid_utf8, empty,
// duplicate_id, nul_removed, malformed_json, missing_text, non_string_field,
// skipped_binary, skipped_symlink, skipped_unreadable, skipped_too_large,
// metadata_unmatched, metadata_malformed; a byte order mark is removed without one). Under
// DecodeErrors::kStrict invalid UTF-8 and malformed JSON throw std::invalid_argument naming the
// document and offset/line instead. A missing or unreadable folder/file throws IoError.
//
// Boilerplate (per line, reason kept): site navigation bars, repeated lines (a repeated
// headline), photo credits, "Also on ..." cross-links, share prompts, tag lines, a lone
// "Comments", and lines repeated across many documents of one outlet. Flagged lines are
// kept in the text and in the segmentation (as paragraphs of their own with a non-zero
// `boilerplate`); analyses skip them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/errors.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

enum class Boilerplate : std::uint8_t {
  kNone = 0,
  kNavigation = 1,      // a line that is a run of section names
  kRepeatedLine = 2,    // the same line earlier in the document (repeated headline)
  kPhotoCredit = 3,     // "© Getty Images", "Photo: Reuters", "(AP Photo/...)"
  kCrossLink = 4,       // "Also on ...", "Read more: ...", "Related: ..."
  kSharePrompt = 5,     // "Share this story!", "Follow us on ..."
  kTagLine = 6,         // a short comma-separated list of tags at the end
  kComments = 7,        // a lone "Comments" / "Show comments"
  kOutletRepeated = 8,  // a line found in many documents of the same outlet
};

/// Stable lower-case name of a reason ("navigation", "repeated_line", ...); "" for kNone.
[[nodiscard]] std::string_view boilerplate_name(std::uint8_t reason) noexcept;

class OutletRepeatedLines;  // presslens/boilerplate.hpp

enum class DecodeErrors : std::uint8_t { kReplace = 0, kStrict = 1 };

struct LoadOptions {
  DecodeErrors errors = DecodeErrors::kReplace;
  int threads = 0;  // 0 = all cores
  // JSONL field names.
  std::string id_field = "id";
  std::string text_field = "text";
  std::string outlet_field = "outlet";
  std::string date_field = "date";
  std::string title_field = "title";
  // Folders.
  std::string extension = ".txt";
  bool recursive = false;
  bool follow_symlinks = false;  // never leave the folder through a link unless asked
  // A window of the sorted file list, for streaming a folder in batches: only files
  // [first_file, first_file + max_files) are read. The listing's own warnings (links,
  // metadata sidecar) belong to the window that starts at file 0.
  std::size_t first_file = 0;
  std::size_t max_files = SIZE_MAX;
  // Analysis.
  bool detect_boilerplate = true;
  // The outlet rule decided over a whole collection (boilerplate.hpp), for a corpus of part
  // of it: when set (and detect_boilerplate), a line is kOutletRepeated when its outlet's
  // repeated lines there hold it, instead of counting within this corpus, so the part is
  // flagged as the whole is. A document whose outlet the table does not know throws
  // std::invalid_argument (the counts were made from other documents). Kept by the corpus
  // (options()) and by its serialization.
  std::shared_ptr<const OutletRepeatedLines> outlet_lines;
  SegmentOptions segment;
};

/// One input document before decoding (what from_records receives from Python).
struct RawDocument {
  std::string id;
  std::string bytes;  // the text as read; UTF-8 expected
  std::string outlet;
  std::string date;
  std::string title;
  std::string meta_json = "{}";  // other metadata, a JSON object
  std::string source;            // file path, "file.jsonl:LINE" or "record N"
  std::int64_t line = -1;        // 1-based line in a JSONL file, else -1
};

struct Document {
  std::string id;
  std::string text;  // valid UTF-8 (repaired under kReplace), BOM removed
  std::string outlet;
  std::string date;
  std::string title;
  std::string meta_json;
  std::string source;
  Segmentation seg;

  [[nodiscard]] bool is_boilerplate(const Sentence& s) const noexcept {
    return seg.paragraphs[s.paragraph].boilerplate != 0;
  }
};

struct CorpusWarning {
  std::string doc_id;
  std::string source;
  std::int64_t line;    // 1-based line (in the file or JSONL), -1 when not applicable
  std::int64_t offset;  // byte offset in the document text, -1 when not applicable
  std::string code;
  std::string message;
};

class Corpus {
 public:
  /// Every file ending in options.extension directly in `folder` (or below it when
  /// recursive), sorted by path; the id is the file name without extension. A sidecar
  /// metadata.jsonl or metadata.csv in the folder gives outlet/date/title (and more) per
  /// file, matched on "file" or "id". Throws IoError when the folder cannot be read.
  [[nodiscard]] static Corpus from_folder(const std::filesystem::path& folder,
                                          const LoadOptions& options,
                                          const Interrupt& interrupt = {});
  /// One JSON object per line. Throws IoError when unreadable; std::invalid_argument for a
  /// malformed line under kStrict (else a warning and the line is counted as skipped).
  [[nodiscard]] static Corpus from_jsonl(const std::filesystem::path& file,
                                         const LoadOptions& options,
                                         const Interrupt& interrupt = {});
  /// JSONL text already in memory (a batch of lines of `source`, whose first line is line
  /// `first_line + 1`): what from_jsonl does after reading the file, with the same warnings,
  /// sources ("source:LINE") and default ids ("stem:LINE"). A byte order mark is removed only
  /// when first_line == 0. Used to stream large or compressed files in batches.
  [[nodiscard]] static Corpus from_jsonl_text(std::string_view data, const std::string& source,
                                              const std::string& stem, std::int64_t first_line,
                                              const LoadOptions& options,
                                              const Interrupt& interrupt = {});
  /// Documents already in memory (Python records, DataFrames, lists of str).
  [[nodiscard]] static Corpus from_records(std::vector<RawDocument> records,
                                           const LoadOptions& options,
                                           const Interrupt& interrupt = {});

  [[nodiscard]] std::size_t size() const noexcept { return docs_.size(); }
  [[nodiscard]] const Document& at(std::size_t i) const { return docs_.at(i); }
  [[nodiscard]] std::span<const Document> documents() const noexcept { return docs_; }
  [[nodiscard]] const std::vector<CorpusWarning>& warnings() const noexcept { return warnings_; }
  /// Documents seen in the input, used or skipped.
  [[nodiscard]] std::size_t n_inputs() const noexcept { return n_inputs_; }
  /// The options the corpus was built with (threads and the cancel flag aside, the ones
  /// that shape its segmentation: paragraph mode, boilerplate detection).
  [[nodiscard]] const LoadOptions& options() const noexcept { return options_; }

  /// A corpus from documents already decoded and checked (texts valid UTF-8, ids distinct,
  /// as a Corpus holds them; `seg` is ignored), with its warnings and input count as they
  /// were: segmentation and boilerplate flags are recomputed with `options`, which gives the
  /// same result as the corpus they were taken from (both are deterministic). No warning is
  /// added and no id renamed. Used to unpickle (serialize.hpp).
  [[nodiscard]] static Corpus restore(std::vector<Document> docs,
                                      std::vector<CorpusWarning> warnings, std::size_t n_inputs,
                                      const LoadOptions& options, const Interrupt& interrupt = {});

 private:
  std::vector<Document> docs_;
  std::vector<CorpusWarning> warnings_;
  std::size_t n_inputs_ = 0;
  LoadOptions options_;

  static Corpus build(std::vector<RawDocument> raw, std::vector<CorpusWarning> warnings,
                      std::size_t n_inputs, const LoadOptions& options, const Interrupt& interrupt);
};

/// Flat, column-oriented views of a whole corpus for Python (one row per token, sentence
/// or paragraph, in document order). Offsets are code points into Document::text when
/// `code_points` is true (what Python slices with), else bytes. O(total text), all threads.
struct TokenTable {
  std::vector<std::int64_t> doc, start, end, sentence;
  std::vector<std::uint8_t> kind, flags;
};
struct SentenceTable {
  std::vector<std::int64_t> doc, start, end, paragraph, n_tokens;
  std::vector<std::uint8_t> boilerplate;
};
struct ParagraphTable {
  std::vector<std::int64_t> doc, start, end, line, n_sentences;
  std::vector<std::uint8_t> boilerplate;
};
/// Per-document counts: code points, bytes, tokens, sentences, paragraphs, boilerplate
/// paragraphs.
struct DocStats {
  std::vector<std::int64_t> n_chars, n_bytes, n_tokens, n_sentences, n_paragraphs, n_boilerplate;
};

[[nodiscard]] TokenTable token_table(const Corpus& corpus, bool code_points, int threads = 0);
[[nodiscard]] SentenceTable sentence_table(const Corpus& corpus, bool code_points, int threads = 0);
[[nodiscard]] ParagraphTable paragraph_table(const Corpus& corpus, bool code_points,
                                             int threads = 0);
[[nodiscard]] DocStats doc_stats(const Corpus& corpus, int threads = 0);

/// One text's segmentation as columns (presslens.sentences / tokenize on a str): offsets
/// in code points of `text` when `code_points`, else bytes; token_sentence is the sentence
/// of each token.
struct SegmentationTable {
  std::vector<std::int64_t> token_start, token_end, token_sentence, sentence_start, sentence_end,
      sentence_paragraph, paragraph_start, paragraph_end, paragraph_line;
  std::vector<std::uint8_t> token_kind, token_flags, paragraph_boilerplate;
};
[[nodiscard]] SegmentationTable segmentation_table(std::string_view text, const Segmentation& seg,
                                                   bool code_points);

/// The one way a result's byte offsets become the code-point offsets Python slices with:
/// for rows ordered by document (mentions, quotes, co-mention units), one index per
/// document, built when the document changes. Bytes unchanged when `code_points` is false.
///
///   DocCodePoints cp(corpus, true);
///   for (const Mention& m : r.mentions) start.push_back(cp(m.doc, m.start));
class DocCodePoints {
 public:
  DocCodePoints(const Corpus& corpus, bool code_points);
  ~DocCodePoints();
  DocCodePoints(const DocCodePoints&) = delete;
  DocCodePoints& operator=(const DocCodePoints&) = delete;
  [[nodiscard]] std::int64_t operator()(std::uint32_t doc, std::uint32_t byte);

 private:
  struct Index;
  const Corpus& corpus_;
  bool code_points_;
  std::uint32_t doc_ = UINT32_MAX;
  std::unique_ptr<Index> index_;
};

}  // namespace presslens
