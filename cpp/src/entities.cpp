// extract_entities: detection (entity_detection.cpp), then resolution
// (entity_resolution.cpp), then the result: each entity's attributes and canonical name,
// the entities in their documented order, one mention per candidate and the merge log.
// Also the mention table for Python. Detection and resolution work on interned string ids;
// strings are built here, once per entity and distinct form, never per mention.
#include "presslens/entities.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detail/entity_detection.hpp"
#include "detail/entity_resolution.hpp"
#include "detail/entity_result.hpp"
#include "detail/gazetteer.hpp"
#include "detail/hash.hpp"
#include "detail/names.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

std::string_view entity_type_name(EntityType t) noexcept {
  switch (t) {
    case EntityType::kPerson:
      return "PERSON";
    case EntityType::kOrg:
      return "ORG";
    case EntityType::kPlace:
      return "PLACE";
    case EntityType::kOther:
      return "OTHER";
  }
  return "OTHER";
}

namespace {

using detail::Candidate;
using detail::CandidateArray;
using detail::Detection;
using detail::Reason;
using detail::Resolution;
using detail::Strings;
using detail::Why;

// Entities are filled on `threads` threads, blocks of kEntitiesPerTask entities.
constexpr std::size_t kEntitiesPerTask = 256;

// Each entity's candidates, in candidate order (a counting sort by entity): entity e's are
// cands[begin[e], begin[e + 1]).
struct ByEntity {
  std::vector<std::uint32_t> begin, cands;
};

ByEntity by_entity(const std::vector<std::uint32_t>& assign, std::size_t ne) {
  ByEntity b{std::vector<std::uint32_t>(ne + 1, 0), std::vector<std::uint32_t>(assign.size())};
  for (const std::uint32_t e : assign) ++b.begin[e + 1];
  for (std::size_t e = 0; e < ne; ++e) b.begin[e + 1] += b.begin[e];
  std::vector<std::uint32_t> at(b.begin.begin(), b.begin.end() - 1);
  for (std::size_t i = 0; i < assign.size(); ++i)
    b.cands[at[assign[i]]++] = static_cast<std::uint32_t>(i);
  return b;
}

// The strings of `ids`, sorted and distinct. Distinct ids are distinct strings: the ids are
// made distinct first, then their strings sorted.
std::vector<std::string> sorted_strings(std::vector<std::uint32_t>& ids, const Strings& strings) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const std::uint32_t id : ids) out.emplace_back(strings.str(id));
  std::sort(out.begin(), out.end());
  return out;
}

// A person's canonical name: its most frequent form of two words or more (on a tie, the one
// with more words, then the first in string order); unchanged when it has none.
void name_person(Entity& ent, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& forms,
                 const Strings& strings) {
  std::optional<std::string_view> best;
  std::uint32_t best_n = 0;
  std::size_t best_words = 0;
  for (const auto& [fid, cnt] : forms) {
    const std::string_view f = strings.str(fid);
    const std::size_t words = static_cast<std::size_t>(std::count(f.begin(), f.end(), ' ')) + 1;
    if (words >= 2 && (!best || cnt > best_n || (cnt == best_n && words > best_words))) {
      best = f;
      best_n = cnt;
      best_words = words;
    }
  }
  if (best) ent.name = *best;
}

// The scratch space of one thread filling entities.
struct FillScratch {
  std::vector<std::uint32_t> sids, roles;
  std::vector<std::string_view> outlets;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> forms;  // (surface id, count)
};

// Entity `ent`'s attributes from its candidates `mine` (in candidate order): mentions,
// documents, outlets, roles, aliases (its surfaces, in string order), confidence, gender,
// and a person's canonical name.
void fill_entity(Entity& ent, std::span<const std::uint32_t> mine, const Detection& d,
                 const std::vector<std::string_view>& doc_outlets, FillScratch& s) {
  s.sids.clear();
  s.roles.clear();
  s.outlets.clear();
  std::uint32_t n_docs = 0, last_doc = UINT32_MAX;
  std::array<std::uint32_t, 2> sexes{0, 0};
  double conf = 0;
  for (const std::uint32_t i : mine) {
    const Candidate& c = d.cands[i];
    s.sids.push_back(c.sid);
    if (c.role_end > c.role_start) s.roles.push_back(c.role);
    if (last_doc != c.doc) {  // candidates come in document order
      last_doc = c.doc;
      ++n_docs;
      s.outlets.push_back(doc_outlets[c.doc]);
    }
    conf += c.confidence;
    if (c.sex == 'm') ++sexes[0];
    if (c.sex == 'f') ++sexes[1];
  }
  std::sort(s.sids.begin(), s.sids.end());
  s.forms.clear();
  for (std::size_t k = 0; k < s.sids.size();) {
    std::size_t m = k;
    while (m < s.sids.size() && s.sids[m] == s.sids[k]) ++m;
    s.forms.emplace_back(s.sids[k], static_cast<std::uint32_t>(m - k));
    k = m;
  }
  std::sort(s.forms.begin(), s.forms.end(), [&](const auto& x, const auto& y) {
    return d.strings.str(x.first) < d.strings.str(y.first);
  });
  std::sort(s.outlets.begin(), s.outlets.end());
  s.outlets.erase(std::unique(s.outlets.begin(), s.outlets.end()), s.outlets.end());
  const auto total = static_cast<std::uint32_t>(mine.size());
  ent.n_mentions = total;
  ent.n_docs = n_docs;
  ent.outlets.assign(s.outlets.begin(), s.outlets.end());
  ent.roles = sorted_strings(s.roles, d.strings);
  for (const auto& [f, cnt] : s.forms) ent.aliases.emplace_back(d.strings.str(f));
  ent.confidence = total ? static_cast<float>(conf / total) : 0.f;
  if (sexes[0] > sexes[1]) ent.gender = 'm';
  if (sexes[1] > sexes[0]) ent.gender = 'f';
  if (ent.type == EntityType::kPerson && !s.forms.empty()) name_person(ent, s.forms, d.strings);
}

// Each entity's attributes from its candidates (fill_entity), on `threads` threads: the
// candidates are sorted by entity on the calling thread, then each entity is filled from its
// own, reading the string table.
void fill_attributes(const std::vector<std::string_view>& doc_outlets, const Detection& d,
                     const std::vector<std::uint32_t>& assign, std::vector<Entity>& entities,
                     int threads, const Interrupt& interrupt) {
  const std::size_t ne = entities.size();
  const ByEntity by = by_entity(assign, ne);
  parallel_for((ne + kEntitiesPerTask - 1) / kEntitiesPerTask, threads,
               [&](std::size_t task) {
                 FillScratch scratch;
                 for (std::size_t e = task * kEntitiesPerTask;
                      e < std::min(ne, (task + 1) * kEntitiesPerTask); ++e)
                   fill_entity(
                       entities[e],
                       std::span(by.cands).subspan(by.begin[e], by.begin[e + 1] - by.begin[e]), d,
                       doc_outlets, scratch);
               },
               interrupt);
}

// Organisation kinds (organisations.tsv) whose officials speak for their country.
constexpr std::array<std::string_view, 5> kStateKinds = {"government", "legislature", "military",
                                                         "court", "party"};

// The affiliation a gazetteer entry stands for: a place's country ("Moscow" -> "Russia"; a
// country or a user's place without one, itself); a state body's country ("Kremlin" -> "Russia");
// any other organisation itself ("NATO", "Reuters"). Empty for a disputed place (countries
// '|'-separated), a continent, a region across countries, and people.
std::string_view entry_affiliation(const GazEntry& g) {
  const bool one_country = !g.country.empty() && g.country.find('|') == std::string::npos;
  if (g.type == EntityType::kPlace) {
    if (g.kind.empty() || (g.kind == "country" && g.country.empty())) return g.canonical;
    return one_country ? std::string_view(g.country) : std::string_view();
  }
  if (g.type == EntityType::kOrg) {
    const bool state =
        std::find(kStateKinds.begin(), kStateKinds.end(), g.kind) != kStateKinds.end();
    return state && one_country ? std::string_view(g.country) : std::string_view(g.canonical);
  }
  return {};
}

}  // namespace

std::uint32_t detail::Affiliations::of_entry(std::int64_t entry) {
  if (entry < 0) return 0;
  std::uint32_t& id = by_entry_[static_cast<std::size_t>(entry)];
  if (id == UINT32_MAX)
    id = strings_.intern(entry_affiliation(gaz_.entries[static_cast<std::size_t>(entry)]));
  return id;
}

// At the first word (left to right) that starts a run of capitalised-first words forming a
// gazetteer form or a demonym (longest run first) with an affiliation. "U.S. Department of
// State spokesman" -> "United States".
std::int64_t detail::Affiliations::entry_of_span(const Gazetteer::Impl& gaz, const Document& doc,
                                                 std::uint32_t a, std::uint32_t b, std::string& key,
                                                 std::string& scratch) {
  const std::string_view text(doc.text);
  const std::vector<Token>& toks = doc.seg.tokens;
  const auto first =
      std::partition_point(toks.begin(), toks.end(), [&](const Token& t) { return t.start < a; });
  const auto i0 = static_cast<std::size_t>(first - toks.begin());
  std::size_t e = i0;
  while (e < toks.size() && toks[e].end <= b) ++e;
  for (std::size_t i = i0; i < e; ++i) {
    if (toks[i].kind != TokenKind::kWord || !(toks[i].flags & kTokCapitalized)) continue;
    std::size_t j = i;
    while (j < e && toks[j].kind == TokenKind::kWord && j - i < gaz.max_form_words) ++j;
    for (; j > i; --j) {
      detail::form_key_into(key, scratch,
                            text.substr(toks[i].start, toks[j - 1].end - toks[i].start));
      std::int64_t entry = gaz.find_index(key);
      if (entry < 0) {
        const auto d = gaz.demonyms.find(key);
        if (d != gaz.demonyms.end()) entry = d->second;
      }
      if (entry >= 0 && !entry_affiliation(gaz.entries[static_cast<std::size_t>(entry)]).empty())
        return entry;
    }
  }
  return -1;
}

std::uint32_t detail::Affiliations::of_span(const Document& doc, std::uint32_t a, std::uint32_t b) {
  const std::string_view span = std::string_view(doc.text).substr(a, b - a);
  if (const auto found = by_span_.find(span); found != by_span_.end()) return found->second;
  const std::uint32_t id = of_entry(entry_of_span(gaz_, doc, a, b, key_, scratch_));
  by_span_.emplace(std::string(span), id);
  return id;
}

bool detail::role_continues(std::string_view text, std::uint32_t cand_end,
                            std::uint32_t role_start) {
  std::string_view gap = text.substr(cand_end, role_start - cand_end);
  const auto skip_spaces = [&] {
    while (!gap.empty() && gap.front() == ' ') gap.remove_prefix(1);
  };
  skip_spaces();
  if (gap.starts_with("'s"))
    gap.remove_prefix(2);
  else if (gap.starts_with("\u2019s"))
    gap.remove_prefix(std::string_view("\u2019s").size());
  skip_spaces();
  return gap.empty();
}

namespace {

using detail::Affiliations;

// Where the role of candidate `i` starts, taken back over an organisation or place written
// just before it, possessive or not ("Russia's Deputy Foreign Minister", "U.S. Department
// of State spokesman"): candidates of one document come in text order.
std::uint32_t qualified_role_start(const Corpus& corpus, const CandidateArray& cands,
                                   std::size_t i) {
  const Candidate& c = cands[i];
  for (std::size_t j = i; j-- > 0 && i - j <= 8 && cands[j].doc == c.doc;) {
    const Candidate& q = cands[j];
    if (q.end > c.role_start) continue;  // inside the role ("Kremlin Spokesman")
    return detail::role_continues(corpus.at(c.doc).text, q.end, c.role_start) ? q.start
                                                                              : c.role_start;
  }
  return c.role_start;
}

// Per candidate, the gazetteer entry (-1: none) whose affiliation its role names (taken back
// as qualified_role_start does) and, for an organisation outside the gazetteer, its own name
// names: what fill_affiliations asks for, looked up on the threads (blocks of candidates,
// each with its own cache of spans), so that only the votes are counted on one.
struct SpanEntries {
  std::vector<std::int32_t> role, name;
};

SpanEntries span_entries(const Corpus& corpus, const Detection& d, const detail::Resolution& r,
                         const Gazetteer::Impl& gaz, int threads, const Interrupt& interrupt) {
  const std::size_t n = d.cands.size();
  SpanEntries out{std::vector<std::int32_t>(n, -1), std::vector<std::int32_t>(n, -1)};
  constexpr std::size_t kBlock = 4096;
  parallel_for((n + kBlock - 1) / kBlock, threads,
               [&](std::size_t block) {
                 detail::StringMap<std::int32_t> cache;
                 std::string key, scratch;
                 const auto entry = [&](const Document& doc, std::uint32_t a, std::uint32_t b) {
                   const std::string_view span = std::string_view(doc.text).substr(a, b - a);
                   if (const auto found = cache.find(span); found != cache.end())
                     return found->second;
                   const auto e = static_cast<std::int32_t>(
                       Affiliations::entry_of_span(gaz, doc, a, b, key, scratch));
                   cache.emplace(std::string(span), e);
                   return e;
                 };
                 for (std::size_t i = block * kBlock; i < std::min(n, (block + 1) * kBlock); ++i) {
                   const Candidate& c = d.cands[i];
                   const Document& doc = corpus.at(c.doc);
                   if (c.role_end > c.role_start)
                     out.role[i] = entry(doc, qualified_role_start(corpus, d.cands, i), c.role_end);
                   if (c.gaz < 0 && r.entities[r.assign[i]].type == EntityType::kOrg)
                     out.name[i] = entry(doc, c.start, c.end);
                 }
               },
               interrupt);
  return out;
}

// Each entity's affiliation: every mention votes for the one its (qualified) role names, or,
// for an organisation or place without one, for its gazetteer entry's, or for an organisation
// outside the gazetteer, for the one its own name names ("Russian Government" -> "Russia");
// the most votes win, ties to the first in string order.
// `role_aff(i)`: the affiliation the (qualified) role of candidate i names; `name_aff(i)`:
// the one its own name names (both string ids of d.strings, 0 for none).
template <class RoleAff, class NameAff>
void fill_affiliations(Detection& d, const std::vector<std::uint32_t>& assign, Affiliations& aff,
                       std::vector<Entity>& entities, RoleAff role_aff, NameAff name_aff) {
  std::vector<std::vector<std::uint32_t>> votes(entities.size());
  for (std::size_t i = 0; i < d.cands.size(); ++i) {
    const Candidate& c = d.cands[i];
    const std::uint32_t e = assign[i];
    std::uint32_t id = 0;
    if (c.role_end > c.role_start) id = role_aff(i);
    if (id == 0 && entities[e].type != EntityType::kPerson) id = aff.of_entry(c.gaz);
    if (id == 0 && entities[e].type == EntityType::kOrg && c.gaz < 0)
      id = name_aff(i);  // "Russian Government"
    if (id != 0) votes[e].push_back(id);
  }
  for (std::size_t e = 0; e < entities.size(); ++e) {
    std::vector<std::uint32_t>& v = votes[e];
    std::sort(v.begin(), v.end());
    std::string_view best;
    std::size_t best_n = 0;
    for (std::size_t k = 0; k < v.size();) {
      std::size_t m = k;
      while (m < v.size() && v[m] == v[k]) ++m;
      const std::string_view s = d.strings.str(v[k]);
      if (m - k > best_n || (m - k == best_n && s < best)) {
        best = s;
        best_n = m - k;
      }
      k = m;
    }
    entities[e].affiliation = best;
  }
}

// The entities with mentions, in the order of the result: type, mentions (descending), name.
// Entities left without mentions (merged into others) are left out.
std::vector<std::uint32_t> entity_order(const std::vector<Entity>& entities) {
  std::vector<std::uint32_t> order(entities.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Entity& ex = entities[x];
    const Entity& ey = entities[y];
    if (ex.type != ey.type) return ex.type < ey.type;
    if (ex.n_mentions != ey.n_mentions) return ex.n_mentions > ey.n_mentions;
    return ex.name < ey.name;
  });
  std::erase_if(order, [&](std::uint32_t x) { return entities[x].n_mentions == 0; });
  return order;
}

// One mention per candidate, in candidate order; `remap`: result index of each entity.
std::vector<Mention> make_mentions(const CandidateArray& cands,
                                   const std::vector<std::uint32_t>& assign,
                                   const std::vector<std::uint32_t>& remap,
                                   const std::vector<Entity>& entities, int threads,
                                   const Interrupt& interrupt) {
  std::vector<EntityType> types(entities.size());
  for (std::size_t e = 0; e < types.size(); ++e) types[e] = entities[e].type;
  std::vector<Mention> mentions(cands.size());
  constexpr std::size_t kBlock = 1 << 16;
  parallel_for((cands.size() + kBlock - 1) / kBlock, threads,
               [&](std::size_t block) {
                 const std::size_t end = std::min(cands.size(), (block + 1) * kBlock);
                 for (std::size_t i = block * kBlock; i < end; ++i) {
                   const Candidate& c = cands[i];
                   const std::uint32_t e = remap[assign[i]];
                   mentions[i] =
                       Mention{c.doc, c.start,      c.end,      c.sentence, c.paragraph, c.token,
                               e,     c.role_start, c.role_end, types[e],   c.confidence};
                 }
               },
               interrupt);
  return mentions;
}

// The merge log: one record per entity and form that joined it with a reason, then
// resolution's own records (refused, ambiguous, kept apart). `first_names`: the entities'
// names when the reasons were given, which the reasons quote.
std::vector<MergeRecord> merge_log(const Detection& d, Resolution& r,
                                   const std::vector<std::uint32_t>& remap,
                                   const std::vector<std::string>& first_names,
                                   const Gazetteer::Impl& gaz) {
  std::vector<MergeRecord> merges;
  detail::FlatSet logged;  // (entity, surface) + 1 with a reason, once
  for (std::size_t i = 0; i < d.cands.size(); ++i) {
    const Reason& why = r.reason[i];
    if (why.why == Why::kNone) continue;
    const Candidate& c = d.cands[i];
    const std::uint32_t e = remap[r.assign[i]];
    if (logged.insert(((static_cast<std::uint64_t>(e) << 32) | c.sid) + 1)) {
      const bool names_entity = why.why >= Why::kGivenInDoc;
      merges.push_back(
          {e, std::string(d.strings.str(c.sid)),
           describe(why, names_entity ? std::string_view(first_names[why.a]) : std::string_view(),
                    d.strings, gaz)});
    }
  }
  for (auto& m : r.merges) {
    if (m.entity != UINT32_MAX) m.entity = remap[m.entity];  // UINT32_MAX when it emptied
    merges.push_back(std::move(m));
  }
  return merges;
}

// Detection emits documents in order and each document's mentions in text order but for
// rare cases (a split run): sort only those documents' mentions.
// `order` (when not null) receives, per mention, the candidate it came from.
void sort_split_runs(std::vector<Mention>& ms, std::vector<std::uint32_t>* order) {
  if (order != nullptr) {
    order->resize(ms.size());
    std::iota(order->begin(), order->end(), 0u);
  }
  for (std::size_t i = 0; i < ms.size();) {
    std::size_t j = i + 1;
    bool sorted = true;
    for (; j < ms.size() && ms[j].doc == ms[i].doc; ++j)
      sorted = sorted && ms[j - 1].start <= ms[j].start;
    if (!sorted) {
      std::vector<std::uint32_t> idx(j - i);
      std::iota(idx.begin(), idx.end(), static_cast<std::uint32_t>(i));
      std::stable_sort(idx.begin(), idx.end(),
                       [&](std::uint32_t x, std::uint32_t y) { return ms[x].start < ms[y].start; });
      std::vector<Mention> run;
      run.reserve(idx.size());
      for (const std::uint32_t x : idx) run.push_back(ms[x]);
      std::copy(run.begin(), run.end(), ms.begin() + static_cast<std::ptrdiff_t>(i));
      if (order != nullptr)
        std::copy(idx.begin(), idx.end(), order->begin() + static_cast<std::ptrdiff_t>(i));
    }
    i = j;
  }
}

}  // namespace

namespace detail {

EntityResult build_entity_result(Detection& d, Resolution& r, const Gazetteer::Impl& gaz,
                                 const std::vector<std::string_view>& doc_outlets,
                                 const AffiliationFn& role_aff, const AffiliationFn& name_aff,
                                 int threads, const Interrupt& interrupt,
                                 std::vector<std::uint32_t>* mention_cands) {
  std::vector<std::string> first_names(r.entities.size());  // before the canonical names
  for (std::size_t e = 0; e < r.entities.size(); ++e) first_names[e] = r.entities[e].name;
  fill_attributes(doc_outlets, d, r.assign, r.entities, threads, interrupt);
  {
    Affiliations aff(gaz, d.strings);
    fill_affiliations(
        d, r.assign, aff, r.entities, [&](std::size_t i) { return role_aff(i, aff); },
        [&](std::size_t i) { return name_aff(i, aff); });
  }
  const std::vector<std::uint32_t> order = entity_order(r.entities);
  std::vector<std::uint32_t> remap(r.entities.size(), UINT32_MAX);
  for (std::uint32_t k = 0; k < order.size(); ++k) remap[order[k]] = k;

  EntityResult result;
  result.entities.reserve(order.size());
  for (const std::uint32_t o : order) result.entities.push_back(std::move(r.entities[o]));
  result.mentions = make_mentions(d.cands, r.assign, remap, result.entities, threads, interrupt);
  result.merges = merge_log(d, r, remap, first_names, gaz);
  sort_split_runs(result.mentions, mention_cands);
  result.gazetteer_fingerprint = gaz.fingerprint;
  return result;
}

}  // namespace detail

EntityResult extract_entities(const Corpus& corpus, const Gazetteer& gazetteer,
                              const EntityOptions& options, const Interrupt& interrupt) {
  const Gazetteer::Impl& gaz = gazetteer.impl();
  Detection d = detail::detect_candidates(corpus, gaz, options.threads, interrupt);
  Resolution r = detail::resolve_entities(d, gaz, options, interrupt);
  std::vector<std::string_view> outlets(corpus.size());
  for (std::size_t i = 0; i < corpus.size(); ++i) outlets[i] = corpus.at(i).outlet;
  const SpanEntries spans = span_entries(corpus, d, r, gaz, options.threads, interrupt);
  const detail::AffiliationFn role_aff = [&](std::size_t i, Affiliations& aff) {
    return aff.of_entry(spans.role[i]);
  };
  const detail::AffiliationFn name_aff = [&](std::size_t i, Affiliations& aff) {
    return aff.of_entry(spans.name[i]);
  };
  EntityResult result = detail::build_entity_result(d, r, gaz, outlets, role_aff, name_aff,
                                                    options.threads, interrupt, nullptr);
  result.token_flags = std::move(d.token_flags);
  result.token_begin.assign(corpus.size() + 1, 0);
  for (std::size_t i = 0; i < corpus.size(); ++i)
    result.token_begin[i + 1] = result.token_begin[i] + corpus.at(i).seg.tokens.size();
  return result;
}

MentionTable mention_table(const Corpus& corpus, const EntityResult& r, bool code_points) {
  MentionTable t;
  const std::size_t n = r.mentions.size();
  for (auto* v : {&t.doc, &t.start, &t.end, &t.sentence, &t.paragraph, &t.token, &t.entity,
                  &t.role_start, &t.role_end})
    v->resize(n);
  t.type.resize(n);
  t.confidence.resize(n);
  DocCodePoints cp(corpus, code_points);
  for (std::size_t k = 0; k < n; ++k) {
    const Mention& m = r.mentions[k];
    t.doc[k] = m.doc;
    t.start[k] = cp(m.doc, m.start);
    t.end[k] = cp(m.doc, m.end);
    t.sentence[k] = m.sentence;
    t.paragraph[k] = m.paragraph;
    t.token[k] = m.token;
    t.entity[k] = m.entity;
    t.role_start[k] = cp(m.doc, m.role_start);
    t.role_end[k] = cp(m.doc, m.role_end);
    t.type[k] = static_cast<std::uint8_t>(m.type);
    t.confidence[k] = m.confidence;
  }
  return t;
}

}  // namespace presslens
