// bindings/bind_quotes.cpp: quote extraction and attribution (rules in cpp/src/quotes.cpp);
// the core's quote table moved into numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/parts.hpp"
#include "presslens/quotes.hpp"

namespace py = pybind11;

namespace presslens_py {

void bind_quotes(py::module_& m) {
  m.def(
      "extract_quotes",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& entities,
         const presslens::Gazetteer& gazetteer, std::uint32_t min_unattributed_words,
         double utterance_overlap, std::vector<double> attribution_weights, bool keep_candidates,
         int threads, bool stems) {
        if (utterance_overlap <= 0 || utterance_overlap > 1)
          throw std::invalid_argument("utterance_overlap must be in (0, 1]");
        presslens::QuoteOptions o;
        o.threads = threads;
        o.min_unattributed_words = min_unattributed_words;
        o.utterance_overlap = utterance_overlap;
        o.attribution_weights = std::move(attribution_weights);
        o.keep_candidates = keep_candidates;
        std::vector<std::vector<std::string>> quote_stems;
        auto [r, t] = without_gil([&](const presslens::Interrupt& stop) {
          auto res = presslens::extract_quotes(corpus, entities, gazetteer, o, stop);
          auto table = presslens::quote_table(corpus, res, /*code_points=*/true);
          if (stems) quote_stems = presslens::utterance_stems(corpus, res);
          return std::make_pair(std::move(res), std::move(table));
        });
        py::dict out;
        out["doc"] = to_numpy(std::move(t.doc));
        out["start"] = to_numpy(std::move(t.start));
        out["end"] = to_numpy(std::move(t.end));
        out["cue_start"] = to_numpy(std::move(t.cue_start));
        out["cue_end"] = to_numpy(std::move(t.cue_end));
        out["speaker_start"] = to_numpy(std::move(t.speaker_start));
        out["speaker_end"] = to_numpy(std::move(t.speaker_end));
        out["speaker_entity"] = to_numpy(std::move(t.speaker_entity));
        out["paragraph"] = to_numpy(std::move(t.paragraph));
        out["utterance"] = to_numpy(std::move(t.utterance));
        out["kind"] = to_numpy(std::move(t.kind));
        out["rule"] = to_numpy(std::move(t.rule));
        out["speaker_kind"] = to_numpy(std::move(t.speaker_kind));
        out["unbalanced"] = to_numpy(std::move(t.unbalanced));
        out["confidence"] = to_numpy(std::move(t.confidence));
        out["part_quote"] = to_numpy(std::move(t.part_quote));
        out["part_start"] = to_numpy(std::move(t.part_start));
        out["part_end"] = to_numpy(std::move(t.part_end));
        if (keep_candidates) {
          py::dict c;
          const auto n_features =
              static_cast<py::ssize_t>(presslens::attribution_features().size());
          const auto n_cands = static_cast<py::ssize_t>(t.cand_slot.size());
          c["doc"] = to_numpy(std::move(t.cand_doc));
          c["quote_start"] = to_numpy(std::move(t.cand_quote_start));
          c["quote_end"] = to_numpy(std::move(t.cand_quote_end));
          c["speaker_start"] = to_numpy(std::move(t.cand_speaker_start));
          c["speaker_end"] = to_numpy(std::move(t.cand_speaker_end));
          c["slot"] = to_numpy(std::move(t.cand_slot));
          c["chosen"] = to_numpy(std::move(t.cand_chosen));
          c["features"] = to_numpy(std::move(t.cand_features)).reshape({n_cands, n_features});
          out["candidates"] = std::move(c);
        }
        out["warnings"] = warnings_dict(r.warnings);
        if (stems) out["stems"] = py::cast(quote_stems);
        return out;
      },
      py::arg("corpus"), py::arg("entities"), py::arg("gazetteer"),
      py::arg("min_unattributed_words") = 10, py::arg("utterance_overlap") = 0.4,
      py::arg("attribution_weights") = std::vector<double>{}, py::arg("keep_candidates") = false,
      py::arg("threads") = 0, py::arg("stems") = false,
      R"pbdoc(Quotes with their speakers as numpy columns (offsets in code points; -1 when a
quote has no cue or speaker), one row per part (part_quote, part_start, part_end: the speaker's
words, without the attribution inside a split quote) and the per-document warnings. With
attribution_weights (one per ATTRIBUTION_FEATURES name) the ranker picks each direct quote's
speaker; with keep_candidates, "candidates" holds every candidate (code points) and its
features, for training (tools/train_attribution.py); with stems, "stems" holds each quote's
utterance stems (for link_utterance_stems). Use ``presslens.quotes``.)pbdoc");

  m.def(
      "content_stems",
      [](const std::vector<std::string>& texts) {
        return without_gil([&](const presslens::Interrupt&) {
          std::vector<std::vector<std::string>> out;
          out.reserve(texts.size());
          for (const std::string& t : texts) out.push_back(presslens::content_stems(t));
          return out;
        });
      },
      py::arg("texts"),
      R"pbdoc(The content stems of each text, in text order: what utterance ids compare (lower case,
first five letters of words of three or more letters, a few function words left out).)pbdoc");

  py::list kinds, rules, speakers;
  for (int k = 0; k <= 3; ++k)
    kinds.append(presslens::quote_kind_name(static_cast<presslens::QuoteKind>(k)));
  for (int k = 0; k <= 9; ++k)
    rules.append(presslens::quote_rule_name(static_cast<presslens::QuoteRule>(k)));
  for (int k = 0; k <= 5; ++k)
    speakers.append(presslens::speaker_kind_name(static_cast<presslens::SpeakerKind>(k)));
  m.attr("QUOTE_KINDS") = py::tuple(kinds);
  m.attr("ATTRIBUTION_FEATURES") = py::cast(presslens::attribution_features()).cast<py::tuple>();
  m.attr("QUOTE_RULES") = py::tuple(rules);
  m.attr("SPEAKER_KINDS") = py::tuple(speakers);
}

}  // namespace presslens_py
