// parallel_for: every index once, errors rethrown, and a long item that watches the stop flag
// ends soon after an interrupt.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "presslens/parallel.hpp"

namespace {

using Clock = std::chrono::steady_clock;

TEST(Parallel, EveryIndexExactlyOnce) {
  for (const int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> seen(1000);
    presslens::parallel_for(seen.size(), threads, [&](std::size_t i) { ++seen[i]; });
    for (const auto& s : seen) EXPECT_EQ(s.load(), 1);
  }
}

TEST(Parallel, FirstErrorIsRethrown) {
  EXPECT_THROW(presslens::parallel_for(100, 2,
                                       [](std::size_t i) {
                                         if (i == 37) throw std::invalid_argument("bad item");
                                       }),
               std::invalid_argument);
}

TEST(Parallel, ALongItemWatchingTheStopFlagEndsSoonAfterAnInterrupt) {
  // One item that would run for a minute; the interrupt turns true after 50 ms.
  const auto start = Clock::now();
  const presslens::Interrupt interrupt = [&] {
    return Clock::now() - start > std::chrono::milliseconds(50);
  };
  std::atomic<bool> saw_stop{false};
  EXPECT_THROW(presslens::parallel_for(
                   1, 2,
                   [&](std::size_t, const std::atomic<bool>& stop) {
                     while (Clock::now() - start < std::chrono::seconds(60)) {
                       if (stop.load()) {
                         saw_stop = true;
                         throw presslens::Interrupted();
                       }
                       std::this_thread::sleep_for(std::chrono::milliseconds(1));
                     }
                   },
                   interrupt),
               presslens::Interrupted);
  EXPECT_TRUE(saw_stop.load());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(Parallel, AnErrorInOneItemStopsAWatchingItem) {
  // Item 0 fails at once; item 1 watches the flag and must not run out its minute. The
  // first error, not the Interrupted of the watcher, reaches the caller.
  const auto start = Clock::now();
  EXPECT_THROW(
      presslens::parallel_for(2, 2,
                              [&](std::size_t i, const std::atomic<bool>& stop) {
                                if (i == 0) {
                                  std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                  throw std::invalid_argument("bad item");
                                }
                                while (!stop.load()) {
                                  if (Clock::now() - start > std::chrono::seconds(60)) return;
                                  std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                }
                                throw presslens::Interrupted();
                              }),
      std::invalid_argument);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
