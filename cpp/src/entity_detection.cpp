// Entity detection: per sentence (boilerplate skipped), capitalised runs are cut at titles,
// possessives and headline capitals and typed by the gazetteer, head words, acronyms, given
// names and titles into candidates. Parallel by chunks of consecutive documents fixed by
// the corpus size (not the thread count), each with its own string table and scratch
// space; the chunks' strings then become corpus-wide ids in document order, so that the
// candidates are the same whatever the thread count. No string is built per mention.
#include "detail/entity_detection.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "detail/names.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

namespace presslens::detail {
namespace {

// The transliteration key of a name token and, when it is a known given name, its group.
struct NameKeys {
  std::uint32_t translit = 0, group = 0;  // string ids
  char sex = 0;
  bool given = false;
};

// A chunk of documents, detected by one thread in document order: their candidates, the
// strings those refer to, and the scratch space reused from one document to the next.
struct Chunk {
  std::vector<Candidate> cands;
  Strings strings;
  FlatSet lower_words;  // hashes of the lower-case words of the sentences read
  // The last word added per slot (by the hash's low bits): the common words ("the", "of")
  // are found here, in 8 KB, instead of in the set.
  std::array<std::uint64_t, 1024> recent_lower{};
  detail::FlatMap<NameKeys> names;  // lower_hash of a token -> its keys
  std::vector<std::uint64_t> lh;    // per token of the current document
  std::vector<std::uint32_t> fl;
  std::uint32_t* token_flags = nullptr;  // where the fl of the chunk's next document goes
  std::string buf, key, scratch;
  // Per string id, the lower-case hash of a surface a corpus-wide lower-case form could
  // unmake (single words, acronyms); 0 for the other strings.
  std::vector<std::uint64_t> lhs;

  // Form keys and the hashes above, once per distinct surface of the chunk.
  void finish() {
    std::vector<std::uint32_t> fk(strings.size(), UINT32_MAX);
    lhs.assign(strings.size(), 0);
    for (Candidate& x : cands) {
      if (fk[x.sid] == UINT32_MAX) fk[x.sid] = strings.intern(form_key(strings.str(x.sid)));
      x.fid = fk[x.sid];
      if ((x.kind == Kind::kSingle || x.kind == Kind::kOrgRule) && lhs[x.sid] == 0)
        lhs[x.sid] = lower_hash(strings.str(x.sid), buf);
    }
  }
};

class Detector {
 public:
  Detector(const Corpus& corpus, const Gazetteer::Impl& gaz, std::uint32_t doc, Chunk& chunk)
      : d_(corpus.at(doc)),
        text_(d_.text),
        toks_(d_.seg.tokens),
        gaz_(gaz),
        doc_(doc),
        out_(chunk),
        lh_(chunk.lh),
        fl_(chunk.fl),
        buf_(chunk.buf),
        key_(chunk.key),
        scratch_(chunk.scratch) {}

  void run() {
    // One hash and one lookup per token; every rule below reads these.
    gaz_.word_flags(text_, toks_, &lh_, fl_, buf_);
    out_.token_flags = std::copy(fl_.begin(), fl_.end(), out_.token_flags);
    for (std::uint32_t s = 0; s < d_.seg.sentences.size(); ++s) {
      const Sentence& sent = d_.seg.sentences[s];
      if (d_.is_boilerplate(sent)) continue;
      sentence(s, sent);
    }
  }

 private:
  const Document& d_;
  std::string_view text_;
  const std::vector<Token>& toks_;
  const Gazetteer::Impl& gaz_;
  std::uint32_t doc_;
  Chunk& out_;
  std::vector<std::uint64_t>& lh_;  // lower_hash of each word token (0 otherwise)
  std::vector<std::uint32_t>& fl_;  // WordFlag bits of each word token
  std::string &buf_, &key_, &scratch_;
  const std::uint64_t h_of_ = hash_of("of"), h_for_ = hash_of("for"), h_on_ = hash_of("on"),
                      h_the_ = hash_of("the");

  // The keys of name token k, computed once per chunk and spelling (a copy: the cache is an
  // open-addressing table that moves its entries as it grows).
  NameKeys name_keys(std::uint32_t k) {
    const auto keys_of = [&] {
      const std::string t = transliteration_key(tok(k));
      NameKeys nk{out_.strings.intern(t), 0, 0, false};
      if (const auto g = gaz_.given.find(t); g != gaz_.given.end())
        nk = {nk.translit, out_.strings.intern(g->second.first), g->second.second, true};
      return nk;
    };
    if (lh_[k] == 0) return keys_of();  // not a word: not cached (never the case in a name)
    auto [keys, fresh] = out_.names.try_emplace(lh_[k]);
    if (fresh) keys = keys_of();
    return keys;
  }

  static std::uint64_t hash_of(std::string_view w) {
    std::string b;
    return lower_hash(w, b);
  }

  std::string_view tok(std::uint32_t k) const {
    return text_.substr(toks_[k].start, toks_[k].end - toks_[k].start);
  }
  bool is_cap_word(std::uint32_t k) const {
    const Token& t = toks_[k];
    return t.kind == TokenKind::kWord && (t.flags & (kTokCapitalized | kTokAllCaps));
  }
  const std::string& low(std::uint32_t k) {
    buf_.clear();
    append_lower(buf_, tok(k));
    return buf_;
  }
  std::uint8_t wclass(std::uint32_t k) const {
    return static_cast<std::uint8_t>(fl_[k] & kFlagClassMask);
  }
  bool is_org_head(std::uint32_t k) const { return fl_[k] & kFlagOrgHead; }
  bool is_stop_cap(std::uint32_t k) const { return fl_[k] & kFlagStopCap; }
  bool is_connector_tok(std::uint32_t k) const { return fl_[k] & kFlagConnector; }

  void sentence(std::uint32_t s, const Sentence& sent) {
    // Lower-case words feed the corpus vocabulary that tells "Last" from "Lavrov".
    for (std::uint32_t k = sent.token_begin; k < sent.token_end; ++k) {
      if (toks_[k].kind != TokenKind::kWord || (toks_[k].flags & (kTokCapitalized | kTokAllCaps)))
        continue;
      if (std::uint64_t& r = out_.recent_lower[lh_[k] & 1023]; r != lh_[k]) {
        r = lh_[k];
        (void)out_.lower_words.insert(lh_[k]);
      }
    }
    std::uint32_t first_word = sent.token_begin;
    while (first_word < sent.token_end && toks_[first_word].kind != TokenKind::kWord) ++first_word;

    std::uint32_t pending_role_start = 0, pending_role_end = 0, pending_until = 0;
    std::uint32_t k = sent.token_begin;
    while (k < sent.token_end) {
      // A sentence-initial "The", "In" ... is not part of a name ("The Russian foreign
      // ministry"), unless the gazetteer needs it.
      if (k == first_word && is_cap_word(k) && is_stop_cap(k)) {
        std::int64_t entry = -1;
        const std::uint32_t e = gaz_match(k, std::min<std::uint32_t>(sent.token_end, k + 6), entry);
        if (!(e > k + 1 && gaz_match(k + 1, e, entry) != e)) {
          ++k;
          continue;
        }
      }
      const Token& t = toks_[k];
      // "the Russian foreign ministry": a demonym, then lower-case words ending in a head.
      if (t.kind == TokenKind::kWord && (t.flags & kTokCapitalized) && (fl_[k] & kFlagDemonym)) {
        std::uint32_t j = k + 1;
        while (j < sent.token_end && j < k + 4 && toks_[j].kind == TokenKind::kWord &&
               !(toks_[j].flags & kTokCapitalized) && !is_org_head(j))
          ++j;
        if (j < sent.token_end && j > k + 1 && toks_[j].kind == TokenKind::kWord &&
            !(toks_[j].flags & kTokCapitalized) && is_org_head(j)) {
          lowercase_org(s, sent, k, j + 1);
          k = j + 1;
          continue;
        }
      }
      if (!is_cap_word(k)) {
        // Lower-case role words before a name: "spokeswoman Maria Zakharova",
        // "deputy foreign minister, Sergey Ryabkov".
        if (t.kind == TokenKind::kWord) {
          std::uint32_t j = k;
          while (j < sent.token_end && toks_[j].kind == TokenKind::kWord && !is_cap_word(j) &&
                 (wclass(j) & (kWordTitleHead | kWordModifier | kWordRoleNoun | kWordTitlePart)))
            ++j;
          // ("a tweet Trump posted": a thing that speaks is no one's title)
          if (j > k && (wclass(j - 1) & (kWordTitleHead | kWordRoleNoun)) &&
              !(fl_[j - 1] & kFlagThing)) {
            std::uint32_t n = j;
            if (n < sent.token_end && tok(n) == ",") ++n;
            if (n < sent.token_end && is_cap_word(n)) {
              pending_role_start = toks_[k].start;
              pending_role_end = toks_[j - 1].end;
              pending_until = n;
            }
            k = j;
            continue;
          }
        }
        ++k;
        continue;
      }
      // A capitalised run.
      std::uint32_t j = k + 1;
      while (j < sent.token_end) {
        if (toks_[j].start != toks_[j - 1].end && is_cap_word(j)) {
          ++j;
          continue;
        }
        // connectors after a head word: "Ministry of Foreign Affairs", "Secretary of State"
        if (toks_[j].kind == TokenKind::kWord && j + 1 < sent.token_end) {
          const std::uint64_t l = lh_[j];
          const bool after_head =
              is_org_head(j - 1) || (wclass(j - 1) & (kWordTitleHead | kWordTitlePart));
          if ((l == h_of_ || l == h_for_ || l == h_on_) && after_head) {
            std::uint32_t n = j + 1;
            if (n < sent.token_end && lh_[n] == h_the_) ++n;
            if (n < sent.token_end && is_cap_word(n) && !(fl_[n] & kFlagCalendar)) {
              j = n + 1;
              continue;
            }
          }
          if (tok(j) == "&" && is_cap_word(j + 1)) {
            j += 2;
            continue;
          }
        }
        break;
      }
      const bool initial =
          k == first_word || (k > sent.token_begin && (toks_[k - 1].flags & kTokQuote));
      std::uint32_t rs = 0, re = 0;
      if (pending_until == k) {
        rs = pending_role_start;
        re = pending_role_end;
      }
      const bool comma_after = j < sent.token_end && tok(j) == ",";
      const bool role_only = run(s, sent, k, j, initial, rs, re);
      if (role_only && comma_after && j + 1 < sent.token_end && is_cap_word(j + 1)) {
        // "the Kremlin Spokesman, Dmitry Peskov": the role before the comma goes with the name.
        pending_role_start = toks_[k].start;
        pending_role_end = toks_[j - 1].end;
        pending_until = j + 1;
      }
      k = j;
    }
  }

  void lowercase_org(std::uint32_t s, const Sentence& sent, std::uint32_t a, std::uint32_t b) {
    (void)sent;
    // Title-case the phrase to look it up: "Russian foreign ministry" -> gazetteer form.
    form_key_into(key_, scratch_, text_.substr(toks_[a].start, toks_[b - 1].end - toks_[a].start));
    Candidate c = make(s, a, b);
    c.gaz = static_cast<std::int32_t>(gaz_.find_index(key_));
    c.kind = c.gaz >= 0 ? Kind::kGazetteer : Kind::kOrgRule;
    c.confidence = c.gaz >= 0 ? 0.9f : 0.75f;
    if (c.gaz < 0) c.sid = out_.strings.intern(title_case(out_.strings.str(c.sid)));
    out_.cands.push_back(c);
  }

  Candidate make(std::uint32_t s, std::uint32_t a, std::uint32_t b) {
    Candidate c{};
    c.gaz = -1;
    c.doc = doc_;
    c.start = toks_[a].start;
    c.end = toks_[b - 1].end;
    c.role_start = c.role_end = 0;
    c.sentence = s;
    c.paragraph = d_.seg.sentences[s].paragraph;
    c.token = a;
    c.kind = Kind::kSingle;
    buf_.clear();
    append_normalized(buf_, text_.substr(c.start, c.end - c.start));
    c.sid = out_.strings.intern(buf_);
    return c;
  }

  // Longest gazetteer match starting at token a within [a, b): returns its end or a.
  std::uint32_t gaz_match(std::uint32_t a, std::uint32_t b, std::int64_t& entry) {
    if (!(fl_[a] & kFlagGazFirst)) return a;  // no gazetteer form starts with this word
    const std::uint32_t limit =
        std::min<std::uint32_t>(b, a + static_cast<std::uint32_t>(gaz_.max_form_words) + 2);
    // Spans with more words than the longest form starting with this word cannot match.
    // (When token a is not a whole first word, or is a "the" the key drops, any form can.)
    const bool whole_word =
        a + 1 < toks_.size() && toks_[a + 1].start != toks_[a].end && lh_[a] != h_the_;
    const std::uint32_t most = whole_word ? (fl_[a] & kFlagWordsMask) >> kFlagWordsShift
                                          : static_cast<std::uint32_t>(gaz_.max_form_words);
    std::uint32_t last = a + 1;
    for (std::uint32_t e = a + 2, words = 1; e <= limit; ++e) {
      if (toks_[e - 1].start != toks_[e - 2].end) ++words;
      if (words > most) break;
      last = e;
    }
    for (std::uint32_t e = last; e > a; --e) {
      form_key_into(key_, scratch_,
                    text_.substr(toks_[a].start, toks_[e - 1].end - toks_[a].start));
      const std::int64_t idx = gaz_.find_index(key_);
      if (idx >= 0) {
        entry = idx;
        return e;
      }
    }
    return a;
  }

  // Handles one capitalised run [a, b). Returns true when the run was only a title/role
  // (so that a name after a comma can take it).
  bool run(std::uint32_t s, const Sentence& sent, std::uint32_t a, std::uint32_t b, bool initial,
           std::uint32_t role_start, std::uint32_t role_end) {
    (void)sent;
    // Drop sentence-initial stop words ("The", "In", "Last"), unless only the run with
    // the word is a gazetteer form ("The Hague" is one; "The Kremlin" is "Kremlin").
    while (a < b && initial && is_stop_cap(a)) {
      std::int64_t entry = -1;
      const std::uint32_t e = gaz_match(a, b, entry);
      if (e > a + 1 && gaz_match(a + 1, b, entry) != e) break;
      ++a;
      initial = false;
    }
    if (a >= b) return false;
    if (b == a + 1 && (tok(a) == "I" || (fl_[a] & kFlagCalendar))) return false;
    {
      // A title-case headline ("Talks Finish With Irsha Working Group However No Deal On
      // Quotas") is not a name: capitalised function words give it away.
      std::uint32_t function_words = 0;
      for (std::uint32_t k = a + 1; k < b; ++k)
        function_words += is_stop_cap(k) && !is_connector_tok(k);
      if (function_words >= 2) return false;
    }
    // Split: [a, p) prefix of title words, places, organisations; [p, b) the name.
    std::uint32_t p = b;
    while (p > a) {
      const std::uint8_t c = wclass(p - 1);
      const bool name_like =
          !(c & (kWordTitleHead | kWordModifier | kWordHonorific | kWordTitlePart)) &&
          !is_org_head(p - 1) && !is_connector_tok(p - 1) &&
          (toks_[p - 1].kind == TokenKind::kWord);
      if (!name_like || b - p >= 4) break;
      --p;
    }
    bool has_title = false, has_honorific = false;
    char sex = 0;
    for (std::uint32_t k = a; k < p; ++k) {
      const std::uint8_t c = wclass(k);
      if (c & kWordTitleHead) has_title = true;
      if (c & kWordHonorific) has_honorific = true;
      if (c & (kWordTitleHead | kWordHonorific)) {
        std::string l = low(k);
        if (!l.empty() && l.back() == '.') l.pop_back();
        if (auto it = gaz_.word_gender.find(l); it != gaz_.word_gender.end()) sex = it->second;
      }
    }
    if ((has_title || has_honorific) && p < b) {
      // Mentions inside the title ("Kremlin", "U.S.", "Russian Foreign Ministry").
      prefix_mentions(s, a, p);
      // Leading places/demonyms are attributes, not part of the role? Keep the whole
      // prefix as the role: "Russian Deputy Foreign Minister".
      person(s, p, b, toks_[a].start, toks_[p - 1].end, sex, /*titled=*/true);
      return false;
    }
    bool has_org_head = false;
    for (std::uint32_t k = a; k < b && !has_org_head; ++k) has_org_head = is_org_head(k);
    if (p == b && (has_title || has_honorific) && !has_org_head) {
      // Only a title: "the Kremlin Spokesman," / "U.S. Under Secretary of State,"
      prefix_mentions(s, a, b);
      return true;
    }
    return untitled_run(s, sent, a, b, initial, role_start, role_end, sex);
  }

  // A run [a, b) with no title before its name: typed by the gazetteer (whole run, then
  // pieces), head words, acronyms and demonyms, else a person (of `sex`, from a title word
  // inside the run, when there is one).
  bool untitled_run(std::uint32_t s, const Sentence& sent, std::uint32_t a, std::uint32_t b,
                    bool initial, std::uint32_t role_start, std::uint32_t role_end, char sex) {
    // Gazetteer first (whole run, then pieces).
    std::int64_t entry = -1;
    std::uint32_t e = gaz_match(a, b, entry);
    if (e == b) {
      Candidate c = make(s, a, b);
      c.kind = Kind::kGazetteer;
      c.gaz = static_cast<std::int32_t>(entry);
      c.confidence = 0.95f;
      c.sentence_initial = initial;
      // "Victoria" may be Victoria Nuland: resolution decides with the document's people.
      if (b == a + 1) {
        if (const NameKeys nk = name_keys(a); nk.given) c.first = nk.group;
      }
      out_.cands.push_back(c);
      return false;
    }
    // "Tarsk Press Agency", "Moscow City Council": a head at the end makes the whole run
    // one organisation, even when it starts with a place.
    if (e > a && e < b && is_org_head(b - 1)) {
      Candidate c = make(s, a, b);
      c.kind = Kind::kOrgRule;
      c.confidence = 0.8f;
      out_.cands.push_back(c);
      return false;
    }
    const bool given_first = name_keys(a).given;
    if (e > a && e < b && given_first && b - a <= 4) {
      person(s, a, b, role_start, role_end, 0, role_end > role_start);
      return false;
    }
    if (e > a && e < b) {
      // A place or organisation followed by more capitals: "Moscow Mayor", "NATO Allies"...
      // emit the gazetteer part and treat the rest as its own run.
      Candidate c = make(s, a, e);
      c.kind = Kind::kGazetteer;
      c.gaz = static_cast<std::int32_t>(entry);
      c.confidence = 0.9f;
      out_.cands.push_back(c);
      return run(s, sent, e, b, false, role_start, role_end);
    }
    // Place by head word ("Irsha River", "Republic of Valdoria").
    for (std::uint32_t k = a; k < b; ++k) {
      if ((fl_[k] & kFlagPlaceHead) && !is_org_head(b - 1)) {
        Candidate c = make(s, a, b);
        c.kind = Kind::kPlaceRule;
        c.confidence = 0.75f;
        out_.cands.push_back(c);
        return false;
      }
    }
    // Organisation by head word.
    for (std::uint32_t k = a; k < b; ++k) {
      if (is_org_head(k)) {
        Candidate c = make(s, a, b);
        c.kind = Kind::kOrgRule;
        c.confidence = 0.8f;
        out_.cands.push_back(c);
        return false;
      }
    }
    // Acronym: NATO-like all caps, 2-6 letters, alone.
    if (b == a + 1 && (toks_[a].flags & kTokAllCaps)) {
      const std::string_view w = tok(a);
      if (w.size() >= 2 && w.size() <= 8 && w != "I" && w != "OK") {
        Candidate c = make(s, a, b);
        c.kind = Kind::kOrgRule;
        c.confidence = 0.6f;
        out_.cands.push_back(c);
        return false;
      }
    }
    // Demonyms alone ("Russian", "Americans") are attributes, not mentions.
    if (b == a + 1) {
      form_key_into(key_, scratch_, tok(a));
      const std::string_view k = key_;
      if (gaz_.demonyms.contains(k) ||
          (k.size() > 1 && k.back() == 's' && gaz_.demonyms.contains(k.substr(0, k.size() - 1))))
        return false;
    }
    person(s, a, b, role_start, role_end, sex, role_end > role_start);
    return false;
  }

  void prefix_mentions(std::uint32_t s, std::uint32_t a, std::uint32_t b) {
    std::uint32_t k = a;
    while (k < b) {
      if (is_connector_tok(k)) {
        ++k;
        continue;
      }
      std::int64_t entry = -1;
      const std::uint32_t e = gaz_match(k, b, entry);
      if (e > k) {
        Candidate c = make(s, k, e);
        c.kind = Kind::kGazetteer;
        c.gaz = static_cast<std::int32_t>(entry);
        c.confidence = 0.9f;
        out_.cands.push_back(c);
        k = e;
      } else {
        ++k;
      }
    }
  }

  void person(std::uint32_t s, std::uint32_t a, std::uint32_t b, std::uint32_t role_start,
              std::uint32_t role_end, char sex, bool titled) {
    // Trailing initials or honorific remnants are kept; keys use first and last tokens.
    Candidate c = make(s, a, b);
    c.role_start = role_start;
    c.role_end = role_end;
    if (role_end > role_start) {
      buf_.clear();
      append_normalized(buf_, text_.substr(role_start, role_end - role_start));
      c.role = out_.strings.intern(buf_);
    }
    c.sex = sex;
    c.last = name_keys(b - 1).translit;
    const NameKeys first = name_keys(a);
    const bool given = first.given;
    if (given) {
      c.first = first.group;
      if (!c.sex) c.sex = first.sex;
    } else {
      c.first = first.translit;
    }
    if (b - a >= 2) {
      c.kind = (titled || given) ? Kind::kPersonFull : Kind::kOtherMulti;
      c.confidence = titled ? 0.95f : (given ? 0.9f : 0.5f);
    } else if (titled) {
      c.kind = Kind::kPersonOne;
      c.confidence = 0.85f;
    } else {
      c.kind = Kind::kSingle;
      c.confidence = 0.4f;
      c.sentence_initial = (a == first_word_of(s));
      if (!given) c.first = 0;
    }
    out_.cands.push_back(c);
  }

  // The first word token of sentence s. Remembered for the sentence last asked about: a
  // sentence of many single names after a long run of punctuation would otherwise be walked
  // again for each (candidates come in text order, so one entry is enough).
  std::uint32_t first_word_of(std::uint32_t s) {
    if (s == first_word_sentence_) return first_word_;
    const Sentence& sent = d_.seg.sentences[s];
    std::uint32_t k = sent.token_begin;
    while (k < sent.token_end && toks_[k].kind != TokenKind::kWord) ++k;
    first_word_sentence_ = s;
    first_word_ = k;
    return k;
  }
  std::uint32_t first_word_sentence_ = UINT32_MAX, first_word_ = 0;
};

// ---- the corpus ---------------------------------------------------------------------------

// Token flags are zero-filled this many at a time (64 MB), between checks for Ctrl-C.
constexpr std::size_t kFlagStep = std::size_t{1} << 24;

// At most 64 chunks of consecutive documents (the same whatever the thread count), each
// detected by one thread with its own strings and scratch space.
// The word flags of every token go straight to `token_flags` (the corpus's, document after
// document): no per-chunk copy to gather.
std::vector<Chunk> detect_chunks(const Corpus& corpus, const Gazetteer::Impl& gaz, int threads,
                                 const Interrupt& interrupt,
                                 std::vector<std::uint32_t>& token_flags) {
  const std::size_t n = corpus.size();
  const std::size_t chunk = std::max<std::size_t>(1, (n + 63) / 64);
  const std::size_t n_chunks = (n + chunk - 1) / chunk;
  std::vector<Chunk> chunks(n_chunks);
  std::vector<std::size_t> flag_offset(n_chunks + 1, 0);
  for (std::size_t d = 0; d < n; ++d) flag_offset[d / chunk + 1] += corpus.at(d).seg.tokens.size();
  for (std::size_t c = 0; c < n_chunks; ++c) flag_offset[c + 1] += flag_offset[c];
  // The flags of every token of the corpus (hundreds of MB for a large one): the kernel
  // zero-fills each new page as it is first touched, which took over a second for 126 M
  // tokens. Grown in steps, with Ctrl-C checked between them, so that no second passes
  // without a check.
  token_flags.reserve(flag_offset[n_chunks]);
  while (token_flags.size() < flag_offset[n_chunks]) {
    if (interrupt && interrupt()) throw Interrupted();
    token_flags.resize(std::min(flag_offset[n_chunks], token_flags.size() + kFlagStep));
  }
  parallel_for(
      n_chunks, threads,
      [&](std::size_t c) {
        // News has about one candidate per 13 tokens: room for one per 10 saves the copies
        // (and page faults) of a doubling vector; pages never written are never touched.
        const std::size_t tokens = flag_offset[c + 1] - flag_offset[c];
        chunks[c].cands.reserve(tokens / 10 + 16);
        chunks[c].token_flags = token_flags.data() + flag_offset[c];
        for (std::size_t d = c * chunk; d < std::min(n, (c + 1) * chunk); ++d)
          Detector(corpus, gaz, static_cast<std::uint32_t>(d), chunks[c]).run();
        chunks[c].finish();
        std::vector<std::uint64_t>().swap(chunks[c].lh);
        std::vector<std::uint32_t>().swap(chunks[c].fl);
      },
      interrupt);
  return chunks;
}

// Which capitalised single words does the corpus also write in lower case ("Last" is a
// word, "Lavrov" a name)? Only the words that could be asked about are looked for. Frees
// the chunks' sets of lower-case words.
FlatSet lower_case_vocabulary(std::vector<Chunk>& chunks, int threads, const Interrupt& interrupt) {
  FlatSet wanted;
  for (const Chunk& ch : chunks)
    for (const std::uint64_t h : ch.lhs)
      if (h != 0) (void)wanted.insert(h);
  std::vector<std::vector<std::uint64_t>> found(chunks.size());
  parallel_for(
      chunks.size(), threads,
      [&](std::size_t c) {
        chunks[c].lower_words.for_each([&](std::uint64_t h) {
          if (wanted.contains(h)) found[c].push_back(h);
        });
        chunks[c].lower_words = FlatSet();
      },
      interrupt);
  FlatSet lower_vocab;
  for (const auto& f : found)
    for (const std::uint64_t h : f) (void)lower_vocab.insert(h);
  return lower_vocab;
}

// Drops sentence-initial single words that the corpus also writes in lower case.
void drop_lower_case_words(std::vector<Chunk>& chunks, const FlatSet& lower_vocab, int threads,
                           const Interrupt& interrupt) {
  parallel_for(
      chunks.size(), threads,
      [&](std::size_t c) {
        std::erase_if(chunks[c].cands, [&](const Candidate& x) {
          return dropped_as_lower_case(x, chunks[c].lhs[x.sid], lower_vocab);
        });
      },
      interrupt);
}

// The chunks' strings to corpus-wide ids (in document order), then the candidates in one
// array with those ids, each chunk copied (and freed) by one thread.
void gather(std::vector<Chunk>& chunks, Detection& out, int threads, const Interrupt& interrupt) {
  const std::size_t n_chunks = chunks.size();
  std::vector<std::vector<std::uint32_t>> to_global(n_chunks);
  std::vector<std::size_t> offset(n_chunks + 1, 0);
  for (std::size_t c = 0; c < n_chunks; ++c) {
    const Strings& local = chunks[c].strings;
    to_global[c].resize(local.size());
    for (std::uint32_t id = 0; id < local.size(); ++id)
      to_global[c][id] = out.strings.intern(local.str(id), local.hash_of(id));
    offset[c + 1] = offset[c] + chunks[c].cands.size();
  }
  out.cands = CandidateArray(offset[n_chunks]);
  CandidateArray& cands = out.cands;
  parallel_for(
      n_chunks, threads,
      [&](std::size_t c) {
        const auto& r = to_global[c];
        std::size_t at = offset[c];
        for (Candidate x : chunks[c].cands) {
          x.sid = r[x.sid];
          x.fid = r[x.fid];
          x.first = r[x.first];
          x.last = r[x.last];
          x.role = r[x.role];
          cands[at++] = x;
        }
        chunks[c] = Chunk();
      },
      interrupt);
}

}  // namespace

Detection detect_candidates(const Corpus& corpus, const Gazetteer::Impl& gaz, int threads,
                            const Interrupt& interrupt, std::vector<std::uint64_t>* lower_words) {
  Detection out;
  std::vector<Chunk> chunks = detect_chunks(corpus, gaz, threads, interrupt, out.token_flags);
  if (lower_words != nullptr) {
    // A part of a corpus: every lower-case word it writes, sorted; nothing dropped yet.
    for (Chunk& ch : chunks) {
      ch.lower_words.for_each([&](std::uint64_t h) { lower_words->push_back(h); });
      ch.lower_words = FlatSet();
    }
    std::sort(lower_words->begin(), lower_words->end());
    lower_words->erase(std::unique(lower_words->begin(), lower_words->end()), lower_words->end());
  } else {
    out.lower_vocab = lower_case_vocabulary(chunks, threads, interrupt);
    drop_lower_case_words(chunks, out.lower_vocab, threads, interrupt);
  }
  gather(chunks, out, threads, interrupt);
  return out;
}

bool dropped_as_lower_case(const Candidate& x, std::uint64_t surface_lower_hash,
                           const FlatSet& lower_vocab) {
  return x.kind == Kind::kSingle && x.sentence_initial && x.first == 0 &&
         lower_vocab.contains(surface_lower_hash);
}

}  // namespace presslens::detail
