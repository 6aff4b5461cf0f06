// Single-threaded core throughput: segment() alone, segment_sentences() (sentences only) and
// Corpus::from_records (decode + boilerplate + segment) on a folder of .txt files replicated
// in memory.
//
//   bench_segment ../shared/corpus/polnear-train/text 26
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "bench_common.hpp"
#include "presslens/corpus.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_segment FOLDER [COPIES]\n";
    return 2;
  }
  const int copies = argc > 2 ? std::atoi(argv[2]) : 26;
  std::size_t bytes = 0;
  std::vector<presslens::RawDocument> raw =
      presslens_bench::replicated_texts(argv[1], copies, bytes);
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  std::size_t tokens = 0, sentences = 0;
  for (const auto& r : raw) {
    const auto seg = presslens::segment(r.bytes, {});
    tokens += seg.tokens.size();
    sentences += seg.sentences.size();
  }
  double s = std::chrono::duration<double>(clock::now() - t0).count();
  std::cout << raw.size() << " documents, " << bytes / 1e6 << " MB\n";
  std::cout << "segment(), 1 thread:               " << bytes / 1e6 / s << " MB/s (" << tokens
            << " tokens, " << sentences << " sentences)\n";
  t0 = clock::now();
  std::size_t fast = 0;
  for (const auto& r : raw) fast += presslens::segment_sentences(r.bytes, {}).size();
  s = std::chrono::duration<double>(clock::now() - t0).count();
  std::cout << "segment_sentences(), 1 thread:     " << bytes / 1e6 / s << " MB/s (" << fast
            << " sentences)\n";
  presslens::LoadOptions o;
  o.threads = 1;
  t0 = clock::now();
  const auto corpus = presslens::Corpus::from_records(std::move(raw), o);
  s = std::chrono::duration<double>(clock::now() - t0).count();
  std::cout << "Corpus::from_records, 1 thread:    " << bytes / 1e6 / s << " MB/s ("
            << corpus.size() << " documents)\n";
  return 0;
}
