// presslens/boilerplate.hpp: the outlet boilerplate rule decided over a whole collection
// loaded in parts (stream batches, Dask partitions, files loaded one at a time).
//
//   // first pass: count each part (loading it with detect_boilerplate off is enough)
//   presslens::OutletLineCounts a = presslens::outlet_line_counts(part_a);
//   presslens::OutletLineCounts b = presslens::outlet_line_counts(part_b);
//   // merge them (sum n_docs per outlet and df per outlet and hash), then decide once
//   auto table = std::make_shared<const presslens::OutletRepeatedLines>(
//       presslens::OutletRepeatedLines::decide(merged));
//   presslens::LoadOptions o;
//   o.outlet_lines = table;  // each part now flags exactly the lines the whole would
//
// The rule (one of the boilerplate rules of corpus.hpp): a line found in at least half of
// an outlet's documents and in 3 or more of them, when the outlet has 4 documents or more,
// is Boilerplate::kOutletRepeated. Its inputs are counts over documents, which add up
// across disjoint parts: so a corpus of one part, loaded with the table decided from the
// counts of every part, has the boilerplate flags it has in a corpus of every document.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/errors.hpp"

namespace presslens {

/// The inputs of the outlet rule, as columns. Rows are sorted by (outlet, hash), distinct.
struct OutletLineCounts {
  std::vector<std::string> outlets;  // distinct, in byte order ("" for documents without one)
  std::vector<std::int64_t> n_docs;  // documents per outlet
  std::vector<std::int64_t> outlet;  // per row: index into outlets
  std::vector<std::uint64_t> hash;   // per row: hash of the normalised line (never 0)
  std::vector<std::int64_t> df;      // per row: documents of the outlet that hold the line
};

/// The counts of the outlet rule over every document of `corpus`, whatever its boilerplate
/// options: each line of split_lines(text) is hashed as loading hashes it (normalised;
/// blank lines left out) and counted once per document. O(text + lines log lines), on
/// `threads` threads (0 = all cores); the result does not depend on it.
[[nodiscard]] OutletLineCounts outlet_line_counts(const Corpus& corpus, int threads = 0,
                                                  const Interrupt& interrupt = {});

/// The outlet rule decided: per outlet known to the counts, the hashes of its repeated
/// lines. Immutable; shared by the loads that use it (LoadOptions::outlet_lines).
class OutletRepeatedLines {
 public:
  /// Applies the rule to counts (rows in any order; rows of one outlet and hash are summed).
  /// Throws std::invalid_argument for columns of different lengths, an outlet named twice,
  /// an outlet index out of range, a hash of 0, a negative count or a line counted in more
  /// documents than its outlet has. O(rows log rows).
  [[nodiscard]] static OutletRepeatedLines decide(const OutletLineCounts& counts);

  /// A table already decided (what serialize.hpp reads back): `outlets` distinct and sorted,
  /// `repeated[i]` the sorted, distinct, non-zero hashes of outlets[i]. Throws
  /// std::invalid_argument otherwise.
  OutletRepeatedLines(std::vector<std::string> outlets,
                      std::vector<std::vector<std::uint64_t>> repeated);

  /// The outlets the counts knew, sorted.
  [[nodiscard]] std::span<const std::string> outlets() const noexcept { return outlets_; }
  /// The sorted hashes of the repeated lines of each outlet, as outlets().
  [[nodiscard]] std::span<const std::vector<std::uint64_t>> repeated() const noexcept {
    return repeated_;
  }
  /// The repeated lines of `outlet`, or nullptr when the counts did not know it. O(log n).
  [[nodiscard]] const std::vector<std::uint64_t>* find(std::string_view outlet) const;

  bool operator==(const OutletRepeatedLines&) const = default;

 private:
  OutletRepeatedLines() = default;
  std::vector<std::string> outlets_;
  std::vector<std::vector<std::uint64_t>> repeated_;
};

}  // namespace presslens
