// The few LAPACKE entry points overparam uses, for Apple's Accelerate framework, which ships CBLAS and
// Fortran-style LAPACK but no LAPACKE. Included only when building against Accelerate (macOS).
//
// addon.cc calls these in column-major layout only (it does its own transposes), so every function here
// is a direct forward to the Fortran routine: arguments by pointer, no hidden string lengths (the
// ACCELERATE_NEW_LAPACK prototypes have none), workspace supplied by the caller. Like LAPACKE's
// column-major path, an illegal-argument info is shifted by one to count the layout argument.
#ifndef OVERPARAM_LAPACKE_SHIM_H
#define OVERPARAM_LAPACKE_SHIM_H

#ifndef OVERPARAM_SHIM_TEST
// ACCELERATE_NEW_LAPACK (and, when wanted, ACCELERATE_LAPACK_ILP64) come from binding.gyp.
#include <Accelerate/Accelerate.h>
#endif

typedef __LAPACK_int lapack_int;

#ifndef LAPACK_ROW_MAJOR
#define LAPACK_ROW_MAJOR 101
#define LAPACK_COL_MAJOR 102
#endif

namespace overparam_shim {
inline lapack_int adjust(int layout, lapack_int info) {
  if (layout != LAPACK_COL_MAJOR) return -1;  // only column-major is implemented
  return info < 0 ? info - 1 : info;
}
}  // namespace overparam_shim

inline lapack_int LAPACKE_dsyevd_work(int layout, char jobz, char uplo, lapack_int n, double* a,
                                      lapack_int lda, double* w, double* work, lapack_int lwork,
                                      lapack_int* iwork, lapack_int liwork) {
  if (layout != LAPACK_COL_MAJOR) return -1;
  lapack_int info = 0;
  dsyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info);
  return overparam_shim::adjust(layout, info);
}

inline lapack_int LAPACKE_dsyevr_work(int layout, char jobz, char range, char uplo, lapack_int n,
                                      double* a, lapack_int lda, double vl, double vu, lapack_int il,
                                      lapack_int iu, double abstol, lapack_int* m, double* w, double* z,
                                      lapack_int ldz, lapack_int* isuppz, double* work,
                                      lapack_int lwork, lapack_int* iwork, lapack_int liwork) {
  if (layout != LAPACK_COL_MAJOR) return -1;
  lapack_int info = 0;
  dsyevr_(&jobz, &range, &uplo, &n, a, &lda, &vl, &vu, &il, &iu, &abstol, m, w, z, &ldz, isuppz, work,
          &lwork, iwork, &liwork, &info);
  return overparam_shim::adjust(layout, info);
}

inline lapack_int LAPACKE_dpotrf_work(int layout, char uplo, lapack_int n, double* a, lapack_int lda) {
  if (layout != LAPACK_COL_MAJOR) return -1;
  lapack_int info = 0;
  dpotrf_(&uplo, &n, a, &lda, &info);
  return overparam_shim::adjust(layout, info);
}

inline lapack_int LAPACKE_dgeqrf_work(int layout, lapack_int m, lapack_int n, double* a, lapack_int lda,
                                      double* tau, double* work, lapack_int lwork) {
  if (layout != LAPACK_COL_MAJOR) return -1;
  lapack_int info = 0;
  dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info);
  return overparam_shim::adjust(layout, info);
}

inline lapack_int LAPACKE_dorgqr_work(int layout, lapack_int m, lapack_int n, lapack_int k, double* a,
                                      lapack_int lda, const double* tau, double* work, lapack_int lwork) {
  if (layout != LAPACK_COL_MAJOR) return -1;
  lapack_int info = 0;
  // const_cast: some Accelerate SDKs declare tau non-const; dorgqr only reads it.
  dorgqr_(&m, &n, &k, a, &lda, const_cast<double*>(tau), work, &lwork, &info);
  return overparam_shim::adjust(layout, info);
}

#endif  // OVERPARAM_LAPACKE_SHIM_H
