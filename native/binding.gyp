# overparam_native: N-API addon over CBLAS/LAPACKE (OpenBLAS on Linux, Accelerate on macOS).
# Built by scripts/install-native.mjs (`npm ci`, `npm run build:native`); optional: when it does not build,
# the portable TypeScript backend is used.
{
  'targets': [
    {
      'target_name': 'overparam_native',
      'sources': ['src/addon.cc', 'src/normals.cc'],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': [
        'NAPI_VERSION=8',
        'NAPI_CPP_EXCEPTIONS',
        'NODE_ADDON_API_CPP_EXCEPTIONS_ALL',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
      ],
      'cflags!': ['-fno-exceptions', '-O3'],
      'cflags_cc!': ['-fno-exceptions', '-O3'],
      # No fused multiply-adds: the normal draws (normals.cc) must round exactly as the TypeScript does.
      'cflags': ['-O2', '-ffp-contract=off'],
      'cflags_cc': ['-std=c++17', '-O2', '-ffp-contract=off'],
      'conditions': [
        ['OS=="mac"', {
          'defines': ['ACCELERATE_NEW_LAPACK'],
          'xcode_settings': {
            'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
            'CLANG_CXX_LIBRARY': 'libc++',
            'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
            'GCC_OPTIMIZATION_LEVEL': '2',
            'OTHER_CPLUSPLUSFLAGS': ['-ffp-contract=off'],
            # The ACCELERATE_NEW_LAPACK interface exists from macOS 13.3.
            'MACOSX_DEPLOYMENT_TARGET': '13.3',
            'OTHER_LDFLAGS': ['-framework Accelerate'],
          },
        }],
        ['OS!="mac" and OS!="win"', {
          # pkg-config knows where Debian/Ubuntu (and most distributions) keep OpenBLAS and LAPACKE;
          # without it, fall back to the usual names and header directories (missing ones are ignored).
          # (Plain -I flags rather than include_dirs, so that pkg-config's directories are searched first.)
          'cflags': [
            "<!@(pkg-config --cflags openblas lapacke 2>/dev/null || true)",
            '-I/usr/include/openblas',
            '-I/usr/include/lapacke',
            '-I/usr/include/x86_64-linux-gnu',
            '-I/usr/include/aarch64-linux-gnu',
          ],
          'libraries': ["<!@(pkg-config --libs openblas lapacke 2>/dev/null || echo -lopenblas -llapacke)"],
        }],
      ],
    },
  ],
}
