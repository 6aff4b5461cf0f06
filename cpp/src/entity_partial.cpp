// Mergeable entity results: detection per part of a corpus (entity_detection.cpp, nothing
// dropped that needs the whole corpus), merging in a canonical document order, then the
// corpus-wide steps once: the drop of sentence-initial words the merged parts write in lower
// case, resolution (entity_resolution.cpp) and the result (entities.cpp). What the result
// reads from texts (affiliations, code-point offsets, the words as written) is looked up per
// part, at detection, so that resolution needs no text.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/entity_detection.hpp"
#include "detail/entity_resolution.hpp"
#include "detail/entity_result.hpp"
#include "detail/gazetteer.hpp"
#include "detail/hash.hpp"
#include "detail/names.hpp"
#include "presslens/entities.hpp"

namespace presslens {
namespace {

using detail::Candidate;

// How far back the role of a candidate may be qualified by an earlier candidate of its
// document (entities.cpp, qualified_role_start: 8 candidates left after resolution): the
// links cover that many and more, for the candidates resolution drops.
constexpr std::uint32_t kMaxLinks = 32;

// Per candidate: what the result reads from the text. Strings are ids of Impl::strings.
struct Extra {
  std::uint32_t cp_start, cp_end, cp_role_start, cp_role_end;
  std::uint32_t text, role_text;  // as written
  std::uint32_t name_aff;         // affiliation its own name names (gaz < 0 only)
  std::uint32_t role_aff;         // affiliation its role names, role not qualified
};
// An earlier candidate of the document of a candidate with a role, `back` places before it.
struct Link {
  std::uint32_t back;
  std::uint32_t aff;         // affiliation of the role qualified by it (when `continues`)
  std::uint8_t ends_before;  // it ends at or before the role
  std::uint8_t continues;    // and only spaces or a possessive lie between
  std::uint8_t pad[2];
};
static_assert(std::is_trivially_copyable_v<Extra> && std::is_trivially_copyable_v<Link> &&
              std::is_trivially_copyable_v<Candidate>);

}  // namespace

struct EntityPartial::Impl {
  std::vector<std::string> doc_ids, doc_outlets;
  std::vector<std::uint32_t> doc_begin{0};   // candidates of doc d: [doc_begin[d], [d + 1])
  std::vector<std::string> strings{""};      // id 0: ""
  std::vector<Candidate> cands;              // doc: index into doc_ids; strings: ids above
  std::vector<Extra> extra;                  // per candidate
  std::vector<std::uint32_t> link_begin{0};  // per candidate, + 1
  std::vector<Link> links;
  std::vector<std::uint64_t> lower_words;  // sorted, distinct
  std::uint64_t fingerprint = 0;
};

EntityPartial::EntityPartial() : impl_(std::make_unique<Impl>()) {}
EntityPartial::~EntityPartial() = default;
EntityPartial::EntityPartial(EntityPartial&&) noexcept = default;
EntityPartial& EntityPartial::operator=(EntityPartial&&) noexcept = default;
const std::vector<std::string>& EntityPartial::doc_ids() const noexcept {
  return impl_->doc_ids;
}
std::size_t EntityPartial::n_candidates() const noexcept {
  return impl_->cands.size();
}

namespace {

// The links of candidate i (with a role) to the earlier candidates of its document.
void add_links(const Document& doc, const detail::Detection& d, std::size_t i,
               detail::Affiliations& aff, std::vector<Link>& links) {
  const Candidate& c = d.cands[i];
  for (std::size_t j = i; j-- > 0 && i - j <= kMaxLinks && d.cands[j].doc == c.doc;) {
    const Candidate& q = d.cands[j];
    Link l{};
    l.back = static_cast<std::uint32_t>(i - j);
    l.ends_before = q.end <= c.role_start;
    l.continues = l.ends_before && detail::role_continues(doc.text, q.end, c.role_start);
    if (l.continues) l.aff = aff.of_span(doc, q.start, c.role_end);
    links.push_back(l);
  }
}

}  // namespace

EntityPartial detect_entity_partial(const Corpus& corpus, const Gazetteer& gazetteer, int threads,
                                    const Interrupt& interrupt) {
  const Gazetteer::Impl& gaz = gazetteer.impl();
  EntityPartial out;
  EntityPartial::Impl& p = out.impl();
  detail::Detection d = detail::detect_candidates(corpus, gaz, threads, interrupt, &p.lower_words);
  p.fingerprint = gaz.fingerprint;
  for (std::size_t k = 0; k < corpus.size(); ++k) {
    p.doc_ids.push_back(corpus.at(k).id);
    p.doc_outlets.push_back(corpus.at(k).outlet);
  }
  p.doc_begin.assign(corpus.size() + 1, 0);
  for (const Candidate& c : d.cands) ++p.doc_begin[c.doc + 1];
  for (std::size_t k = 0; k < corpus.size(); ++k) p.doc_begin[k + 1] += p.doc_begin[k];
  detail::Affiliations aff(gaz, d.strings);
  DocCodePoints cp(corpus, true);
  p.cands.assign(d.cands.begin(), d.cands.end());
  p.extra.resize(p.cands.size());
  p.link_begin.assign(1, 0);
  for (std::size_t i = 0; i < p.cands.size(); ++i) {
    const Candidate& c = p.cands[i];
    const Document& doc = corpus.at(c.doc);
    const std::string_view text(doc.text);
    Extra& x = p.extra[i];
    x.cp_start = static_cast<std::uint32_t>(cp(c.doc, c.start));
    x.cp_end = static_cast<std::uint32_t>(cp(c.doc, c.end));
    x.cp_role_start = static_cast<std::uint32_t>(cp(c.doc, c.role_start));
    x.cp_role_end = static_cast<std::uint32_t>(cp(c.doc, c.role_end));
    x.text = d.strings.intern(text.substr(c.start, c.end - c.start));
    x.role_text = 0;
    x.role_aff = 0;
    x.name_aff = c.gaz < 0 ? aff.of_span(doc, c.start, c.end) : 0;
    if (c.role_end > c.role_start) {
      x.role_text = d.strings.intern(text.substr(c.role_start, c.role_end - c.role_start));
      x.role_aff = aff.of_span(doc, c.role_start, c.role_end);
      add_links(doc, d, i, aff, p.links);
    }
    p.link_begin.push_back(static_cast<std::uint32_t>(p.links.size()));
  }
  p.strings.resize(d.strings.size());
  for (std::uint32_t k = 0; k < d.strings.size(); ++k) p.strings[k] = d.strings.str(k);
  return out;
}

EntityPartial merge_entity_partials(
    const std::vector<const EntityPartial*>& parts,
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& order) {
  std::size_t n_docs = 0;
  std::vector<std::vector<bool>> seen(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k]->impl().fingerprint != parts[0]->impl().fingerprint)
      throw std::invalid_argument(
          "merge: the entity partials were detected with different gazetteers (extra "
          "entries); detect every part with the same gazetteer_entries");
    n_docs += parts[k]->impl().doc_ids.size();
    seen[k].assign(parts[k]->impl().doc_ids.size(), false);
  }
  if (order.size() != n_docs)
    throw std::invalid_argument("merge: the document order must list every document once");
  EntityPartial out;
  EntityPartial::Impl& m = out.impl();
  m.fingerprint = parts.empty() ? 0 : parts[0]->impl().fingerprint;
  detail::Strings strings;  // the merged ids, in the order of the merged documents
  std::vector<std::vector<std::uint32_t>> ids(parts.size());
  const auto id = [&](std::size_t k, std::uint32_t s) {
    std::uint32_t& v = ids[k][s];
    if (v == UINT32_MAX) v = strings.intern(parts[k]->impl().strings[s]);
    return v;
  };
  for (std::size_t k = 0; k < parts.size(); ++k)
    ids[k].assign(parts[k]->impl().strings.size(), UINT32_MAX);
  for (const auto& [k, doc] : order) {
    if (k >= parts.size() || doc >= seen[k].size() || seen[k][doc])
      throw std::invalid_argument("merge: the document order must list every document once");
    seen[k][doc] = true;
    const EntityPartial::Impl& p = parts[k]->impl();
    const auto new_doc = static_cast<std::uint32_t>(m.doc_ids.size());
    m.doc_ids.push_back(p.doc_ids[doc]);
    m.doc_outlets.push_back(p.doc_outlets[doc]);
    for (std::uint32_t i = p.doc_begin[doc]; i < p.doc_begin[doc + 1]; ++i) {
      Candidate c = p.cands[i];
      c.doc = new_doc;
      for (std::uint32_t* f : {&c.sid, &c.fid, &c.first, &c.last, &c.role}) *f = id(k, *f);
      Extra x = p.extra[i];
      for (std::uint32_t* f : {&x.text, &x.role_text, &x.name_aff, &x.role_aff}) *f = id(k, *f);
      m.cands.push_back(c);
      m.extra.push_back(x);
      for (std::uint32_t l = p.link_begin[i]; l < p.link_begin[i + 1]; ++l) {
        Link link = p.links[l];
        link.aff = id(k, link.aff);
        m.links.push_back(link);
      }
      m.link_begin.push_back(static_cast<std::uint32_t>(m.links.size()));
    }
    m.doc_begin.push_back(static_cast<std::uint32_t>(m.cands.size()));
  }
  // The words the parts write in lower case: once per part (they are the part's, not one
  // document's; appending them per document made a merge quadratic in the documents).
  for (const EntityPartial* part : parts)
    m.lower_words.insert(m.lower_words.end(), part->impl().lower_words.begin(),
                         part->impl().lower_words.end());
  std::sort(m.lower_words.begin(), m.lower_words.end());
  m.lower_words.erase(std::unique(m.lower_words.begin(), m.lower_words.end()), m.lower_words.end());
  m.strings.resize(strings.size());
  for (std::uint32_t s = 0; s < strings.size(); ++s) m.strings[s] = strings.str(s);
  return out;
}

namespace {

// The candidates of `p` as one detection of their corpus would leave them: strings interned,
// the sentence-initial words the corpus writes in lower case dropped. `origin`: the index in
// `p` of each candidate kept.
detail::Detection detection_of(const EntityPartial::Impl& p, std::vector<std::uint32_t>& ids,
                               std::vector<std::uint32_t>& origin) {
  detail::Detection d;
  ids.resize(p.strings.size());
  for (std::size_t s = 0; s < p.strings.size(); ++s) ids[s] = d.strings.intern(p.strings[s]);
  std::vector<std::uint64_t> lh(p.cands.size(), 0);
  std::string buf;
  for (std::size_t i = 0; i < p.cands.size(); ++i) {
    const Candidate& c = p.cands[i];
    if (c.kind != detail::Kind::kSingle && c.kind != detail::Kind::kOrgRule) continue;
    lh[i] = detail::lower_hash(p.strings[c.sid], buf);
    if (std::binary_search(p.lower_words.begin(), p.lower_words.end(), lh[i]))
      (void)d.lower_vocab.insert(lh[i]);
  }
  for (std::size_t i = 0; i < p.cands.size(); ++i)
    if (!detail::dropped_as_lower_case(p.cands[i], lh[i], d.lower_vocab))
      origin.push_back(static_cast<std::uint32_t>(i));
  d.cands = detail::CandidateArray(origin.size());
  for (std::size_t k = 0; k < origin.size(); ++k) {
    Candidate c = p.cands[origin[k]];
    for (std::uint32_t* f : {&c.sid, &c.fid, &c.first, &c.last, &c.role}) *f = ids[*f];
    d.cands[k] = c;
  }
  return d;
}

}  // namespace

ResolvedEntities resolve_entity_partial(const EntityPartial& partial, const Gazetteer& gazetteer,
                                        const EntityOptions& options, const Interrupt& interrupt) {
  const EntityPartial::Impl& p = partial.impl();
  const Gazetteer::Impl& gaz = gazetteer.impl();
  if (p.fingerprint != gaz.fingerprint)
    throw std::invalid_argument(
        "resolve: the partials were detected with another gazetteer; resolve with the same "
        "gazetteer_entries as the detection");
  for (const Candidate& c : p.cands)
    if (c.gaz >= static_cast<std::int64_t>(gaz.entries.size()))
      throw std::invalid_argument(
          "resolve: a candidate names a gazetteer entry the gazetteer does not have (a "
          "corrupt partial?)");
  std::vector<std::uint32_t> ids, origin;
  detail::Detection d = detection_of(p, ids, origin);
  detail::Resolution r = detail::resolve_entities(d, gaz, options, interrupt);
  for (std::uint32_t& k : r.kept) k = origin[k];  // d.cands[i] is p.cands[r.kept[i]]
  std::vector<std::uint32_t> pos(p.cands.size(), UINT32_MAX);
  for (std::uint32_t i = 0; i < r.kept.size(); ++i) pos[r.kept[i]] = i;
  std::vector<std::string_view> outlets(p.doc_outlets.begin(), p.doc_outlets.end());
  // As entities.cpp's qualified_role_start: the nearest candidate left before the role, at
  // most 8 places back, qualifies it when only spaces or a possessive lie between.
  const detail::AffiliationFn role_aff = [&](std::size_t i, detail::Affiliations&) {
    const std::uint32_t o = r.kept[i];
    for (std::uint32_t l = p.link_begin[o]; l < p.link_begin[o + 1]; ++l) {
      const Link& link = p.links[l];
      const std::uint32_t at = pos[o - link.back];
      if (at == UINT32_MAX) continue;
      if (i - at > 8) break;
      if (!link.ends_before) continue;
      return ids[link.continues ? link.aff : p.extra[o].role_aff];
    }
    return ids[p.extra[o].role_aff];
  };
  const detail::AffiliationFn name_aff = [&](std::size_t i, detail::Affiliations&) {
    return ids[p.extra[r.kept[i]].name_aff];
  };
  const std::vector<std::uint32_t> kept = r.kept;
  std::vector<std::uint32_t> from;
  ResolvedEntities out;
  out.result = detail::build_entity_result(d, r, gaz, outlets, role_aff, name_aff, options.threads,
                                           interrupt, &from);
  out.doc_ids = p.doc_ids;
  MentionTable& t = out.mentions;
  const std::size_t n = out.result.mentions.size();
  for (auto* v : {&t.doc, &t.start, &t.end, &t.sentence, &t.paragraph, &t.token, &t.entity,
                  &t.role_start, &t.role_end})
    v->resize(n);
  t.type.resize(n);
  t.confidence.resize(n);
  out.text.resize(n);
  out.role.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Mention& mn = out.result.mentions[k];
    const Extra& x = p.extra[kept[from[k]]];
    t.doc[k] = mn.doc;
    t.start[k] = x.cp_start;
    t.end[k] = x.cp_end;
    t.sentence[k] = mn.sentence;
    t.paragraph[k] = mn.paragraph;
    t.token[k] = mn.token;
    t.entity[k] = mn.entity;
    t.role_start[k] = x.cp_role_start;
    t.role_end[k] = x.cp_role_end;
    t.type[k] = static_cast<std::uint8_t>(mn.type);
    t.confidence[k] = mn.confidence;
    out.text[k] = p.strings[x.text];
    out.role[k] = p.strings[x.role_text];
  }
  return out;
}

// ---- serialization: a tag, then each field as a count and its bytes -----------------------

namespace {

constexpr std::string_view kPartialTag = "PLP1";

template <class T>
void put_pod(std::string& out, const std::vector<T>& v) {
  const std::uint64_t n = v.size();
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
void put_strings(std::string& out, const std::vector<std::string>& v) {
  std::vector<std::uint64_t> ends;
  std::string bytes;
  for (const auto& s : v) {
    bytes += s;
    ends.push_back(bytes.size());
  }
  put_pod(out, ends);
  put_pod(out, std::vector<char>(bytes.begin(), bytes.end()));
}

class PodReader {
 public:
  explicit PodReader(std::string_view b) : b_(b) {
    if (!b_.starts_with(kPartialTag))
      throw std::invalid_argument(
          "not a serialized presslens EntityPartial (unknown format tag; was it written by "
          "another version?)");
    b_.remove_prefix(kPartialTag.size());
  }
  template <class T>
  std::vector<T> pod() {
    std::uint64_t n = 0;
    take(&n, sizeof n);
    if (n > b_.size() / std::max<std::size_t>(1, sizeof(T))) fail();
    std::vector<T> v(static_cast<std::size_t>(n));
    take(v.data(), v.size() * sizeof(T));
    return v;
  }
  std::vector<std::string> strings() {
    const auto ends = pod<std::uint64_t>();
    const auto bytes = pod<char>();
    std::vector<std::string> v;
    std::uint64_t at = 0;
    for (const std::uint64_t e : ends) {
      if (e < at || e > bytes.size()) fail();
      v.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                     bytes.begin() + static_cast<std::ptrdiff_t>(e));
      at = e;
    }
    return v;
  }
  void take(void* to, std::size_t n) {
    if (n > b_.size()) fail();
    if (n != 0) std::memcpy(to, b_.data(), n);
    b_.remove_prefix(n);
  }
  [[noreturn]] static void fail() {
    throw std::invalid_argument(
        "corrupt serialized presslens EntityPartial (truncated or inconsistent data)");
  }
  [[nodiscard]] bool done() const { return b_.empty(); }

 private:
  std::string_view b_;
};

}  // namespace

namespace {

// The candidates with their padding zeroed field by field: the bytes written depend on the
// values only (no heap garbage in a pickle, equal partials give equal bytes).
std::vector<Candidate> without_padding(const std::vector<Candidate>& cands) {
  std::vector<Candidate> out(cands.size());
  std::memset(static_cast<void*>(out.data()), 0, out.size() * sizeof(Candidate));
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const Candidate& c = cands[i];
    Candidate& o = out[i];
    o.doc = c.doc;
    o.start = c.start;
    o.end = c.end;
    o.role_start = c.role_start;
    o.role_end = c.role_end;
    o.sentence = c.sentence;
    o.paragraph = c.paragraph;
    o.token = c.token;
    o.gaz = c.gaz;
    o.sid = c.sid;
    o.fid = c.fid;
    o.first = c.first;
    o.last = c.last;
    o.role = c.role;
    o.confidence = c.confidence;
    o.kind = c.kind;
    o.sex = c.sex;
    o.sentence_initial = c.sentence_initial;
  }
  return out;
}

}  // namespace

std::string serialize(const EntityPartial& partial) {
  const EntityPartial::Impl& p = partial.impl();
  std::string out(kPartialTag);
  put_strings(out, p.doc_ids);
  put_strings(out, p.doc_outlets);
  put_pod(out, p.doc_begin);
  put_strings(out, p.strings);
  put_pod(out, without_padding(p.cands));
  put_pod(out, p.extra);
  put_pod(out, p.link_begin);
  put_pod(out, p.links);
  put_pod(out, p.lower_words);
  put_pod(out, std::vector<std::uint64_t>{p.fingerprint});
  return out;
}

namespace {

// The object representation of a one-byte field (a bool or an enum read from bytes may hold
// any value; only its byte is looked at).
template <class T>
std::uint8_t byte_of(const T& v) {
  static_assert(sizeof(T) == 1);
  std::uint8_t b = 0;
  std::memcpy(&b, &v, 1);
  return b;
}

// Every index of a deserialized partial points inside it and every one-byte field holds a
// value of its type, so that a corrupt or hostile pickle is an error, never a wrong read.
void validate(const EntityPartial::Impl& p) {
  const auto n_strings = static_cast<std::uint32_t>(p.strings.size());
  const std::size_t n_docs = p.doc_ids.size();
  for (std::size_t d = 0; d < n_docs; ++d)
    if (p.doc_begin[d] > p.doc_begin[d + 1]) PodReader::fail();
  if (p.doc_begin.front() != 0 || p.link_begin.front() != 0) PodReader::fail();
  // (non-decreasing up to links.size(), checked by the caller: every range is inside links)
  for (std::size_t i = 0; i < p.cands.size(); ++i)
    if (p.link_begin[i] > p.link_begin[i + 1]) PodReader::fail();
  for (std::size_t i = 0; i < p.cands.size(); ++i) {
    const Candidate& c = p.cands[i];
    for (const std::uint32_t s : {c.sid, c.fid, c.first, c.last, c.role})
      if (s >= n_strings) PodReader::fail();
    if (c.doc >= n_docs || i < p.doc_begin[c.doc] || i >= p.doc_begin[c.doc + 1] ||
        c.start > c.end || c.role_start > c.role_end || c.gaz < -1 ||
        (byte_of(c.kind) == static_cast<std::uint8_t>(detail::Kind::kGazetteer) && c.gaz < 0) ||
        byte_of(c.kind) > static_cast<std::uint8_t>(detail::Kind::kOtherMulti) ||
        byte_of(c.sentence_initial) > 1)
      PodReader::fail();
    for (std::uint32_t l = p.link_begin[i]; l < p.link_begin[i + 1]; ++l) {
      const Link& link = p.links[l];
      if (link.back == 0 || link.back > i || link.back > kMaxLinks ||
          p.cands[i - link.back].doc != c.doc || link.aff >= n_strings || link.ends_before > 1 ||
          link.continues > 1)
        PodReader::fail();
    }
  }
  for (const Extra& x : p.extra)
    for (const std::uint32_t s : {x.text, x.role_text, x.name_aff, x.role_aff})
      if (s >= n_strings) PodReader::fail();
}

}  // namespace

EntityPartial deserialize_entity_partial(std::string_view bytes) {
  PodReader r(bytes);
  EntityPartial out;
  EntityPartial::Impl& p = out.impl();
  p.doc_ids = r.strings();
  p.doc_outlets = r.strings();
  p.doc_begin = r.pod<std::uint32_t>();
  p.strings = r.strings();
  p.cands = r.pod<Candidate>();
  p.extra = r.pod<Extra>();
  p.link_begin = r.pod<std::uint32_t>();
  p.links = r.pod<Link>();
  p.lower_words = r.pod<std::uint64_t>();
  const auto fp = r.pod<std::uint64_t>();
  if (fp.size() != 1 || !r.done() || p.doc_begin.size() != p.doc_ids.size() + 1 ||
      p.doc_outlets.size() != p.doc_ids.size() || p.extra.size() != p.cands.size() ||
      p.link_begin.size() != p.cands.size() + 1 || p.strings.empty() ||
      p.doc_begin.back() != p.cands.size() || p.link_begin.back() != p.links.size())
    PodReader::fail();
  p.fingerprint = fp[0];
  validate(p);
  return out;
}

}  // namespace presslens
