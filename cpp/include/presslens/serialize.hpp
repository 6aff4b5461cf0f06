// presslens/serialize.hpp: a corpus or an entity result as one compact byte string and
// back (what Python's pickle carries between processes).
//
//   std::string bytes = presslens::serialize(corpus);
//   presslens::Corpus again = presslens::deserialize_corpus(bytes);   // equal documents,
//                                                                     // warnings, segmentation
//
// A corpus is written as its documents' texts and metadata, its warnings, its input count
// and the options that shape its segmentation; the segmentation and boilerplate flags are
// recomputed on load (Corpus::restore, deterministic), so the bytes are about the size of
// the text. An entity result is written whole except the per-token gazetteer flags it keeps
// for extract_quotes (recomputed there when absent; the quotes are the same).
//
// A corpus loaded with LoadOptions::outlet_lines keeps that table (its outlets and the hashes
// of their repeated lines, a few bytes each), so it is flagged the same again; a corpus
// without one is written as before, and data written before the table existed still reads.
//
// The format is versioned (a 4-byte tag); data that is not such a string, or is cut short,
// throws std::invalid_argument.
#pragma once

#include <string>
#include <string_view>

#include "presslens/boilerplate.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"

namespace presslens {

[[nodiscard]] std::string serialize(const Corpus& corpus);
[[nodiscard]] Corpus deserialize_corpus(std::string_view bytes, int threads = 0,
                                        const Interrupt& interrupt = {});

[[nodiscard]] std::string serialize(const OutletRepeatedLines& table);
[[nodiscard]] OutletRepeatedLines deserialize_outlet_lines(std::string_view bytes);

[[nodiscard]] std::string serialize(const EntityResult& result);
[[nodiscard]] EntityResult deserialize_entity_result(std::string_view bytes);

}  // namespace presslens
