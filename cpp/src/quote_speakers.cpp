// Speaker phrases: the mention, pronoun, role noun or plain noun phrase before or after a
// reporting verb, the subject of a sentence, and appositive names.
#include <algorithm>
#include <string>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

Speaker DocQuotes::from_mention(std::int32_t mi) {
  const Mention& m = mention(mi);
  Speaker s;
  s.first_tok = m.token;
  std::uint32_t k = m.token;
  while (k + 1 < toks_.size() && toks_[k].end < m.end) ++k;
  s.last_tok = k;
  s.entity = static_cast<std::int32_t>(m.entity);
  if (m.type == EntityType::kOrg || m.type == EntityType::kPlace) {
    s.kind = SpeakerKind::kOrganisation;
  } else {
    s.kind = m.role_end > m.role_start ? SpeakerKind::kTitled : SpeakerKind::kNamed;
    if (m.role_end > m.role_start) {
      // include the title in the speaker span
      std::uint32_t r = s.first_tok;
      while (r > 0 && toks_[r - 1].start >= m.role_start) --r;
      s.first_tok = r;
    }
  }
  return s;
}

bool DocQuotes::role_np_ending(std::uint32_t k, std::uint32_t floor, Speaker& s) {
  if (!is_word(k) || (toks_[k].flags & kTokCapitalized &&
                      !(wclass(k) & (detail::kWordTitleHead | detail::kWordRoleNoun))))
    return false;
  if (!(wclass(k) & (detail::kWordRoleNoun | detail::kWordTitleHead))) return false;
  std::uint32_t j = k;
  std::uint32_t steps = 0;
  while (j > floor && steps < 4) {
    const std::uint32_t p = j - 1;
    if (!is_word(p)) break;
    if (is_determiner(p)) {
      j = p;
      break;
    }
    // modifiers of the role noun: "four US senators", "the deputy foreign minister",
    // "a Kremlin spokesman"; a preposition or a verb ends the phrase
    if (ment_last_[p] >= 0 || (toks_[p].flags & kTokCapitalized) ||
        (wclass(p) & (detail::kWordModifier | detail::kWordTitlePart | detail::kWordTitleHead |
                      detail::kWordRoleNoun)) ||
        is_number_word(p)) {
      j = p;
      ++steps;
      continue;
    }
    break;
  }
  s.first_tok = j;
  s.last_tok = k;
  s.kind = SpeakerKind::kRole;
  return true;
}

bool DocQuotes::is_number_word(std::uint32_t k) {
  if (toks_[k].kind == TokenKind::kNumber) return true;
  static constexpr std::array<std::string_view, 12> kNumbers = {"two", "three",   "four",  "five",
                                                                "six", "seven",   "eight", "nine",
                                                                "ten", "several", "some",  "many"};
  return lower_in(kNumbers, k);
}

Speaker DocQuotes::subject_of(std::uint32_t k) {
  const SentenceMemo& f = subjects(tok_sentence_[k]);
  if (f.person < k) {
    if (ment_first_[f.person] >= 0) return from_mention(ment_first_[f.person]);
    Speaker s;
    s.first_tok = s.last_tok = f.person;
    s.kind = SpeakerKind::kPronoun;
    return s;
  }
  if (f.org < k) return from_mention(ment_first_[f.org]);
  return {};
}

const SentenceMemo& DocQuotes::subjects(std::uint32_t si) {
  SentenceMemo& f = memo_[si];
  if (f.done & kMemoSubjects) return f;
  f.done |= kMemoSubjects;
  const std::uint32_t sb = d_.seg.sentences[si].token_begin;
  const std::uint32_t se = d_.seg.sentences[si].token_end;
  for (std::uint32_t x = sb; x < se && f.person == kNoTok; ++x) {
    if (in_quote_[x]) continue;
    if (x > sb && is_prep(x - 1)) continue;
    if (x > sb && tok(x - 1) == "(") continue;  // "Washington (AFP) -"
    if (ment_first_[x] >= 0) {
      const Mention& m = mention(ment_first_[x]);
      if (m.type == EntityType::kPerson) f.person = x;
      if (m.type == EntityType::kOrg && f.org == kNoTok) f.org = x;
      continue;
    }
    if (is_word(x) && is_pronoun(x) &&
        (lower_is(x, "he") || lower_is(x, "she") || lower_is(x, "they")))
      f.person = x;
  }
  return f;
}

std::int64_t DocQuotes::skip_adverbs_back(std::int64_t k, std::uint32_t floor) {
  static constexpr std::array<std::string_view, 10> kDays = {
      "monday",   "tuesday", "wednesday", "thursday",  "friday",
      "saturday", "sunday",  "today",     "yesterday", "tonight"};
  for (std::uint32_t skipped = 0;
       skipped < kMaxSkippedAdverbs && k >= static_cast<std::int64_t>(floor); ++skipped) {
    const auto u = static_cast<std::uint32_t>(k);
    if (!is_word(u)) break;
    // "Beck on Wednesday called", "Clinton Tuesday said": the day is no speaker
    if (lower_in(kDays, u)) {
      if (u > floor && (word_is(u - 1, "on") || word_is(u - 1, "last"))) --k;
      --k;
      continue;
    }
    if (!(is_aux(u) || is_ly_adverb(u))) break;
    --k;
  }
  return k;
}

Speaker DocQuotes::speaker_before(std::int64_t k, std::uint32_t floor) {
  Speaker s = speaker_before_np(k, floor);
  if (!s.found()) return s;
  const bool place =
      s.entity >= 0 && er_.entities[static_cast<std::size_t>(s.entity)].type == EntityType::kPlace;
  if (place || governed_np(s.first_tok, floor)) {
    Speaker subj = subject_of(s.first_tok);
    return subj.found() ? subj : Speaker{};
  }
  return s;
}

bool DocQuotes::governed_np(std::uint32_t first, std::uint32_t floor) {
  if (first <= floor || !is_word(first - 1) || !is_prep(first - 1)) return false;
  // ("with Dmitry Kozak ... saying" is an absolute construction: a "with" that opens a
  // clause governs its speaker; "breakfasts with Hillary Clinton" does not)
  return !word_is(first - 1, "with") || (first - 1 > floor && tok(first - 2) != ",");
}

Speaker DocQuotes::np_before(std::int64_t k, std::uint32_t floor) {
  static constexpr std::array<std::string_view, 30> kStops = {
      "and",   "or",    "but", "that", "which",   "who",  "whom", "whose", "what", "when",
      "where", "while", "as",  "if",   "because", "than", "so",   "not",   "to",   "be",
      "been",  "being", "it",  "this", "there",   "here", "just", "even",  "only", "all"};
  auto np_word = [&](std::uint32_t x) {
    return is_word(x) && !is_pronoun(x) && !is_aux(x) && !is_cue(x) && !is_determiner(x) &&
           !is_prep(x) && !lower_in(kStops, x);
  };
  // a share of a poll's respondents speaks: "9 percent say", "26% say", "a majority of
  // voters say"
  auto quantity = [&](std::uint32_t x) {
    return toks_[x].kind == TokenKind::kNumber || tok(x) == "%" || word_is(x, "percent") ||
           word_is(x, "majority") || word_is(x, "half") || word_is(x, "most");
  };
  // ("one in four said", "most of them said", "only 24 percent said")
  static constexpr std::array<std::string_view, 6> kCounts = {"one",  "all",  "most",
                                                              "half", "none", "both"};
  static constexpr std::array<std::string_view, 8> kAbout = {"only",   "just",    "nearly", "about",
                                                             "almost", "roughly", "some",   "over"};
  auto count = [&](std::uint32_t x) {
    return is_number_word(x) || (is_word(x) && lower_in(kCounts, x));
  };
  // the subject before a modal or a negation: "Trump did not support", "the 757 might seem"
  static constexpr std::array<std::string_view, 14> kModals = {
      "did",   "does", "do",   "might", "may",   "can", "could",
      "would", "will", "must", "never", "still", "not", "should"};
  for (std::uint32_t skipped = 0; skipped < 4; ++skipped) {
    k = skip_adverbs_back(k, floor);
    if (k < static_cast<std::int64_t>(floor)) return {};
    const auto u = static_cast<std::uint32_t>(k);
    const std::string_view w = tok(u);
    if (!(is_word(u) && lower_in(kModals, u)) && !w.ends_with("n't") &&
        !w.ends_with("n\xE2\x80\x99t"))
      break;
    --k;
  }
  if (k < static_cast<std::int64_t>(floor)) return {};
  const auto head = static_cast<std::uint32_t>(k);
  const bool of_them = head >= floor + 2 && (word_is(head, "them") || word_is(head, "those")) &&
                       word_is(head - 1, "of") && count(head - 2);
  if (!np_word(head) && !(quantity(head) && !is_word(head)) && !of_them) return {};
  std::uint32_t j = of_them ? head - 2 : head;
  std::uint32_t named = UINT32_MAX;  // where the noun phrase began before a quantity
  bool det = false;
  if (j >= floor + 2 && word_is(j - 1, "in") && count(j) && count(j - 2)) j -= 2;  // one in four
  for (std::uint32_t steps = 0; j > floor && steps < 5; ++steps) {
    if (is_word(j - 1) && is_determiner(j - 1)) {
      --j;
      det = true;
      break;
    }
    if (!np_word(j - 1) && !quantity(j - 1)) {
      // "67 percent of voters": over the "of" to the quantity
      if (j >= floor + 2 && word_is(j - 1, "of") && quantity(j - 2)) {
        if (named == UINT32_MAX) named = j;
        j -= 2;
        continue;
      }
      break;
    }
    if (named == UINT32_MAX && !np_word(j - 1)) named = j;
    --j;
  }
  if (j > floor && (quantity(j) || count(j)) && is_word(j - 1) && lower_in(kAbout, j - 1)) --j;
  const auto opens = [&](std::uint32_t x) {
    return x == floor || tok(x - 1) == "," || tok(x - 1) == "(" || is_terminal_punct(x - 1) ||
           tok(x - 1) == ":";
  };
  // ("four in 10 South Carolina voters": the capitalized phrase, not the quantity before it)
  if (!det && !opens(j) && !(toks_[j].flags & kTokCapitalized) && named != UINT32_MAX &&
      (toks_[named].flags & kTokCapitalized))
    j = named;
  if (!det && !opens(j) && !(toks_[j].flags & kTokCapitalized)) return {};
  Speaker s;
  s.first_tok = j;
  s.last_tok = head;
  s.kind = np_kind(head);
  return s;
}

Speaker DocQuotes::np_after(std::uint32_t k, std::uint32_t pe) {
  // ("said in a statement", "told on Monday": a preposition opens no noun phrase)
  if (k < pe && is_prep(k)) return {};
  std::uint32_t e = k;
  // (words, and the marks inside a name: "Al-Tabchi", "O’Neill", "Gov.")
  auto inner = [&](std::uint32_t x) {
    return x > k && toks_[x].start == toks_[x - 1].end &&
           (tok(x) == "-" || tok(x) == "\xE2\x80\x99" || tok(x) == "'" || tok(x) == ".") &&
           x + 1 < pe && is_word(x + 1);
  };
  while (e < pe && e < k + 10 &&
         ((is_word(e) && !is_cue(e) && !(is_pronoun(e) && e > k)) || inner(e)))
    ++e;
  if (e == k || (e < pe && tok(e) != "," && !is_terminal_punct(e))) return {};
  if (is_pronoun(k) && e > k + 1) return {};
  Speaker s;
  s.first_tok = k;
  s.last_tok = e - 1;
  s.kind = np_kind(e - 1);
  return s;
}

void DocQuotes::speaker_of_organisation(Speaker& r, std::uint32_t j, std::uint32_t ceil) {
  // "US Senator Jeff Sessions": a place or organisation inside a person's title
  for (std::uint32_t x = r.last_tok + 1; x < std::min(ceil, r.last_tok + 5); ++x) {
    if (ment_first_[x] < 0) continue;
    const Mention& p = mention(ment_first_[x]);
    if (p.type == EntityType::kPerson && p.role_end > p.role_start &&
        p.role_start <= toks_[j].start)
      r = from_mention(ment_first_[x]);
    break;
  }
  // "the White House spokesman", "The Republican candidate": the role speaks, as it does
  // before a quote
  std::uint32_t x = r.last_tok + 1;
  bool role = false;
  while (x < std::min(ceil, r.last_tok + 4) && is_word(x) && ment_first_[x] < 0) {
    const bool noun = wclass(x) & (detail::kWordRoleNoun | detail::kWordTitleHead);
    if (!noun && (role || !(toks_[x].flags & kTokCapitalized))) break;
    role = role || noun;
    ++x;
  }
  if (!role) return;
  // ("Fox Business moderator Gerard Baker": the person the role names)
  if (x < ceil && ment_first_[x] >= 0 && mention(ment_first_[x]).type == EntityType::kPerson) {
    const std::uint32_t first = r.first_tok;
    r = from_mention(ment_first_[x]);
    r.first_tok = first;
    r.kind = SpeakerKind::kTitled;
  } else if (r.entity >= 0 && (x >= ceil || ment_first_[x] < 0)) {
    r.last_tok = x - 1;
    r.kind = SpeakerKind::kRole;
    r.entity = -1;
  }
}

SpeakerKind DocQuotes::np_kind(std::uint32_t head) const {
  if (toks_[head].flags & kTokCapitalized) return SpeakerKind::kNamed;
  return (wclass(head) & (detail::kWordRoleNoun | detail::kWordTitleHead)) ? SpeakerKind::kRole
                                                                           : SpeakerKind::kUnknown;
}

// The forms of "be" that make a participle passive ("was called", "has been described").
constexpr std::array<std::string_view, 6> kBe = {"is", "are", "was", "were", "be", "been"};

std::uint32_t DocQuotes::passive_by(std::uint32_t v, std::uint32_t se) {
  // Only a form of "be" makes the participle passive ("has called ... by any measure" is
  // active). The quote follows the cue (or its "as") and "by" follows the quote: a "by"
  // elsewhere belongs to a noun ("a hit piece by The New York Times").
  if (!lower_in(kBe, v - 1)) return UINT32_MAX;
  std::uint32_t x = v + 1;
  if (x < se && word_is(x, "as")) ++x;
  if (x >= se || !is_dq(x)) return UINT32_MAX;
  for (++x; x < se && x <= v + kAgentReach && !is_dq(x); ++x) {
  }
  return x + 2 < se && is_dq(x) && word_is(x + 1, "by") ? x + 1 : UINT32_MAX;
}

Speaker DocQuotes::cue_speaker(std::uint32_t v, std::uint32_t floor) {
  // "Warren endorsed Clinton, saying" / "she released a statement saying": the subject
  // of the sentence speaks, not the object before the participle
  // (but "with Dmitry Kozak, the deputy chief of staff, saying": the absolute clause's own)
  Speaker s = speaker_before(static_cast<std::int64_t>(v) - 1, floor);
  // ("tangled with Donald Trump once directly, saying": "with" opening no clause governs
  // an object)
  const bool absolute = s.found() && s.first_tok > floor && lower_is(s.first_tok - 1, "with") &&
                        (s.first_tok - 1 == floor || tok(s.first_tok - 2) == ",");
  // "Rubio was asked by moderator Gerard Baker whether ...": a passive cue's agent speaks
  if (v > floor && is_word(v - 1) && (is_aux(v - 1) || lower_in(kBe, v - 1)) &&
      lower_ends_with(v, "ed")) {
    const std::uint32_t se = sentence_tokens(v).second;
    if (v + 2 < se && word_is(v + 1, "by") && is_aux(v - 1)) {
      const Speaker agent = speaker_after(v + 2, se);
      if (agent.found()) return agent;
    }
    // "The plan was called “a betrayal of the voters” by Governor Hart": after the quote
    const std::uint32_t by = passive_by(v, se);
    if (by != UINT32_MAX) {
      const Speaker agent = speaker_after(by + 1, se);
      if (agent.found()) return agent;
    }
  }
  // "Sarah Silverman was booed by Sanders supporters after telling ...": a participle
  // after a subordinating preposition has the sentence's subject
  static constexpr std::array<std::string_view, 6> kSubordinating = {"after", "before", "while",
                                                                     "when",  "by",     "upon"};
  if (v > floor && lower_ends_with(v, "ing") && is_word(v - 1) && lower_in(kSubordinating, v - 1)) {
    const Speaker subj = subject_of(v);
    if (subj.found()) return subj;
  }
  if (!absolute && v > floor && tok(v - 1) == "," && lower_ends_with(v, "ing")) {
    // "..., Nefzi said, adding": the speaker of the reporting verb before the participle
    if (v >= floor + 3 && is_cue(v - 2) && !in_quote_[v - 2]) {
      const Speaker r = speaker_before(static_cast<std::int64_t>(v) - 3, floor);
      if (r.found()) return r;
    }
    const Speaker subj = subject_of(v);
    if (subj.found()) return subj;
  }
  // "she released a statement saying" / "Black Lives Matter issued a statement saying": a
  // noun phrase that is the object of a verb does not speak; the sentence's subject does
  const Speaker np = s.found() ? s : np_before(static_cast<std::int64_t>(v) - 1, floor);
  const bool noun = np.found() && np.entity < 0 &&
                    (np.kind == SpeakerKind::kRole || np.kind == SpeakerKind::kUnknown);
  if (noun && lower_ends_with(v, "ing") && np.first_tok > floor) {
    const std::uint32_t p = np.first_tok - 1;
    if (is_word(p) && !(toks_[p].flags & kTokCapitalized) && !is_prep(p)) {
      const Speaker subj = subject_of(np.first_tok);
      if (subj.found()) return subj;
    }
  }
  return np;
}

Speaker DocQuotes::coordinated_subject(std::uint32_t v, std::uint32_t floor) {
  // "Sullivan put off deciding but said the group could ...": the second of two coordinated
  // verbs has the sentence's subject
  if (v <= floor) return {};
  const std::int64_t c = skip_adverbs_back(static_cast<std::int64_t>(v) - 1, floor);
  if (c <= static_cast<std::int64_t>(floor)) return {};
  const auto u = static_cast<std::uint32_t>(c);
  return word_is(u, "and") || word_is(u, "but") ? subject_of(v) : Speaker{};
}

Speaker DocQuotes::quote_cue_speaker(std::uint32_t v, std::uint32_t floor) {
  const Speaker s = cue_speaker(v, floor);
  // (within kOpeningWindow tokens of the cue: a long sentence of cues would otherwise
  // scan back to its start from each)
  if (s.found() || v <= floor + 2 || v > floor + kOpeningWindow) return s;
  // "The Republican candidate appeared to assert his plans by saying, “...”": when nothing
  // nearer speaks, the noun phrase that opens the sentence
  const Speaker o = speaker_after(floor, v);
  if (!o.found() || o.first_tok != floor) return {};
  const EntityType t =
      o.entity >= 0 ? er_.entities[static_cast<std::size_t>(o.entity)].type : EntityType::kOther;
  // (not a place or a dateline, not a possessive ("Marsh’s team"), not "That left Sen. Ted
  // Cruz ...", not the subject of an inverted cue ("The paradox of Nancy, says Carl
  // Anthony, is ..."), and no denial in between ("He did not say whether ..."))
  if (t == EntityType::kPlace || word_is(floor, "that") || word_is(floor, "this") ||
      o.last_tok + 2 == v || toks_[o.last_tok + 1].kind == TokenKind::kClitic)
    return {};
  for (std::uint32_t x = o.last_tok + 1; x < v; ++x) {
    const std::string_view w = tok(x);
    if (word_is(x, "not") || word_is(x, "never") || w.ends_with("n't") ||
        w.ends_with("n\xE2\x80\x99t"))
      return {};
  }
  return o;
}

bool DocQuotes::modifier_word(std::uint32_t x) {
  // a lower-case word that may modify a noun: no verb of report, function word or pronoun
  static constexpr std::array<std::string_view, 14> kFunction = {
      "and",   "or", "but",     "as",   "when",  "who",  "that",
      "which", "if", "because", "once", "while", "than", "so"};
  return is_word(x) && !(toks_[x].flags & kTokCapitalized) && !is_cue(x) && !is_aux(x) &&
         !is_prep(x) && !is_pronoun(x) && !is_determiner(x) && !lower_in(kFunction, x);
}

std::uint32_t DocQuotes::relative_clause_start(std::uint32_t x, std::uint32_t floor) const {
  // the comma before "who"/"which"/"whose" that opens the clause holding token x, within
  // kRelativeReach tokens and with no other comma between
  for (std::uint32_t y = x; y > floor + 1 && y + kRelativeReach > x; --y) {
    if (tok(y - 1) == "," && (word_is(y, "who") || word_is(y, "which") || word_is(y, "whose")))
      return y - 1;
    if (tok(y - 1) == "," || is_terminal_punct(y - 1)) return kNoTok;
  }
  return kNoTok;
}

Speaker DocQuotes::speaker_before_np(std::int64_t k, std::uint32_t floor) {
  Speaker s;
  const auto comma = [&](std::int64_t x) {
    return x >= static_cast<std::int64_t>(floor) && tok(static_cast<std::uint32_t>(x)) == ",";
  };
  bool had_comma = comma(k);
  if (had_comma) --k;
  // "Paul Ryan (R-WI) said": back over a short parenthesis after the name
  if (k > static_cast<std::int64_t>(floor))
    k = skip_parenthetical_back(static_cast<std::uint32_t>(k), floor);
  k = skip_adverbs_back(k, floor);
  // ("Trump, who has been feuding ..., on Friday described")
  if (!had_comma && comma(k)) {
    had_comma = true;
    k = skip_adverbs_back(k - 1, floor);
  }
  if (k < static_cast<std::int64_t>(floor)) return s;
  const auto u = static_cast<std::uint32_t>(k);
  if (ment_last_[u] >= 0) {
    s = from_mention(ment_last_[u]);
    // "Sen. Claire McCaskill (D-Mo.), who has endorsed Clinton, said": the name ends a
    // relative clause; its antecedent speaks
    if (had_comma) {
      const std::uint32_t rel = relative_clause_start(s.first_tok, floor);
      if (rel != kNoTok) {
        const Speaker r = speaker_before_np(static_cast<std::int64_t>(rel) - 1, floor);
        if (r.found()) return r;
      }
    }
    // "a spokesman for Tomas Arlen": the spokesman speaks.
    if (s.first_tok >= floor + 2) {
      const std::uint32_t p = s.first_tok - 1;
      Speaker r;
      if ((lower_is(p, "for") || lower_is(p, "of")) && role_np_ending(p - 1, floor, r)) {
        r.last_tok = s.last_tok;
        r.entity = -1;
        return r;
      }
    }
    return s;
  }
  if (is_word(u) && is_pronoun(u)) {
    s.first_tok = s.last_tok = u;
    s.kind = SpeakerKind::kPronoun;
    return s;
  }
  Speaker r;
  if (role_np_ending(u, floor, r)) return r;
  // "Dmitry Kozak, the Kremlin's deputy chief of staff, saying": the name before an
  // appositive that ends just before the verb.
  if (had_comma) {
    // (over the commas inside it: "Anne Richards, assistant secretary for population,
    // refugees, and migration, said")
    for (std::uint32_t x = u; x > floor && x + 24 > u; --x) {
      if (tok(x) != ",") continue;
      if (x > 0 && ment_last_[x - 1] >= 0 &&
          mention(ment_last_[x - 1]).type == EntityType::kPerson) {
        const Speaker p = from_mention(ment_last_[x - 1]);
        // ("Mr. Biden, recalling breakfasts with Mrs. Clinton, described": a name governed
        // by a preposition is inside the inserted clause)
        if (governed_np(p.first_tok, floor)) continue;
        return p;
      }
    }
  }
  return s;
}

Speaker DocQuotes::speaker_after(std::uint32_t k, std::uint32_t ceil) {
  Speaker s;
  if (k >= ceil) return s;
  // the mention may begin after "the" ("the Russian Foreign Ministry"), after a
  // determiner and adjectives ("an angry Hollande") or with its title
  for (std::uint32_t j = k; j < std::min(ceil, k + 6); ++j) {
    if (ment_first_[j] >= 0) {
      const Mention& m = mention(ment_first_[j]);
      const bool title_from_k = m.role_end > m.role_start && m.role_start <= toks_[k].start;
      // "election lawyer Joe Birkenstock", "Republican strategist Ann Lee": a role noun
      // right before the name
      const bool role_before =
          j > k && (wclass(j - 1) & (detail::kWordRoleNoun | detail::kWordTitleHead));
      bool only_dets = true;
      for (std::uint32_t x = k; x < j; ++x)
        only_dets =
            only_dets && is_word(x) &&
            (is_determiner(x) || is_number_word(x) || title_from_k ||
             (x > k && is_determiner(k) && !is_cue(x) && !(toks_[x].flags & kTokCapitalized)) ||
             (role_before && !is_cue(x) && !is_pronoun(x) && !is_prep(x)));
      if (only_dets) {
        Speaker r = from_mention(ment_first_[j]);
        if (m.type != EntityType::kPerson) speaker_of_organisation(r, j, ceil);
        r.first_tok = std::min(r.first_tok, k);
        return r;
      }
      break;
    }
  }
  if (is_word(k) && is_pronoun(k)) {
    s.first_tok = s.last_tok = k;
    s.kind = SpeakerKind::kPronoun;
    return s;
  }
  // determiner + modifiers + role noun
  std::uint32_t j = k;
  if (is_word(j) && is_determiner(j)) ++j;
  std::uint32_t last_role = UINT32_MAX;
  for (std::uint32_t x = j; x < std::min(ceil, j + 4); ++x) {
    if (!is_word(x)) break;
    const std::uint8_t c = wclass(x);
    if (c & (detail::kWordRoleNoun | detail::kWordTitleHead))
      last_role = x;
    else if (!(c & (detail::kWordModifier | detail::kWordTitlePart)) && ment_first_[x] < 0 &&
             (toks_[x].flags & kTokCapitalized) == 0)
      break;
  }
  if (last_role != UINT32_MAX && j > k) {
    s.first_tok = k;
    s.last_tok = last_role;
    s.kind = SpeakerKind::kRole;
    appositive(s, ceil);
  }
  return s;
}

void DocQuotes::appositive(Speaker& s, std::uint32_t ceil) {
  for (std::uint32_t x = s.last_tok + 1; x < ceil && x < s.last_tok + 30; ++x) {
    if (is_terminal_punct(x) || is_cue(x) || is_dq(x)) return;
    if (ment_first_[x] < 0 || tok(x - 1) != ",") continue;
    const Mention& m = mention(ment_first_[x]);
    if (m.type != EntityType::kPerson) continue;
    Speaker r = from_mention(ment_first_[x]);
    s.entity = r.entity;
    s.last_tok = r.last_tok;
    s.kind = SpeakerKind::kTitled;
    return;
  }
}

}  // namespace presslens::detail
