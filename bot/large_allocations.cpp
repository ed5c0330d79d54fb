// Replaces the global allocation functions so that large blocks (8 MB and up)
// are 2 MB-aligned and marked for transparent huge pages.
//
// Why: loading a big manifest fills a few hundred MB of fresh memory (simdjson's
// structural index, the node table). With 4 kB pages that is ~90,000 page
// faults, which on virtual machines cost more than the parsing itself; with
// huge pages it is a few hundred (docs/benchmarks.md has the numbers). Small
// allocations go to malloc unchanged. The matching `operator delete` forms are
// replaced too and call `free`, which releases both kinds (so sanitizers see
// malloc paired with free). The align_val_t forms keep their defaults.
//
// It also raises glibc's heap trim threshold (see `k_trim_threshold`).
//
// Linked into executables only (steward, the benchmarks), never into the
// libraries, so embedding code keeps its own allocator.

#include <cstddef>
#include <cstdlib>
#include <new>

// NOLINTBEGIN(cppcoreguidelines-no-malloc): this file is the allocator.

#include <malloc.h>
#include <sys/mman.h>

namespace {

// By default glibc hands freed memory at the top of a heap back to the kernel
// once 128 kB are free, and the next allocation faults it back in. SQLite
// frees and reallocates that much on every transaction, so the store spent
// half its time in page faults (docs/benchmarks.md: 2x jobs/s with this). Up
// to 16 MB of free heap now stays mapped.
constexpr int k_trim_threshold = 16 << 20;
[[maybe_unused]] const int k_trim_set = ::mallopt(M_TRIM_THRESHOLD, k_trim_threshold);

constexpr std::size_t k_huge_page = std::size_t{2} << 20;
constexpr std::size_t k_threshold = std::size_t{8} << 20;

void* allocate(std::size_t size) noexcept {
  if (size < k_threshold) {
    return std::malloc(size == 0 ? 1 : size);
  }
  std::size_t rounded = (size + k_huge_page - 1) / k_huge_page * k_huge_page;
  void* block = std::aligned_alloc(k_huge_page, rounded);
  if (block != nullptr) {
    ::madvise(block, rounded, MADV_HUGEPAGE); // a hint; harmless where THP is off
  }
  return block;
}

void* allocate_or_throw(std::size_t size) {
  void* block = allocate(size);
  if (block == nullptr) {
    throw std::bad_alloc();
  }
  return block;
}

} // namespace

void* operator new(std::size_t size) {
  return allocate_or_throw(size);
}

void* operator new[](std::size_t size) {
  return allocate_or_throw(size);
}

void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return allocate(size);
}

void* operator new[](std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return allocate(size);
}

void operator delete(void* block) noexcept {
  std::free(block);
}

void operator delete[](void* block) noexcept {
  std::free(block);
}

void operator delete(void* block, std::size_t /*size*/) noexcept {
  std::free(block);
}

void operator delete[](void* block, std::size_t /*size*/) noexcept {
  std::free(block);
}

void operator delete(void* block, const std::nothrow_t& /*tag*/) noexcept {
  std::free(block);
}

void operator delete[](void* block, const std::nothrow_t& /*tag*/) noexcept {
  std::free(block);
}

// NOLINTEND(cppcoreguidelines-no-malloc)
