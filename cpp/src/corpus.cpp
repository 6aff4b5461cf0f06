// Corpus loading. Reading, decoding, boilerplate flagging and segmentation run on all
// threads; every per-document outcome (document or warning) is stored at the document's
// input index, so the result is identical whatever the thread count.
#include "presslens/corpus.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "detail/boilerplate.hpp"
#include "presslens/boilerplate.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

namespace presslens {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxDocumentBytes = 0xFFFFFFF0ull;  // offsets are uint32
constexpr std::size_t kMaxJsonDepth = 512;

// `interrupt` is polled between chunks: only pass it from the thread that started the scan
// (a JSONL file of a few GB takes seconds to read; Ctrl-C must not wait for it).
std::string read_file(const fs::path& p, const Interrupt& interrupt = {}) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw IoError(p.string(), "cannot open '" + p.string() + "' for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw IoError(p.string(), "cannot determine the size of '" + p.string() + "'");
  if (static_cast<std::size_t>(size) > kMaxDocumentBytes && p.extension() != ".jsonl")
    throw std::length_error("too large");
  in.seekg(0, std::ios::beg);
  // Grown chunk by chunk: zero-filling a few GB at once is one long uninterruptible stall
  // when the kernel has to reclaim memory for it.
  std::string data;
  data.reserve(static_cast<std::size_t>(size));
  constexpr std::streamoff kChunk = std::streamoff{16} << 20;
  for (std::streamoff done = 0; done < size;) {
    const std::streamoff n = std::min(kChunk, size - done);
    data.resize(static_cast<std::size_t>(done + n));
    if (!in.read(data.data() + done, n))
      throw IoError(p.string(), "cannot read '" + p.string() + "'");
    done += n;
    if (interrupt && interrupt()) throw Interrupted();
  }
  return data;
}

std::string json_scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// Depth of the deepest array/object nesting, outside strings. O(n), no recursion: a
// hostile line of 100,000 '[' would otherwise exhaust the stack of a recursive parser.
std::size_t json_depth(std::string_view s) {
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

// ---- sidecar metadata ---------------------------------------------------------------

struct Sidecar {
  // keyed by file name and by id (file stem)
  std::unordered_map<std::string, std::size_t> by_key;
  std::vector<json> records;
  std::vector<bool> used;
};

std::vector<std::string> parse_csv_row(std::string_view line) {
  std::vector<std::string> cells;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  cells.push_back(std::move(cur));
  return cells;
}

// CSV records may span lines inside quotes; split into logical rows first.
std::vector<std::pair<std::size_t, std::string>> csv_rows(std::string_view data) {
  std::vector<std::pair<std::size_t, std::string>> rows;
  std::string cur;
  bool quoted = false;
  std::size_t line = 1, row_line = 1;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '"') quoted = !quoted;
    if ((c == '\n' || c == '\r') && !quoted) {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      if (!cur.empty()) rows.emplace_back(row_line, std::move(cur));
      cur.clear();
      ++line;
      row_line = line;
      continue;
    }
    if (c == '\n') ++line;
    cur.push_back(c);
  }
  if (!cur.empty()) rows.emplace_back(row_line, std::move(cur));
  return rows;
}

void add_sidecar_record(Sidecar& sc, json rec, const std::string& where,
                        std::vector<CorpusWarning>& warnings, std::int64_t line) {
  std::string key;
  if (rec.contains("file") && rec["file"].is_string())
    key = rec["file"].get<std::string>();
  else if (rec.contains("id"))
    key = json_scalar(rec["id"]);
  if (key.empty()) {
    warnings.push_back({"", where, line, -1, "metadata_malformed",
                        where + " line " + std::to_string(line) +
                            ": record has neither \"file\" nor \"id\"; ignored"});
    return;
  }
  const std::size_t idx = sc.records.size();
  if (rec.contains("file") && rec["file"].is_string()) {
    const std::string f = rec["file"].get<std::string>();
    sc.by_key.emplace(f, idx);
    sc.by_key.emplace(fs::path(f).stem().string(), idx);
  }
  if (rec.contains("id")) sc.by_key.emplace(json_scalar(rec["id"]), idx);
  sc.records.push_back(std::move(rec));
  sc.used.push_back(false);
}

Sidecar load_sidecar(const fs::path& folder, std::vector<CorpusWarning>& warnings) {
  Sidecar sc;
  const fs::path jl = folder / "metadata.jsonl";
  const fs::path csv = folder / "metadata.csv";
  std::error_code ec;
  if (fs::is_regular_file(jl, ec)) {
    const std::string data = read_file(jl);
    std::size_t start = 0;
    std::int64_t line = 0;
    while (start <= data.size()) {
      std::size_t end = data.find('\n', start);
      if (end == std::string_view::npos) end = data.size();
      ++line;
      std::string_view row(data.data() + start, end - start);
      while (!row.empty() && (row.back() == '\r' || row.back() == ' ')) row.remove_suffix(1);
      if (!row.empty()) {
        json rec = json::parse(row, nullptr, false);
        if (rec.is_discarded() || !rec.is_object() || json_depth(row) > kMaxJsonDepth) {
          warnings.push_back(
              {"", jl.string(), line, -1, "metadata_malformed",
               jl.string() + " line " + std::to_string(line) + ": not a JSON object; ignored"});
        } else {
          add_sidecar_record(sc, std::move(rec), jl.string(), warnings, line);
        }
      }
      start = end + 1;
    }
  } else if (fs::is_regular_file(csv, ec)) {
    const std::string data = read_file(csv);
    auto rows = csv_rows(data);
    if (rows.empty()) return sc;
    std::vector<std::string> header = parse_csv_row(rows[0].second);
    if (!header.empty() && header[0].starts_with("\xEF\xBB\xBF")) header[0].erase(0, 3);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto cells = parse_csv_row(rows[r].second);
      const auto line = static_cast<std::int64_t>(rows[r].first);
      if (cells.size() != header.size()) {
        warnings.push_back({"", csv.string(), line, -1, "metadata_malformed",
                            csv.string() + " line " + std::to_string(line) + ": " +
                                std::to_string(cells.size()) + " cells for " +
                                std::to_string(header.size()) + " columns; ignored"});
        continue;
      }
      json rec = json::object();
      for (std::size_t c = 0; c < header.size(); ++c) rec[header[c]] = cells[c];
      add_sidecar_record(sc, std::move(rec), csv.string(), warnings, line);
    }
  }
  return sc;
}

// Splits a metadata object into the standard fields and the rest (kept as JSON).
void apply_metadata(RawDocument& doc, const json& rec, const LoadOptions& o,
                    const std::vector<std::string>& skip) {
  json rest = json::object();
  for (auto it = rec.begin(); it != rec.end(); ++it) {
    const std::string& k = it.key();
    if (k == o.outlet_field)
      doc.outlet = json_scalar(it.value());
    else if (k == o.date_field)
      doc.date = json_scalar(it.value());
    else if (k == o.title_field)
      doc.title = json_scalar(it.value());
    else if (std::find(skip.begin(), skip.end(), k) == skip.end())
      rest[k] = it.value();
  }
  doc.meta_json = rest.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---- per-document processing ----------------------------------------------------------

struct Outcome {
  std::optional<Document> doc;
  std::vector<CorpusWarning> warnings;
  std::string strict_error;  // non-empty: fatal under DecodeErrors::kStrict
  std::vector<LineSpan> lines;
  std::vector<std::uint8_t> reasons;
  std::vector<std::uint64_t> line_hashes;  // hash of the normalised line, 0 for blank
};

void decode_document(RawDocument& raw, const LoadOptions& o, Outcome& out) {
  auto warn = [&](std::int64_t offset, std::string code, std::string msg) {
    out.warnings.push_back({raw.id, raw.source, raw.line, offset, std::move(code), std::move(msg)});
  };
  std::string& bytes = raw.bytes;
  if (bytes.size() > kMaxDocumentBytes) {
    warn(-1, "skipped_too_large",
         "document '" + raw.id + "' (" + raw.source + ") has " + std::to_string(bytes.size()) +
             " bytes, more than the 4 GiB limit of one document; skipped");
    return;
  }
  if (const auto nul = bytes.find('\0'); nul != std::string::npos) {
    warn(static_cast<std::int64_t>(nul), "skipped_binary",
         "document '" + raw.id + "' (" + raw.source + ") contains a NUL byte at offset " +
             std::to_string(nul) + ": binary data, not text; skipped");
    return;
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.erase(0, 3);  // BOM: not text
  std::string text;
  if (const std::size_t bad = find_invalid_utf8(bytes); bad != std::string::npos) {
    if (o.errors == DecodeErrors::kStrict) {
      out.strict_error = "document '" + raw.id + "' (" + raw.source +
                         "): invalid UTF-8 at byte offset " + std::to_string(bad) +
                         " (use errors=\"replace\" to repair it with U+FFFD)";
      return;
    }
    RepairStats st;
    text = repair_utf8(bytes, st);
    warn(static_cast<std::int64_t>(st.first_offset), "invalid_utf8",
         "document '" + raw.id + "' (" + raw.source + "): " + std::to_string(st.replaced) +
             " invalid UTF-8 sequence(s) replaced by U+FFFD, the first at byte offset " +
             std::to_string(st.first_offset));
  } else {
    text = std::move(bytes);
  }
  Document d;
  d.id = std::move(raw.id);
  d.text = std::move(text);
  d.outlet = std::move(raw.outlet);
  d.date = std::move(raw.date);
  d.title = std::move(raw.title);
  d.meta_json = std::move(raw.meta_json);
  d.source = std::move(raw.source);
  out.doc = std::move(d);
  raw.id = out.doc->id;  // keep for messages
  raw.source = out.doc->source;
}

void flag_lines(const LoadOptions& o, Outcome& out) {
  const std::string_view text = out.doc->text;
  out.lines = split_lines(text);
  out.reasons.assign(out.lines.size(), 0);
  out.line_hashes.assign(out.lines.size(), 0);
  std::vector<std::size_t> words(out.lines.size(), 0);
  for (std::size_t i = 0; i < out.lines.size(); ++i) {
    const auto& l = out.lines[i];
    out.line_hashes[i] = detail::normalized_hash(text.substr(l.start, l.end - l.start), words[i]);
  }
  if (o.detect_boilerplate)
    detail::flag_document_lines(text, out.lines, out.line_hashes, words, out.reasons);
}

// Boilerplate flags across the documents of each outlet, then segmentation: what build()
// and restore() share once every document's lines are flagged (flag_lines).
void flag_outlets_and_segment(std::vector<Outcome>& outcomes, const LoadOptions& options,
                              const Interrupt& interrupt) {
  const std::size_t n = outcomes.size();
  // The repeated lines of each document's outlet, decided over a whole collection.
  std::vector<const std::vector<std::uint64_t>*> known;
  if (options.detect_boilerplate && options.outlet_lines) {
    known.assign(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      if (!outcomes[i].doc) continue;
      const Document& d = *outcomes[i].doc;
      known[i] = options.outlet_lines->find(d.outlet);
      if (known[i] == nullptr)
        throw std::invalid_argument(
            "document '" + d.id + "' (" + d.source + ") is from outlet '" + d.outlet +
            "', which the outlet line counts do not know: they were counted on other "
            "documents; count every document loaded with them");
    }
  } else if (options.detect_boilerplate) {
    // Lines repeated across many documents of one outlet (footers, bylines of the site).
    std::map<std::string, std::vector<std::size_t>> by_outlet;
    for (std::size_t i = 0; i < n; ++i)
      if (outcomes[i].doc) by_outlet[outcomes[i].doc->outlet].push_back(i);
    std::vector<std::span<const std::uint64_t>> hashes;
    std::vector<std::span<std::uint8_t>> reasons;
    for (const auto& [outlet, idx] : by_outlet) {
      hashes.clear();
      reasons.clear();
      for (const std::size_t i : idx) {
        hashes.emplace_back(outcomes[i].line_hashes);
        reasons.emplace_back(outcomes[i].reasons);
      }
      detail::flag_outlet_repeated(hashes, reasons, interrupt);
    }
  }

  parallel_for(
      n, options.threads,
      [&](std::size_t i, const std::atomic<bool>& stop) {
        Outcome& oc = outcomes[i];
        if (!oc.doc) return;
        if (!known.empty()) detail::flag_known_repeated(oc.line_hashes, *known[i], oc.reasons);
        SegmentOptions so = options.segment;
        so.cancel = &stop;  // Ctrl-C within a huge document
        oc.doc->seg = segment(oc.doc->text, so, oc.reasons);
        std::vector<LineSpan>().swap(oc.lines);
        std::vector<std::uint64_t>().swap(oc.line_hashes);
      },
      interrupt);
}

LoadOptions stored_options(const LoadOptions& options) {
  LoadOptions o = options;
  o.segment.cancel = nullptr;  // points into a finished call
  o.first_file = 0;
  o.max_files = SIZE_MAX;
  return o;
}

}  // namespace

Corpus Corpus::build(std::vector<RawDocument> raw, std::vector<CorpusWarning> warnings,
                     std::size_t n_inputs, const LoadOptions& options, const Interrupt& interrupt) {
  const std::size_t n = raw.size();
  std::vector<Outcome> outcomes(n);
  parallel_for(
      n, options.threads,
      [&](std::size_t i) {
        decode_document(raw[i], options, outcomes[i]);
        if (outcomes[i].doc) flag_lines(options, outcomes[i]);
        RawDocument().bytes.swap(raw[i].bytes);  // free the input early
      },
      interrupt);
  if (options.errors == DecodeErrors::kStrict) {
    for (const Outcome& oc : outcomes)
      if (!oc.strict_error.empty()) throw std::invalid_argument(oc.strict_error);
  }
  flag_outlets_and_segment(outcomes, options, interrupt);

  Corpus c;
  c.options_ = stored_options(options);
  c.n_inputs_ = n_inputs;
  c.warnings_ = std::move(warnings);
  // Warnings the reader raised about kept documents (JSONL: nul_removed, invalid_utf8),
  // by source, so a document renamed below is still the one they name.
  std::unordered_map<std::string, std::vector<std::size_t>> reader_warnings;
  for (std::size_t k = 0; k < c.warnings_.size(); ++k)
    if (!c.warnings_[k].doc_id.empty()) reader_warnings[c.warnings_[k].source].push_back(k);
  std::unordered_map<std::string, std::size_t> ids;
  for (Outcome& oc : outcomes) {
    if (oc.doc) {
      Document& d = *oc.doc;
      auto [it, fresh] = ids.emplace(d.id, 1);
      if (!fresh) {
        const std::string original = d.id;
        do {
          d.id = original + "~" + std::to_string(++it->second);
        } while (ids.contains(d.id));
        ids.emplace(d.id, 1);
        // Warnings raised while decoding named the document by its original id, which
        // belongs to another document: name the renamed one.
        for (auto& w : oc.warnings) w.doc_id = d.id;
        if (const auto rw = reader_warnings.find(d.source); rw != reader_warnings.end())
          for (const std::size_t k : rw->second)
            if (c.warnings_[k].doc_id == original) c.warnings_[k].doc_id = d.id;
        oc.warnings.push_back({d.id, d.source, -1, -1, "duplicate_id",
                               "id '" + original + "' is used more than once; this document (" +
                                   d.source + ") was renamed '" + d.id + "'"});
      }
      // White space of any kind (NBSP, em space, U+2028...) and zero-width characters:
      // segmentation trims them from every line, so such a text has no paragraph.
      if (d.seg.paragraphs.empty())
        oc.warnings.push_back(
            {d.id, d.source, -1, -1, "empty",
             "document '" + d.id + "' (" + d.source + ") has no text; kept, " + "with no tokens"});
    }
    for (auto& w : oc.warnings) c.warnings_.push_back(std::move(w));
    if (oc.doc) c.docs_.push_back(std::move(*oc.doc));
  }
  return c;
}

Corpus Corpus::from_folder(const fs::path& folder, const LoadOptions& options,
                           const Interrupt& interrupt) {
  std::error_code ec;
  if (!fs::exists(folder, ec))
    throw IoError(folder.string(), "folder '" + folder.string() + "' does not exist");
  if (!fs::is_directory(folder, ec))
    throw IoError(folder.string(), "'" + folder.string() + "' is not a folder");

  std::vector<CorpusWarning> warnings;
  std::vector<fs::path> files;
  std::vector<RawDocument> skipped_links;
  // Canonical folders from the root down to the entry being listed: a followed link to
  // one of them would loop for ever (a -> .., or a/x -> b and b/y -> a).
  std::vector<fs::path> chain;
  auto consider = [&](const fs::directory_entry& e, fs::recursive_directory_iterator* it) {
    const fs::path& p = e.path();
    std::error_code lec;
    const bool link = e.is_symlink(lec);
    if (it != nullptr && e.is_directory(lec)) {  // is_directory follows the link
      const std::string id = p.lexically_relative(folder).generic_string();
      if (link && !options.follow_symlinks) {  // the iterator does not enter it
        warnings.push_back(
            {id, p.string(), -1, -1, "skipped_symlink",
             "'" + p.string() +
                 "' is a symbolic link to a folder; not followed (follow_symlinks=True reads it)"});
        return;
      }
      chain.resize(static_cast<std::size_t>(it->depth()) + 1);
      const fs::path real = fs::canonical(p, lec);
      if (lec || std::find(chain.begin(), chain.end(), real) != chain.end()) {
        it->disable_recursion_pending();
        warnings.push_back({id, p.string(), -1, -1, "skipped_symlink",
                            "'" + p.string() + "' leads back to a folder being read (a loop of " +
                                "symbolic links); not followed again"});
        return;
      }
      chain.push_back(real);
      return;
    }
    if (p.extension() != options.extension) return;
    if (link && !options.follow_symlinks) {
      warnings.push_back(
          {options.recursive ? p.lexically_relative(folder).replace_extension().generic_string()
                             : p.stem().string(),
           p.string(), -1, -1, "skipped_symlink",
           "'" + p.string() +
               "' is a symbolic link; not followed (follow_symlinks=True reads it)"});
      return;
    }
    if (!e.is_regular_file(lec)) return;
    files.push_back(p);
  };
  try {
    if (options.recursive) {
      const auto opts = options.follow_symlinks ? fs::directory_options::follow_directory_symlink
                                                : fs::directory_options::none;
      std::error_code cec;
      chain.push_back(fs::canonical(folder, cec));
      for (auto it = fs::recursive_directory_iterator(folder, opts);
           it != fs::recursive_directory_iterator(); ++it)
        consider(*it, &it);
    } else {
      for (const auto& e : fs::directory_iterator(folder)) consider(e, nullptr);
    }
  } catch (const fs::filesystem_error& e) {
    throw IoError(folder.string(), "cannot list '" + folder.string() + "': " + e.code().message());
  }
  std::sort(files.begin(), files.end());
  std::sort(warnings.begin(), warnings.end(),
            [](const CorpusWarning& a, const CorpusWarning& b) { return a.source < b.source; });

  Sidecar sidecar = load_sidecar(folder, warnings);
  const std::size_t n_links = warnings.size();  // skipped links are inputs too
  std::size_t n_link_inputs = 0;
  for (std::size_t i = 0; i < n_links; ++i)
    if (warnings[i].code == "skipped_symlink") ++n_link_inputs;

  // A window of the listing (streaming): files outside it still match their metadata, so
  // that only names matching no file at all are reported (by the window at file 0, with the
  // other warnings of the listing).
  const bool head = options.first_file == 0;
  if (head && options.max_files >= files.size()) {
    // the whole folder: nothing to leave out
  } else {
    const std::size_t first = std::min(options.first_file, files.size());
    const std::size_t last = first + std::min(options.max_files, files.size() - first);
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i >= first && i < last) continue;
      const fs::path& p = files[i];
      auto it = sidecar.by_key.find(p.filename().string());
      if (it == sidecar.by_key.end())
        it = sidecar.by_key.find(
            options.recursive ? p.lexically_relative(folder).replace_extension().generic_string()
                              : p.stem().string());
      if (it != sidecar.by_key.end()) sidecar.used[it->second] = true;
    }
    files.erase(files.begin() + static_cast<std::ptrdiff_t>(last), files.end());
    files.erase(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(first));
    if (!head) {
      warnings.clear();
      n_link_inputs = 0;
    }
  }

  std::vector<RawDocument> raw(files.size());
  std::vector<std::optional<CorpusWarning>> read_errors(files.size());
  parallel_for(
      files.size(), options.threads,
      [&](std::size_t i) {
        const fs::path& p = files[i];
        RawDocument& r = raw[i];
        r.id = options.recursive ? p.lexically_relative(folder).replace_extension().generic_string()
                                 : p.stem().string();
        r.source = p.string();
        try {
          r.bytes = read_file(p);
        } catch (const IoError& e) {
          read_errors[i] = CorpusWarning{
              r.id, r.source, -1, -1, "skipped_unreadable", std::string(e.what()) + "; skipped"};
        } catch (const std::length_error&) {
          read_errors[i] = CorpusWarning{r.id,
                                         r.source,
                                         -1,
                                         -1,
                                         "skipped_too_large",
                                         "'" + p.string() +
                                             "' is larger than the 4 GiB limit of one document; "
                                             "skipped"};
        }
      },
      interrupt);

  std::vector<RawDocument> good;
  good.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (read_errors[i]) {
      warnings.push_back(std::move(*read_errors[i]));
      continue;
    }
    RawDocument& r = raw[i];
    const std::string fname = files[i].filename().string();
    auto it = sidecar.by_key.find(fname);
    if (it == sidecar.by_key.end()) it = sidecar.by_key.find(r.id);
    if (it != sidecar.by_key.end()) {
      sidecar.used[it->second] = true;
      apply_metadata(r, sidecar.records[it->second], options, {"file", "id"});
    }
    good.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < sidecar.records.size(); ++k) {
    if (sidecar.used[k] || !head) continue;
    const json& rec = sidecar.records[k];
    const std::string key =
        rec.contains("file") ? json_scalar(rec["file"]) : json_scalar(rec["id"]);
    warnings.push_back({"", "metadata", -1, -1, "metadata_unmatched",
                        "metadata names '" + key + "', which is not a file in '" + folder.string() +
                            "'; ignored"});
  }
  return build(std::move(good), std::move(warnings), files.size() + n_link_inputs, options,
               interrupt);
}

Corpus Corpus::from_jsonl(const fs::path& file, const LoadOptions& options,
                          const Interrupt& interrupt) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw IoError(file.string(), "file '" + file.string() + "' does not exist");
  if (fs::is_directory(file, ec))
    throw IoError(file.string(), "'" + file.string() + "' is a folder, not a JSONL file");
  const std::string data = read_file(file, interrupt);
  return from_jsonl_text(data, file.string(), file.stem().string(), 0, options, interrupt);
}

Corpus Corpus::from_jsonl_text(std::string_view data, const std::string& source,
                               const std::string& stem, std::int64_t first_line,
                               const LoadOptions& options, const Interrupt& interrupt) {
  // Line spans first (cheap), then parse lines in parallel.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::int64_t> line_no;
  {
    std::size_t start = 0;
    std::int64_t line = first_line;
    std::size_t i = 0;
    if (first_line == 0 && data.starts_with("\xEF\xBB\xBF")) start = i = 3;
    while (start < data.size()) {
      std::size_t end = data.find('\n', start);
      if (end == std::string_view::npos) end = data.size();
      ++line;
      std::size_t e = end;
      while (e > start && (data[e - 1] == '\r' || data[e - 1] == ' ' || data[e - 1] == '\t')) --e;
      std::size_t b = start;
      while (b < e && (data[b] == ' ' || data[b] == '\t')) ++b;
      if (e > b) {
        spans.emplace_back(b, e);
        line_no.push_back(line);
      }
      start = end + 1;
      i = start;
    }
    (void)i;
  }

  const std::size_t n = spans.size();
  std::vector<RawDocument> raw(n);
  std::vector<std::optional<CorpusWarning>> problem(n);
  std::vector<std::string> strict_errors(n);
  const std::string& src = source;
  const std::vector<std::string> used_fields = {options.id_field, options.text_field};
  parallel_for(
      n, options.threads,
      [&](std::size_t k) {
        const std::int64_t line = line_no[k];
        std::string_view row(data.data() + spans[k].first, spans[k].second - spans[k].first);
        RawDocument& r = raw[k];
        r.line = line;
        r.source = src + ":" + std::to_string(line);
        r.id = stem + ":" + std::to_string(line);
        auto fail = [&](std::string code, std::string msg) {
          if (options.errors == DecodeErrors::kStrict)
            strict_errors[k] = src + " line " + std::to_string(line) + ": " + msg;
          problem[k] =
              CorpusWarning{r.id,
                            r.source,
                            line,
                            -1,
                            std::move(code),
                            src + " line " + std::to_string(line) + ": " + msg + "; skipped"};
        };
        std::string repaired;
        if (const std::size_t bad = find_invalid_utf8(row); bad != std::string::npos) {
          // Repair the raw line so the JSON parser accepts it; report it on the document.
          RepairStats st;
          repaired = repair_utf8(row, st);
          if (options.errors == DecodeErrors::kStrict) {
            strict_errors[k] = src + " line " + std::to_string(line) +
                               ": invalid UTF-8 at byte offset " + std::to_string(bad) +
                               " of the line (use errors=\"replace\" to repair it)";
            return;
          }
          row = repaired;
        }
        if (json_depth(row) > kMaxJsonDepth) {
          fail("malformed_json",
               "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
          return;
        }
        json rec = json::parse(row, nullptr, false);
        if (rec.is_discarded()) {
          try {
            const json strict_parse = json::parse(row);  // throws with a position
            (void)strict_parse;
          } catch (const json::parse_error& e) {
            std::string what = e.what();
            if (const auto p = what.find("parse error"); p != std::string::npos)
              what = what.substr(p);
            fail("malformed_json", "malformed JSON (" + what + ")");
            return;
          }
          fail("malformed_json", "malformed JSON");
          return;
        }
        if (!rec.is_object()) {
          fail("malformed_json", "a JSON " + std::string(rec.type_name()) +
                                     ", not an object with a \"" + options.text_field + "\" field");
          return;
        }
        if (auto it = rec.find(options.id_field); it != rec.end() && !it->is_null())
          r.id = json_scalar(*it);
        auto t = rec.find(options.text_field);
        if (t == rec.end() || t->is_null()) {
          fail("missing_text", "no \"" + options.text_field + "\" field");
          return;
        }
        if (!t->is_string()) {
          fail("non_string_field", "field \"" + options.text_field + "\" is a " +
                                       std::string(t->type_name()) + ", not a string");
          return;
        }
        r.bytes = t->get<std::string>();
        if (r.bytes.find('\0') != std::string::npos) {
          // An escaped \u0000 inside a JSON string: drop it rather than the document.
          r.bytes.erase(std::remove(r.bytes.begin(), r.bytes.end(), '\0'), r.bytes.end());
          problem[k] = CorpusWarning{
              r.id,
              r.source,
              line,
              -1,
              "nul_removed",
              src + " line " + std::to_string(line) + ": NUL characters removed from the text"};
        }
        if (!repaired.empty())
          problem[k] = CorpusWarning{
              r.id,
              r.source,
              line,
              -1,
              "invalid_utf8",
              src + " line " + std::to_string(line) + ": invalid UTF-8 replaced by U+FFFD"};
        apply_metadata(r, rec, options, used_fields);
      },
      interrupt);

  std::vector<CorpusWarning> warnings;
  std::vector<RawDocument> good;
  good.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (!strict_errors[k].empty()) throw std::invalid_argument(strict_errors[k]);
    const bool skipped =
        problem[k] && problem[k]->code != "nul_removed" && problem[k]->code != "invalid_utf8";
    if (problem[k]) warnings.push_back(std::move(*problem[k]));
    if (!skipped) good.push_back(std::move(raw[k]));
  }
  return build(std::move(good), std::move(warnings), n, options, interrupt);
}

Corpus Corpus::restore(std::vector<Document> docs, std::vector<CorpusWarning> warnings,
                       std::size_t n_inputs, const LoadOptions& options,
                       const Interrupt& interrupt) {
  const std::size_t n = docs.size();
  std::vector<Outcome> outcomes(n);
  parallel_for(
      n, options.threads,
      [&](std::size_t i) {
        if (find_invalid_utf8(docs[i].text) != std::string::npos)
          outcomes[i].strict_error = "document " + std::to_string(i) + " is not valid UTF-8";
        outcomes[i].doc = std::move(docs[i]);
        outcomes[i].doc->seg = {};
        flag_lines(options, outcomes[i]);
      },
      interrupt);
  for (const Outcome& oc : outcomes)
    if (!oc.strict_error.empty())
      throw std::invalid_argument("cannot restore a corpus: " + oc.strict_error);
  flag_outlets_and_segment(outcomes, options, interrupt);
  Corpus c;
  c.options_ = stored_options(options);
  c.n_inputs_ = n_inputs;
  c.warnings_ = std::move(warnings);
  c.docs_.reserve(n);
  for (Outcome& oc : outcomes) c.docs_.push_back(std::move(*oc.doc));
  return c;
}

Corpus Corpus::from_records(std::vector<RawDocument> records, const LoadOptions& options,
                            const Interrupt& interrupt) {
  const std::size_t n = records.size();
  for (std::size_t i = 0; i < n; ++i)
    if (records[i].source.empty()) records[i].source = "record " + std::to_string(i);
  return build(std::move(records), {}, n, options, interrupt);
}

}  // namespace presslens
