// bindings/bind_entities.cpp: gazetteers, entity extraction and co-mention counting.
// Conversion and GIL release only; the rules live in cpp/src/ (gazetteer.cpp, names.cpp,
// entity_detection.cpp, entity_resolution.cpp, entities.cpp) and comention.cpp.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/comention.hpp"
#include "presslens/entities.hpp"
#include "presslens/serialize.hpp"

namespace py = pybind11;

namespace presslens_py {
namespace {

presslens::EntityType type_of(const std::string& name) {
  if (name == "PERSON") return presslens::EntityType::kPerson;
  if (name == "ORG") return presslens::EntityType::kOrg;
  if (name == "PLACE") return presslens::EntityType::kPlace;
  if (name == "OTHER") return presslens::EntityType::kOther;
  throw std::invalid_argument("entity type must be PERSON, ORG, PLACE or OTHER, not \"" + name +
                              "\"");
}

presslens::CoMentionOptions co_options(const presslens::Corpus& corpus, const std::string& scope,
                                       std::uint32_t window, const std::vector<std::string>& types,
                                       std::vector<std::int32_t> groups, std::int32_t n_groups,
                                       int threads) {
  presslens::CoMentionOptions o;
  if (scope == "sentence")
    o.scope = presslens::CoScope::kSentence;
  else if (scope == "paragraph")
    o.scope = presslens::CoScope::kParagraph;
  else if (scope == "document")
    o.scope = presslens::CoScope::kDocument;
  else if (scope == "window")
    o.scope = presslens::CoScope::kWindow;
  else
    throw std::invalid_argument(
        "scope must be \"sentence\", \"paragraph\", \"document\" or "
        "\"window\", not \"" +
        scope + "\"");
  o.window = window;
  o.types = 0;
  for (const auto& t : types)
    o.types |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(type_of(t)));
  o.doc_groups = std::move(groups);
  o.n_groups = n_groups;
  o.threads = threads;
  (void)corpus;
  return o;
}

// A co-mention table as the dict presslens.comentions reads: counts, CSR, associations
// (computed beside it, without the GIL).
py::dict table_dict(presslens::CoMentionTable t, presslens::Associations as) {
  py::dict d;
  d["n_units"] = t.n_units;
  d["margin"] = to_numpy(std::move(t.margin));
  d["a"] = to_numpy(std::move(t.a));
  d["b"] = to_numpy(std::move(t.b));
  d["count"] = to_numpy(std::move(t.count));
  d["indptr"] = to_numpy(std::move(t.indptr));
  d["indices"] = to_numpy(std::move(t.indices));
  d["data"] = to_numpy(std::move(t.data));
  d["expected"] = to_numpy(std::move(as.expected));
  d["pmi"] = to_numpy(std::move(as.pmi));
  d["npmi"] = to_numpy(std::move(as.npmi));
  d["g2"] = to_numpy(std::move(as.g2));
  d["p_g2"] = to_numpy(std::move(as.p_g2));
  d["chi2"] = to_numpy(std::move(as.chi2));
  d["p_chi2"] = to_numpy(std::move(as.p_chi2));
  d["dice"] = to_numpy(std::move(as.dice));
  d["jaccard"] = to_numpy(std::move(as.jaccard));
  return d;
}

template <class T>
std::vector<T> vector_of(const py::handle& array) {
  const auto a = py::cast<py::array_t<T, py::array::c_style | py::array::forcecast>>(array);
  return std::vector<T>(a.data(), a.data() + a.size());
}

// The counts of a table dict (count_comentions' or sum_comention_tables'): n_units, margin,
// a, b, count; the rest is rebuilt from them.
presslens::CoMentionTable table_counts(const py::dict& d, std::uint32_t n_entities) {
  presslens::CoMentionTable t;
  t.n_entities = n_entities;
  t.n_units = py::cast<double>(d["n_units"]);
  t.margin = vector_of<double>(d["margin"]);
  t.a = vector_of<std::uint32_t>(d["a"]);
  t.b = vector_of<std::uint32_t>(d["b"]);
  t.count = vector_of<double>(d["count"]);
  return t;
}

// The options of extract_entities and resolve_entity_partial alike.
presslens::EntityOptions entity_options(
    std::vector<std::pair<std::string, std::string>> aliases,
    std::vector<std::pair<std::string, std::string>> never_merge, int threads) {
  presslens::EntityOptions o;
  o.aliases = std::move(aliases);
  o.never_merge = std::move(never_merge);
  o.threads = threads;
  return o;
}

/// The text columns of Entities.mentions, one string per mention: the document's id, the
/// mention as written, its entity's name and type, and the role before it (empty when none).
struct MentionStrings {
  StringColumn doc_id, text, name, type, role;
};

MentionStrings mention_strings(const presslens::Corpus& corpus, const presslens::EntityResult& r) {
  MentionStrings s;
  for (StringColumn* c : {&s.doc_id, &s.text, &s.name, &s.type, &s.role})
    c->reserve(r.mentions.size());
  for (const presslens::Mention& m : r.mentions) {
    const presslens::Document& d = corpus.at(m.doc);
    s.doc_id.add(d.id);
    s.text.add(code_point_slice(d.text, m.start, m.end));
    s.name.add(r.entities.at(m.entity).name);
    s.type.add(presslens::entity_type_name(m.type));
    s.role.add(code_point_slice(d.text, m.role_start, m.role_end));
  }
  return s;
}

py::dict to_python(MentionStrings&& s) {
  py::dict out;
  out["doc_id"] = std::move(s.doc_id).to_numpy();
  out["text"] = std::move(s.text).to_numpy();
  out["name"] = std::move(s.name).to_numpy();
  out["type"] = std::move(s.type).to_numpy();
  out["role"] = std::move(s.role).to_numpy();
  return out;
}

}  // namespace

void bind_entities(py::module_& m) {
  py::class_<presslens::Gazetteer>(m, "Gazetteer",
                                   "Places, organisations, titles and given names (immutable "
                                   "once built, except for add()).")
      .def_static("from_tsv", &presslens::Gazetteer::from_tsv, py::arg("places"), py::arg("orgs"),
                  py::arg("titles"), py::arg("given_names"),
                  R"pbdoc(Build from the text of the four TSV files (ValueError names the file
and line of a malformed entry).)pbdoc")
      .def(
          "add",
          [](presslens::Gazetteer& g, const std::string& name, const std::string& type,
             const std::vector<std::string>& aliases) { g.add(name, type_of(type), aliases); },
          py::arg("name"), py::arg("type"), py::arg("aliases") = std::vector<std::string>{},
          "Add an entry (type PERSON, ORG, PLACE or OTHER) with its aliases.");

  py::class_<presslens::EntityResult, std::shared_ptr<presslens::EntityResult>>(
      m, "EntityResult", "Mentions, entities and the merge log of one corpus.")
      .def(
          "mentions",
          [](const presslens::EntityResult& r, const presslens::Corpus& corpus) {
            auto [t, strings] = without_gil([&](const presslens::Interrupt&) {
              return std::make_pair(presslens::mention_table(corpus, r, true),
                                    mention_strings(corpus, r));
            });
            py::dict out;
            out["doc"] = to_numpy(std::move(t.doc));
            out["start"] = to_numpy(std::move(t.start));
            out["end"] = to_numpy(std::move(t.end));
            out["sentence"] = to_numpy(std::move(t.sentence));
            out["paragraph"] = to_numpy(std::move(t.paragraph));
            out["token"] = to_numpy(std::move(t.token));
            out["entity"] = to_numpy(std::move(t.entity));
            out["role_start"] = to_numpy(std::move(t.role_start));
            out["role_end"] = to_numpy(std::move(t.role_end));
            out["type"] = to_numpy(std::move(t.type));
            out["confidence"] = to_numpy(std::move(t.confidence));
            out["strings"] = to_python(std::move(strings));
            return out;
          },
          py::arg("corpus"),
          R"pbdoc(Mentions as numpy columns, offsets in code points; "strings" holds the text
columns of ``Entities.mentions`` (doc_id, text, name, type, role), each as (UTF-8 bytes, int64
offsets) in Arrow's large_string layout.)pbdoc")
      .def(
          "entities",
          [](const presslens::EntityResult& r) {
            py::list name, type, aliases, roles, n_mentions, n_docs, outlets, gender, confidence,
                affiliation;
            for (const auto& e : r.entities) {
              name.append(e.name);
              type.append(std::string(presslens::entity_type_name(e.type)));
              aliases.append(py::cast(e.aliases));
              roles.append(py::cast(e.roles));
              n_mentions.append(e.n_mentions);
              n_docs.append(e.n_docs);
              outlets.append(py::cast(e.outlets));
              gender.append(e.gender ? std::string(1, e.gender) : std::string());
              confidence.append(e.confidence);
              affiliation.append(e.affiliation);
            }
            py::dict out;
            out["name"] = name;
            out["type"] = type;
            out["aliases"] = aliases;
            out["roles"] = roles;
            out["n_mentions"] = n_mentions;
            out["n_docs"] = n_docs;
            out["outlets"] = outlets;
            out["gender"] = gender;
            out["confidence"] = confidence;
            out["affiliation"] = affiliation;
            return out;
          },
          "Entities as columns.")
      .def(
          "merges",
          [](const presslens::EntityResult& r) {
            py::list entity, form, reason;
            for (const auto& mr : r.merges) {
              entity.append(mr.entity == UINT32_MAX ? py::object(py::none())
                                                    : py::object(py::int_(mr.entity)));
              form.append(mr.form);
              reason.append(mr.reason);
            }
            py::dict out;
            out["entity"] = entity;
            out["form"] = form;
            out["reason"] = reason;
            return out;
          },
          "The merge log: entity index (None when nothing was merged), form, reason.")
      .def("__len__", [](const presslens::EntityResult& r) { return r.entities.size(); })
      .def(py::pickle(
          [](const presslens::EntityResult& r) { return py::bytes(presslens::serialize(r)); },
          [](const py::bytes& state) {
            return std::make_shared<presslens::EntityResult>(
                presslens::deserialize_entity_result(bytes_view(state)));
          }));

  py::class_<presslens::EntityPartial, std::shared_ptr<presslens::EntityPartial>>(
      m, "EntityPartial", "Entity candidates of one part of a corpus, to merge and resolve once.")
      .def_property_readonly("doc_ids", &presslens::EntityPartial::doc_ids,
                             "The documents' ids, in order.")
      .def("__len__", &presslens::EntityPartial::n_candidates)
      .def(py::pickle(
          [](const presslens::EntityPartial& p) { return py::bytes(presslens::serialize(p)); },
          [](const py::bytes& state) {
            return std::make_shared<presslens::EntityPartial>(
                presslens::deserialize_entity_partial(bytes_view(state)));
          }));

  m.def(
      "detect_entity_partial",
      [](const presslens::Corpus& corpus, const presslens::Gazetteer& gazetteer, int threads) {
        return without_gil([&](const presslens::Interrupt& stop) {
          return std::make_shared<presslens::EntityPartial>(
              presslens::detect_entity_partial(corpus, gazetteer, threads, stop));
        });
      },
      py::arg("corpus"), py::arg("gazetteer"), py::arg("threads") = 0,
      R"pbdoc(Entity candidates of a corpus as one part of a larger one. Use
``presslens.entity_partials`` instead.)pbdoc");

  m.def(
      "merge_entity_partials",
      [](const std::vector<std::shared_ptr<presslens::EntityPartial>>& parts,
         const std::vector<std::pair<std::uint32_t, std::uint32_t>>& order) {
        std::vector<const presslens::EntityPartial*> ptrs;
        for (const auto& p : parts) ptrs.push_back(p.get());
        return without_gil([&](const presslens::Interrupt&) {
          return std::make_shared<presslens::EntityPartial>(
              presslens::merge_entity_partials(ptrs, order));
        });
      },
      py::arg("parts"), py::arg("order"),
      R"pbdoc(The parts as one, documents in ``order`` ((part, document) pairs). Use
``presslens.merge`` instead.)pbdoc");

  m.def(
      "resolve_entity_partial",
      [](const presslens::EntityPartial& partial, const presslens::Gazetteer& gazetteer,
         std::vector<std::pair<std::string, std::string>> aliases,
         std::vector<std::pair<std::string, std::string>> never_merge, int threads) {
        const presslens::EntityOptions o =
            entity_options(std::move(aliases), std::move(never_merge), threads);
        auto r = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::resolve_entity_partial(partial, gazetteer, o, stop);
        });
        py::dict t;
        t["doc"] = to_numpy(std::move(r.mentions.doc));
        t["start"] = to_numpy(std::move(r.mentions.start));
        t["end"] = to_numpy(std::move(r.mentions.end));
        t["sentence"] = to_numpy(std::move(r.mentions.sentence));
        t["paragraph"] = to_numpy(std::move(r.mentions.paragraph));
        t["token"] = to_numpy(std::move(r.mentions.token));
        t["entity"] = to_numpy(std::move(r.mentions.entity));
        t["role_start"] = to_numpy(std::move(r.mentions.role_start));
        t["role_end"] = to_numpy(std::move(r.mentions.role_end));
        t["type"] = to_numpy(std::move(r.mentions.type));
        t["confidence"] = to_numpy(std::move(r.mentions.confidence));
        t["text"] = py::cast(r.text);
        t["role_text"] = py::cast(r.role);
        t["doc_ids"] = py::cast(r.doc_ids);
        return py::make_tuple(std::make_shared<presslens::EntityResult>(std::move(r.result)), t);
      },
      py::arg("partial"), py::arg("gazetteer"), py::arg("aliases"), py::arg("never_merge"),
      py::arg("threads") = 0,
      R"pbdoc(Resolve merged partials: (EntityResult, mention columns in code points with
text, role_text and doc_ids). Use ``EntityPartials.resolve`` instead.)pbdoc");

  m.def(
      "extract_entities",
      [](const presslens::Corpus& corpus, const presslens::Gazetteer& gazetteer,
         std::vector<std::pair<std::string, std::string>> aliases,
         std::vector<std::pair<std::string, std::string>> never_merge, int threads) {
        const presslens::EntityOptions o =
            entity_options(std::move(aliases), std::move(never_merge), threads);
        return without_gil([&](const presslens::Interrupt& stop) {
          return std::make_shared<presslens::EntityResult>(
              presslens::extract_entities(corpus, gazetteer, o, stop));
        });
      },
      py::arg("corpus"), py::arg("gazetteer"), py::arg("aliases"), py::arg("never_merge"),
      py::arg("threads") = 0,
      R"pbdoc(Detect and resolve people, organisations and places. Use
``presslens.entities`` instead.)pbdoc");

  m.def(
      "count_comentions",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& r,
         const std::string& scope, std::uint32_t window, const std::vector<std::string>& types,
         std::vector<std::int32_t> groups, std::int32_t n_groups, int threads) {
        const auto o =
            co_options(corpus, scope, window, types, std::move(groups), n_groups, threads);
        std::vector<presslens::Associations> as;
        auto res = without_gil([&](const presslens::Interrupt& stop) {
          auto counted = presslens::count_comentions(corpus, r, o, stop);
          for (const auto& t : counted.tables)
            as.push_back(presslens::associations(t, threads, stop));
          return counted;
        });
        py::list tables;
        for (std::size_t k = 0; k < res.tables.size(); ++k)
          tables.append(table_dict(std::move(res.tables[k]), std::move(as[k])));
        return tables;
      },
      py::arg("corpus"), py::arg("entities"), py::arg("scope"), py::arg("window"), py::arg("types"),
      py::arg("doc_groups"), py::arg("n_groups"), py::arg("threads") = 0,
      R"pbdoc(Co-mention tables: [whole corpus, group 0, group 1, ...], each a dict of numpy
arrays (pairs a < b with count and association measures; CSR of the symmetric matrix).
Use ``presslens.comentions`` instead.)pbdoc");

  m.def(
      "sum_comention_tables",
      [](const std::vector<py::dict>& tables, std::uint32_t n_entities) {
        std::vector<presslens::CoMentionTable> parts;
        parts.reserve(tables.size());
        for (const py::dict& d : tables) parts.push_back(table_counts(d, n_entities));
        presslens::Associations as;
        auto t = without_gil([&](const presslens::Interrupt& stop) {
          auto summed = presslens::sum_comention_tables(parts, n_entities);
          as = presslens::associations(summed, 0, stop);
          return summed;
        });
        return table_dict(std::move(t), std::move(as));
      },
      py::arg("tables"), py::arg("n_entities"),
      R"pbdoc(The co-mention table of the union of disjoint parts of a corpus from the parts'
tables (dicts of count_comentions, counted with the same entity ids, e.g. each part's
entities_of_documents): n_units, margin and pair counts summed, CSR and associations rebuilt
as count_comentions builds them. Use presslens.dask.comentions.)pbdoc");

  m.def(
      "comention_evidence",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& r,
         const std::string& scope, std::uint32_t window, const std::vector<std::string>& types,
         std::uint32_t a, std::uint32_t b) {
        const auto o = co_options(corpus, scope, window, types, {}, 0, 1);
        auto ev = without_gil([&](const presslens::Interrupt&) {
          return presslens::comention_evidence(corpus, r, o, a, b, /*code_points=*/true);
        });
        std::vector<std::int64_t> doc, start, end;
        for (const auto& u : ev) {
          doc.push_back(u.doc);
          start.push_back(u.start);
          end.push_back(u.end);
        }
        py::dict out;
        out["doc"] = to_numpy(std::move(doc));
        out["start"] = to_numpy(std::move(start));
        out["end"] = to_numpy(std::move(end));
        return out;
      },
      py::arg("corpus"), py::arg("entities"), py::arg("scope"), py::arg("window"), py::arg("types"),
      py::arg("a"), py::arg("b"),
      "Units (doc, start, end in code points) where entities a and b are both mentioned.");
}

}  // namespace presslens_py
