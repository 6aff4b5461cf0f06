// Private: fixed word lists of the quote and entity rules (written for presslens). They are
// registered once in Gazetteer::Impl::flags so that detectors look each token up once.
#pragma once

#include <array>
#include <string_view>

namespace presslens::detail {

// Reporting verbs in the forms news uses (lower case). Written for presslens.
inline constexpr std::array<std::string_view, 213> kCues = {
    "said",       "says",       "say",         "saying",      "told",          "tells",
    "tell",       "telling",    "added",       "adds",        "add",           "noted",
    "notes",      "note",       "stressed",    "stresses",    "stress",        "warned",
    "warns",      "warn",       "argued",      "argues",      "argue",         "claimed",
    "claims",     "claim",      "insisted",    "insists",     "insist",        "explained",
    "explains",   "stated",     "states",      "declared",    "declares",      "announced",
    "announces",  "wrote",      "writes",      "write",       "tweeted",       "tweets",
    "asked",      "asks",       "replied",     "replies",     "responded",     "responds",
    "commented",  "comments",   "remarked",    "observed",    "acknowledged",  "acknowledges",
    "admitted",   "admits",     "suggested",   "suggests",    "predicted",     "predicts",
    "concluded",  "continued",  "recalled",    "recalls",     "mentioned",     "mentions",
    "advised",    "emphasized", "emphasised",  "emphasizes",  "emphasises",    "complained",
    "denied",     "denies",     "confirmed",   "confirms",    "reported",      "alleged",
    "alleges",    "asserted",   "asserts",     "contended",   "maintained",    "maintains",
    "urged",      "urges",      "vowed",       "vows",        "pledged",       "promised",
    "promises",   "threatened", "cautioned",   "lamented",    "joked",         "quipped",
    "boasted",    "conceded",   "concedes",    "agreed",      "agrees",        "believes",
    "believed",   "thinks",     "thought",     "hopes",       "hoped",         "fears",
    "feared",     "estimated",  "estimates",   "described",   "describes",     "called",
    "calls",      "blasted",    "slammed",     "criticized",  "criticised",    "praised",
    "pointed",    "indicated",  "indicates",   "revealed",    "disclosed",     "countered",
    "charged",    "accused",    "accuses",     "assured",     "informed",      "reiterated",
    "reiterates", "underlined", "underscored", "highlighted", "clarified",     "specified",
    "answered",   "wondered",   "shouted",     "exclaimed",   "whispered",     "testified",
    "tweeting",   "writing",    "adding",      "noting",      "stressing",     "warning",
    "arguing",    "explaining", "announcing",  "insisting",   "claiming",      "asking",
    "credited",   "retaliated", "posted",      "scoffed",     "snapped",       "recounted",
    "demanded",   "challenged", "questioned",  "mocked",      "touted",        "bragged",
    "surmised",   "opined",     "remembered",  "reminded",    "quoted",        "marveled",
    "marvelled",  "griped",     "conceding",   "predicting",  "acknowledging", "declaring",
    "observes",   "contends",   "cautions",    "laments",     "complains",     "boasts",
    "jokes",      "quips",      "stating",     "reporting",   "replying",      "responding",
    "recalling",  "admitting",  "suggesting",  "complaining", "answering",     "joking",
    "urging",     "vowing",     "promising",   "emphasizing", "confirming",    "denying",
    "concludes",  "continues",  "wonders",     "recounts",    "counters",      "remarks",
    "muses",      "mused",      "reply"};

// Verbs that take an object before the reported content ("told Interfax that ...").
inline constexpr std::array<std::string_view, 10> kObjectCues = {
    "told", "tells", "tell", "telling", "asked", "asks", "assured", "informed", "warned", "urged"};

inline constexpr std::array<std::string_view, 12> kPronouns = {
    "he", "she", "they", "it", "we", "i", "him", "her", "them", "you", "who", "one"};

inline constexpr std::array<std::string_view, 14> kDeterminers = {
    "the", "a",     "an",  "this",    "that", "its", "his",
    "her", "their", "our", "another", "one",  "two", "three"};

inline constexpr std::array<std::string_view, 12> kAux = {"has",   "have",  "had",  "was",
                                                          "were",  "is",    "also", "then",
                                                          "later", "again", "once", "previously"};

// Things that speak in news without being people: "the email said", "a statement read".
inline constexpr std::array<std::string_view, 24> kSourceNouns = {
    "email",    "statement", "report",  "letter",    "ad",       "advertisement",
    "campaign", "memo",      "lawsuit", "complaint", "study",    "poll",
    "survey",   "post",      "tweet",   "release",   "article",  "editorial",
    "website",  "book",      "video",   "filing",    "document", "spokesperson"};

// Verbs of attitude and evidence ("polls show", "Trump wants to", "she believes"): PolNeAR
// attributes their content to their subject, but as cues of direct quotes they would take
// fragments that belong to someone else, so they serve indirect quotes only. Every form of
// a verb of stance, support or cognition, and the base forms of the reporting verbs above
// (after a modal or a plural subject: "Democrats oppose", "she did not deny").
inline constexpr std::array<std::string_view, 195> kAttitudeCues = {
    "show",       "shows",       "showed",      "showing",    "found",       "finds",
    "think",      "believe",     "want",        "wants",      "wanted",      "expect",
    "expects",    "expected",    "hope",        "fear",       "know",        "knows",
    "knew",       "feel",        "feels",       "felt",       "worry",       "worries",
    "worried",    "doubt",       "doubts",      "declined",   "refused",     "plans",
    "planned",    "intends",     "proposed",    "supported",  "supports",    "opposed",
    "opposes",    "endorsed",    "seemed",      "appears",    "appeared",    "seems",
    "insist",     "suggest",     "defended",    "cited",      "citing",      "sought",
    "sees",       "saw",         "rejected",    "dismissed",  "expressed",   "offered",
    "backing",    "backed",      "backs",       "supporting", "referring",   "hinted",
    "signaled",   "prefer",      "prefers",     "considers",  "considered",  "support",
    "oppose",     "opposing",    "endorse",     "endorses",   "endorsing",   "believing",
    "thinking",   "expecting",   "hoping",      "doubted",    "planning",    "intend",
    "intended",   "propose",     "proposes",    "proposing",  "seem",        "appear",
    "defend",     "defends",     "defending",   "cites",      "seek",        "seeks",
    "seeking",    "reject",      "rejects",     "rejecting",  "dismiss",     "dismisses",
    "dismissing", "expresses",   "expressing",  "refer",      "refers",      "referred",
    "hinting",    "signalled",   "signaling",   "consider",   "considering", "preferred",
    "favors",     "favored",     "favours",     "favoured",   "recommend",   "recommends",
    "criticize",  "criticizes",  "criticise",   "blamed",     "decide",      "decides",
    "decided",    "agree",       "acknowledge", "admit",      "deny",        "confirm",
    "mention",    "ask",         "complain",    "explain",    "predict",     "announce",
    "accuse",     "describe",    "urge",        "conclude",   "indicate",    "reveal",
    "reveals",    "contend",     "assert",      "allege",     "emphasize",   "recall",
    "concede",    "respond",     "disagree",    "disagrees",  "disagreed",   "disputed",
    "wonder",     "find",        "shown",       "learn",      "learned",     "learns",
    "realize",    "realized",    "realizes",    "recognize",  "recognized",  "recognizes",
    "imply",      "implies",     "implied",     "reckon",     "reckons",     "reckoned",
    "assume",     "assumes",     "assumed",     "spoke",      "talked",      "talking",
    "discussed",  "discuss",     "discussing",  "attacked",   "attacking",   "thanked",
    "thanking",   "calling",     "voiced",      "railed",     "railing",     "questioning",
    "encouraged", "encouraging", "encourage",   "pushed",     "pushing",     "blaming",
    "accusing",   "praising",    "mocking"};

}  // namespace presslens::detail
