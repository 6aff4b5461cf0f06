// Helpers shared by the GoogleTest files: reference data location and temp folders.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace presslens_test {

/// ../shared beside the repository, or an empty path when absent (tests then skip).
inline std::filesystem::path shared_dir() {
  std::filesystem::path p(PRESSLENS_SHARED_DIR);
  std::error_code ec;
  return std::filesystem::is_directory(p / "corpus", ec) ? p : std::filesystem::path();
}

/// A fresh temporary folder removed when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("presslens-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, std::string_view bytes) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  std::filesystem::path path_;
};

}  // namespace presslens_test
