// detail/stopwords_en.hpp: presslens's built-in English stop list.
//
// Provenance: written for presslens (not copied from scikit-learn, NLTK, SMART, Snowball or
// quanteda). It holds English closed-class words only: articles, personal / possessive /
// reflexive / relative / interrogative pronouns, auxiliary and modal verbs with their
// inflections, prepositions, conjunctions, determiners and quantifiers, negations, a few
// frequent degree / frequency adverbs ("also", "always", "often", "quite", "very"), and the
// contractions the presslens tokenizer keeps whole ("don't"). It leaves out every content
// word a media researcher may want to compare across outlets ("said", "people", "new",
// "year", numbers, titles such as "mr"). Entries are lowercase, unique and sorted
// (test_terms.cpp checks it).
#pragma once

#include <array>
#include <string_view>

namespace presslens::detail {

inline constexpr std::array<std::string_view, 239> kEnglishStopWords = {
    "a",          "about",   "above",    "across",   "after",    "again",     "against",
    "ain't",      "all",     "almost",   "along",    "already",  "also",      "although",
    "always",     "am",      "among",    "amongst",  "an",       "and",       "another",
    "any",        "anyone",  "anything", "are",      "aren't",   "around",    "as",
    "at",         "be",      "because",  "been",     "before",   "being",     "below",
    "beneath",    "beside",  "besides",  "between",  "beyond",   "both",      "but",
    "by",         "can",     "can't",    "cannot",   "could",    "couldn't",  "did",
    "didn't",     "do",      "does",     "doesn't",  "doing",    "don't",     "down",
    "during",     "each",    "either",   "else",     "ever",     "every",     "everyone",
    "everything", "few",     "for",      "from",     "further",  "had",       "hadn't",
    "has",        "hasn't",  "have",     "haven't",  "having",   "he",        "he'd",
    "he'll",      "he's",    "her",      "here",     "here's",   "hers",      "herself",
    "him",        "himself", "his",      "how",      "how's",    "however",   "i",
    "i'd",        "i'll",    "i'm",      "i've",     "if",       "in",        "into",
    "is",         "isn't",   "it",       "it'd",     "it'll",    "it's",      "its",
    "itself",     "just",    "let's",    "many",     "may",      "might",     "mightn't",
    "more",       "most",    "much",     "must",     "mustn't",  "my",        "myself",
    "neither",    "no",      "nobody",   "none",     "nor",      "not",       "nothing",
    "of",         "off",     "often",    "on",       "once",     "only",      "onto",
    "or",         "other",   "others",   "ought",    "our",      "ours",      "ourselves",
    "out",        "over",    "own",      "perhaps",  "quite",    "rather",    "same",
    "shall",      "shan't",  "she",      "she'd",    "she'll",   "she's",     "should",
    "shouldn't",  "so",      "some",     "somebody", "someone",  "something", "such",
    "than",       "that",    "that's",   "the",      "their",    "theirs",    "them",
    "themselves", "then",    "there",    "there's",  "these",    "they",      "they'd",
    "they'll",    "they're", "they've",  "this",     "those",    "though",    "through",
    "throughout", "thus",    "to",       "too",      "toward",   "towards",   "under",
    "unless",     "until",   "up",       "upon",     "us",       "very",      "via",
    "was",        "wasn't",  "we",       "we'd",     "we'll",    "we're",     "we've",
    "were",       "weren't", "what",     "what's",   "whatever", "when",      "when's",
    "where",      "where's", "whether",  "which",    "while",    "who",       "who's",
    "whoever",    "whom",    "whose",    "why",      "why's",    "will",      "with",
    "within",     "without", "won't",    "would",    "wouldn't", "yet",       "you",
    "you'd",      "you'll",  "you're",   "you've",   "your",     "yours",     "yourself",
    "yourselves",
};

}  // namespace presslens::detail
