// Private: the boilerplate rules, used by corpus.cpp: per line on its own (classify_line),
// per document (a repeated line) and per outlet (a line in half of its documents).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "presslens/errors.hpp"
#include "presslens/tokenize.hpp"

namespace presslens::detail {

/// Position of a line within its document, for rules that depend on it.
struct LineContext {
  bool is_first_content_line;  // the first non-empty line (a headline, not a repeat)
  bool near_end;               // among the last three non-empty lines
};

/// The reason a single line (trimmed, non-empty) is boilerplate, judged on its own, or 0.
/// Repeated lines are detected by the caller, which sees the whole document and corpus.
[[nodiscard]] std::uint8_t classify_line(std::string_view line, const LineContext& ctx);
/// The same, with `scratch` as working space (kept from one line to the next: no allocation).
[[nodiscard]] std::uint8_t classify_line(std::string_view line, const LineContext& ctx,
                                         std::string& scratch);

/// Flags the lines of one document: each non-blank line by classify_line, and a line of 4+
/// words already seen in the document (a repeated headline or credit) as kRepeatedLine.
/// `hashes[i]` is the normalised hash of `lines[i]` (0 for a blank line), `words[i]` its
/// number of words; `reasons` receives the reason per line (0: content). O(text).
void flag_document_lines(std::string_view text, std::span<const LineSpan> lines,
                         std::span<const std::uint64_t> hashes, std::span<const std::size_t> words,
                         std::span<std::uint8_t> reasons);

/// Hash of `line` as normalize_for_match would write it, without building it; 0 for a blank
/// line. `words` receives the number of space-separated words. The hash every line-based rule
/// (and presslens::outlet_line_counts) uses. O(line).
[[nodiscard]] std::uint64_t normalized_hash(std::string_view line, std::size_t& words);

/// The outlet rule, the one place it is written: a line held by `df` of an outlet's `n_docs`
/// documents is boilerplate when the outlet has 4 documents or more and the line is in at
/// least half of them and in 3 or more.
[[nodiscard]] constexpr bool outlet_repeated(std::size_t df, std::size_t n_docs) noexcept {
  return n_docs >= 4 && df >= 3 && 2 * df >= n_docs;
}

/// The non-blank line hashes of some documents (`hashes` per document, 0 for a blank line),
/// each with the number of documents that hold it, sorted by hash: the counts of the outlet
/// rule, for one corpus (flag_outlet_repeated) or for a whole collection
/// (presslens::outlet_line_counts). O(lines log lines). Polls `interrupt` every 1024
/// documents (give none from a worker thread).
[[nodiscard]] std::vector<std::pair<std::uint64_t, std::size_t>> line_document_counts(
    std::span<const std::span<const std::uint64_t>> hashes, const Interrupt& interrupt);

/// Flags, in the documents of one outlet (`hashes` and `reasons` per document, as above), the
/// lines found in at least half of them and in 3 or more as kOutletRepeated, when the outlet
/// has 4 documents or more and the line has no reason yet. O(lines log lines). Polls
/// `interrupt` every 1024 documents.
void flag_outlet_repeated(std::span<const std::span<const std::uint64_t>> hashes,
                          std::span<const std::span<std::uint8_t>> reasons,
                          const Interrupt& interrupt);

/// Flags, in one document, the lines whose hash is in `repeated` (sorted: the outlet's
/// repeated lines decided over a whole collection, OutletRepeatedLines) as kOutletRepeated,
/// when the line has no reason yet: what flag_outlet_repeated does, from counts made
/// elsewhere. O(lines log repeated).
void flag_known_repeated(std::span<const std::uint64_t> hashes,
                         std::span<const std::uint64_t> repeated, std::span<std::uint8_t> reasons);

}  // namespace presslens::detail
