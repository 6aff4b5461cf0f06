// tests/fuzz/fuzz_large.cpp: every analysis stays linear in time and memory on large inputs
// (issue 13). The small fuzz input is a recipe; the documents it describes are built at
// several sizes up to 1 MiB, every analysis of the core runs on each size, and the target
// aborts when an analysis costs clearly more per byte on the larger input than on the
// smaller one.
//
// Input: two option bytes, then up to 8 fragments separated by 0xFF bytes, and after the
// last 0xFF a layout: one byte per item, fragment (bits 0-2, modulo the fragment count) and
// weight (bits 3-7, plus 1). Without a 0xFF the rest is one fragment, laid out once.
//   byte 0: bits 0-1 the largest size N = 128 KiB << v (up to 1 MiB); bits 2-3 how the
//           text grows: 0 and 3 the whole cycle is repeated (many short runs), 1 each item
//           is repeated in place (few long runs: 20,000 “ then 20,000 `" word `), 2 both
//           (sqrt each); bit 4 one document per ~512 bytes of cycles instead of one;
//           bit 5 boilerplate detection on (off otherwise: a repeated line is boilerplate,
//           and analyses skip boilerplate); bits 6-7 the paragraph mode (modulo 3).
//   byte 1: bits 0-2 min_unattributed_words of quotes (0: the default 10); bits 3-4
//           every k-th document from outlet "wire" (k = 1 + v, the others "paper"; with one
//           outlet repeated lines across documents are boilerplate); bits 5-7 the co-mention
//           window (1 + v tokens).
// The cycle of multiplier k is every layout item's fragment repeated weight x k times, in
// order; the text is the cycle repeated R times, with k x R = the growth wanted for a size.
// Sizes: N, N/4, N/16 ... down to 4 KiB (a size is dropped when it is less than 3x smaller
// than the next one kept), built with the same recipe, so the structure is the
// same and only the repetitions differ.
//
// Analyses (all on 1 thread, so the timings are the work of one core): corpus
// (Corpus::from_records: decoding, segmentation, boilerplate), tables (token, sentence,
// paragraph tables and doc_stats), entities (extract_entities with the shipped gazetteers),
// comentions/{sentence,paragraph,document,window} (count_comentions + associations), quotes
// (extract_quotes), terms/default (term_matrix of the corpus, presslens tokens, 1-2 grams,
// tf-idf), terms/sklearn (scikit-learn tokens, 1-2 grams, English stop words, tf-idf,
// keyness of even against odd documents), kwic ("said"), sentiment/sentences
// (document_sentiment: every sentence and the whole text), sentiment/explain (explain() of
// the first document).
//
// Measures: CPU time of the process (CLOCK_PROCESS_CPUTIME_ID: other jobs on the machine
// slow the wall clock, much less the CPU time), and the peak of live heap bytes during the
// call above what was live at its start (ASan's malloc/free hooks; exact, not RSS).
// Bounds, for each analysis and each pair of consecutive sizes S < L (L about 4 S):
//   time:   fails when the time per byte grew more than kMaxGrowth = 2.5x from S to L (10x
//           the time for 4x the bytes; linear gives about 1x, n log n a little more,
//           quadratic 4x) AND the run at L took more than kTimeFloor = 0.2 s of CPU; or when
//           a run above kTimeFloor took more than kMaxSecondsPerMiB = 5 s per MiB (today the
//           slowest analysis takes about 0.3 s per MiB under ASan). A suspect result (time
//           per byte grown more than kRecheckGrowth = 1.5x, or too slow) is measured again:
//           the smaller size, then, if it still fails, the larger one; it fails on the
//           minimum of two runs at each size.
//   memory: fails when the heap peak per byte grew more than kMaxGrowth (vector doubling
//           alone gives at most 2x) AND the peak at L is above kHeapFloor = 64 MiB, or when a
//           peak above kHeapFloor is more than kMaxHeapPerByte = 400 bytes per input byte
//           (today at most about 45, explain()'s token strings).
// Escalation keeps a superlinear analysis from running into libFuzzer's -timeout (20 s in
// scripts/fuzz.sh) or -rss_limit_mb (2560): sizes run from small to large, and an analysis
// that took more than kMaxSecondsToGrow = 0.5 s or a heap peak above kHeapFloor is not run
// at the next size (nor what depends on it), so a quadratic one fails at the first size
// where it takes more than 0.2 s, and takes at most about 16 x 0.5 s there. An input stops
// growing when the next size (about 4.5x the wall time of this one) would end after
// kWallBudget = 12 s, so a busy machine tests smaller sizes rather than time out. A normal
// input takes 0.5-3 s (up to about 6 s: a text of emoji only).
//
// Environment: PRESSLENS_FUZZ_LARGE_VERBOSE=1 prints every measure; PRESSLENS_FUZZ_LARGE_SKIP
// = comma-separated analyses not to run (a prefix: "comentions" skips the four; skipping
// "entities" skips comentions and quotes), to look for problems behind a known one.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/comention.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/kwic.hpp"
#include "presslens/quotes.hpp"
#include "presslens/sentiment.hpp"
#include "presslens/terms.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/allocator_interface.h>
#define PRESSLENS_FUZZ_HEAP_HOOKS 1
#endif
#endif

namespace {

constexpr std::size_t kMaxBytes = std::size_t{1} << 20;
constexpr std::size_t kMinLevelBytes = 4096;
constexpr std::size_t kMinDocBytes = 512;
constexpr double kMaxGrowth = 2.5;
constexpr double kRecheckGrowth = 1.5;
constexpr double kTimeFloor = 0.2;
constexpr double kMaxSecondsPerMiB = 5.0;
constexpr double kMaxSecondsToGrow = 0.5;
constexpr std::int64_t kHeapFloor = std::int64_t{64} << 20;
constexpr double kMaxHeapPerByte = 400.0;
constexpr double kWallBudget = 12.0;

// ---- heap peak (live bytes, from ASan's allocation hooks) ---------------------------------

std::atomic<std::int64_t> g_live{0};
std::atomic<std::int64_t> g_peak{0};
bool g_heap_hooks = false;

#ifdef PRESSLENS_FUZZ_HEAP_HOOKS
void on_malloc(const volatile void* /*ptr*/, std::size_t size) {
  const std::int64_t now =
      g_live.fetch_add(static_cast<std::int64_t>(size), std::memory_order_relaxed) +
      static_cast<std::int64_t>(size);
  std::int64_t peak = g_peak.load(std::memory_order_relaxed);
  while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}
void on_free(const volatile void* ptr) {
  // Called before the chunk is released: its size is still known.
  g_live.fetch_sub(
      static_cast<std::int64_t>(__sanitizer_get_allocated_size(const_cast<const void*>(ptr))),
      std::memory_order_relaxed);
}
#endif

void install_heap_hooks() {
#ifdef PRESSLENS_FUZZ_HEAP_HOOKS
  g_heap_hooks = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0;
#endif
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Sample {
  double cpu = 0;
  std::int64_t heap = 0;  // peak live bytes above those live at the start
};

template <class F>
Sample measure(F&& f) {
  const std::int64_t base = g_live.load();
  g_peak.store(base);
  const double t0 = cpu_seconds();
  f();
  Sample s;
  s.cpu = cpu_seconds() - t0;
  s.heap = g_heap_hooks ? std::max<std::int64_t>(0, g_peak.load() - base) : 0;
  return s;
}

// ---- the shared read-only inputs -------------------------------------------------------

const presslens::SentimentAnalyzer& analyzer() {
  static const auto a = [] {
    const char* env = std::getenv("PRESSLENS_VADER_DIR");
    const std::filesystem::path dir = env != nullptr ? env : PRESSLENS_VADER_DIR;
    return std::make_unique<presslens::SentimentAnalyzer>(
        presslens_fuzz::slurp(dir / "vader_lexicon.txt"),
        presslens_fuzz::slurp(dir / "emoji_utf8_lexicon.txt"));
  }();
  return *a;
}

bool verbose() {
  static const bool v = [] {
    const char* e = std::getenv("PRESSLENS_FUZZ_LARGE_VERBOSE");
    return e != nullptr && *e != '\0' && *e != '0';
  }();
  return v;
}

bool skipped(std::string_view name) {
  static const std::vector<std::string> skip = [] {
    std::vector<std::string> out;
    const char* e = std::getenv("PRESSLENS_FUZZ_LARGE_SKIP");
    std::string_view s = e != nullptr ? e : "";
    while (!s.empty()) {
      const auto p = std::min(s.find(','), s.size());
      if (p > 0) out.emplace_back(s.substr(0, p));
      s.remove_prefix(std::min(p + 1, s.size()));
    }
    return out;
  }();
  return std::any_of(skip.begin(), skip.end(),
                     [&](const std::string& k) { return name.starts_with(k); });
}

// ---- the recipe ------------------------------------------------------------------------

struct Recipe {
  std::vector<std::string> fragments;
  std::vector<std::pair<std::size_t, std::size_t>> items;  // fragment, weight
  std::size_t max_bytes = kMaxBytes;
  int growth = 0;  // 0: repeat the cycle, 1: repeat each item in place, 2: both
  bool many_docs = false;
};

std::size_t cycle_bytes(const Recipe& r, std::size_t k) {
  std::size_t n = 0;
  for (const auto& [f, w] : r.items) n += r.fragments[f].size() * w * k;
  return n;
}

// How the recipe grows to about `target` bytes (at least one cycle): the multiplier k of
// the cycle and its repetitions.
std::pair<std::size_t, std::size_t> shape(const Recipe& r, std::size_t target) {
  const std::size_t g = std::max<std::size_t>(1, target / cycle_bytes(r, 1));
  if (r.growth == 1) return {g, 1};
  if (r.growth == 2) {
    const auto k =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(static_cast<double>(g))));
    return {k, g / k};
  }
  return {1, g};
}

std::size_t total_bytes(const Recipe& r, std::size_t target) {
  const auto [k, reps] = shape(r, target);
  return cycle_bytes(r, k) * reps;
}

// The documents of the recipe at about `target` bytes.
std::vector<std::string> build(const Recipe& r, std::size_t target) {
  const auto [k, reps] = shape(r, target);
  std::string cycle;
  cycle.reserve(cycle_bytes(r, k));
  for (const auto& [f, w] : r.items)
    for (std::size_t i = 0; i < w * k; ++i) cycle += r.fragments[f];
  const std::size_t per_doc =
      r.many_docs ? std::max<std::size_t>(1, (kMinDocBytes + cycle.size() - 1) / cycle.size())
                  : reps;
  std::vector<std::string> docs;
  for (std::size_t done = 0; done < reps;) {
    const std::size_t n = std::min(per_doc, reps - done);
    std::string& d = docs.emplace_back();
    d.reserve(n * cycle.size());
    for (std::size_t i = 0; i < n; ++i) d += cycle;
    done += n;
  }
  return docs;
}

// ---- one size: the documents and what the analyses built on them ------------------------

struct Level {
  std::vector<std::string> docs;
  std::size_t bytes = 0;
  std::optional<presslens::Corpus> corpus;
  std::optional<presslens::EntityResult> ents;
};

struct Options {
  presslens::LoadOptions load;
  std::size_t wire_every = 1;
  std::uint32_t min_unattributed_words = 10;
  std::uint32_t window = 1;
};

enum Needs { kNothing = 0, kCorpus = 1, kEntities = 2 };

struct Analysis {
  std::string name;
  Needs needs;
  std::function<void(Level&, const Options&)> run;
  std::function<void(Level&)> reset;  // drops what run() keeps (before measuring it again)
};

template <class T>
void keep(const T& x) {
  asm volatile("" : : "r"(&x) : "memory");  // the result is used: not optimised away
}

std::vector<Analysis> analyses() {
  using presslens::Corpus;
  using presslens_fuzz::shipped_gazetteer;
  std::vector<Analysis> a;
  a.push_back({"corpus", kNothing,
               [](Level& l, const Options& o) {
                 l.corpus.emplace(
                     Corpus::from_records(presslens_fuzz::records(l.docs, o.wire_every), o.load));
               },
               [](Level& l) { l.corpus.reset(); }});
  a.push_back({"tables",
               kCorpus,
               [](Level& l, const Options&) {
                 keep(presslens::token_table(*l.corpus, true, 1));
                 keep(presslens::sentence_table(*l.corpus, true, 1));
                 keep(presslens::paragraph_table(*l.corpus, true, 1));
                 keep(presslens::doc_stats(*l.corpus, 1));
               },
               {}});
  a.push_back({"entities", kCorpus,
               [](Level& l, const Options&) {
                 presslens::EntityOptions eo;
                 eo.threads = 1;
                 l.ents.emplace(presslens::extract_entities(*l.corpus, shipped_gazetteer(), eo));
               },
               [](Level& l) { l.ents.reset(); }});
  for (const auto& [scope, name] :
       {std::pair{presslens::CoScope::kSentence, "comentions/sentence"},
        std::pair{presslens::CoScope::kParagraph, "comentions/paragraph"},
        std::pair{presslens::CoScope::kDocument, "comentions/document"},
        std::pair{presslens::CoScope::kWindow, "comentions/window"}}) {
    a.push_back({name,
                 kEntities,
                 [scope = scope](Level& l, const Options& o) {
                   presslens::CoMentionOptions co;
                   co.scope = scope;
                   co.window = scope == presslens::CoScope::kWindow ? o.window : 0;
                   co.threads = 1;
                   const auto res = presslens::count_comentions(*l.corpus, *l.ents, co);
                   for (const auto& t : res.tables) keep(presslens::associations(t));
                 },
                 {}});
  }
  a.push_back({"quotes",
               kEntities,
               [](Level& l, const Options& o) {
                 presslens::QuoteOptions qo;
                 qo.threads = 1;
                 qo.min_unattributed_words = o.min_unattributed_words;
                 keep(presslens::extract_quotes(*l.corpus, *l.ents, shipped_gazetteer(), qo));
               },
               {}});
  for (const auto pattern :
       {presslens::TokenPattern::kDefault, presslens::TokenPattern::kSklearn}) {
    const bool sk = pattern == presslens::TokenPattern::kSklearn;
    a.push_back({sk ? "terms/sklearn" : "terms/default",
                 kCorpus,
                 [pattern, sk](Level& l, const Options&) {
                   presslens::TermOptions to;
                   to.pattern = pattern;
                   to.ngram_max = 2;
                   to.threads = 1;
                   if (sk) {
                     const auto sw = presslens::english_stop_words();
                     to.stop_words.assign(sw.begin(), sw.end());
                   }
                   presslens::TermMatrix tm;
                   try {
                     tm = presslens::term_matrix(*l.corpus, to);
                   } catch (const std::invalid_argument&) {
                     return;  // empty vocabulary: documented
                   }
                   keep(presslens::tfidf(tm.counts.view(), presslens::TfidfOptions{}));
                   if (!sk || tm.counts.rows < 2) return;
                   std::vector<std::int32_t> groups(tm.counts.rows);
                   for (std::size_t r = 0; r < groups.size(); ++r)
                     groups[r] = static_cast<std::int32_t>(r % 2);
                   const auto g = presslens::group_rows(tm.counts.view(), groups, 2);
                   try {
                     keep(presslens::keyness(g.view(), presslens::KeynessOptions{}));
                   } catch (const std::invalid_argument&) {
                     // a group without tokens: documented
                   }
                 },
                 {}});
  }
  a.push_back({"kwic",
               kCorpus,
               [](Level& l, const Options&) {
                 presslens::KwicOptions ko;
                 ko.threads = 1;
                 keep(presslens::kwic(*l.corpus, "said", ko));
               },
               {}});
  a.push_back({"sentiment/sentences",
               kCorpus,
               [](Level& l, const Options&) {
                 keep(presslens::document_sentiment(*l.corpus, analyzer(), false, 1));
               },
               {}});
  a.push_back({"sentiment/explain",
               kCorpus,
               [](Level& l, const Options&) {
                 if (l.corpus->size() > 0) keep(analyzer().explain(l.corpus->at(0).text));
               },
               {}});
  return a;
}

const std::vector<Analysis>& all_analyses() {
  static const std::vector<Analysis> a = analyses();
  return a;
}

Sample run(const Analysis& a, Level& l, const Options& o) {
  if (a.reset) a.reset(l);
  return measure([&] { a.run(l, o); });
}

double mib(std::int64_t bytes) {
  return static_cast<double>(bytes) / (1 << 20);
}

// Cost per byte at `large` over cost per byte at `small`.
double growth(double small_cost, const Level& small, double large_cost, const Level& large) {
  return (large_cost / static_cast<double>(large.bytes)) /
         (std::max(small_cost, 1e-9) / static_cast<double>(small.bytes));
}

bool time_grew(const Sample& s, const Level& small, const Sample& t, const Level& large) {
  return t.cpu > kTimeFloor && growth(s.cpu, small, t.cpu, large) > kMaxGrowth;
}

double seconds_per_mib(const Sample& t, const Level& l) {
  return t.cpu / static_cast<double>(l.bytes) * (1 << 20);
}

bool time_too_slow(const Sample& t, const Level& l) {
  return t.cpu > kTimeFloor && seconds_per_mib(t, l) > kMaxSecondsPerMiB;
}

[[noreturn]] void fail_growth(const Analysis& a, const char* what, const Level& small,
                              const Sample& s, const Level& large, const Sample& t, double g,
                              const char* runs) {
  std::fprintf(
      stderr,
      "fuzz_large: invariant violated: %s linear in %s: %.1fx the %s per byte from %zu bytes (%zu "
      "documents) to %zu bytes (%zu documents): %.3f s -> %.3f s CPU%s, heap peak "
      "%.1f -> %.1f MiB (bound: %.1fx, above %.1f s or %.0f MiB)\n",
      a.name.c_str(), what, g, what, small.bytes, small.docs.size(), large.bytes, large.docs.size(),
      s.cpu, t.cpu, runs, mib(s.heap), mib(t.heap), kMaxGrowth, kTimeFloor, mib(kHeapFloor));
  std::abort();
}

[[noreturn]] void fail_absolute(const Analysis& a, const Level& l, const Sample& t,
                                const char* runs) {
  std::fprintf(stderr,
               "fuzz_large: invariant violated: %s fast and small enough: %.3f s CPU%s (%.1f s per "
               "MiB) and a heap "
               "peak of %.1f MiB (%.0f bytes per byte) for %zu bytes (%zu documents) (bounds: "
               "%.1f s per MiB above %.1f s, %.0f bytes per byte above %.0f MiB)\n",
               a.name.c_str(), t.cpu, runs, seconds_per_mib(t, l), mib(t.heap),
               static_cast<double>(t.heap) / static_cast<double>(l.bytes), l.bytes, l.docs.size(),
               kMaxSecondsPerMiB, kTimeFloor, kMaxHeapPerByte, mib(kHeapFloor));
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  install_heap_hooks();
  (void)presslens_fuzz::shipped_gazetteer();
  (void)analyzer();
  (void)all_analyses();
  // Everything built once is built here: a run that allocates more than it frees is run
  // again by libFuzzer's leak check (twice the time).
  (void)verbose();
  (void)skipped("");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const double wall_start = wall_seconds();
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt0 = in.byte();
  const std::uint8_t opt1 = in.byte();
  Recipe recipe;
  recipe.max_bytes = (kMaxBytes / 8) << (opt0 & 3);
  recipe.growth = ((opt0 >> 2) & 3) % 3;
  recipe.many_docs = (opt0 & 16) != 0;
  Options o;
  o.load.threads = 1;
  o.load.detect_boilerplate = (opt0 & 32) != 0;
  o.load.segment.paragraphs = static_cast<presslens::ParagraphMode>((opt0 >> 6) % 3);
  o.min_unattributed_words = (opt1 & 7) == 0 ? 10 : (opt1 & 7);
  o.wire_every = 1 + ((opt1 >> 3) & 3);
  o.window = 1 + (opt1 >> 5);

  auto parts = in.split('\xFF', 9);
  if (parts.size() == 1) {
    recipe.fragments = std::move(parts);
    recipe.items.emplace_back(0, 1);
  } else {
    const std::string layout = std::move(parts.back());
    parts.pop_back();
    recipe.fragments = std::move(parts);
    for (const char c : layout) {
      const auto b = static_cast<std::uint8_t>(c);
      if (recipe.items.size() == 64) break;
      recipe.items.emplace_back((b & 7) % recipe.fragments.size(), 1 + (b >> 3));
    }
    if (recipe.items.empty())
      for (std::size_t f = 0; f < recipe.fragments.size(); ++f) recipe.items.emplace_back(f, 1);
  }
  if (cycle_bytes(recipe, 1) == 0) return 0;

  // Sizes, largest first: N, N/4, ... (each at least 3x smaller than the one kept before).
  std::vector<std::size_t> targets;
  {
    std::size_t last = 0;
    for (std::size_t t = recipe.max_bytes; t >= kMinLevelBytes && targets.size() < 5; t /= 4) {
      const std::size_t bytes = total_bytes(recipe, t);
      if (last == 0 || bytes * 3 <= last) {
        targets.push_back(t);
        last = bytes;
      }
    }
    std::reverse(targets.begin(), targets.end());
  }
  if (targets.size() < 2) return 0;  // one fragment near the size of the input: no growth

  const auto& list = all_analyses();
  std::vector<bool> off(list.size(), false);  // not run (skipped, or too slow to grow)
  for (std::size_t i = 0; i < list.size(); ++i) off[i] = skipped(list[i].name);
  auto dependencies_off = [&](Needs needs) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if ((off[i] && list[i].name == "corpus" && needs >= kCorpus) ||
          (off[i] && list[i].name == "entities" && needs >= kEntities))
        return true;
    return false;
  };

  std::unique_ptr<Level> prev;
  std::vector<Sample> prev_samples(list.size());
  for (const std::size_t target : targets) {
    const double level_start = wall_seconds();
    auto cur = std::make_unique<Level>();
    cur->docs = build(recipe, target);
    for (const auto& d : cur->docs) cur->bytes += d.size();
    std::vector<Sample> samples(list.size());
    std::vector<bool> ran(list.size(), false);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Analysis& a = list[i];
      if (off[i] || dependencies_off(a.needs)) continue;
      Sample t = run(a, *cur, o);
      ran[i] = true;
      if (verbose())
        std::fprintf(stderr, "fuzz_large: %-21s %8zu bytes %6zu docs %8.3f s %8.1f MiB\n",
                     a.name.c_str(), cur->bytes, cur->docs.size(), t.cpu,
                     static_cast<double>(t.heap) / (1 << 20));
      // Time. A suspect result is measured again: first the smaller size (cheap) whenever the
      // cost per byte grew more than kRecheckGrowth, then, when it still fails, the larger one
      // (while the input stays well inside libFuzzer's -timeout); the minimum of two runs
      // each is what is judged.
      const bool suspect = prev && t.cpu > kTimeFloor &&
                           growth(prev_samples[i].cpu, *prev, t.cpu, *cur) > kRecheckGrowth;
      if (suspect || time_too_slow(t, *cur)) {
        const char* runs = "";
        if (prev) prev_samples[i].cpu = std::min(prev_samples[i].cpu, run(a, *prev, o).cpu);
        const bool grew = prev && time_grew(prev_samples[i], *prev, t, *cur);
        if ((grew || time_too_slow(t, *cur)) &&
            wall_seconds() - wall_start + 1.5 * t.cpu < kWallBudget + 3) {
          t.cpu = std::min(t.cpu, run(a, *cur, o).cpu);
          runs = ", min of 2 runs";
        }
        if (verbose())
          std::fprintf(stderr, "fuzz_large: %-21s measured again: %.3f s / %.3f s CPU\n",
                       a.name.c_str(), prev ? prev_samples[i].cpu : 0.0, t.cpu);
        if (prev && time_grew(prev_samples[i], *prev, t, *cur))
          fail_growth(a, "time", *prev, prev_samples[i], *cur, t,
                      growth(prev_samples[i].cpu, *prev, t.cpu, *cur), runs);
        if (time_too_slow(t, *cur)) fail_absolute(a, *cur, t, runs);
      }
      // Memory (deterministic: one run).
      if (g_heap_hooks && t.heap > kHeapFloor) {
        if (prev) {
          const double g = growth(static_cast<double>(prev_samples[i].heap), *prev,
                                  static_cast<double>(t.heap), *cur);
          if (g > kMaxGrowth) fail_growth(a, "memory", *prev, prev_samples[i], *cur, t, g, "");
        }
        if (static_cast<double>(t.heap) > kMaxHeapPerByte * static_cast<double>(cur->bytes))
          fail_absolute(a, *cur, t, "");
      }
      samples[i] = t;
    }
    for (std::size_t i = 0; i < list.size(); ++i)
      if (ran[i] && (samples[i].cpu > kMaxSecondsToGrow || samples[i].heap > kHeapFloor)) {
        off[i] = true;
        if (verbose())
          std::fprintf(stderr, "fuzz_large: %s not run on larger inputs (%.3f s, %.1f MiB)\n",
                       list[i].name.c_str(), samples[i].cpu,
                       static_cast<double>(samples[i].heap) / (1 << 20));
      }
    // Analyses that did not run here have no sample to compare the next size with.
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!ran[i]) off[i] = true;
    prev = std::move(cur);
    prev_samples = std::move(samples);
    // The next size takes about 4x this one: stop while the input is well inside
    // libFuzzer's -timeout, also on a busy machine (the wall clock, not the CPU time).
    const double now = wall_seconds();
    if (now - wall_start + 4.5 * (now - level_start) > kWallBudget) {
      if (verbose() && target != targets.back())
        std::fprintf(stderr, "fuzz_large: stopped growing after %.3f s (%.3f s for %zu bytes)\n",
                     now - wall_start, now - level_start, prev->bytes);
      break;
    }
  }
  if (verbose())
    std::fprintf(stderr, "fuzz_large: input done in %.3f s\n", wall_seconds() - wall_start);
  return 0;
}
