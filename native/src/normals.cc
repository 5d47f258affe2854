// Normal draws for the native backend.
//
// fillNormalBlocks computes exactly the numbers of Rng.fillNormal's whole-block loop (src/linalg/random/
// rng.ts): Philox4x32-10 blocks (Salmon et al., SC'11) at counters (block, 0, 0) under key (k0, k1); each
// block's words (w0, w1) and (w2, w3) give the uniforms ((w0>>6)·2^26 + (w1>>6) + ½)/2^52, mapped through
// Wichura's AS 241 with fdlibm's log (the ports in normalQuantile.ts and log.ts), then mean + std·z.
// Every operation is an IEEE 754 +, −, ×, ÷ or √ in the same order as the TypeScript, and this file is
// compiled with -ffp-contract=off (no fused multiply-adds), so the doubles are the same bit for bit.
// Blocks are independent (counter-based), so a long fill is split over threads.

#include <napi.h>

// The chunk loops below are written to vectorize; GCC does so at -O3 (clang already at -O2). Vectorizing
// keeps each lane's operations and their order, so the doubles are unchanged.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace overparam {

namespace {

constexpr uint32_t M0 = 0xd2511f53u;
constexpr uint32_t M1 = 0xcd9e8d57u;
constexpr uint32_t W0 = 0x9e3779b9u;
constexpr uint32_t W1 = 0xbb67ae85u;

constexpr int LANES = 8;

// LANES Philox4x32-10 blocks at counters block … block+LANES−1, in lockstep so that their 32×32→64-bit
// multiplications vectorize: w[j][t] is word j of block block+t.
inline void philoxLanes(uint64_t block, uint32_t k0, uint32_t k1, uint32_t w[4][LANES]) {
  uint32_t c0[LANES], c1[LANES], c2[LANES], c3[LANES];
  for (int t = 0; t < LANES; t++) {
    c0[t] = static_cast<uint32_t>(block + t);
    c1[t] = static_cast<uint32_t>((block + t) >> 32);
    c2[t] = 0;
    c3[t] = 0;
  }
  for (int r = 0; r < 10; r++) {
    for (int t = 0; t < LANES; t++) {
      const uint64_t p0 = static_cast<uint64_t>(M0) * c0[t];
      const uint64_t p1 = static_cast<uint64_t>(M1) * c2[t];
      const uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1[t] ^ k0;
      const uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3[t] ^ k1;
      c1[t] = static_cast<uint32_t>(p1);
      c3[t] = static_cast<uint32_t>(p0);
      c0[t] = n0;
      c2[t] = n2;
    }
    k0 += W0;
    k1 += W1;
  }
  for (int t = 0; t < LANES; t++) {
    w[0][t] = c0[t];
    w[1][t] = c1[t];
    w[2][t] = c2[t];
    w[3][t] = c3[t];
  }
}

// fdlibm __ieee754_log, as in log.ts.
constexpr double LN2_HI = 6.93147180369123816490e-1;
constexpr double LN2_LO = 1.90821492927058770002e-10;
constexpr double TWO54 = 1.8014398509481984e16;
constexpr double LG1 = 6.666666666666735130e-1;
constexpr double LG2 = 3.999999999940941908e-1;
constexpr double LG3 = 2.857142874366239149e-1;
constexpr double LG4 = 2.222219843214978396e-1;
constexpr double LG5 = 1.818357216161805012e-1;
constexpr double LG6 = 1.531383769920937332e-1;
constexpr double LG7 = 1.479819860511658591e-1;

inline int32_t highWord(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return static_cast<int32_t>(b >> 32);
}
inline uint32_t lowWord(double x) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return static_cast<uint32_t>(b);
}
inline double withHighWord(double x, uint32_t hi) {
  uint64_t b;
  std::memcpy(&b, &x, 8);
  b = (b & 0xffffffffull) | (static_cast<uint64_t>(hi) << 32);
  std::memcpy(&x, &b, 8);
  return x;
}

double portableLog(double x) {
  int32_t hx = highWord(x);
  const uint32_t lx = lowWord(x);
  int32_t k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  int32_t i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, static_cast<uint32_t>(hx | (i ^ 0x3ff00000)));
  k += i >> 20;
  const double f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const double R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    return k * LN2_HI - (R - k * LN2_LO - f);
  }
  const double s = f / (2.0 + f);
  const double dk = k;
  const double z = s * s;
  i = hx - 0x6147a;
  const double w = z * z;
  const int32_t j = 0x6b851 - hx;
  const double t1 = w * (LG2 + w * (LG4 + w * LG6));
  const double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const double R = t2 + t1;
  if (i > 0) {
    const double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

// AS 241 (PPND16), as in normalQuantile.ts, split in two: the central rational function for
// |p − ½| ≤ 0.425 (85% of draws) and the tails. fillRange evaluates the central function on every draw of
// a chunk in one branch-free loop (which compilers vectorize: lane by lane the operations and their order
// are those of the scalar code, so the doubles are unchanged) and the tails only where they apply.
inline double centralQuantile(double q) {
  const double r = 0.180625 - q * q;
  return (q * (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
                   4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r +
                1.3314166789178437745e2) * r + 3.3871328727963666080e0)) /
         (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r +
              2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r +
           4.2313330701600911252e1) * r + 1.0);
}

double tailQuantile(double p) {
  const double q = p - 0.5;
  double r = q < 0 ? p : 1 - p;
  r = std::sqrt(-portableLog(r));
  double val;
  if (r <= 5) {
    r -= 1.6;
    val = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
               1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r +
            4.63033784615654529590e0) * r + 1.42343711074968357734e0) /
          (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
               1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r +
            2.05319162663775882187e0) * r + 1.0);
  } else {
    r -= 5;
    val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
               2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r +
            5.46378491116411436990e0) * r + 6.65790464350110377720e0) /
          (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
               7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
            5.99832206555887937690e-1) * r + 1.0);
  }
  return q < 0 ? -val : val;
}

constexpr double TWO26 = 67108864.0;
constexpr double TWO52 = 4503599627370496.0;

inline double uniform(uint32_t a, uint32_t b) {
  return (static_cast<double>(a >> 6) * TWO26 + static_cast<double>(b >> 6) + 0.5) / TWO52;
}

constexpr size_t CHUNK = 256;  // blocks per chunk: 512 draws

void fillRange(uint32_t k0, uint32_t k1, uint64_t block, double* out, size_t pairs, double mean, double std) {
  double u[2 * CHUNK];
  uint32_t tail[2 * CHUNK + 1];
  uint32_t w[4][LANES];
  for (size_t done = 0; done < pairs; done += CHUNK) {
    const size_t m = std::min(CHUNK, pairs - done);
    // Whole lanes; a last partial lane computes blocks past the range and keeps only those inside it.
    for (size_t p = 0; p < m; p += LANES) {
      philoxLanes(block + done + p, k0, k1, w);
      const size_t lanes = std::min<size_t>(LANES, m - p);
      for (size_t t = 0; t < lanes; t++) {
        u[2 * (p + t)] = uniform(w[0][t], w[1][t]);
        u[2 * (p + t) + 1] = uniform(w[2][t], w[3][t]);
      }
    }
    const size_t n = 2 * m;
    double* o = out + 2 * done;
    for (size_t k = 0; k < n; k++) o[k] = mean + std * centralQuantile(u[k] - 0.5);
    // The tails' positions, gathered without branches (they fall at random: a branch would mispredict).
    size_t tails = 0;
    for (size_t k = 0; k < n; k++) {
      tail[tails] = static_cast<uint32_t>(k);
      tails += !(std::fabs(u[k] - 0.5) <= 0.425);
    }
    for (size_t j = 0; j < tails; j++) o[tail[j]] = mean + std * tailQuantile(u[tail[j]]);
  }
}

uint32_t word(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string("fillNormalBlocks: ") + name + " must be a number");
  const double d = info[i].As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 4294967295.0 && std::floor(d) == d)) {
    throw Napi::RangeError::New(info.Env(), std::string("fillNormalBlocks: ") + name + " must be a uint32");
  }
  return static_cast<uint32_t>(d);
}

}  // namespace

// fillNormalBlocks(k0, k1, block, out, mean, std): out.length/2 blocks from `block` on (out.length even).
Napi::Value FillNormalBlocks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 6) throw Napi::TypeError::New(env, "fillNormalBlocks: expected 6 arguments");
  const uint32_t k0 = word(info, 0, "k0");
  const uint32_t k1 = word(info, 1, "k1");
  if (!info[2].IsNumber()) throw Napi::TypeError::New(env, "fillNormalBlocks: block must be a number");
  const double b = info[2].As<Napi::Number>().DoubleValue();
  if (!(b >= 0 && b <= 9007199254740991.0 && std::floor(b) == b)) {
    throw Napi::RangeError::New(env, "fillNormalBlocks: block must be an integer in [0, 2^53)");
  }
  Napi::Value v = info[3];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(env, "fillNormalBlocks: out must be a Float64Array");
  }
  Napi::Float64Array arr = v.As<Napi::Float64Array>();
  if (arr.ElementLength() % 2 != 0) throw Napi::RangeError::New(env, "fillNormalBlocks: out must have an even length");
  if (!info[4].IsNumber() || !info[5].IsNumber()) throw Napi::TypeError::New(env, "fillNormalBlocks: mean and std must be numbers");
  const double mean = info[4].As<Napi::Number>().DoubleValue();
  const double std = info[5].As<Napi::Number>().DoubleValue();
  double* out = arr.Data();
  const size_t pairs = arr.ElementLength() / 2;
  const uint64_t block = static_cast<uint64_t>(b);
  // Threads pay off from about 2^17 draws; beyond the cores there is nothing to gain.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t threads = std::min<size_t>(std::min<size_t>(cores, 8), std::max<size_t>(1, pairs >> 16));
  if (threads <= 1) {
    fillRange(k0, k1, block, out, pairs, mean, std);
    return env.Undefined();
  }
  std::vector<std::thread> pool;
  const size_t per = (pairs + threads - 1) / threads;
  for (size_t t = 1; t < threads; t++) {
    const size_t lo = std::min(pairs, t * per);
    const size_t hi = std::min(pairs, lo + per);
    pool.emplace_back(fillRange, k0, k1, block + lo, out + 2 * lo, hi - lo, mean, std);
  }
  fillRange(k0, k1, block, out, std::min(pairs, per), mean, std);
  for (auto& th : pool) th.join();
  return env.Undefined();
}

}  // namespace overparam
