// Entity resolution: candidates become entities as one pass in document order would make
// them, so that ids and the merge log do not depend on the thread count. Steps that only
// read their own document (single names) run in parallel over runs of whole documents and
// leave the entities they would make to a serial pass in candidate order. Strings are
// compared as ids of the corpus-wide table; a merge's reason is kept as a Reason (ids) and
// written as text once per entity and form, by entities.cpp.
#include "detail/entity_resolution.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "detail/hash.hpp"
#include "detail/names.hpp"
#include "presslens/parallel.hpp"

namespace presslens::detail {
namespace {

// The longest short form of an organisation or place name that resolution looks for
// ("Foreign Ministry" for "Kestrel Foreign Ministry"), in words.
constexpr std::size_t kMaxShortFormWords = 8;

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

// Where a single name left without an entity by step 2 gets one (serially, afterwards).
enum class Make : std::uint8_t { kNothing, kGaz, kPersonOne, kOther };

// The people of one document with a full name, by surname key and by given-name key.
struct DocPeople {
  DocIndex by_last, by_first;
};

// One resolution: the steps of resolve_entities, in order, over the state they share.
class Resolver {
 public:
  Resolver(Detection& d, const Gazetteer::Impl& gaz, const EntityOptions& options,
           const Interrupt& interrupt)
      : strings_(d.strings),
        cands_(d.cands),
        lower_vocab_(d.lower_vocab),
        gaz_(gaz),
        options_(options),
        interrupt_(interrupt),
        b_(d.strings),
        assign_(cands_.size(), UINT32_MAX),
        reason_(cands_.size()) {
    read_options();
    gaz_name_.assign(gaz.entries.size(), UINT32_MAX);
    by_surname_.resize(strings_.size());
  }

  Resolution run() {
    assign_known();
    assign_unevidenced_runs();
    assign_single_names();
    split_never_merge();
    merge_short_forms();
    drop_unassigned();
    return {std::move(b_.entities), std::move(assign_), std::move(reason_), std::move(b_.merges),
            std::move(kept_)};
  }

 private:
  // Surname key (a string id of detection) -> how many people have it, and the first.
  struct Surname {
    std::uint32_t people = 0, first = UINT32_MAX;
  };

  Strings& strings_;
  CandidateArray& cands_;
  const FlatSet& lower_vocab_;
  const Gazetteer::Impl& gaz_;
  const EntityOptions& options_;
  const Interrupt& interrupt_;
  Builder b_;
  std::vector<std::uint32_t> assign_;
  std::vector<Reason> reason_;
  std::vector<std::uint32_t> kept_;
  std::unordered_map<std::uint32_t, std::uint32_t> user_alias_;  // alias form key -> canonical
  std::vector<std::pair<std::string, std::string>> forbid_;      // never_merge form keys
  std::vector<std::uint32_t> fk_cache_;  // form key of a string id, once per string
  std::vector<std::uint32_t> gaz_name_;  // canonical name of each gazetteer entry used
  std::vector<Surname> by_surname_;
  std::string scratch_;

  // User aliases win over every rule; never_merge pairs are compared by form key.
  void read_options() {
    for (const auto& [alias, canonical] : options_.aliases) {
      if (form_key(alias).empty() || form_key(canonical).empty())
        throw std::invalid_argument("aliases: empty name in ('" + alias + "', '" + canonical +
                                    "')");
      user_alias_[strings_.intern(form_key(alias))] = strings_.intern(canonical);
    }
    for (const auto& [x, y] : options_.never_merge) {
      if (form_key(x) == form_key(y))
        throw std::invalid_argument("never_merge: '" + x + "' and '" + y + "' are the same name");
      forbid_.emplace_back(form_key(x), form_key(y));
    }
  }

  // form_key of a string id, computed once per distinct string.
  std::uint32_t fk_id(std::uint32_t sid) {
    if (sid >= fk_cache_.size()) fk_cache_.resize(strings_.size(), UINT32_MAX);
    if (fk_cache_[sid] == UINT32_MAX) {
      const std::uint32_t k = strings_.intern(form_key(strings_.str(sid)));
      fk_cache_[sid] = k;
    }
    return fk_cache_[sid];
  }
  // The canonical name of gazetteer entry `entry` (a string id).
  std::uint32_t gaz_key(std::int64_t entry) {
    auto& id = gaz_name_[static_cast<std::size_t>(entry)];
    if (id == UINT32_MAX)
      id = strings_.intern(gaz_.entries[static_cast<std::size_t>(entry)].canonical);
    return id;
  }
  // The entity of gazetteer entry `entry`, named by its canonical name.
  std::uint32_t gaz_entity(std::int64_t entry) {
    const std::uint32_t name = gaz_key(entry);
    return b_.get({KeyTag::kGaz, name}, name, gaz_.entries[static_cast<std::size_t>(entry)].type);
  }
  // The person of the candidate's full-name keys, made from it when new (`made`), and then
  // listed under its surname.
  std::uint32_t person_entity(const Candidate& c, bool& made) {
    const std::uint32_t e =
        b_.get({KeyTag::kPerson, c.first, c.last}, c.sid, EntityType::kPerson, &made);
    if (made && by_surname_[c.last].people++ == 0) by_surname_[c.last].first = e;
    return e;
  }
  // Whether never_merge forbids surface `sid` to join entity `ent`. Thread-safe.
  [[nodiscard]] bool forbidden(std::uint32_t sid, std::uint32_t ent) const {
    if (forbid_.empty()) return false;
    const std::string fk = form_key(strings_.str(sid));
    const std::string nk = form_key(b_.entities[ent].name);
    for (const auto& [x, y] : forbid_)
      if ((x == fk && y == nk) || (y == fk && x == nk)) return true;
    return false;
  }

  // 1. User aliases, gazetteer entries, organisations and places by rule, full person names.
  void assign_known() {
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      Candidate& c = cands_[i];
      if (!user_alias_.empty()) {
        if (const auto it = user_alias_.find(c.fid); it != user_alias_.end()) {
          const EntityType t = c.kind == Kind::kGazetteer
                                   ? gaz_.entries[static_cast<std::size_t>(c.gaz)].type
                               : c.kind == Kind::kOrgRule ? EntityType::kOrg
                                                          : EntityType::kPerson;
          assign_[i] = b_.get({KeyTag::kUser, fk_id(it->second)}, it->second, t);
          reason_[i] = {Why::kUser, it->second};
          continue;
        }
      }
      switch (c.kind) {
        case Kind::kGazetteer: {
          if (c.first != 0) break;  // decided after the people are known (step 2)
          assign_[i] = gaz_entity(c.gaz);
          if (c.fid != fk_id(gaz_key(c.gaz)))
            reason_[i] = {Why::kGazAlias, static_cast<std::uint32_t>(c.gaz)};
          break;
        }
        case Kind::kOrgRule:
          assign_[i] = b_.get({KeyTag::kOrg, c.fid}, c.sid, EntityType::kOrg);
          break;
        case Kind::kPlaceRule:
          assign_[i] = b_.get({KeyTag::kPlace, c.fid}, c.sid, EntityType::kPlace);
          break;
        case Kind::kPersonFull: {
          bool made = false;
          assign_[i] = person_entity(c, made);
          if (!made && fk_id(b_.name_id[assign_[i]]) != c.fid)
            reason_[i] = {Why::kTranslit, c.first, c.last};
          break;
        }
        default:
          break;
      }
    }
  }

  // Multi-word runs without evidence become persons when their surname is used alone
  // elsewhere ("Haley Morris" ... "Morris says"), else entities of type OTHER.
  void assign_unevidenced_runs() {
    FlatSet single_keys;  // surname keys + 1
    for (const Candidate& c : cands_)
      if (c.kind == Kind::kSingle || c.kind == Kind::kPersonOne)
        (void)single_keys.insert(std::uint64_t{c.last} + 1);
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      Candidate& c = cands_[i];
      if (assign_[i] != UINT32_MAX || c.kind != Kind::kOtherMulti) continue;
      if (single_keys.contains(std::uint64_t{c.last} + 1)) {
        bool made = false;
        assign_[i] = person_entity(c, made);
        c.confidence = 0.7f;
      } else {
        assign_[i] = b_.get({KeyTag::kOther, c.fid}, c.sid, EntityType::kOther);
      }
    }
  }

  // 2. Single names: a surname joins a full name when that is unambiguous. Decided per
  // document, in parallel over runs of whole documents; the names left to make an entity of
  // their own get it afterwards, in candidate order, so ids and the log are a serial pass's.
  void assign_single_names() {
    std::vector<Make> make(cands_.size(), Make::kNothing);
    std::vector<std::size_t> runs{0};  // candidate index where each run starts
    for (std::size_t i = 0, step = std::max<std::size_t>(1, cands_.size() / 64);
         i < cands_.size();) {
      std::size_t j = std::min(cands_.size(), i + step);
      while (j < cands_.size() && cands_[j].doc == cands_[j - 1].doc) ++j;
      runs.push_back(j);
      i = j;
    }
    std::vector<std::vector<MergeRecord>> run_merges(runs.size() - 1);
    parallel_for(
        runs.size() - 1, options_.threads,
        [&](std::size_t r) { single_names_in(runs[r], runs[r + 1], make, run_merges[r]); },
        interrupt_);
    for (auto& merges : run_merges)
      for (auto& m : merges) b_.merges.push_back(std::move(m));
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      const Candidate& c = cands_[i];
      switch (make[i]) {
        case Make::kNothing:
          break;
        case Make::kGaz:
          assign_[i] = gaz_entity(c.gaz);
          break;
        case Make::kPersonOne:
          assign_[i] = b_.get({KeyTag::kPersonOne, c.fid}, c.sid, EntityType::kPerson);
          break;
        case Make::kOther:
          assign_[i] = b_.get({KeyTag::kOther, c.fid}, c.sid, EntityType::kOther);
          break;
      }
    }
  }

  // The people of the document of candidate `i` (all assigned by step 1), by surname and
  // given-name key; `end`: the end of the run.
  void index_people(std::size_t i, std::size_t end, DocPeople& people) const {
    const std::uint32_t doc = cands_[i].doc;
    people.by_last.pairs.clear();
    people.by_first.pairs.clear();
    for (std::size_t k = i; k < end && cands_[k].doc == doc; ++k) {
      if (assign_[k] == UINT32_MAX || b_.types[assign_[k]] != EntityType::kPerson) continue;
      if (cands_[k].kind != Kind::kPersonFull && cands_[k].kind != Kind::kOtherMulti) continue;
      people.by_last.pairs.emplace_back(cands_[k].last, assign_[k]);
      people.by_first.pairs.emplace_back(cands_[k].first, assign_[k]);
    }
    people.by_last.finish();
    people.by_first.finish();
  }

  // Step 2 over candidates [begin, end), whole documents: assigns what joins a person of its
  // document or corpus, marks in `make` what will make its own entity, and logs refused and
  // ambiguous joins in `merges`. Reads only what step 1 wrote; runs in parallel.
  void single_names_in(std::size_t begin, std::size_t end, std::vector<Make>& make,
                       std::vector<MergeRecord>& merges) {
    DocPeople people;
    FlatSet ambiguous_logged;  // (document, form) + 1 already logged
    std::uint32_t in_doc = UINT32_MAX;
    for (std::size_t i = begin; i < end; ++i) {
      Candidate& c = cands_[i];
      if (c.doc != in_doc) {
        in_doc = c.doc;
        index_people(i, end, people);
      }
      if (assign_[i] != UINT32_MAX) continue;
      if (c.kind == Kind::kGazetteer) {  // a place name that is also a given name
        const std::uint32_t only = people.by_first.only(c.first);
        if (only != UINT32_MAX && !forbidden(c.sid, only)) {
          assign_[i] = only;
          reason_[i] = {Why::kGivenInDoc, only};
          c.confidence = 0.7f;
        } else {
          make[i] = Make::kGaz;
        }
        continue;
      }
      if (c.kind != Kind::kSingle && c.kind != Kind::kPersonOne) continue;
      std::uint32_t target = UINT32_MAX;
      Reason why;
      if (const Surname& sn = by_surname_[c.last]; sn.people != 0) {
        if (sn.people == 1) {
          target = sn.first;
          why = {Why::kSurnameCorpus, target};
        } else if (const std::uint32_t only = people.by_last.only(c.last); only != UINT32_MAX) {
          target = only;
          why = {Why::kSurnameDoc, target};
        } else if (ambiguous_logged.insert(((std::uint64_t{c.doc} << 32) | c.sid) + 1)) {
          // once per form and document: the same surname again says nothing new
          merges.push_back({UINT32_MAX, std::string(strings_.str(c.sid)),
                            "not merged: surname shared by " + std::to_string(sn.people) +
                                " people (doc " + std::to_string(c.doc) + ")"});
        }
      }
      if (target == UINT32_MAX && c.first != 0) {
        if (const std::uint32_t only = people.by_first.only(c.first); only != UINT32_MAX) {
          target = only;
          why = {Why::kGivenInDoc, target};
        }
      }
      if (target != UINT32_MAX && forbidden(c.sid, target)) {
        merges.push_back(
            {target, std::string(strings_.str(c.sid)),
             "refused by never_merge: " + describe(why, b_.entities[target].name, strings_, gaz_)});
        target = UINT32_MAX;
      }
      if (target != UINT32_MAX) {
        assign_[i] = target;
        reason_[i] = why;
        c.confidence = why.why == Why::kSurnameCorpus ? 0.85f : 0.75f;
        continue;
      }
      // a given name alone is not person evidence
      make[i] = c.kind == Kind::kPersonOne ? Make::kPersonOne : Make::kOther;
    }
  }

  // 3. never_merge on full names that met by transliteration: split the later form out.
  void split_never_merge() {
    for (const auto& [x, y] : forbid_) {
      const std::uint32_t xid = strings_.intern(x), yid = strings_.intern(y);
      std::unordered_set<std::uint32_t> has_x;  // the entities holding the form x
      for (std::size_t j = 0; j < cands_.size(); ++j)
        if (cands_[j].fid == xid) has_x.insert(assign_[j]);
      for (std::size_t i = 0; i < cands_.size(); ++i) {
        if (cands_[i].fid != yid) continue;
        const std::uint32_t e = assign_[i];
        if (!has_x.contains(e)) continue;
        const std::uint32_t split_to =
            b_.get({KeyTag::kNever, yid}, cands_[i].sid, b_.entities[e].type);
        for (std::size_t j = 0; j < cands_.size(); ++j)
          if (assign_[j] == e && cands_[j].fid == yid) {
            assign_[j] = split_to;
            reason_[j] = {};
          }
        b_.merges.push_back({split_to, std::string(strings_.str(cands_[i].sid)),
                             "kept apart from '" + x + "' (never_merge)"});
      }
    }
  }

  // Entity -> its candidates.
  using Members = std::vector<std::vector<std::uint32_t>>;
  [[nodiscard]] Members members() const {
    Members of(b_.entities.size());
    std::vector<std::uint32_t> count(b_.entities.size(), 0);
    for (const std::uint32_t a : assign_)
      if (a != UINT32_MAX) ++count[a];
    for (std::size_t e = 0; e < of.size(); ++e) of[e].reserve(count[e]);
    for (std::size_t i = 0; i < cands_.size(); ++i)
      if (assign_[i] != UINT32_MAX) of[assign_[i]].push_back(static_cast<std::uint32_t>(i));
    return of;
  }

  // For the one-word all-capitals names only: their form key -> the first entity holding it
  // in a form that is not all capitals ("OUR" -> "Our"), or UINT32_MAX.
  std::unordered_map<std::uint32_t, std::uint32_t> lower_case_holders(const Members& of) {
    std::unordered_map<std::uint32_t, std::uint32_t> by_lower;
    for (std::uint32_t e = 0; e < b_.entities.size(); ++e)
      if (!of[e].empty() && is_caps(b_.entities[e].name) &&
          b_.entities[e].name.find(' ') == std::string::npos)
        by_lower.emplace(fk_id(b_.name_id[e]), UINT32_MAX);
    if (by_lower.empty()) return by_lower;
    const FlatSet asked([&] {
      std::vector<std::uint64_t> keys;
      for (const auto& [fid, e] : by_lower) keys.push_back(std::uint64_t{fid} + 1);
      return keys;
    }());
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      if (assign_[i] == UINT32_MAX || !asked.contains(std::uint64_t{cands_[i].fid} + 1)) continue;
      std::uint32_t& first = by_lower[cands_[i].fid];
      if (assign_[i] < first && !is_caps(strings_.str(cands_[i].sid))) first = assign_[i];
    }
    return by_lower;
  }

  // Word-boundary suffixes of organisation and place names, and initials of organisation
  // names (each entity once per key).
  struct NameIndex {
    std::unordered_map<std::string, std::vector<std::uint32_t>> org_suffix, place_suffix,
        by_initials;
  };
  [[nodiscard]] NameIndex index_names(const Members& of) const {
    NameIndex ix;
    for (std::uint32_t f = 0; f < b_.entities.size(); ++f) {
      if (of[f].empty()) continue;
      const Entity& ent = b_.entities[f];
      if (ent.type != EntityType::kOrg && ent.type != EntityType::kPlace) continue;
      // (the last kMaxShortFormWords words at most: a run of capitals or of "X of Y of ..."
      // may make one name of the whole text, and all its suffixes would be quadratic)
      auto& suffix = ent.type == EntityType::kOrg ? ix.org_suffix : ix.place_suffix;
      std::size_t sp = ent.name.rfind(' ');
      for (std::size_t words = 1; sp != std::string::npos && words <= kMaxShortFormWords; ++words) {
        suffix[ent.name.substr(sp + 1)].push_back(f);
        sp = sp == 0 ? std::string::npos : ent.name.rfind(' ', sp - 1);
      }
      if (ent.type == EntityType::kOrg) ix.by_initials[initials(ent.name)].push_back(f);
    }
    return ix;
  }

  // Moves every candidate of entity `from` to `to`, joined for `why`.
  void move_all(Members& of, std::uint32_t from, std::uint32_t to, Why why) {
    for (const std::uint32_t i : of[from]) {
      assign_[i] = to;
      reason_[i] = {why, to};
    }
    of[to].insert(of[to].end(), of[from].begin(), of[from].end());
    of[from].clear();
  }

  // 3b. Organisation short forms and acronyms; all-capitals words that are not acronyms are
  // moved to their lower-case entity or dropped (assign_ UINT32_MAX).
  void merge_short_forms() {
    Members of = members();
    const auto by_lower = lower_case_holders(of);
    const NameIndex ix = index_names(of);
    for (std::uint32_t e = 0; e < b_.entities.size(); ++e) {
      if (of[e].empty()) continue;
      const EntityType type = b_.entities[e].type;
      const Candidate& c0 = cands_[of[e][0]];
      if (c0.kind != Kind::kOrgRule && c0.kind != Kind::kPlaceRule) continue;
      const std::string& name = b_.entities[e].name;
      if (is_caps(name) && name.find(' ') == std::string::npos) {
        std::string letters;
        for (const char ch : name)
          if (ch >= 'A' && ch <= 'Z') letters.push_back(ch);
        // "OUR" in a shouted quote, "TARSK" in a dateline: a word, not an acronym.
        if (auto it = by_lower.find(fk_id(b_.name_id[e]));
            it != by_lower.end() && it->second != UINT32_MAX && it->second != e) {
          move_all(of, e, it->second, Why::kCapitals);
          continue;
        }
        if (lower_vocab_.contains(lower_hash(strings_.str(fk_id(b_.name_id[e])), scratch_)) ||
            letters.size() > 5) {
          for (const std::size_t i : of[e]) assign_[i] = UINT32_MAX;  // dropped
          of[e].clear();
          continue;
        }
        // "R.C." = "Riverine Commission", "TPA" = "Tarsk Press Agency" when unique.
        if (auto it = ix.by_initials.find(letters);
            letters.size() >= 2 && it != ix.by_initials.end() && it->second.size() == 1 &&
            it->second[0] != e && !of[it->second[0]].empty())
          move_all(of, e, it->second[0], Why::kAbbreviation);
        continue;
      }
      // "Foreign Ministry" = "Kestrel Foreign Ministry" when only one organisation ends so
      // (likewise "Federation" = "Kestrel Federation" for places).
      const auto& index = type == EntityType::kOrg ? ix.org_suffix : ix.place_suffix;
      if (auto it = index.find(name); it != index.end() && it->second.size() == 1 &&
                                      it->second[0] != e && !of[it->second[0]].empty())
        move_all(of, e, it->second[0], Why::kShortForm);
    }
  }

  // Candidates dropped above leave the result.
  void drop_unassigned() {
    std::size_t w = 0;
    for (std::size_t i = 0; i < cands_.size(); ++i) {
      if (assign_[i] == UINT32_MAX) continue;
      kept_.push_back(static_cast<std::uint32_t>(i));
      cands_[w] = cands_[i];
      assign_[w] = assign_[i];
      reason_[w] = reason_[i];
      ++w;
    }
    cands_.shrink(w);
    assign_.resize(w);
    reason_.resize(w);
  }
};

}  // namespace

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

Resolution resolve_entities(Detection& d, const Gazetteer::Impl& gaz, const EntityOptions& options,
                            const Interrupt& interrupt) {
  return Resolver(d, gaz, options, interrupt).run();
}

}  // namespace presslens::detail
