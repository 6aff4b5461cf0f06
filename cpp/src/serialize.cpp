// cpp/src/serialize.cpp: see presslens/serialize.hpp. Integers are LEB128 varints (most
// are small), strings a varint length and their bytes, floats their 4 little-endian bytes.
#include "presslens/serialize.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "presslens/boilerplate.hpp"

namespace presslens {
namespace {

constexpr std::string_view kCorpusTag = "PLC1";
constexpr std::string_view kEntitiesTag = "PLE1";
constexpr std::string_view kOutletLinesTag = "PLO1";

class Writer {
 public:
  explicit Writer(std::string_view tag) { out_.append(tag); }
  void u(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void i(std::int64_t v) {
    u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void s(std::string_view v) {
    u(v.size());
    out_.append(v);
  }
  void f(float v) {
    const auto bits = std::bit_cast<std::uint32_t>(v);
    for (int k = 0; k < 4; ++k) out_.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
  }
  void strings(const std::vector<std::string>& v) {
    u(v.size());
    for (const auto& x : v) s(x);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(std::string_view data, std::string_view tag, const char* what) : data_(data), what_(what) {
    if (!data_.starts_with(tag))
      throw std::invalid_argument(std::string("not a serialized presslens ") + what_ +
                                  " (unknown format tag; was it written by another version?)");
    pos_ = tag.size();
  }
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      const auto b = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail();
  }
  std::int64_t i() {
    const std::uint64_t z = u();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  std::uint32_t u32() {
    const std::uint64_t v = u();
    if (v > UINT32_MAX) fail();
    return static_cast<std::uint32_t>(v);
  }
  std::string s() {
    const std::uint64_t n = u();
    need(n);
    std::string v(data_.substr(pos_, n));
    pos_ += n;
    return v;
  }
  float f() {
    need(4);
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k)
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_ + k])) << (8 * k);
    pos_ += 4;
    return std::bit_cast<float>(bits);
  }
  /// A count of items that take at least one byte each (bounds a reserve()).
  std::size_t count() {
    const std::uint64_t n = u();
    need(n);
    return n;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count());
    for (auto& x : v) x = s();
    return v;
  }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  void done() const {
    if (pos_ != data_.size()) fail();
  }
  [[noreturn]] void fail() const {
    throw std::invalid_argument(std::string("corrupt serialized presslens ") + what_ +
                                " (cut short or altered)");
  }

 private:
  void need(std::uint64_t n) const {
    if (n > data_.size() - pos_) fail();
  }
  std::string_view data_;
  const char* what_;
  std::size_t pos_ = 0;
};

// The outlets and their repeated line hashes (sorted: written as differences, small).
void write_outlet_lines(Writer& w, const OutletRepeatedLines& t) {
  w.u(t.outlets().size());
  for (std::size_t k = 0; k < t.outlets().size(); ++k) {
    w.s(t.outlets()[k]);
    const std::vector<std::uint64_t>& hs = t.repeated()[k];
    w.u(hs.size());
    std::uint64_t prev = 0;
    for (const std::uint64_t h : hs) {
      w.u(h - prev);
      prev = h;
    }
  }
}

OutletRepeatedLines read_outlet_lines(Reader& r) {
  std::vector<std::string> outlets(r.count());
  std::vector<std::vector<std::uint64_t>> repeated(outlets.size());
  for (std::size_t k = 0; k < outlets.size(); ++k) {
    outlets[k] = r.s();
    if (k > 0 && !(outlets[k - 1] < outlets[k])) r.fail();
    std::vector<std::uint64_t>& hs = repeated[k];
    hs.resize(r.count());
    std::uint64_t prev = 0;
    for (std::uint64_t& h : hs) {
      const std::uint64_t delta = r.u();
      if (delta == 0 || delta > UINT64_MAX - prev) r.fail();  // distinct, increasing, non-zero
      h = prev += delta;
    }
  }
  return OutletRepeatedLines(std::move(outlets), std::move(repeated));
}

}  // namespace

std::string serialize(const OutletRepeatedLines& table) {
  Writer w(kOutletLinesTag);
  write_outlet_lines(w, table);
  return w.take();
}

OutletRepeatedLines deserialize_outlet_lines(std::string_view bytes) {
  Reader r(bytes, kOutletLinesTag, "outlet line table");
  OutletRepeatedLines t = read_outlet_lines(r);
  r.done();
  return t;
}

std::string serialize(const Corpus& corpus) {
  Writer w(kCorpusTag);
  const LoadOptions& o = corpus.options();
  w.u(static_cast<std::uint64_t>(o.errors));
  w.s(o.id_field);
  w.s(o.text_field);
  w.s(o.outlet_field);
  w.s(o.date_field);
  w.s(o.title_field);
  w.s(o.extension);
  w.u(o.recursive ? 1 : 0);
  w.u(o.follow_symlinks ? 1 : 0);
  w.u(o.detect_boilerplate ? 1 : 0);
  w.u(static_cast<std::uint64_t>(o.segment.paragraphs));
  w.u(corpus.n_inputs());
  w.u(corpus.size());
  for (const Document& d : corpus.documents()) {
    w.s(d.id);
    w.s(d.text);
    w.s(d.outlet);
    w.s(d.date);
    w.s(d.title);
    w.s(d.meta_json);
    w.s(d.source);
  }
  w.u(corpus.warnings().size());
  for (const CorpusWarning& x : corpus.warnings()) {
    w.s(x.doc_id);
    w.s(x.source);
    w.i(x.line);
    w.i(x.offset);
    w.s(x.code);
    w.s(x.message);
  }
  // Optional sections after the warnings (older data ends here): 1 = the outlet table.
  if (o.outlet_lines) {
    w.u(1);
    write_outlet_lines(w, *o.outlet_lines);
  }
  return w.take();
}

Corpus deserialize_corpus(std::string_view bytes, int threads, const Interrupt& interrupt) {
  Reader r(bytes, kCorpusTag, "corpus");
  LoadOptions o;
  const std::uint64_t errors = r.u();
  if (errors > 1) r.fail();
  o.errors = static_cast<DecodeErrors>(errors);
  o.threads = threads;
  o.id_field = r.s();
  o.text_field = r.s();
  o.outlet_field = r.s();
  o.date_field = r.s();
  o.title_field = r.s();
  o.extension = r.s();
  o.recursive = r.u() != 0;
  o.follow_symlinks = r.u() != 0;
  o.detect_boilerplate = r.u() != 0;
  const std::uint64_t mode = r.u();
  if (mode > 2) r.fail();
  o.segment.paragraphs = static_cast<ParagraphMode>(mode);
  const std::uint64_t n_inputs = r.u();
  std::vector<Document> docs(r.count());
  for (Document& d : docs) {
    d.id = r.s();
    d.text = r.s();
    d.outlet = r.s();
    d.date = r.s();
    d.title = r.s();
    d.meta_json = r.s();
    d.source = r.s();
  }
  std::vector<CorpusWarning> warnings(r.count());
  for (CorpusWarning& x : warnings) {
    x.doc_id = r.s();
    x.source = r.s();
    x.line = r.i();
    x.offset = r.i();
    x.code = r.s();
    x.message = r.s();
  }
  if (!r.at_end()) {
    if (r.u() != 1) r.fail();
    o.outlet_lines = std::make_shared<const OutletRepeatedLines>(read_outlet_lines(r));
  }
  r.done();
  return Corpus::restore(std::move(docs), std::move(warnings), n_inputs, o, interrupt);
}

std::string serialize(const EntityResult& result) {
  Writer w(kEntitiesTag);
  w.u(result.mentions.size());
  for (const Mention& m : result.mentions) {
    for (const std::uint32_t v : {m.doc, m.start, m.end, m.sentence, m.paragraph, m.token, m.entity,
                                  m.role_start, m.role_end})
      w.u(v);
    w.u(static_cast<std::uint64_t>(m.type));
    w.f(m.confidence);
  }
  w.u(result.entities.size());
  for (const Entity& e : result.entities) {
    w.s(e.name);
    w.u(static_cast<std::uint64_t>(e.type));
    w.strings(e.aliases);
    w.strings(e.roles);
    w.u(e.n_mentions);
    w.u(e.n_docs);
    w.strings(e.outlets);
    w.u(static_cast<unsigned char>(e.gender));
    w.f(e.confidence);
    w.s(e.affiliation);
  }
  w.u(result.merges.size());
  for (const MergeRecord& m : result.merges) {
    w.u(m.entity);
    w.s(m.form);
    w.s(m.reason);
  }
  w.u(result.gazetteer_fingerprint);
  return w.take();
}

EntityResult deserialize_entity_result(std::string_view bytes) {
  Reader r(bytes, kEntitiesTag, "entity result");
  auto type = [&r] {
    const std::uint64_t t = r.u();
    if (t > static_cast<std::uint64_t>(EntityType::kOther)) r.fail();
    return static_cast<EntityType>(t);
  };
  EntityResult out;
  out.mentions.resize(r.count());
  for (Mention& m : out.mentions) {
    for (std::uint32_t* v : {&m.doc, &m.start, &m.end, &m.sentence, &m.paragraph, &m.token,
                             &m.entity, &m.role_start, &m.role_end})
      *v = r.u32();
    m.type = type();
    m.confidence = r.f();
  }
  out.entities.resize(r.count());
  for (Entity& e : out.entities) {
    e.name = r.s();
    e.type = type();
    e.aliases = r.strings();
    e.roles = r.strings();
    e.n_mentions = r.u32();
    e.n_docs = r.u32();
    e.outlets = r.strings();
    const std::uint64_t g = r.u();
    if (g > 0xFF) r.fail();
    e.gender = static_cast<char>(g);
    e.confidence = r.f();
    e.affiliation = r.s();
  }
  out.merges.resize(r.count());
  for (MergeRecord& m : out.merges) {
    m.entity = r.u32();
    m.form = r.s();
    m.reason = r.s();
  }
  out.gazetteer_fingerprint = r.u();
  r.done();
  for (const Mention& m : out.mentions)
    if (m.entity >= out.entities.size()) r.fail();
  return out;
}

}  // namespace presslens
