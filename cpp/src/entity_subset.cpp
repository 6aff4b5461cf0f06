// entities_of_documents and check_entities_fit (presslens/parts.hpp): the entities of a whole
// corpus handed to one part of it.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "presslens/parts.hpp"

namespace presslens {

EntityResult entities_of_documents(const EntityResult& result,
                                   std::span<const std::uint32_t> docs) {
  EntityResult out;
  out.entities = result.entities;
  out.merges = result.merges;
  out.gazetteer_fingerprint = result.gazetteer_fingerprint;
  const auto by_doc = [](const Mention& m, std::uint32_t d) { return m.doc < d; };
  for (std::uint32_t k = 0; k < docs.size(); ++k) {
    auto it = std::lower_bound(result.mentions.begin(), result.mentions.end(), docs[k], by_doc);
    for (; it != result.mentions.end() && it->doc == docs[k]; ++it) {
      Mention m = *it;
      m.doc = k;
      out.mentions.push_back(m);
    }
  }
  return out;
}

void check_entities_fit(const Corpus& corpus, const EntityResult& result) {
  const auto fail = [](std::size_t i, const std::string& what) {
    throw std::invalid_argument("entities: mention " + std::to_string(i) + " " + what +
                                ": these entities were not found in this corpus's texts");
  };
  std::uint32_t last_doc = 0;
  for (std::size_t i = 0; i < result.mentions.size(); ++i) {
    const Mention& m = result.mentions[i];
    if (m.doc >= corpus.size()) fail(i, "names a document the corpus does not have");
    if (m.doc < last_doc) fail(i, "is out of document order");
    last_doc = m.doc;
    const Document& d = corpus.at(m.doc);
    if (m.token >= d.seg.tokens.size() || m.sentence >= d.seg.sentences.size() ||
        m.paragraph >= d.seg.paragraphs.size())
      fail(i, "names a token, sentence or paragraph its document does not have");
    if (m.start > m.end || m.end > d.text.size() || m.role_start > m.role_end ||
        m.role_end > d.text.size())
      fail(i, "does not fit its document's text");
    if (m.entity >= result.entities.size()) fail(i, "names an entity the result does not have");
  }
}

}  // namespace presslens
