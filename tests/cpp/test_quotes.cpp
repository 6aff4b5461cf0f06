#include "presslens/quotes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "presslens/text.hpp"
#include "test_support.hpp"

using namespace presslens;

namespace {

std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Gazetteer& gaz() {
  static const Gazetteer g = [] {
    const std::string dir = std::string(PRESSLENS_SOURCE_DIR) + "/python/presslens/data/gazetteer/";
    return Gazetteer::from_tsv(read(dir + "places.tsv"), read(dir + "organisations.tsv"),
                               read(dir + "titles.tsv"), read(dir + "given_names.tsv"));
  }();
  return g;
}

struct Found {
  std::string text, speaker, entity, kind, rule;
};

std::vector<Found> run(std::vector<std::string> texts, QuoteResult* out = nullptr) {
  std::vector<RawDocument> raw;
  for (auto& t : texts) {
    RawDocument r;
    r.id = std::to_string(raw.size());
    r.bytes = t;
    raw.push_back(std::move(r));
  }
  const Corpus c = Corpus::from_records(std::move(raw), {});
  const EntityResult e = extract_entities(c, gaz(), {});
  QuoteResult q = extract_quotes(c, e, gaz(), {});
  std::vector<Found> f;
  for (const auto& x : q.quotes) {
    const std::string& text = c.at(x.doc).text;
    f.push_back({text.substr(x.start, x.end - x.start),
                 text.substr(x.speaker_start, x.speaker_end - x.speaker_start),
                 x.speaker_entity >= 0 ? e.entities[static_cast<std::size_t>(x.speaker_entity)].name
                                       : std::string(),
                 quote_kind_name(x.kind), quote_rule_name(x.rule)});
  }
  if (out) *out = std::move(q);
  return f;
}

}  // namespace

TEST(Quotes, AfterBeforeAndEveryMarkStyle) {
  const auto f = run({
      "\xE2\x80\x9CWe have not seen any progress,\xE2\x80\x9D Deputy Foreign Minister Sergei "
      "Ryabkov "
      "said. Victoria Nuland told reporters: \"We came to solve a problem.\" "
      "\xC2\xAB"
      "This is a provocation,\xC2\xBB said Dmitry Peskov. ''It is useful,'' Ned Price said.",
  });
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].text, "We have not seen any progress,");
  EXPECT_EQ(f[0].entity, "Sergei Ryabkov");
  EXPECT_EQ(f[0].rule, "after");
  EXPECT_EQ(f[1].text, "We came to solve a problem.");
  EXPECT_EQ(f[1].entity, "Victoria Nuland");
  EXPECT_EQ(f[1].rule, "before");
  EXPECT_EQ(f[2].entity, "Dmitry Peskov");
  EXPECT_EQ(f[3].text, "It is useful,");
  EXPECT_EQ(f[3].entity, "Ned Price");
}

TEST(Quotes, SplitQuotesAreOneQuote) {
  const auto f = run({"\"A first part,\" Sergei Ryabkov said. \"A second part.\""});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "split");
  EXPECT_EQ(f[0].text, "A first part,\" Sergei Ryabkov said. \"A second part.");
}

TEST(Quotes, PronounsRolesAndOrganisations) {
  const auto f = run({
      "Maria Zakharova met Sergei Ryabkov on Monday.\n"
      "\"Nobody expected a breakthrough,\" she said.\n"
      "\"We will answer,\" the Russian Foreign Ministry said in a statement.\n"
      "Sergei Ryabkov, the deputy minister, spoke later.\n"
      "\"There is a risk,\" the deputy minister warned.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].speaker, "she");
  EXPECT_EQ(f[0].entity, "Maria Zakharova");
  EXPECT_EQ(f[1].entity, "Russian Foreign Ministry");
  EXPECT_EQ(f[2].speaker, "the deputy minister");
  EXPECT_EQ(f[2].entity, "Sergei Ryabkov");
}

TEST(Quotes, FloatingAndMultiParagraphQuotes) {
  const auto f = run({
      "Senator Ruth Okafor was blunt. \"We will not accept this,\" she said.\n\n"
      "\"Not now, not ever. The water belongs to the people who live by the river.\"\n\n"
      "\"This goes on over two paragraphs and the first one does not close.\n\n"
      "\"Here it closes,\" Okafor added.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[1].rule, "floating");
  EXPECT_EQ(f[1].entity, "Ruth Okafor");
  EXPECT_NE(f[2].text.find("first one does not close"), std::string::npos);
  EXPECT_NE(f[2].text.find("Here it closes"), std::string::npos);
  EXPECT_EQ(f[2].entity, "Ruth Okafor");
}

TEST(Quotes, UnbalancedMarksWarnAndTheRestStillWorks) {
  QuoteResult q;
  const auto f =
      run({"He said \"this never closes and goes on.\nSergei Ryabkov said: \"Fine.\""}, &q);
  ASSERT_EQ(q.warnings.size(), 1u);
  EXPECT_EQ(q.warnings[0].code, "unbalanced_quote");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].text, "Fine.");
  EXPECT_EQ(f[1].entity, "Sergei Ryabkov");
}

TEST(Quotes, IndirectAndAccordingTo) {
  const auto f = run({
      "Sergei Ryabkov said that the talks had failed to produce any result. "
      "According to Victoria Nuland, the two sides will meet again in April. "
      "The dam will be finished next year, Dmitry Peskov said.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].kind, "indirect");
  EXPECT_EQ(f[0].text, "the talks had failed to produce any result");
  EXPECT_EQ(f[0].entity, "Sergei Ryabkov");
  EXPECT_EQ(f[1].rule, "according_to");
  EXPECT_EQ(f[1].entity, "Victoria Nuland");
  EXPECT_EQ(f[2].text, "The dam will be finished next year");
  EXPECT_EQ(f[2].entity, "Dmitry Peskov");
}

TEST(Quotes, BareAttributionSentenceAfterAQuoteThatEndsItsSentence) {
  const auto f = run({
      "\"Can we trust the forecast?\" Victoria Nuland asked at a rally.\n\n"
      "\"It is over for all of us, and everyone in this room knows it.\" Sergei Ryabkov described "
      "the talks as a waste of time.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].text, "Can we trust the forecast?");
  EXPECT_EQ(f[0].entity, "Victoria Nuland");
  EXPECT_EQ(f[0].rule, "after");
  // a sentence that goes on with a complement is a new statement, not an attribution
  EXPECT_EQ(f[1].text, "It is over for all of us, and everyone in this room knows it.");
  EXPECT_NE(f[1].rule, "after");
  EXPECT_EQ(f[2].kind, "indirect");
  EXPECT_EQ(f[2].entity, "Sergei Ryabkov");
}

TEST(Quotes, PlainNounPhraseSpeakersAndApostrophes) {
  const auto f = run({
      "Another voter wrote: \"I have waited four years for this.\"\n"
      "\"The numbers speak for themselves,\" Tom Reyes, Alvarez\xE2\x80\x99 campaign "
      "manager, said.\n"
      "\"Nobody reads the fine print,\" said master of ceremonies Lin Ostrova.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].speaker, "Another voter");
  EXPECT_EQ(f[0].kind, "direct");
  EXPECT_EQ(f[0].entity, "");  // a plain noun phrase stands for no entity
  EXPECT_EQ(f[1].speaker, "Tom Reyes");
  EXPECT_EQ(f[2].speaker, "master of ceremonies Lin Ostrova");
}

TEST(Quotes, FragmentsOfOneParaphraseAreOneMixedQuote) {
  const auto f = run({
      "Mayor Ellen Ruiz said the budget was \"a disgrace\" and the council \"should be "
      "ashamed.\" On the radio show \"Morning Roundup,\" she repeated it.",
  });
  ASSERT_EQ(f.size(), 1u);  // the show's name in marks is no quote
  EXPECT_EQ(f[0].kind, "mixed");
  EXPECT_EQ(f[0].speaker, "Mayor Ellen Ruiz");
  // the whole reported clause, both fragments
  EXPECT_EQ(f[0].text, "the budget was \"a disgrace\" and the council \"should be ashamed.");
}

TEST(Quotes, IndirectQuotesOfAttitudeAndEvidence) {
  const auto f = run({
      "Most polls show the senator leading by ten points. "
      "According to a new survey, most voters distrust both parties. "
      "The two sides will meet again in April, the airline said Thursday.",
  });
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].kind, "indirect");
  EXPECT_EQ(f[0].text, "the senator leading by ten points");
  EXPECT_EQ(f[0].speaker, "Most polls");
  EXPECT_EQ(f[1].rule, "according_to");
  EXPECT_EQ(f[1].speaker, "a new survey");
  EXPECT_EQ(f[2].text, "The two sides will meet again in April");
  EXPECT_EQ(f[2].speaker, "the airline");
}

TEST(Quotes, TranslationsOfOneStatementShareAnUtterance) {
  QuoteResult q;
  (void)run({"\"The situation retains a significant crisis potential for our missions,\" Sergei "
             "Ryabkov said.",
             "\"The situation carries a serious crisis potential for the missions,\" Sergey "
             "Ryabkov said.",
             "\"We will meet in April,\" Sergei Ryabkov said."},
            &q);
  ASSERT_EQ(q.quotes.size(), 3u);
  EXPECT_EQ(q.quotes[0].utterance, q.quotes[1].utterance);
  EXPECT_NE(q.quotes[0].utterance, q.quotes[2].utterance);
}

TEST(Quotes, ThousandsOfMarksStayLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "\" ";
  text += "\xE2\x80\x9C";
  QuoteResult q;
  (void)run({text}, &q);
  for (const auto& x : q.quotes) EXPECT_LE(x.start, x.end);
}

TEST(Quotes, AnUnclosedMarkEndsWhereTheNextQuoteOpens) {
  // The first mark never closes: its quote ends before the next opening mark, so quotes
  // never overlap (closing it at the paragraph's end made a run of n unclosed marks n
  // quotes of the paragraph's length: quadratic).
  QuoteResult q;
  const auto f = run({"Sergei Ryabkov said \xE2\x80\x9Cthe first part has no end and is long "
                      "enough to keep \xE2\x80\x9CWe will meet again in April,\xE2\x80\x9D "
                      "Ryabkov added."},
                     &q);
  ASSERT_EQ(q.warnings.size(), 1u);
  EXPECT_NE(q.warnings[0].message.find("next opening mark"), std::string::npos);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "the first part has no end and is long enough to keep");
  EXPECT_TRUE(q.quotes[0].unbalanced);
  EXPECT_EQ(f[1].text, "We will meet again in April,");
  EXPECT_FALSE(q.quotes[1].unbalanced);
  EXPECT_LE(q.quotes[0].end, q.quotes[1].start);
}

TEST(Quotes, UnclosedMarksOfEveryKindGiveQuotesNoLongerThanTheText) {
  for (const std::string open : {"\xE2\x80\x9C", "\xC2\xAB", "\xE2\x80\x9E", "\""}) {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += open;
    for (int i = 0; i < 5000; ++i) text += "\" word ";
    QuoteResult q;
    (void)run({text}, &q);
    std::size_t total = 0;
    for (const auto& x : q.quotes) total += x.end - x.start;
    EXPECT_LE(total, text.size()) << open;
    for (std::size_t i = 1; i < q.quotes.size(); ++i)
      EXPECT_LE(q.quotes[i - 1].start, q.quotes[i].start);
  }
}

TEST(Quotes, OneStatementQuotedManyTimesIsOneUtterancePerDocumentSet) {
  // The same statement in three documents (twice in the first) is one utterance; a statement
  // repeated within one document only is not linked to itself. (One paragraph each: two
  // quotes of one speaker in a paragraph would be one split quote; a line seen before in
  // the document would be boilerplate.)
  QuoteResult q;
  const std::string a =
      "\"The situation retains a significant crisis potential,\" Sergei Ryabkov said.\n\n";
  const std::string b = "\"We will meet again in April in Geneva,\" Sergei Ryabkov said.\n\n";
  const std::string again_a = a.substr(0, a.size() - 3) + " again.\n\n";
  const std::string again_b = b.substr(0, b.size() - 3) + " again.\n\n";
  (void)run({a + b + again_b + again_a, a, a}, &q);
  ASSERT_EQ(q.quotes.size(), 6u);
  EXPECT_EQ(q.quotes[0].utterance, q.quotes[3].utterance);
  EXPECT_EQ(q.quotes[0].utterance, q.quotes[4].utterance);
  EXPECT_EQ(q.quotes[0].utterance, q.quotes[5].utterance);
  EXPECT_NE(q.quotes[1].utterance, q.quotes[2].utterance);
  EXPECT_NE(q.quotes[1].utterance, q.quotes[0].utterance);
}

TEST(Quotes, TheEntitiesTokenFlagsAreReusedOnlyWhenTheyFit) {
  // extract_quotes reads the gazetteer flags the entity stage kept per token; without them
  // (or when they came from other word lists) it computes its own: the quotes are the same.
  std::vector<RawDocument> raw(2);
  raw[0].id = "a";
  raw[0].bytes =
      "\"We cannot say that we have achieved great progress,\" Deputy Foreign Minister Sergei "
      "Ryabkov said. The diplomat added that talks would go on.\n\nShe said: \"No.\"";
  raw[1].id = "b";
  raw[1].bytes =
      "According to the ministry, the visit was useful. \"Fine,\" Nuland told reporters.";
  const Corpus c = Corpus::from_records(std::move(raw), {});
  const EntityResult e = extract_entities(c, gaz(), {});
  ASSERT_EQ(e.token_begin.size(), c.size() + 1);
  ASSERT_EQ(e.token_flags.size(), e.token_begin.back());
  ASSERT_EQ(e.token_flags.size(), c.at(0).seg.tokens.size() + c.at(1).seg.tokens.size());
  EntityResult bare = e;
  bare.token_flags.clear();
  bare.token_begin.clear();
  EntityResult wrong = e;  // flags that claim another gazetteer: must be ignored
  std::fill(wrong.token_flags.begin(), wrong.token_flags.end(), 0u);
  wrong.gazetteer_fingerprint ^= 1;
  auto same = [](const QuoteResult& x, const QuoteResult& y) {
    if (x.quotes.size() != y.quotes.size()) return false;
    for (std::size_t i = 0; i < x.quotes.size(); ++i) {
      const Quote &p = x.quotes[i], &q = y.quotes[i];
      if (p.start != q.start || p.end != q.end || p.speaker_start != q.speaker_start ||
          p.speaker_entity != q.speaker_entity || p.rule != q.rule || p.kind != q.kind)
        return false;
    }
    return true;
  };
  const QuoteResult with = extract_quotes(c, e, gaz(), {});
  ASSERT_GE(with.quotes.size(), 3u);
  EXPECT_TRUE(same(with, extract_quotes(c, bare, gaz(), {})));
  EXPECT_TRUE(same(with, extract_quotes(c, wrong, gaz(), {})));
}

TEST(Quotes, TheTableGivesCodePointOffsetsPerDocument) {
  // quote_table converts each document's offsets once; -1 marks a missing cue or speaker.
  std::vector<RawDocument> raw(2);
  raw[0].id = "a";
  raw[0].bytes = "Über “Kiev”: «Das ist gut», sagte er. “Wir sind bereit,” Сергей Рябков said.";
  raw[1].id = "b";
  raw[1].bytes = "“Yes, we can do this and more, today and later on,” Lavrov said.";
  const Corpus c = Corpus::from_records(std::move(raw), {});
  const EntityResult e = extract_entities(c, gaz(), {});
  const QuoteResult q = extract_quotes(c, e, gaz(), {});
  ASSERT_GE(q.quotes.size(), 2u);
  const QuoteTable bytes = quote_table(c, q, false), cps = quote_table(c, q, true);
  ASSERT_EQ(cps.start.size(), q.quotes.size());
  for (std::size_t i = 0; i < q.quotes.size(); ++i) {
    const Quote& x = q.quotes[i];
    const std::string_view text = c.at(x.doc).text;
    EXPECT_EQ(bytes.start[i], x.start);
    EXPECT_EQ(cps.start[i], static_cast<std::int64_t>(count_code_points(text.substr(0, x.start))));
    EXPECT_EQ(cps.end[i], static_cast<std::int64_t>(count_code_points(text.substr(0, x.end))));
    if (x.speaker_end > x.speaker_start)
      EXPECT_EQ(cps.speaker_start[i],
                static_cast<std::int64_t>(count_code_points(text.substr(0, x.speaker_start))));
    else
      EXPECT_EQ(cps.speaker_start[i], -1);
    EXPECT_EQ(cps.doc[i], x.doc);
  }
}

TEST(Quotes, TheTableIsTheSameWhateverTheThreads) {
  // quote_table fills runs of 512 quotes on their own: more than one run, a run boundary
  // inside a document, non-ASCII text before the offsets.
  std::vector<RawDocument> raw(3);
  std::string many;
  for (int k = 0; k < 700; ++k)
    many += "«Über alles, wir sind bereit,» sagte Сергей Рябков. \"Yes, we can,\" Lavrov said. ";
  for (std::size_t d = 0; d < raw.size(); ++d) {
    // (a number alone: GCC 12's -Wrestrict misfires on "d" + std::to_string(d) here at -O3)
    raw[d].id = std::to_string(d);
    raw[d].bytes = many;
  }
  const Corpus c = Corpus::from_records(std::move(raw), {});
  const EntityResult e = extract_entities(c, gaz(), {});
  const QuoteResult q = extract_quotes(c, e, gaz(), {});
  ASSERT_GT(q.quotes.size(), 1024u);
  const QuoteTable one = quote_table(c, q, true, 1), three = quote_table(c, q, true, 3);
  EXPECT_EQ(one.start, three.start);
  EXPECT_EQ(one.end, three.end);
  EXPECT_EQ(one.cue_start, three.cue_start);
  EXPECT_EQ(one.speaker_end, three.speaker_end);
  EXPECT_EQ(one.part_quote, three.part_quote);
  EXPECT_EQ(one.part_start, three.part_start);
  EXPECT_EQ(one.part_end, three.part_end);
  EXPECT_EQ(one.part_quote.size(), q.parts.size());
}

TEST(Quotes, ASplitQuoteHasTwoPartsWithoutTheAttribution) {
  QuoteResult q;
  const std::string text =
      "\"I cannot say that we have achieved great progress,\" Sergei Ryabkov said after the "
      "talks. \"There is a risk.\" Later, \"we will meet again in Geneva,\" Ryabkov said.";
  const auto f = run({text}, &q);
  ASSERT_EQ(q.quotes.size(), 2u);
  const Quote& split = q.quotes[0];
  EXPECT_EQ(split.rule, QuoteRule::kSplit);
  ASSERT_EQ(split.part_end - split.part_begin, 2u);
  auto part = [&](std::uint32_t p) {
    return text.substr(q.parts[p].start, q.parts[p].end - q.parts[p].start);
  };
  EXPECT_EQ(part(split.part_begin), "I cannot say that we have achieved great progress,");
  EXPECT_EQ(part(split.part_begin + 1), "There is a risk.");
  EXPECT_EQ(q.parts[split.part_begin].start, split.start);
  EXPECT_EQ(q.parts[split.part_begin + 1].end, split.end);
  const Quote& one = q.quotes[1];
  ASSERT_EQ(one.part_end - one.part_begin, 1u);
  EXPECT_EQ(one.part_begin, split.part_end);
  EXPECT_EQ(part(one.part_begin), "we will meet again in Geneva,");
  EXPECT_EQ(q.parts.size(), 3u);
}

TEST(Quotes, TheRankerChoosesAmongTheRulesCandidates) {
  // Without weights the first rule that fits decides; keep_candidates exports every
  // candidate with one value per feature; weights that favour the sentence subject make it
  // win over the rule's pick (here the org of the appositive).
  std::vector<RawDocument> raw(1);
  raw[0].id = "a";
  raw[0].bytes =
      "Giovanni Vian, the editor of the Vatican's newspaper, L'Osservatore Romano, said every "
      "pope was \"both religious and political.\"";
  const Corpus c = Corpus::from_records(std::move(raw), {});
  const EntityResult e = extract_entities(c, gaz(), {});
  QuoteOptions o;
  o.keep_candidates = true;
  const QuoteResult rules = extract_quotes(c, e, gaz(), o);
  ASSERT_EQ(rules.quotes.size(), 1u);
  ASSERT_GE(rules.candidates.size(), 2u);
  std::size_t chosen = 0, subject = 0;
  for (const AttributionCandidate& x : rules.candidates) {
    EXPECT_EQ(x.features.size(), attribution_features().size());
    chosen += x.chosen;
    subject += x.slot == 3;
  }
  EXPECT_EQ(chosen, 1u);
  ASSERT_EQ(subject, 1u);
  const std::string& text = c.at(0).text;
  auto speaker = [&](const QuoteResult& r) {
    // the mixed quote's ("every pope was" before it is an indirect quote of its own)
    const auto q = std::find_if(r.quotes.begin(), r.quotes.end(),
                                [](const Quote& x) { return x.kind != QuoteKind::kIndirect; });
    EXPECT_NE(q, r.quotes.end());
    return q == r.quotes.end() ? std::string()
                               : text.substr(q->speaker_start, q->speaker_end - q->speaker_start);
  };
  EXPECT_NE(speaker(rules), "Giovanni Vian");  // the rules take the appositive's newspaper
  o.attribution_weights.assign(attribution_features().size(), 0.0);
  EXPECT_EQ(speaker(extract_quotes(c, e, gaz(), o)), speaker(rules));  // all ties: the rules
  const auto at =
      std::find(attribution_features().begin(), attribution_features().end(), "slot_subject") -
      attribution_features().begin();
  o.attribution_weights[static_cast<std::size_t>(at)] = 10.0;
  EXPECT_EQ(speaker(extract_quotes(c, e, gaz(), o)), "Giovanni Vian");
  o.attribution_weights.pop_back();
  EXPECT_THROW((void)extract_quotes(c, e, gaz(), o), std::invalid_argument);
}

TEST(Quotes, AQuoteHardWrappedOverLineBreaksStaysOneQuote) {
  // Most lines end a sentence, so "auto" makes each line a paragraph; the quote stage joins a
  // quote whose lines break mid-sentence and whose next double mark closes it.
  QuoteResult q;
  const auto f = run({"The minister spoke briefly.\n"
                      "\"Our farmers have waited for\n"
                      "rain since the spring and the wells\n"
                      "are nearly dry,\" Amara Osei said.\n"
                      "He said \"this one never closes and stops here.\n"
                      "Amara Osei said: \"Fine.\"\n"
                      "The meeting ended at noon.\n"
                      "Nobody else spoke."},
                     &q);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].text,
            "Our farmers have waited for\nrain since the spring and the wells\nare nearly dry,");
  EXPECT_EQ(f[0].entity, "Amara Osei");
  EXPECT_EQ(f[0].rule, "after");
  EXPECT_EQ(f[1].text, "this one never closes and stops here.");
  EXPECT_EQ(f[2].text, "Fine.");
  // the unclosed quote whose next line opens another is still cut at its line end
  ASSERT_EQ(q.warnings.size(), 1u);
}

TEST(Quotes, AsciiSingleQuotesPairAtWordBoundariesApostrophesStay) {
  // both parts of a split quote in single marks, however short the first
  auto f = run({"'Good evening,' Amara Osei said, 'the vote is over and we won.'"});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "split");
  EXPECT_EQ(f[0].text, "Good evening,' Amara Osei said, 'the vote is over and we won.");
  EXPECT_EQ(f[0].entity, "Amara Osei");
  f = run({"'No,' she said. Then Amara Osei told them: 'Maybe.'"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "No,");
  EXPECT_EQ(f[1].text, "Maybe.");
  // apostrophes: elisions at a word's start and plural possessives do not pair
  f =
      run({"In the '80s the Joneses' shop sold rock 'n' roll records and 'em all were cheap, "
           "'til the mall opened, Amara Osei's brother recalled."});
  for (const auto& x : f) EXPECT_NE(x.kind, "direct") << x.text;
  f =
      run({"'We loved rock 'n' roll in the '80s, and the Joneses' shop sold it,' Amara Osei "
           "said."});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "We loved rock 'n' roll in the '80s, and the Joneses' shop sold it,");
  // single marks inside double ones stay part of the outer quote
  f = run({"\"They told me 'not today' and left,\" Amara Osei said."});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "They told me 'not today' and left,");
  // a short phrase in single marks that is no utterance of its own is no quote
  f = run({"Mayor Amara Osei calls the budget plan 'reckless' but signs it."});
  for (const auto& x : f) EXPECT_NE(x.text, "reckless");
}

TEST(Quotes, ScareQuotesAreKindScare) {
  // a belief's predicate in marks, with no reporting verb: the writer's distance
  auto f = run({"Amara Osei thinks that the new tariffs are \"a blessing\"."});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, "scare");
  EXPECT_EQ(f[0].text, "a blessing");
  EXPECT_EQ(f[0].speaker, "Amara Osei");  // who thinks it so
  // so-called, known as: kept as scare quotes rather than dropped
  f = run({"The so-called \"reformers\" met a hacker known as \"the fixer\" on Tuesday."});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].kind, "scare");
  EXPECT_EQ(f[0].text, "reformers");
  EXPECT_EQ(f[1].kind, "scare");
  EXPECT_EQ(f[1].text, "the fixer");
  // a reporting verb in the sentence makes it a quotation again
  // (and "she thinks the new tariffs are", up to the marks, is her indirect quote)
  f = run({"Amara Osei said she thinks the new tariffs are \"a blessing\"."});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].kind, "indirect");
  EXPECT_EQ(f[0].text, "the new tariffs are");
  EXPECT_EQ(f[1].kind, "direct");
  EXPECT_FALSE(f[1].speaker.empty());
  // someone named calling a thing so is quoted (as news annotation has it)
  f = run({"Amara Osei called the tariffs \"a blessing\" on Tuesday."});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].kind, "scare");
}
