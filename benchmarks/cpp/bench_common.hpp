// Shared by the C++ benchmarks: reading the input texts and replicating them in memory.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "presslens/corpus.hpp"

namespace presslens_bench {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The .txt files of `folder`, `copies` times over, as records with ids "0", "1"...;
/// `bytes` receives their total size.
inline std::vector<presslens::RawDocument> replicated_texts(const std::filesystem::path& folder,
                                                            int copies, std::size_t& bytes) {
  std::vector<std::string> texts;
  for (const auto& e : std::filesystem::directory_iterator(folder))
    if (e.path().extension() == ".txt") texts.push_back(read_file(e.path()));
  bytes = 0;
  std::vector<presslens::RawDocument> raw;
  for (int c = 0; c < copies; ++c) {
    for (const auto& t : texts) {
      presslens::RawDocument r;
      r.id = std::to_string(raw.size());
      r.bytes = t;
      bytes += t.size();
      raw.push_back(std::move(r));
    }
  }
  return raw;
}

}  // namespace presslens_bench
