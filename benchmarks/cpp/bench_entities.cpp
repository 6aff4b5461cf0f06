// Core throughput of the entity, co-mention and quote stages, one at a time, on a folder of .txt
// files replicated in memory (the Python benchmarks measure the same pipeline end to end against
// the tools a user would otherwise pick).
//
//   bench_entities TEXT_FOLDER GAZETTEER_FOLDER [COPIES [THREADS [noquotes]]]
//   bench_entities ../shared/corpus/polnear-train/text python/presslens/data/gazetteer 6 1
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.hpp"
#include "presslens/comention.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/quotes.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr
        << "usage: bench_entities TEXT_FOLDER GAZETTEER_FOLDER [COPIES [THREADS [noquotes]]]\n";
    return 2;
  }
  const std::filesystem::path gdir = argv[2];
  const int copies = argc > 3 ? std::atoi(argv[3]) : 6;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 1;
  using presslens_bench::read_file;
  std::size_t bytes = 0;
  std::vector<presslens::RawDocument> raw =
      presslens_bench::replicated_texts(argv[1], copies, bytes);
  const double mb = static_cast<double>(bytes) / 1e6;
  using clock = std::chrono::steady_clock;
  const auto gaz = presslens::Gazetteer::from_tsv(
      read_file(gdir / "places.tsv"), read_file(gdir / "organisations.tsv"),
      read_file(gdir / "titles.tsv"), read_file(gdir / "given_names.tsv"));
  presslens::LoadOptions lo;
  lo.threads = threads;
  auto t0 = clock::now();
  auto c0 = std::clock();
  const auto corpus = presslens::Corpus::from_records(std::move(raw), lo);
  // Wall time, and the process's CPU time (steadier on a loaded machine).
  auto lap = [&](const char* what) {
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::cout << what << s << " s, " << mb / s << " MB/s (CPU " << cpu << " s)\n";
    t0 = clock::now();
    c0 = std::clock();
  };
  std::cout << corpus.size() << " documents, " << mb << " MB, " << threads << " thread(s)\n";
  lap("Corpus::from_records: ");
  presslens::EntityOptions eo;
  eo.threads = threads;
  const auto ents = presslens::extract_entities(corpus, gaz, eo);
  lap("extract_entities:     ");
  presslens::CoMentionOptions co;
  co.threads = threads;
  const auto cm = presslens::count_comentions(corpus, ents, co);
  lap("count_comentions:     ");
  if (argc > 5 && std::string_view(argv[5]) == "noquotes") {
    std::cout << ents.mentions.size() << " mentions, " << ents.entities.size() << " entities\n";
    return 0;
  }
  presslens::QuoteOptions qo;
  qo.threads = threads;
  const auto q = presslens::extract_quotes(corpus, ents, gaz, qo);
  lap("extract_quotes:       ");
  std::cout << ents.mentions.size() << " mentions, " << ents.entities.size() << " entities, "
            << cm.tables.front().a.size() << " pairs, " << q.quotes.size() << " quotes\n";
  return 0;
}
