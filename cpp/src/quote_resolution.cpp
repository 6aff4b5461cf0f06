// Resolving a pronoun or role-noun speaker to an entity: a compatible mention earlier in the
// sentence, the previous speaker, the nearest compatible mention; each a table look-up.
#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

void DocQuotes::resolve(Speaker& s, std::uint32_t at, std::int32_t last_speaker) {
  if (s.entity >= 0 || !s.found()) return;
  // mentions before `at` (a document's mentions are in text order)
  const auto first_after =
      std::partition_point(er_.mentions.begin() + static_cast<std::ptrdiff_t>(m_begin_),
                           er_.mentions.begin() + static_cast<std::ptrdiff_t>(m_end_),
                           [&](const Mention& m) { return m.token < at; });
  const auto upto = static_cast<std::size_t>(first_after - er_.mentions.begin());
  if (s.kind == SpeakerKind::kPronoun) {
    const std::string p = low(s.first_tok);
    const Antecedent c =
        p == "they" || p == "them" || p == "we"
            ? kOrganisation
            : (p == "he" || p == "him" ? kHe : (p == "she" || p == "her" ? kShe : kAnyPerson));
    // A compatible person earlier in the same sentence ("Even though Ryabkov did not rule
    // it out, he stressed ..."), then the previous speaker, then the nearest mention.
    const std::int32_t near = antecedent(c, upto);
    const std::uint32_t sentence_start = d_.seg.sentences[tok_sentence_[at]].token_begin;
    if (near >= 0 && mention(near).token >= sentence_start) {
      s.entity = static_cast<std::int32_t>(mention(near).entity);
      return;
    }
    if (last_speaker >= 0) {
      const Entity& e = er_.entities[static_cast<std::size_t>(last_speaker)];
      const bool ok = c == kOrganisation ? e.type != EntityType::kPerson : compatible(c, e);
      if (ok) {
        s.entity = last_speaker;
        return;
      }
    }
    if (near >= 0) s.entity = static_cast<std::int32_t>(mention(near).entity);
    return;
  }
  if (s.kind == SpeakerKind::kRole) {
    const std::string noun = low(s.last_tok);
    if (noun.size() > 3 && noun.back() == 's') return;  // plural: a group, no one person
    // the nearest person whose titles contain the noun, then the previous speaker, then the
    // nearest person mentioned before, outside quotes
    const std::vector<std::uint32_t>& titled = role_mentions(noun);
    const auto it = std::lower_bound(titled.begin(), titled.end(), upto);
    if (it != titled.begin()) {
      s.entity = static_cast<std::int32_t>(er_.mentions[*std::prev(it)].entity);
      return;
    }
    if (last_speaker >= 0 &&
        er_.entities[static_cast<std::size_t>(last_speaker)].type == EntityType::kPerson) {
      s.entity = last_speaker;
      return;
    }
    const std::int32_t near = antecedent(kAnyPerson, upto);
    if (near >= 0) s.entity = static_cast<std::int32_t>(mention(near).entity);
  }
}

bool DocQuotes::compatible(Antecedent c, const Entity& e) {
  switch (c) {
    case kOrganisation:
      return e.type == EntityType::kOrg;
    case kHe:
      return e.type == EntityType::kPerson && (!e.gender || e.gender == 'm');
    case kShe:
      return e.type == EntityType::kPerson && (!e.gender || e.gender == 'f');
    case kAnyPerson:
      return e.type == EntityType::kPerson;
  }
  return false;
}

std::int32_t DocQuotes::antecedent(Antecedent c, std::size_t upto) {
  std::vector<std::int32_t>& near = antecedent_[c];
  if (near.empty()) {
    near.assign(m_end_ - m_begin_ + 1, -1);
    for (std::size_t j = m_begin_; j < m_end_; ++j) {
      const Mention& m = er_.mentions[j];
      const bool fits = !in_quote_[m.token] && compatible(c, er_.entities[m.entity]);
      near[j - m_begin_ + 1] = fits ? static_cast<std::int32_t>(j) : near[j - m_begin_];
    }
  }
  return near[upto - m_begin_];
}

const std::vector<std::uint32_t>& DocQuotes::role_mentions(const std::string& noun) {
  for (const auto& [w, list] : role_mentions_)
    if (w == noun) return list;
  std::vector<std::uint32_t> list;
  std::unordered_map<std::uint32_t, bool> titled;  // entity -> has such a title
  for (std::size_t j = m_begin_; j < m_end_; ++j) {
    const std::uint32_t e = er_.mentions[j].entity;
    const auto [it, fresh] = titled.try_emplace(e, false);
    if (fresh) {
      const Entity& ent = er_.entities[e];
      it->second = ent.type == EntityType::kPerson &&
                   std::any_of(ent.roles.begin(), ent.roles.end(),
                               [&](const std::string& r) { return contains_lower(r, noun); });
    }
    if (it->second) list.push_back(static_cast<std::uint32_t>(j));
  }
  role_mentions_.emplace_back(noun, std::move(list));
  return role_mentions_.back().second;
}

}  // namespace presslens::detail
