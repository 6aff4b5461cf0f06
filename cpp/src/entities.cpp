// Entity detection and alias resolution. Detection is parallel, by chunks of consecutive
// documents fixed by the corpus size (not the thread count); it produces candidates (a span,
// a type guess and the keys resolution needs, as ids of the chunk's interned strings).
// Resolution merges the chunks' string tables and resolves all candidates as one pass in
// document order would (steps that only read their own document run in parallel; entities
// are made in candidate order), so the result does not depend on the thread count. No
// string is built per mention: strings are interned once per chunk and compared as ids.
#include "presslens/entities.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "detail/entity_detection.hpp"
#include "detail/gazetteer.hpp"
#include "detail/names.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

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

using namespace detail;  // word classes

// ---- resolution -----------------------------------------------------------------------------

namespace {

// What an entity is keyed by: a gazetteer name, a form key, a person's name keys ...
enum class KeyTag : std::uint32_t {
  kGaz,        // canonical gazetteer name
  kOrg,        // form key of an organisation found by rule
  kPlace,      // form key of a place found by rule
  kPerson,     // (given-name key, surname key)
  kOther,      // form key, no type evidence
  kPersonOne,  // form key of a titled single name
  kUser,       // form key of a user alias's canonical name
  kNever,      // form key split out by never_merge
};
struct EntityKey {
  KeyTag tag;
  std::uint32_t a, b = 0;
  bool operator==(const EntityKey&) const = default;
};
struct EntityKeyHash {
  std::size_t operator()(const EntityKey& k) const noexcept {
    std::uint64_t h = ((static_cast<std::uint64_t>(k.tag) << 32) | k.a) * 0x9E3779B97F4A7C15ull;
    h ^= (k.b + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// Why a mention joined its entity; the text is written once per entity and form at the end.
enum class Why : std::uint8_t {
  kNone,
  kUser,           // a: canonical name (string id)
  kGazAlias,       // a: gazetteer entry
  kTranslit,       // a, b: given-name and surname keys (string ids)
  kGivenInDoc,     // a: entity
  kSurnameCorpus,  // a: entity
  kSurnameDoc,     // a: entity
  kCapitals,       // a: entity
  kAbbreviation,   // a: entity
  kShortForm,      // a: entity
};
struct Reason {
  Why why = Why::kNone;
  std::uint32_t a = 0, b = 0;
};

// `name`: the name of entity `r.a` when the reason was given (for the reasons naming one).
std::string describe(const Reason& r, std::string_view name, const Strings& strings,
                     const Gazetteer::Impl& gaz) {
  std::string quoted;
  quoted.reserve(name.size() + 2);
  quoted.append(1, '\'').append(name).append(1, '\'');
  switch (r.why) {
    case Why::kNone:
      return {};
    case Why::kUser:
      return "user alias of '" + std::string(strings.str(r.a)) + "'";
    case Why::kGazAlias:
      return "gazetteer alias of '" + gaz.entries[r.a].canonical + "'";
    case Why::kTranslit:
      return "same name by transliteration ('" + std::string(strings.str(r.a)) + " " +
             std::string(strings.str(r.b)) + "')";
    case Why::kGivenInDoc:
      return "given name of " + quoted + " in this document";
    case Why::kSurnameCorpus:
      return "surname of " + quoted + ", the only one in the corpus";
    case Why::kSurnameDoc:
      return "surname of " + quoted + ", the only one in this document";
    case Why::kCapitals:
      return "capitals of " + quoted;
    case Why::kAbbreviation:
      return "abbreviation of " + quoted + ", the only match";
    case Why::kShortForm:
      return "short form of " + quoted + ", the only one";
  }
  return {};
}

struct Builder {
  explicit Builder(const Strings& s) : strings(s) {}
  const Strings& strings;
  std::vector<Entity> entities;
  std::vector<std::uint32_t> name_id;  // string id of each entity's first name
  std::vector<EntityType> types;       // of each entity (compact, for the per-mention passes)
  std::vector<MergeRecord> merges;

  /// The entity of `key`, made (named `name`) when it is new, which `made` then tells: ids
  /// in order of first use.
  std::uint32_t get(const EntityKey& key, std::uint32_t name, EntityType type,
                    bool* made = nullptr) {
    const std::size_t i = find_slot(key);
    if (made != nullptr) *made = slots_[i] == 0;
    if (slots_[i] != 0) return slots_[i] - 1;
    const auto id = static_cast<std::uint32_t>(entities.size());
    Entity e;
    e.name = strings.str(name);
    e.type = type;
    entities.push_back(std::move(e));
    name_id.push_back(name);
    types.push_back(type);
    keys_.push_back(key);
    slots_[i] = id + 1;
    if (keys_.size() * 2 > slots_.size()) grow();
    return id;
  }

 private:
  // Open addressing over entity ids (id + 1, 0 = empty), at most half full; the keys are
  // kept per entity. One lookup per candidate: a node-based map chased a pointer each time.
  std::vector<EntityKey> keys_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(64, 0);
  [[nodiscard]] std::size_t find_slot(const EntityKey& key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = EntityKeyHash{}(key)&mask;
    while (slots_[i] != 0 && !(keys_[slots_[i] - 1] == key)) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::uint32_t>(slots_.size() * 2, 0).swap(slots_);
    for (std::uint32_t id = 0; id < keys_.size(); ++id) slots_[find_slot(keys_[id])] = id + 1;
  }
};

// Distinct (key, entity) pairs of one document, sorted: the entity when it is the only one.
struct DocIndex {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  void finish() {
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  }
  [[nodiscard]] bool has(std::uint32_t key) const {
    const auto it = std::lower_bound(pairs.begin(), pairs.end(), std::make_pair(key, 0u));
    return it != pairs.end() && it->first == key;
  }
  // The entity when exactly one has this key, else UINT32_MAX.
  [[nodiscard]] std::uint32_t only(std::uint32_t key) const {
    const auto it = std::lower_bound(pairs.begin(), pairs.end(), std::make_pair(key, 0u));
    if (it == pairs.end() || it->first != key) return UINT32_MAX;
    const auto next = it + 1;
    return next != pairs.end() && next->first == key ? UINT32_MAX : it->second;
  }
};

}  // namespace

EntityResult extract_entities(const Corpus& corpus, const Gazetteer& gazetteer,
                              const EntityOptions& options, const Interrupt& interrupt) {
  const Gazetteer::Impl& gaz = gazetteer.impl();
  detail::Detection det = detail::detect_candidates(corpus, gaz, options.threads, interrupt);
  Strings& strings = det.strings;
  CandidateArray& cands = det.cands;
  const FlatSet& lower_vocab = det.lower_vocab;
  // form_key of a string id, computed once per distinct string.
  std::vector<std::uint32_t> fk_cache;
  auto fk_id = [&](std::uint32_t sid) {
    if (sid >= fk_cache.size()) fk_cache.resize(strings.size(), UINT32_MAX);
    if (fk_cache[sid] == UINT32_MAX) {
      const std::uint32_t k = strings.intern(form_key(strings.str(sid)));
      fk_cache[sid] = k;
    }
    return fk_cache[sid];
  };
  std::string scratch;

  Builder b(strings);
  std::vector<std::uint32_t> assign(cands.size(), UINT32_MAX);
  std::vector<Reason> reason(cands.size());

  // User aliases first: they win over every rule. form key of the alias -> canonical name.
  std::unordered_map<std::uint32_t, std::uint32_t> user_alias;
  for (const auto& [alias, canonical] : options.aliases) {
    if (form_key(alias).empty() || form_key(canonical).empty())
      throw std::invalid_argument("aliases: empty name in ('" + alias + "', '" + canonical + "')");
    user_alias[strings.intern(form_key(alias))] = strings.intern(canonical);
  }
  std::vector<std::pair<std::string, std::string>> forbid;
  for (const auto& [x, y] : options.never_merge) {
    if (form_key(x) == form_key(y))
      throw std::invalid_argument("never_merge: '" + x + "' and '" + y + "' are the same name");
    forbid.emplace_back(form_key(x), form_key(y));
  }
  // Canonical name of each gazetteer entry used, and its form key (string ids).
  std::vector<std::uint32_t> gaz_name(gaz.entries.size(), UINT32_MAX);
  auto gaz_key = [&](std::int64_t entry) {
    auto& id = gaz_name[static_cast<std::size_t>(entry)];
    if (id == UINT32_MAX)
      id = strings.intern(gaz.entries[static_cast<std::size_t>(entry)].canonical);
    return id;
  };
  // The entity of gazetteer entry `entry`, named by its canonical name.
  auto gaz_entity = [&](std::int64_t entry) {
    const std::uint32_t name = gaz_key(entry);
    return b.get({KeyTag::kGaz, name}, name, gaz.entries[static_cast<std::size_t>(entry)].type);
  };

  // 1. Gazetteer entries, organisations by rule, full person names, user aliases.
  // Surname key (a string id of detection) -> how many people have it, and the first.
  struct Surname {
    std::uint32_t people = 0, first = UINT32_MAX;
  };
  std::vector<Surname> by_surname(strings.size());
  auto add_person = [&](std::uint32_t last, std::uint32_t e) {
    if (by_surname[last].people++ == 0) by_surname[last].first = e;
  };
  // The person of the candidate's full-name keys, made from it when new (`made`), and then
  // listed under its surname.
  auto person_entity = [&](const Candidate& c, bool& made) {
    const std::uint32_t e =
        b.get({KeyTag::kPerson, c.first, c.last}, c.sid, EntityType::kPerson, &made);
    if (made) add_person(c.last, e);
    return e;
  };
  for (std::size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = cands[i];
    if (!user_alias.empty()) {
      if (const auto it = user_alias.find(c.fid); it != user_alias.end()) {
        const EntityType t = c.kind == Kind::kGazetteer
                                 ? gaz.entries[static_cast<std::size_t>(c.gaz)].type
                             : c.kind == Kind::kOrgRule ? EntityType::kOrg
                                                        : EntityType::kPerson;
        assign[i] = b.get({KeyTag::kUser, fk_id(it->second)}, it->second, t);
        reason[i] = {Why::kUser, it->second};
        continue;
      }
    }
    switch (c.kind) {
      case Kind::kGazetteer: {
        if (c.first != 0) break;  // decided after the people are known (step 2)
        assign[i] = gaz_entity(c.gaz);
        if (c.fid != fk_id(gaz_key(c.gaz)))
          reason[i] = {Why::kGazAlias, static_cast<std::uint32_t>(c.gaz)};
        break;
      }
      case Kind::kOrgRule:
        assign[i] = b.get({KeyTag::kOrg, c.fid}, c.sid, EntityType::kOrg);
        break;
      case Kind::kPlaceRule:
        assign[i] = b.get({KeyTag::kPlace, c.fid}, c.sid, EntityType::kPlace);
        break;
      case Kind::kPersonFull: {
        bool made = false;
        assign[i] = person_entity(c, made);
        if (!made && fk_id(b.name_id[assign[i]]) != c.fid)
          reason[i] = {Why::kTranslit, c.first, c.last};
        break;
      }
      default:
        break;
    }
  }
  // Multi-word runs without evidence become persons when their surname is used alone
  // elsewhere ("Haley Morris" ... "Morris says"): collected below.
  FlatSet single_keys;  // surname keys + 1
  for (const Candidate& c : cands)
    if (c.kind == Kind::kSingle || c.kind == Kind::kPersonOne)
      (void)single_keys.insert(std::uint64_t{c.last} + 1);
  for (std::size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = cands[i];
    if (assign[i] != UINT32_MAX || c.kind != Kind::kOtherMulti) continue;
    if (single_keys.contains(std::uint64_t{c.last} + 1)) {
      bool made = false;
      assign[i] = person_entity(c, made);
      c.confidence = 0.7f;
    } else {
      assign[i] = b.get({KeyTag::kOther, c.fid}, c.sid, EntityType::kOther);
    }
  }
  auto forbidden = [&](std::uint32_t sid, std::uint32_t ent) {
    if (forbid.empty()) return false;
    const std::string fk = form_key(strings.str(sid));
    const std::string nk = form_key(b.entities[ent].name);
    for (const auto& [x, y] : forbid)
      if ((x == fk && y == nk) || (y == fk && x == nk)) return true;
    return false;
  };
  // 2. Single names: a surname joins a full name when that is unambiguous. Decided per
  // document, in parallel over runs of whole documents; the names left to make an entity of
  // their own get it afterwards, in candidate order, so ids and the log are a serial pass's.
  enum class Make : std::uint8_t { kNothing, kGaz, kPersonOne, kOther };
  std::vector<Make> make(cands.size(), Make::kNothing);
  std::vector<std::size_t> runs{0};  // candidate index where each run starts
  for (std::size_t i = 0, step = std::max<std::size_t>(1, cands.size() / 64); i < cands.size();) {
    std::size_t j = std::min(cands.size(), i + step);
    while (j < cands.size() && cands[j].doc == cands[j - 1].doc) ++j;
    runs.push_back(j);
    i = j;
  }
  std::vector<std::vector<MergeRecord>> run_merges(runs.size() - 1);
  parallel_for(
      runs.size() - 1, options.threads,
      [&](std::size_t r) {
        // This document's people (all assigned by step 1): key -> the people with that key.
        DocIndex in_doc_by_last, in_doc_by_first;
        FlatSet ambiguous_logged;  // (document, form) + 1 already logged
        std::vector<MergeRecord>& merges = run_merges[r];
        std::uint32_t in_doc = UINT32_MAX;
        for (std::size_t i = runs[r]; i < runs[r + 1]; ++i) {
          Candidate& c = cands[i];
          if (c.doc != in_doc) {
            in_doc = c.doc;
            in_doc_by_last.pairs.clear();
            in_doc_by_first.pairs.clear();
            for (std::size_t k = i; k < runs[r + 1] && cands[k].doc == in_doc; ++k) {
              if (assign[k] == UINT32_MAX || b.types[assign[k]] != EntityType::kPerson) continue;
              if (cands[k].kind != Kind::kPersonFull && cands[k].kind != Kind::kOtherMulti)
                continue;
              in_doc_by_last.pairs.emplace_back(cands[k].last, assign[k]);
              in_doc_by_first.pairs.emplace_back(cands[k].first, assign[k]);
            }
            in_doc_by_last.finish();
            in_doc_by_first.finish();
          }
          if (assign[i] != UINT32_MAX) continue;
          if (c.kind == Kind::kGazetteer) {  // a place name that is also a given name
            const std::uint32_t only = in_doc_by_first.only(c.first);
            if (only != UINT32_MAX && !forbidden(c.sid, only)) {
              assign[i] = only;
              reason[i] = {Why::kGivenInDoc, only};
              c.confidence = 0.7f;
            } else {
              make[i] = Make::kGaz;
            }
            continue;
          }
          if (c.kind != Kind::kSingle && c.kind != Kind::kPersonOne) continue;
          std::uint32_t target = UINT32_MAX;
          Reason why;
          if (const Surname& sn = by_surname[c.last]; sn.people != 0) {
            if (sn.people == 1) {
              target = sn.first;
              why = {Why::kSurnameCorpus, target};
            } else if (const std::uint32_t only = in_doc_by_last.only(c.last); only != UINT32_MAX) {
              target = only;
              why = {Why::kSurnameDoc, target};
            } else if (ambiguous_logged.insert(((std::uint64_t{c.doc} << 32) | c.sid) + 1)) {
              // once per form and document: the same surname again says nothing new
              merges.push_back({UINT32_MAX, std::string(strings.str(c.sid)),
                                "not merged: surname shared by " + std::to_string(sn.people) +
                                    " people (doc " + std::to_string(c.doc) + ")"});
            }
          }
          if (target == UINT32_MAX && c.first != 0) {
            if (const std::uint32_t only = in_doc_by_first.only(c.first); only != UINT32_MAX) {
              target = only;
              why = {Why::kGivenInDoc, target};
            }
          }
          if (target != UINT32_MAX && forbidden(c.sid, target)) {
            merges.push_back({target, std::string(strings.str(c.sid)),
                              "refused by never_merge: " +
                                  describe(why, b.entities[target].name, strings, gaz)});
            target = UINT32_MAX;
          }
          if (target != UINT32_MAX) {
            assign[i] = target;
            reason[i] = why;
            c.confidence = why.why == Why::kSurnameCorpus ? 0.85f : 0.75f;
            continue;
          }
          // a given name alone is not person evidence
          make[i] = c.kind == Kind::kPersonOne ? Make::kPersonOne : Make::kOther;
        }
      },
      interrupt);
  for (auto& merges : run_merges)
    for (auto& m : merges) b.merges.push_back(std::move(m));
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    switch (make[i]) {
      case Make::kNothing:
        break;
      case Make::kGaz:
        assign[i] = gaz_entity(c.gaz);
        break;
      case Make::kPersonOne:
        assign[i] = b.get({KeyTag::kPersonOne, c.fid}, c.sid, EntityType::kPerson);
        break;
      case Make::kOther:
        assign[i] = b.get({KeyTag::kOther, c.fid}, c.sid, EntityType::kOther);
        break;
    }
  }

  // 3. never_merge on full names that met by transliteration: split the later form out.
  for (const auto& [x, y] : forbid) {
    const std::uint32_t xid = strings.intern(x), yid = strings.intern(y);
    std::unordered_set<std::uint32_t> has_x;  // the entities holding the form x
    for (std::size_t j = 0; j < cands.size(); ++j)
      if (cands[j].fid == xid) has_x.insert(assign[j]);
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (cands[i].fid != yid) continue;
      const std::uint32_t e = assign[i];
      if (!has_x.contains(e)) continue;
      const std::uint32_t split_to = b.get({KeyTag::kNever, yid}, cands[i].sid, b.entities[e].type);
      for (std::size_t j = 0; j < cands.size(); ++j)
        if (assign[j] == e && cands[j].fid == yid) {
          assign[j] = split_to;
          reason[j] = {};
        }
      b.merges.push_back({split_to, std::string(strings.str(cands[i].sid)),
                          "kept apart from '" + x + "' (never_merge)"});
    }
  }

  // 3b. Organisation short forms and acronyms.
  {
    // entity -> its candidates
    std::vector<std::vector<std::uint32_t>> of(b.entities.size());
    {
      std::vector<std::uint32_t> count(b.entities.size(), 0);
      for (const std::uint32_t a : assign)
        if (a != UINT32_MAX) ++count[a];
      for (std::size_t e = 0; e < of.size(); ++e) of[e].reserve(count[e]);
    }
    for (std::size_t i = 0; i < cands.size(); ++i)
      if (assign[i] != UINT32_MAX) of[assign[i]].push_back(static_cast<std::uint32_t>(i));
    // form key of a non-capitals form -> the first entity holding it, for the few
    // all-capitals names only
    std::unordered_map<std::uint32_t, std::uint32_t> by_lower;
    for (std::uint32_t e = 0; e < b.entities.size(); ++e)
      if (!of[e].empty() && is_caps(b.entities[e].name) &&
          b.entities[e].name.find(' ') == std::string::npos)
        by_lower.emplace(fk_id(b.name_id[e]), UINT32_MAX);
    if (!by_lower.empty()) {
      const FlatSet asked([&] {
        std::vector<std::uint64_t> keys;
        for (const auto& [fid, e] : by_lower) keys.push_back(std::uint64_t{fid} + 1);
        return keys;
      }());
      for (std::size_t i = 0; i < cands.size(); ++i) {
        if (assign[i] == UINT32_MAX || !asked.contains(std::uint64_t{cands[i].fid} + 1)) continue;
        std::uint32_t& first = by_lower[cands[i].fid];
        if (assign[i] < first && !is_caps(strings.str(cands[i].sid))) first = assign[i];
      }
    }
    auto move_all = [&](std::uint32_t from, std::uint32_t to, Why why) {
      for (const std::uint32_t i : of[from]) {
        assign[i] = to;
        reason[i] = {why, to};
      }
      of[to].insert(of[to].end(), of[from].begin(), of[from].end());
      of[from].clear();
    };
    // Indexes: word-boundary suffixes of organisation and place names, and initials of
    // organisation names (each entity once per key).
    std::unordered_map<std::string, std::vector<std::uint32_t>> org_suffix, place_suffix,
        by_initials;
    for (std::uint32_t f = 0; f < b.entities.size(); ++f) {
      if (of[f].empty()) continue;
      const Entity& ent = b.entities[f];
      if (ent.type != EntityType::kOrg && ent.type != EntityType::kPlace) continue;
      auto& suffix = ent.type == EntityType::kOrg ? org_suffix : place_suffix;
      for (std::size_t sp = ent.name.find(' '); sp != std::string::npos;
           sp = ent.name.find(' ', sp + 1))
        suffix[ent.name.substr(sp + 1)].push_back(f);
      if (ent.type == EntityType::kOrg) by_initials[initials(ent.name)].push_back(f);
    }
    for (std::uint32_t e = 0; e < b.entities.size(); ++e) {
      if (of[e].empty()) continue;
      const EntityType type = b.entities[e].type;
      const Candidate& c0 = cands[of[e][0]];
      if (c0.kind != Kind::kOrgRule && c0.kind != Kind::kPlaceRule) continue;
      const std::string& name = b.entities[e].name;
      if (is_caps(name) && name.find(' ') == std::string::npos) {
        std::string letters;
        for (const char ch : name)
          if (ch >= 'A' && ch <= 'Z') letters.push_back(ch);
        // "OUR" in a shouted quote, "TARSK" in a dateline: a word, not an acronym.
        if (auto it = by_lower.find(fk_id(b.name_id[e]));
            it != by_lower.end() && it->second != UINT32_MAX && it->second != e) {
          move_all(e, it->second, Why::kCapitals);
          continue;
        }
        if (lower_vocab.contains(lower_hash(strings.str(fk_id(b.name_id[e])), scratch)) ||
            letters.size() > 5) {
          for (const std::size_t i : of[e]) assign[i] = UINT32_MAX;  // dropped
          of[e].clear();
          continue;
        }
        // "R.C." = "Riverine Commission", "TPA" = "Tarsk Press Agency" when unique.
        if (auto it = by_initials.find(letters); letters.size() >= 2 && it != by_initials.end() &&
                                                 it->second.size() == 1 && it->second[0] != e &&
                                                 !of[it->second[0]].empty())
          move_all(e, it->second[0], Why::kAbbreviation);
        continue;
      }
      // "Foreign Ministry" = "Kestrel Foreign Ministry" when only one organisation ends so
      // (likewise "Federation" = "Kestrel Federation" for places).
      const auto& index = type == EntityType::kOrg ? org_suffix : place_suffix;
      if (auto it = index.find(name); it != index.end() && it->second.size() == 1 &&
                                      it->second[0] != e && !of[it->second[0]].empty())
        move_all(e, it->second[0], Why::kShortForm);
    }
  }
  // Candidates dropped above leave the result.
  {
    std::size_t w = 0;
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (assign[i] == UINT32_MAX) continue;
      cands[w] = cands[i];
      assign[w] = assign[i];
      reason[w] = reason[i];
      ++w;
    }
    cands.shrink(w);
    assign.resize(w);
    reason.resize(w);
  }

  // 4. Entity attributes; canonical name = most frequent multi-word form.
  const std::size_t ne = b.entities.size();
  std::vector<std::string> first_names(ne);  // the names the merge reasons quote
  for (std::size_t e = 0; e < ne; ++e) first_names[e] = b.entities[e].name;
  // (entity, surface) counts, each entity's forms in string order.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> forms(ne);
  {
    // Counted in an open-addressing table keyed by entity << 32 | surface (plus one: never 0).
    FlatCounter counts;
    for (std::size_t i = 0; i < cands.size(); ++i)
      counts.add(((static_cast<std::uint64_t>(assign[i]) << 32) | cands[i].sid) + 1);
    counts.for_each([&](std::uint64_t key, std::uint64_t count) {
      forms[(key - 1) >> 32].emplace_back(static_cast<std::uint32_t>(key - 1),
                                          static_cast<std::uint32_t>(count));
    });
    for (auto& f : forms)
      std::sort(f.begin(), f.end(), [&](const auto& x, const auto& y) {
        return strings.str(x.first) < strings.str(y.first);
      });
  }
  // Roles (string ids from detection) and outlets, per entity.
  std::vector<std::uint32_t> doc_outlet(corpus.size(), UINT32_MAX);
  std::vector<std::vector<std::uint32_t>> roles(ne), outlets(ne);
  std::vector<std::uint32_t> n_docs(ne, 0), last_doc(ne, UINT32_MAX);
  std::vector<double> conf(ne, 0);
  std::vector<std::array<std::uint32_t, 3>> sexes(ne, {0, 0, 0});
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    const std::uint32_t e = assign[i];
    if (c.role_end > c.role_start) roles[e].push_back(c.role);
    if (last_doc[e] != c.doc) {  // candidates come in document order
      last_doc[e] = c.doc;
      ++n_docs[e];
      if (doc_outlet[c.doc] == UINT32_MAX)
        doc_outlet[c.doc] = strings.intern(corpus.at(c.doc).outlet);
      outlets[e].push_back(doc_outlet[c.doc]);
    }
    conf[e] += c.confidence;
    if (c.sex == 'm') ++sexes[e][0];
    if (c.sex == 'f') ++sexes[e][1];
  }
  // Distinct ids are distinct strings: sort the ids out, then the strings.
  auto sorted_strings = [&](std::vector<std::uint32_t>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (const std::uint32_t id : ids) out.emplace_back(strings.str(id));
    std::sort(out.begin(), out.end());
    return out;
  };
  for (std::size_t e = 0; e < ne; ++e) {
    Entity& ent = b.entities[e];
    std::uint32_t total = 0;
    for (const auto& [f, cnt] : forms[e]) total += cnt;
    ent.n_mentions = total;
    ent.n_docs = n_docs[e];
    ent.outlets = sorted_strings(outlets[e]);
    ent.roles = sorted_strings(roles[e]);
    for (const auto& [f, cnt] : forms[e]) ent.aliases.emplace_back(strings.str(f));
    ent.confidence = total ? static_cast<float>(conf[e] / total) : 0.f;
    if (sexes[e][0] > sexes[e][1]) ent.gender = 'm';
    if (sexes[e][1] > sexes[e][0]) ent.gender = 'f';
    if (ent.type == EntityType::kPerson && !forms[e].empty()) {
      std::optional<std::string_view> best;
      std::uint32_t best_n = 0;
      std::size_t best_words = 0;
      for (const auto& [fid, cnt] : forms[e]) {
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
  }

  // 5. Order entities (type, mentions desc, name) and remap.
  std::vector<std::uint32_t> order(ne);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Entity& ex = b.entities[x];
    const Entity& ey = b.entities[y];
    if (ex.type != ey.type) return ex.type < ey.type;
    if (ex.n_mentions != ey.n_mentions) return ex.n_mentions > ey.n_mentions;
    return ex.name < ey.name;
  });
  // Entities left without mentions (merged into others) are dropped.
  std::erase_if(order, [&](std::uint32_t x) { return b.entities[x].n_mentions == 0; });
  std::vector<std::uint32_t> remap(ne, UINT32_MAX);
  for (std::uint32_t r = 0; r < order.size(); ++r) remap[order[r]] = r;

  EntityResult result;
  result.entities.reserve(order.size());
  for (const std::uint32_t o : order) result.entities.push_back(std::move(b.entities[o]));
  std::vector<EntityType> types(result.entities.size());
  for (std::size_t e = 0; e < types.size(); ++e) types[e] = result.entities[e].type;
  result.mentions.resize(cands.size());
  constexpr std::size_t kBlock = 1 << 16;
  parallel_for((cands.size() + kBlock - 1) / kBlock, options.threads,
               [&](std::size_t block) {
                 const std::size_t end = std::min(cands.size(), (block + 1) * kBlock);
                 for (std::size_t i = block * kBlock; i < end; ++i) {
                   const Candidate& c = cands[i];
                   const std::uint32_t e = remap[assign[i]];
                   result.mentions[i] =
                       Mention{c.doc, c.start,      c.end,      c.sentence, c.paragraph, c.token,
                               e,     c.role_start, c.role_end, types[e],   c.confidence};
                 }
               },
               interrupt);
  FlatSet logged;  // (entity, surface) + 1 with a reason, once
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const Reason& r = reason[i];
    if (r.why == Why::kNone) continue;
    const Candidate& c = cands[i];
    const std::uint32_t e = remap[assign[i]];
    if (logged.insert(((static_cast<std::uint64_t>(e) << 32) | c.sid) + 1)) {
      const bool names_entity = r.why >= Why::kGivenInDoc;
      result.merges.push_back(
          {e, std::string(strings.str(c.sid)),
           describe(r, names_entity ? std::string_view(first_names[r.a]) : std::string_view(),
                    strings, gaz)});
    }
  }
  for (auto& m : b.merges) {
    if (m.entity != UINT32_MAX) m.entity = remap[m.entity];  // UINT32_MAX when it emptied
    result.merges.push_back(std::move(m));
  }
  // Detection emits documents in order and each document's mentions in text order but for
  // rare cases (a split run): sort only those documents' mentions.
  const auto by_start = [](const Mention& x, const Mention& y) { return x.start < y.start; };
  auto& ms = result.mentions;
  for (std::size_t i = 0; i < ms.size();) {
    std::size_t j = i + 1;
    bool sorted = true;
    for (; j < ms.size() && ms[j].doc == ms[i].doc; ++j)
      sorted = sorted && ms[j - 1].start <= ms[j].start;
    if (!sorted)
      std::stable_sort(ms.begin() + static_cast<std::ptrdiff_t>(i),
                       ms.begin() + static_cast<std::ptrdiff_t>(j), by_start);
    i = j;
  }
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
  std::size_t i = 0;
  while (i < n) {
    const std::uint32_t d = r.mentions[i].doc;
    std::size_t j = i;
    while (j < n && r.mentions[j].doc == d) ++j;
    std::unique_ptr<CodePointIndex> idx;
    if (code_points) idx = std::make_unique<CodePointIndex>(corpus.at(d).text);
    auto cp = [&](std::uint32_t byte) {
      return static_cast<std::int64_t>(idx ? idx->to_code_point(byte) : byte);
    };
    for (std::size_t k = i; k < j; ++k) {
      const Mention& m = r.mentions[k];
      t.doc[k] = m.doc;
      t.start[k] = cp(m.start);
      t.end[k] = cp(m.end);
      t.sentence[k] = m.sentence;
      t.paragraph[k] = m.paragraph;
      t.token[k] = m.token;
      t.entity[k] = m.entity;
      t.role_start[k] = cp(m.role_start);
      t.role_end[k] = cp(m.role_end);
      t.type[k] = static_cast<std::uint8_t>(m.type);
      t.confidence[k] = m.confidence;
    }
    i = j;
  }
  return t;
}

}  // namespace presslens
