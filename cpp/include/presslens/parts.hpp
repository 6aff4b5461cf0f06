// presslens/parts.hpp: quotes of one part of a corpus (a Dask partition, a stream batch)
// attributed to the entities of the whole corpus, and utterance ids linked once over every
// part, so that the parts' quotes equal extract_quotes of the whole corpus.
//
//   EntityResult whole = ...;  // resolved once over every part (resolve_entity_partial)
//   EntityResult mine = entities_of_documents(whole, {7, 2, 9});  // the part's documents
//   check_entities_fit(part, mine);
//   QuoteResult q = extract_quotes(part, mine, gazetteer, options);
//   auto stems = utterance_stems(part, q);  // per quote, carried to where parts are joined
//   ...  // every part's quotes in the whole corpus's order (document, then start)
//   std::vector<std::uint32_t> ids = link_utterance_stems(doc, speaker, kind, stems, 0.4);
//
// Utterance ids are the only part of a quote that depends on other documents: the rest is
// found per document, given the entities (the mentions of its document and the entity table).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/errors.hpp"
#include "presslens/quotes.hpp"

namespace presslens {

/// The entities of `result` restricted to some of its documents: document docs[k] of
/// `result` becomes document k (its mentions, in order). The entity table and the merge log
/// are kept whole, so entity ids stay those of `result`. The per-token flags are left out
/// (extract_quotes computes them). O(mentions kept + entities + docs log mentions).
[[nodiscard]] EntityResult entities_of_documents(const EntityResult& result,
                                                 std::span<const std::uint32_t> docs);

/// Throws std::invalid_argument unless every mention of `result` lies in a document of
/// `corpus` (document, token, sentence, paragraph and byte offsets in range) and names an
/// entity of `result`: the check before extract_quotes reads a corpus with entities found
/// elsewhere (the texts differ from those the entities were found in). O(mentions).
void check_entities_fit(const Corpus& corpus, const EntityResult& result);

/// Per quote of `result`: the distinct content stems of its parts, sorted (what utterance
/// ids compare; see content_stems), or none for a quote that takes no part in utterance
/// linking (no speaker entity, indirect or scare).
[[nodiscard]] std::vector<std::vector<std::string>> utterance_stems(const Corpus& corpus,
                                                                    const QuoteResult& result);

/// The utterance ids of the quotes of a whole corpus, in its order (by document, then start),
/// from each quote's document (any number that differs between documents), speaker entity
/// (-1: none), kind and utterance_stems: the ids extract_quotes gives those quotes. Throws
/// std::invalid_argument for columns of different lengths or an overlap outside (0, 1].
[[nodiscard]] std::vector<std::uint32_t> link_utterance_stems(
    std::span<const std::uint32_t> doc, std::span<const std::int32_t> speaker,
    std::span<const QuoteKind> kind, const std::vector<std::vector<std::string>>& stems,
    double utterance_overlap, const Interrupt& interrupt = {});

}  // namespace presslens
