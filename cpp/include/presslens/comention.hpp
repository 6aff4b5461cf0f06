// presslens/comention.hpp: who is mentioned with whom, counted per unit of text, with
// association measures computed from the counts and their margins.
//
//   presslens::CoMentionOptions opt;             // scope = sentence
//   auto co = presslens::count_comentions(corpus, entities, opt);
//   const presslens::CoMentionTable& all = co.tables[0];      // tables[g + 1]: group g
//   auto assoc = presslens::associations(all);                 // pmi, npmi, g2 ... per pair
//
// Units: kSentence, kParagraph, kDocument (boilerplate excluded), or kWindow: one unit per
// mention, holding the entities mentioned from that token up to `window` tokens after it.
// In a unit each entity counts once; a pair (a, b), a < b, counts once per unit holding
// both. margin[a] = units holding a; n_units = units (with at least one kept mention).
// Matrices are sparse and symmetric (Eigen in the core; CSR arrays out), diagonal empty.
//
// Association of a pair from its 2x2 table (O11 = n_ab, R1 = n_a, C1 = n_b, N = n_units;
// E11 = R1*C1/N):
//   pmi     = log2(O11 / E11)                 npmi = pmi / -log2(O11 / N)
//   g2      = 2 * sum O_ij ln(O_ij / E_ij)    p_g2 = chi2_sf_1df(g2) (stats.hpp)
//   chi2    = Pearson's chi2 with Yates' continuity correction (stats.hpp), p_chi2 likewise
//   dice    = 2 O11 / (R1 + C1)               jaccard = O11 / (R1 + C1 - O11)
// Complexity: O(sum over units of k^2) for k entities per unit. Deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"

namespace presslens {

enum class CoScope : std::uint8_t { kSentence = 0, kParagraph = 1, kDocument = 2, kWindow = 3 };

struct CoMentionOptions {
  CoScope scope = CoScope::kSentence;
  std::uint32_t window = 0;  // tokens, for kWindow (must be > 0 then)
  /// Entity types to keep (bit 1 << EntityType); default PERSON, ORG, PLACE.
  std::uint8_t types = 0b0111;
  /// Optional group of each document (-1: none), e.g. its outlet; groups are 0..n_groups-1.
  std::vector<std::int32_t> doc_groups;
  std::int32_t n_groups = 0;
  int threads = 0;
};

struct CoMentionTable {
  std::uint32_t n_entities = 0;
  double n_units = 0;
  std::vector<double> margin;  // per entity
  // Upper-triangle pairs (a < b), sorted by (a, b).
  std::vector<std::uint32_t> a, b;
  std::vector<double> count;
  // The full symmetric matrix as CSR (row pointers, column indices, values).
  std::vector<std::int64_t> indptr;
  std::vector<std::int32_t> indices;
  std::vector<double> data;
};

struct CoMentionResult {
  std::vector<CoMentionTable> tables;  // [0]: whole corpus; [g + 1]: group g
};

/// Throws std::invalid_argument for kWindow with window == 0, or doc_groups of the wrong
/// size / out of range.
[[nodiscard]] CoMentionResult count_comentions(const Corpus& corpus, const EntityResult& entities,
                                               const CoMentionOptions& options,
                                               const Interrupt& interrupt = {});

/// The table of the union of disjoint parts of a corpus from the parts' tables, counted with
/// the same options and the same entity ids (each part's entities_of_documents of one
/// EntityResult, parts.hpp): units, margins and pair counts are sums over documents, so the
/// sum, its pairs and CSR assembled as count_comentions assembles them, is the whole's table
/// exactly. Only n_entities, n_units, margin, a, b and count of the parts are read. Throws
/// std::invalid_argument for a part of another n_entities, a margin of another size, pairs
/// not a < b < n_entities, or a count or margin that is no non-negative integer.
[[nodiscard]] CoMentionTable sum_comention_tables(std::span<const CoMentionTable> parts,
                                                  std::uint32_t n_entities);

struct Associations {
  std::vector<double> expected, pmi, npmi, g2, p_g2, chi2, p_chi2, dice, jaccard;
};

/// One value per pair of `table` (same order as table.a / table.b). Each pair's values are
/// its own: blocks of pairs run on `threads` threads (0 = all cores), with the same result
/// whatever their number.
[[nodiscard]] Associations associations(const CoMentionTable& table, int threads = 1,
                                        const Interrupt& interrupt = {});

struct EvidenceUnit {
  std::uint32_t doc;
  std::uint32_t start, end;  // the unit (sentence, paragraph, document, window)
};

/// The units in which entities a and b are both mentioned, in corpus order; offsets in
/// bytes, or in code points when `code_points`.
[[nodiscard]] std::vector<EvidenceUnit> comention_evidence(const Corpus& corpus,
                                                           const EntityResult& entities,
                                                           const CoMentionOptions& options,
                                                           std::uint32_t a, std::uint32_t b,
                                                           bool code_points = false);

}  // namespace presslens
