// bindings/bind_quotes.cpp: quote extraction and attribution (rules in cpp/src/quotes.cpp).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/quotes.hpp"
#include "presslens/text.hpp"

namespace py = pybind11;

namespace presslens_py {

void bind_quotes(py::module_& m) {
  m.def(
      "extract_quotes",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& entities,
         const presslens::Gazetteer& gazetteer, std::uint32_t min_unattributed_words,
         double utterance_overlap, int threads) {
        if (utterance_overlap <= 0 || utterance_overlap > 1)
          throw std::invalid_argument("utterance_overlap must be in (0, 1]");
        presslens::QuoteOptions o;
        o.threads = threads;
        o.min_unattributed_words = min_unattributed_words;
        o.utterance_overlap = utterance_overlap;
        auto r = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::extract_quotes(corpus, entities, gazetteer, o, stop);
        });
        const std::size_t n = r.quotes.size();
        std::vector<std::int64_t> doc(n), start(n), end(n), cue_start(n), cue_end(n),
            speaker_start(n), speaker_end(n), speaker_entity(n), paragraph(n), utterance(n);
        std::vector<std::uint8_t> kind(n), rule(n), speaker_kind(n), unbalanced(n);
        std::vector<float> confidence(n);
        {
          py::gil_scoped_release release;
          std::size_t i = 0;
          while (i < n) {
            const std::uint32_t d = r.quotes[i].doc;
            const presslens::CodePointIndex idx(corpus.at(d).text);
            for (; i < n && r.quotes[i].doc == d; ++i) {
              const auto& q = r.quotes[i];
              auto cp = [&](std::uint32_t b) {
                return static_cast<std::int64_t>(idx.to_code_point(b));
              };
              doc[i] = d;
              start[i] = cp(q.start);
              end[i] = cp(q.end);
              const bool has_cue = q.cue_end > q.cue_start;
              cue_start[i] = has_cue ? cp(q.cue_start) : -1;
              cue_end[i] = has_cue ? cp(q.cue_end) : -1;
              const bool has_speaker = q.speaker_end > q.speaker_start;
              speaker_start[i] = has_speaker ? cp(q.speaker_start) : -1;
              speaker_end[i] = has_speaker ? cp(q.speaker_end) : -1;
              speaker_entity[i] = q.speaker_entity;
              paragraph[i] = q.paragraph;
              utterance[i] = q.utterance;
              kind[i] = static_cast<std::uint8_t>(q.kind);
              rule[i] = static_cast<std::uint8_t>(q.rule);
              speaker_kind[i] = static_cast<std::uint8_t>(q.speaker_kind);
              unbalanced[i] = q.unbalanced;
              confidence[i] = q.confidence;
            }
          }
        }
        py::dict out;
        out["doc"] = to_numpy(std::move(doc));
        out["start"] = to_numpy(std::move(start));
        out["end"] = to_numpy(std::move(end));
        out["cue_start"] = to_numpy(std::move(cue_start));
        out["cue_end"] = to_numpy(std::move(cue_end));
        out["speaker_start"] = to_numpy(std::move(speaker_start));
        out["speaker_end"] = to_numpy(std::move(speaker_end));
        out["speaker_entity"] = to_numpy(std::move(speaker_entity));
        out["paragraph"] = to_numpy(std::move(paragraph));
        out["utterance"] = to_numpy(std::move(utterance));
        out["kind"] = to_numpy(std::move(kind));
        out["rule"] = to_numpy(std::move(rule));
        out["speaker_kind"] = to_numpy(std::move(speaker_kind));
        out["unbalanced"] = to_numpy(std::move(unbalanced));
        out["confidence"] = to_numpy(std::move(confidence));
        out["warnings"] = warnings_dict(r.warnings);
        return out;
      },
      py::arg("corpus"), py::arg("entities"), py::arg("gazetteer"),
      py::arg("min_unattributed_words") = 10, py::arg("utterance_overlap") = 0.4,
      py::arg("threads") = 0,
      R"pbdoc(Quotes with their speakers as numpy columns (offsets in code points; -1 when a
quote has no cue or speaker) and the per-document warnings. Use ``presslens.quotes``.)pbdoc");

  py::list kinds, rules, speakers;
  for (int k = 0; k <= 2; ++k)
    kinds.append(presslens::quote_kind_name(static_cast<presslens::QuoteKind>(k)));
  for (int k = 0; k <= 8; ++k)
    rules.append(presslens::quote_rule_name(static_cast<presslens::QuoteRule>(k)));
  for (int k = 0; k <= 5; ++k)
    speakers.append(presslens::speaker_kind_name(static_cast<presslens::SpeakerKind>(k)));
  m.attr("QUOTE_KINDS") = py::tuple(kinds);
  m.attr("QUOTE_RULES") = py::tuple(rules);
  m.attr("SPEAKER_KINDS") = py::tuple(speakers);
}

}  // namespace presslens_py
