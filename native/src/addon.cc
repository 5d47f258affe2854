// overparam_native: the dense kernels of src/linalg/backend.ts (LinalgBackend) over CBLAS and LAPACKE.
//
// Every function takes exactly the arguments of the LinalgBackend method of the same name. Matrices are
// float64, row-major, with a leading dimension (row stride); Float64Array arguments are used in place
// (their byteOffset respected), never copied, except where LAPACK needs a column-major work copy (QR,
// and the eigenvector block of dsyevr).
//
// LAPACK is called in column-major layout throughout, with the transposes done here: a row-major
// symmetric matrix is its own column-major transpose, so its row-major lower triangle is LAPACK's
// column-major upper one ('U'), and no copy is needed. This keeps the Accelerate shim (macOS, no
// LAPACKE) a plain forward to the Fortran routines.
//
// Misuse (argument count, types, negative or fractional dimensions, arrays too short for the shapes)
// throws TypeError/RangeError; a LAPACK illegal-argument info throws Error. Nothing here may crash.
#include <napi.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#if defined(__APPLE__) || defined(OVERPARAM_ACCELERATE)
#define OVERPARAM_USE_ACCELERATE 1
#include "lapacke_shim.h"  // Accelerate's CBLAS, plus the LAPACKE subset used here
#else
#include <complex>  // lapacke.h then uses std::complex for its complex types
#include <cblas.h>
#include <lapacke.h>
// OpenBLAS extensions, declared weak so that linking against another CBLAS still works (they are then
// null at run time and info() reports a generic library).
extern "C" {
char* openblas_get_config(void) __attribute__((weak));
char* openblas_get_corename(void) __attribute__((weak));
int openblas_get_parallel(void) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
void openblas_set_num_threads(int num_threads) __attribute__((weak));
}
#endif

namespace overparam {
Napi::Value FillNormalBlocks(const Napi::CallbackInfo& info);  // normals.cc
}  // namespace overparam

namespace {

struct Vec {
  double* p;
  size_t len;
};

std::string str(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void expectArgs(const Napi::CallbackInfo& info, size_t n, const char* fn) {
  if (info.Length() != n) {
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": expected " + std::to_string(n) +
                                               " arguments, got " + std::to_string(info.Length()));
  }
}

double number(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  if (!info[i].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": " + name + " must be a number");
  }
  return info[i].As<Napi::Number>().DoubleValue();
}

// An integer in [lo, INT_MAX] (LAPACK's 32-bit integers).
int integer(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name, int lo = 0) {
  double d = number(info, i, fn, name);
  if (!(d >= lo && d <= static_cast<double>(INT_MAX) && std::floor(d) == d)) {
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": " + name + " must be an integer in [" +
                                                std::to_string(lo) + ", 2^31-1], got " + str(d));
  }
  return static_cast<int>(d);
}

bool flag(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  if (!info[i].IsBoolean()) {
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": " + name + " must be a boolean");
  }
  return info[i].As<Napi::Boolean>().Value();
}

Vec f64(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": " + name + " must be a Float64Array");
  }
  // napi_get_typedarray_info's data pointer already includes the view's byteOffset.
  Napi::Float64Array arr = v.As<Napi::Float64Array>();
  return Vec{arr.Data(), arr.ElementLength()};
}

// Checks that `v` holds a rows×cols matrix with row stride ld; returns the stride to hand to BLAS
// (at least 1, as BLAS requires even for empty matrices). The stride of an empty matrix is not checked:
// empty operands never reach BLAS (every kernel returns early or handles them itself).
int matrix(const Napi::CallbackInfo& info, const char* fn, const char* name, const Vec& v, int rows,
           int cols, int ld, const char* ldName) {
  if (rows > 0 && cols > 0 && ld < cols) {
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": " + ldName + " = " + std::to_string(ld) +
                                                " is less than the " + std::to_string(cols) + " columns of " +
                                                name);
  }
  uint64_t need = (rows == 0 || cols == 0)
                      ? 0
                      : static_cast<uint64_t>(rows - 1) * static_cast<uint64_t>(ld) + static_cast<uint64_t>(cols);
  if (v.len < need) {
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": " + name + " has " + std::to_string(v.len) +
                                                " elements; a " + std::to_string(rows) + "x" + std::to_string(cols) +
                                                " matrix with row stride " + std::to_string(ld) + " needs " +
                                                std::to_string(need));
  }
  return std::max(ld, 1);
}

void vector(const Napi::CallbackInfo& info, const char* fn, const char* name, const Vec& v, uint64_t need) {
  if (v.len < need) {
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": " + name + " has " + std::to_string(v.len) +
                                                " elements, needs " + std::to_string(need));
  }
}

void lapackCheck(Napi::Env env, const char* routine, lapack_int rc) {
  if (rc < 0) {
    throw Napi::Error::New(env, std::string(routine) + ": illegal value in argument " + std::to_string(-rc) +
                                    " (info " + std::to_string(rc) + ")");
  }
}

// Workspace size from a LAPACK query (returned as a double in work[0]).
lapack_int workSize(Napi::Env env, const char* routine, double q) {
  if (!(q <= static_cast<double>(INT_MAX))) {
    throw Napi::RangeError::New(env, std::string(routine) + ": workspace too large");
  }
  return std::max<lapack_int>(1, static_cast<lapack_int>(std::ceil(q)));
}

// C ← β·C on rows×cols with row stride ld; β = 0 writes zeros without reading C.
void scaleRows(double* c, int rows, int cols, size_t ld, double beta) {
  if (beta == 1.0) return;
  for (int i = 0; i < rows; i++) {
    double* row = c + static_cast<size_t>(i) * ld;
    if (beta == 0.0) {
      std::fill(row, row + cols, 0.0);
    } else {
      for (int j = 0; j < cols; j++) row[j] *= beta;
    }
  }
}

void transposeSquare(double* a, int n) {
  const size_t N = static_cast<size_t>(n);
  for (size_t i = 0; i < N; i++) {
    for (size_t j = i + 1; j < N; j++) std::swap(a[i * N + j], a[j * N + i]);
  }
}

// dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
Napi::Value Dgemm(const Napi::CallbackInfo& info) {
  const char* fn = "dgemm";
  expectArgs(info, 13, fn);
  bool transA = flag(info, 0, fn, "transA");
  bool transB = flag(info, 1, fn, "transB");
  int m = integer(info, 2, fn, "m");
  int n = integer(info, 3, fn, "n");
  int k = integer(info, 4, fn, "k");
  double alpha = number(info, 5, fn, "alpha");
  Vec a = f64(info, 6, fn, "a");
  int lda = integer(info, 7, fn, "lda");
  Vec b = f64(info, 8, fn, "b");
  int ldb = integer(info, 9, fn, "ldb");
  double beta = number(info, 10, fn, "beta");
  Vec c = f64(info, 11, fn, "c");
  int ldc = integer(info, 12, fn, "ldc");

  lda = transA ? matrix(info, fn, "a", a, k, m, lda, "lda") : matrix(info, fn, "a", a, m, k, lda, "lda");
  ldb = transB ? matrix(info, fn, "b", b, n, k, ldb, "ldb") : matrix(info, fn, "b", b, k, n, ldb, "ldb");
  ldc = matrix(info, fn, "c", c, m, n, ldc, "ldc");
  if (m == 0 || n == 0) return info.Env().Undefined();
  if (k == 0) {  // α·op(A)·op(B) is the zero matrix: C ← β·C
    scaleRows(c.p, m, n, static_cast<size_t>(ldc), beta);
    return info.Env().Undefined();
  }
  cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
              alpha, a.p, lda, b.p, ldb, beta, c.p, ldc);
  return info.Env().Undefined();
}

// dgemv(trans, m, n, alpha, a, lda, x, beta, y)
Napi::Value Dgemv(const Napi::CallbackInfo& info) {
  const char* fn = "dgemv";
  expectArgs(info, 9, fn);
  bool trans = flag(info, 0, fn, "trans");
  int m = integer(info, 1, fn, "m");
  int n = integer(info, 2, fn, "n");
  double alpha = number(info, 3, fn, "alpha");
  Vec a = f64(info, 4, fn, "a");
  int lda = integer(info, 5, fn, "lda");
  Vec x = f64(info, 6, fn, "x");
  double beta = number(info, 7, fn, "beta");
  Vec y = f64(info, 8, fn, "y");

  lda = matrix(info, fn, "a", a, m, n, lda, "lda");
  int xlen = trans ? m : n;
  int ylen = trans ? n : m;
  vector(info, fn, "x", x, static_cast<uint64_t>(xlen));
  vector(info, fn, "y", y, static_cast<uint64_t>(ylen));
  if (ylen == 0) return info.Env().Undefined();
  // β = 0 must not read y (NaN there must not leak); some OpenBLAS versions scale by β with NaN
  // propagation, so clear y first. Also covers the empty inner dimension, where BLAS returns early.
  if (beta == 0.0) std::fill(y.p, y.p + ylen, 0.0);
  if (xlen == 0) {
    scaleRows(y.p, 1, ylen, 0, beta);
    return info.Env().Undefined();
  }
  cblas_dgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, a.p, lda, x.p, 1, beta, y.p, 1);
  return info.Env().Undefined();
}

// dsyrk(trans, n, k, alpha, a, lda, beta, c): both triangles of C (n×n, row stride n) written.
Napi::Value Dsyrk(const Napi::CallbackInfo& info) {
  const char* fn = "dsyrk";
  expectArgs(info, 8, fn);
  bool trans = flag(info, 0, fn, "trans");
  int n = integer(info, 1, fn, "n");
  int k = integer(info, 2, fn, "k");
  double alpha = number(info, 3, fn, "alpha");
  Vec a = f64(info, 4, fn, "a");
  int lda = integer(info, 5, fn, "lda");
  double beta = number(info, 6, fn, "beta");
  Vec c = f64(info, 7, fn, "c");

  lda = trans ? matrix(info, fn, "a", a, k, n, lda, "lda") : matrix(info, fn, "a", a, n, k, lda, "lda");
  matrix(info, fn, "c", c, n, n, n, "n");
  if (n == 0) return info.Env().Undefined();
  const size_t N = static_cast<size_t>(n);
  if (beta == 0.0) std::fill(c.p, c.p + N * N, 0.0);  // C is not read when β = 0
  if (k == 0) {
    scaleRows(c.p, n, n, N, beta);
  } else {
    cblas_dsyrk(CblasRowMajor, CblasLower, trans ? CblasTrans : CblasNoTrans, n, k, alpha, a.p, lda, beta, c.p,
                n);
  }
  for (size_t i = 0; i < N; i++) {  // mirror the lower triangle into the upper one
    for (size_t j = i + 1; j < N; j++) c.p[i * N + j] = c.p[j * N + i];
  }
  return info.Env().Undefined();
}

// dsyev(n, a, w, vectors): divide and conquer (dsyevd), as numpy.linalg.eigh.
Napi::Value Dsyev(const Napi::CallbackInfo& info) {
  const char* fn = "dsyev";
  expectArgs(info, 4, fn);
  int n = integer(info, 0, fn, "n");
  Vec a = f64(info, 1, fn, "a");
  Vec w = f64(info, 2, fn, "w");
  bool vectors = flag(info, 3, fn, "vectors");
  matrix(info, fn, "a", a, n, n, n, "n");
  vector(info, fn, "w", w, static_cast<uint64_t>(n));
  if (n == 0) return info.Env().Undefined();

  Napi::Env env = info.Env();
  const char jobz = vectors ? 'V' : 'N';
  // Row-major lower triangle == column-major upper triangle.
  double wq = 0;
  lapack_int iwq = 0;
  lapackCheck(env, "dsyevd", LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, jobz, 'U', n, a.p, n, w.p, &wq, -1, &iwq, -1));
  std::vector<double> work(static_cast<size_t>(workSize(env, "dsyevd", wq)));
  std::vector<lapack_int> iwork(static_cast<size_t>(std::max<lapack_int>(1, iwq)));
  lapack_int rc = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, jobz, 'U', n, a.p, n, w.p, work.data(),
                                      static_cast<lapack_int>(work.size()), iwork.data(),
                                      static_cast<lapack_int>(iwork.size()));
  lapackCheck(env, "dsyevd", rc);
  if (rc > 0) {
    throw Napi::Error::New(env, "dsyevd: the eigenvalue algorithm failed to converge (info " + std::to_string(rc) + ")");
  }
  // Column-major eigenvectors-as-columns → row-major eigenvectors-as-columns.
  if (vectors) transposeSquare(a.p, n);
  return env.Undefined();
}

// dsyevr(n, a, il, iu, w, z): eigenvalues il..iu (0-based, inclusive), eigenvectors into z if given.
Napi::Value Dsyevr(const Napi::CallbackInfo& info) {
  const char* fn = "dsyevr";
  expectArgs(info, 6, fn);
  int n = integer(info, 0, fn, "n");
  Vec a = f64(info, 1, fn, "a");
  int il = integer(info, 2, fn, "il");
  int iu = integer(info, 3, fn, "iu", -1);
  Vec w = f64(info, 4, fn, "w");
  bool wantZ = !(info[5].IsNull() || info[5].IsUndefined());
  Vec z = wantZ ? f64(info, 5, fn, "z") : Vec{nullptr, 0};
  Napi::Env env = info.Env();

  matrix(info, fn, "a", a, n, n, n, "n");
  const bool empty = iu == il - 1 && il <= n;
  if (!empty && !(il <= iu && iu < n)) {
    throw Napi::RangeError::New(env, std::string(fn) + ": need 0 <= il <= iu < n, got il = " + std::to_string(il) +
                                         ", iu = " + std::to_string(iu) + ", n = " + std::to_string(n));
  }
  const int count = iu - il + 1;
  vector(info, fn, "w", w, static_cast<uint64_t>(count));
  if (wantZ) matrix(info, fn, "z", z, n, count, count, "iu-il+1");
  if (count == 0) return env.Undefined();

  const char jobz = wantZ ? 'V' : 'N';
  const double abstol = std::numeric_limits<double>::min();  // dlamch('S'): full relative accuracy
  const size_t N = static_cast<size_t>(n), M = static_cast<size_t>(count);
  std::vector<double> wAll(N);  // LAPACK writes into W as if it had n entries
  std::vector<double> zcm(wantZ ? N * M : 1);
  const lapack_int ldz = wantZ ? n : 1;
  std::vector<lapack_int> isuppz(2 * M);
  lapack_int found = 0;
  double wq = 0;
  lapack_int iwq = 0;
  lapackCheck(env, "dsyevr",
              LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, jobz, 'I', 'U', n, a.p, n, 0.0, 0.0, il + 1, iu + 1, abstol, &found,
                                  wAll.data(), zcm.data(), ldz, isuppz.data(), &wq, -1, &iwq, -1));
  std::vector<double> work(static_cast<size_t>(workSize(env, "dsyevr", wq)));
  std::vector<lapack_int> iwork(static_cast<size_t>(std::max<lapack_int>(1, iwq)));
  lapack_int rc = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, jobz, 'I', 'U', n, a.p, n, 0.0, 0.0, il + 1, iu + 1, abstol,
                                      &found, wAll.data(), zcm.data(), ldz, isuppz.data(), work.data(),
                                      static_cast<lapack_int>(work.size()), iwork.data(),
                                      static_cast<lapack_int>(iwork.size()));
  lapackCheck(env, "dsyevr", rc);
  if (rc > 0) {
    throw Napi::Error::New(env, "dsyevr: internal error in the eigenvalue algorithm (info " + std::to_string(rc) + ")");
  }
  if (found != count) {
    throw Napi::Error::New(env, "dsyevr: returned " + std::to_string(found) + " eigenvalues, expected " +
                                    std::to_string(count));
  }
  std::copy(wAll.begin(), wAll.begin() + count, w.p);
  if (wantZ) {  // column-major n×count (ldz = n) → row-major n×count
    for (size_t i = 0; i < N; i++) {
      double* row = z.p + i * M;
      for (size_t j = 0; j < M; j++) row[j] = zcm[i + j * N];
    }
  }
  return env.Undefined();
}

// dpotrf(n, a) → 0 or the 1-based index of the first non-positive pivot.
Napi::Value Dpotrf(const Napi::CallbackInfo& info) {
  const char* fn = "dpotrf";
  expectArgs(info, 2, fn);
  int n = integer(info, 0, fn, "n");
  Vec a = f64(info, 1, fn, "a");
  matrix(info, fn, "a", a, n, n, n, "n");
  Napi::Env env = info.Env();
  if (n == 0) return Napi::Number::New(env, 0);
  // Column-major upper factor U (A = UᵀU) is the row-major lower factor L = Uᵀ.
  lapack_int rc = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, a.p, n);
  lapackCheck(env, "dpotrf", rc);
  const size_t N = static_cast<size_t>(n);
  for (size_t i = 0; i < N; i++) std::fill(a.p + i * N + i + 1, a.p + (i + 1) * N, 0.0);
  return Napi::Number::New(env, static_cast<double>(rc));
}

// dpotrs(n, nrhs, l, b): L·Lᵀ·X = B in place. Done as dpotrs does it, two triangular solves, but with
// row-major CBLAS so that neither L nor B needs a transposed copy.
Napi::Value Dpotrs(const Napi::CallbackInfo& info) {
  const char* fn = "dpotrs";
  expectArgs(info, 4, fn);
  int n = integer(info, 0, fn, "n");
  int nrhs = integer(info, 1, fn, "nrhs");
  Vec l = f64(info, 2, fn, "l");
  Vec b = f64(info, 3, fn, "b");
  matrix(info, fn, "l", l, n, n, n, "n");
  matrix(info, fn, "b", b, n, nrhs, nrhs, "nrhs");
  if (n == 0 || nrhs == 0) return info.Env().Undefined();
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, nrhs, 1.0, l.p, n, b.p, nrhs);
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, nrhs, 1.0, l.p, n, b.p, nrhs);
  return info.Env().Undefined();
}

// dgeqr(m, n, a, q, r): thin QR, Q m×p and R p×n, p = min(m, n).
Napi::Value Dgeqr(const Napi::CallbackInfo& info) {
  const char* fn = "dgeqr";
  expectArgs(info, 5, fn);
  int m = integer(info, 0, fn, "m");
  int n = integer(info, 1, fn, "n");
  Vec a = f64(info, 2, fn, "a");
  Vec q = f64(info, 3, fn, "q");
  Vec r = f64(info, 4, fn, "r");
  const int p = std::min(m, n);
  matrix(info, fn, "a", a, m, n, n, "n");
  matrix(info, fn, "q", q, m, p, p, "min(m, n)");
  matrix(info, fn, "r", r, p, n, n, "n");
  Napi::Env env = info.Env();
  if (p == 0) return env.Undefined();

  const size_t M = static_cast<size_t>(m), N = static_cast<size_t>(n), P = static_cast<size_t>(p);
  std::vector<double> t(M * N);  // column-major copy of A, lda = m
  for (size_t i = 0; i < M; i++) {
    const double* row = a.p + i * N;
    for (size_t j = 0; j < N; j++) t[i + j * M] = row[j];
  }
  std::vector<double> tau(P);
  double wq = 0;
  lapackCheck(env, "dgeqrf", LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, t.data(), m, tau.data(), &wq, -1));
  double wq2 = 0;
  lapackCheck(env, "dorgqr", LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, m, p, p, t.data(), m, tau.data(), &wq2, -1));
  std::vector<double> work(static_cast<size_t>(std::max(workSize(env, "dgeqrf", wq), workSize(env, "dorgqr", wq2))));
  const lapack_int lwork = static_cast<lapack_int>(work.size());
  lapackCheck(env, "dgeqrf", LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, t.data(), m, tau.data(), work.data(), lwork));
  for (size_t i = 0; i < P; i++) {  // R: upper trapezoid of the factored copy
    double* row = r.p + i * N;
    std::fill(row, row + i, 0.0);
    for (size_t j = i; j < N; j++) row[j] = t[i + j * M];
  }
  lapackCheck(env, "dorgqr",
              LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, m, p, p, t.data(), m, tau.data(), work.data(), lwork));
  for (size_t i = 0; i < M; i++) {  // Q: first p columns
    double* row = q.p + i * P;
    for (size_t j = 0; j < P; j++) row[j] = t[i + j * M];
  }
  return env.Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  expectArgs(info, 0, "info");
  Napi::Env env = info.Env();
  std::string library;
  int threads = 1;
#ifdef OVERPARAM_USE_ACCELERATE
  library = "Accelerate";
  // Accelerate schedules its own threads; report the cores it may use.
  threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
#else
  if (openblas_get_config != nullptr) {
    std::string cfg = openblas_get_config();
    // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64" → "OpenBLAS 0.3.21"
    library = "OpenBLAS";
    if (cfg.rfind("OpenBLAS ", 0) == 0) {
      size_t end = cfg.find(' ', 9);
      library = cfg.substr(0, end);
    }
    std::string detail;
    if (openblas_get_parallel != nullptr) {
      int par = openblas_get_parallel();
      detail = par == 0 ? "sequential" : par == 1 ? "pthread" : par == 2 ? "OpenMP" : "parallel";
    }
    if (openblas_get_corename != nullptr) {
      const char* core = openblas_get_corename();
      if (core != nullptr && *core != '\0') detail += (detail.empty() ? "" : ", ") + std::string(core);
    }
    if (!detail.empty()) library += " (" + detail + ")";
  } else {
    library = "CBLAS/LAPACKE";
  }
  if (openblas_get_num_threads != nullptr) threads = openblas_get_num_threads();
#endif
  Napi::Object out = Napi::Object::New(env);
  out.Set("library", Napi::String::New(env, library));
  out.Set("threads", Napi::Number::New(env, threads));
  return out;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  expectArgs(info, 1, "setThreads");
  int n = integer(info, 0, "setThreads", "n", 1);
#ifdef OVERPARAM_USE_ACCELERATE
  (void)n;  // Accelerate has no portable thread-count control
#else
  if (openblas_set_num_threads != nullptr) openblas_set_num_threads(n);
#endif
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("dgemm", Napi::Function::New(env, Dgemm, "dgemm"));
  exports.Set("dgemv", Napi::Function::New(env, Dgemv, "dgemv"));
  exports.Set("dsyrk", Napi::Function::New(env, Dsyrk, "dsyrk"));
  exports.Set("dsyev", Napi::Function::New(env, Dsyev, "dsyev"));
  exports.Set("dsyevr", Napi::Function::New(env, Dsyevr, "dsyevr"));
  exports.Set("dpotrf", Napi::Function::New(env, Dpotrf, "dpotrf"));
  exports.Set("dpotrs", Napi::Function::New(env, Dpotrs, "dpotrs"));
  exports.Set("dgeqr", Napi::Function::New(env, Dgeqr, "dgeqr"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("fillNormalBlocks", Napi::Function::New(env, overparam::FillNormalBlocks, "fillNormalBlocks"));
  return exports;
}

}  // namespace

NODE_API_MODULE(overparam_native, Init)
