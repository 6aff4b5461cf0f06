// presslens/parallel.hpp: a deterministic parallel loop over items.
//
//   std::vector<double> out(n);
//   presslens::parallel_for(n, /*threads=*/0, [&](std::size_t i) { out[i] = f(i); }, interrupt);
//
// Each index is processed exactly once; results written per index are therefore the same
// whatever the thread count. The first exception thrown by any worker is kept, the other
// workers stop taking new items, every thread is joined, and the exception is rethrown in
// the caller (no exception is ever lost, no thread outlives the call). `interrupt` is polled
// by the calling thread only; when it returns true the loop stops and throws `Interrupted`.
// An item that may run long (one huge document) can take the loop's stop flag as a second
// argument, fn(i, stop), and throw `Interrupted` when it turns true.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "presslens/errors.hpp"

namespace presslens {

/// Number of worker threads to use for `requested` (0 = hardware concurrency), never more
/// than `items` and never less than 1.
inline std::size_t resolve_threads(int requested, std::size_t items) {
  std::size_t t = requested > 0 ? static_cast<std::size_t>(requested)
                                : std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min(t, std::max<std::size_t>(items, 1)));
}

/// Runs fn(i) for i in [0, n) on `threads` threads (0 = all cores). Items are handed out
/// dynamically in chunks of `grain`. Complexity: n calls of fn plus O(threads) overhead.
template <class Fn>
void parallel_for(std::size_t n, int threads, Fn&& fn, const Interrupt& interrupt = {},
                  std::size_t grain = 1) {
  if (n == 0) return;
  // Poll once before any work: a scan asked to stop must stop even when its workers would
  // finish before the first poll of the loop below.
  if (interrupt && interrupt()) throw Interrupted();
  grain = std::max<std::size_t>(grain, 1);
  const std::size_t nthreads = resolve_threads(threads, (n + grain - 1) / grain);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;

  auto worker = [&]() {
    while (!stop.load(std::memory_order_relaxed)) {
      const std::size_t begin = next.fetch_add(grain, std::memory_order_relaxed);
      if (begin >= n) break;
      const std::size_t end = std::min(n, begin + grain);
      try {
        for (std::size_t i = begin; i < end; ++i) {
          if constexpr (std::is_invocable_v<Fn&, std::size_t, const std::atomic<bool>&>)
            fn(i, std::as_const(stop));
          else
            fn(i);
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        stop.store(true);
      }
    }
  };

  if (nthreads == 1 && !interrupt) {
    worker();
  } else {
    std::size_t running = nthreads;  // guarded by done_mutex
    std::mutex done_mutex;
    std::condition_variable done;
    std::vector<std::jthread> pool;  // declared last: joined before what its threads use goes
    pool.reserve(nthreads);
    for (std::size_t t = 0; t < nthreads; ++t) {
      pool.emplace_back([&]() {
        worker();
        const std::lock_guard<std::mutex> lock(done_mutex);
        if (--running == 0) done.notify_one();
      });
    }
    // The calling thread only watches for interrupts; it never runs user callbacks from
    // a worker, so the callback may take locks the workers do not know about (the GIL).
    // It wakes when the last worker ends (not at its next poll: up to 2 ms more per loop).
    bool interrupted = false;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(done_mutex);
        if (done.wait_for(lock, std::chrono::milliseconds(2), [&] { return running == 0; })) break;
      }
      if (interrupt && !interrupted && interrupt()) {
        interrupted = true;
        stop.store(true);
      }
    }
    pool.clear();  // joins
    if (interrupted && !first_error) throw Interrupted();
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace presslens
