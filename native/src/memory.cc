// Large buffers for the native backend: allocate returns a zero-filled ArrayBuffer of at least 2 MiB
// mapped with transparent huge pages where Linux offers them (madvise). A fresh buffer's first touch then
// faults 2 MiB pages instead of 4 KiB ones, about 16× cheaper for the activations and Grams of a kernel
// or a training step. The mapping is returned to the system when the buffer is collected; V8 is told of
// the mapping's size both ways (AdjustExternalMemory), or the small JS objects that hold gigabytes would
// not press the collector, and buffers would pile up until the system ran out of memory.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace overparam {

namespace {

#ifdef __linux__
constexpr size_t HUGE = size_t{1} << 21;

struct Mapping {
  void* base;
  size_t length;
};

void unmap(Napi::Env env, void*, Mapping* m) {
  munmap(m->base, m->length);
  Napi::MemoryManagement::AdjustExternalMemory(env, -static_cast<int64_t>(m->length));
  delete m;
}
#endif

}  // namespace

// allocate(bytes): a zero-filled ArrayBuffer of `bytes` (a multiple of 8), aligned to 2 MiB and advised
// for transparent huge pages on Linux; elsewhere a plain ArrayBuffer.
Napi::Value Allocate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "allocate: expected a byte count");
  const double d = info[0].As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) {
    throw Napi::RangeError::New(env, "allocate: bytes must be a non-negative integer");
  }
  const size_t bytes = static_cast<size_t>(d);
#ifdef __linux__
  if (bytes >= HUGE) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t length = (bytes + page - 1) / page * page;
    // Map 2 MiB more than needed, keep the aligned part, give back the rest.
    void* raw = mmap(nullptr, length + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw Napi::RangeError::New(env, "allocate: out of memory for " + std::to_string(bytes) + " bytes");
    const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + HUGE - 1) & ~static_cast<uintptr_t>(HUGE - 1);
    if (aligned > start) munmap(raw, aligned - start);
    const uintptr_t end = start + length + HUGE;
    if (end > aligned + length) munmap(reinterpret_cast<void*>(aligned + length), end - (aligned + length));
    void* base = reinterpret_cast<void*>(aligned);
    madvise(base, length, MADV_HUGEPAGE);  // advice only: ignored where THP is off
    auto* m = new Mapping{base, length};
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, base, bytes, unmap, m);
    Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(length));
    return buffer;
  }
#endif
  return Napi::ArrayBuffer::New(env, bytes);
}

}  // namespace overparam
