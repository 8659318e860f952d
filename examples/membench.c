/* The C side of .ci/membench: the same timings as
   examples/nolibc_membench.rs, of the C library's memory functions (built
   with `musl-gcc -O2 -static`: musl's). Each function is called through a
   volatile function pointer, so the compiler cannot inline it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX (64 * 1024)
#define TRIALS 15

static _Alignas(64) unsigned char a[MAX + 64], b[MAX + 64];
static void *(*volatile p_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*volatile p_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile p_memset)(void *, int, size_t) = memset;
static int (*volatile p_memcmp)(const void *, const void *, size_t) = memcmp;
static int (*volatile p_bcmp)(const void *, const void *, size_t) = bcmp;
static size_t (*volatile p_strlen)(const char *) = strlen;
static volatile long sink;

static unsigned long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static int cmp(const void *x, const void *y) {
  unsigned long long u = *(const unsigned long long *)x, v = *(const unsigned long long *)y;
  return u < v ? -1 : u > v;
}

enum { CPY, MOVE, SET, CMP, BCMP, LEN };
static const char *names[] = {"memcpy", "memmove", "memset", "memcmp", "bcmp", "strlen"};

static void bench(int which, size_t n) {
  size_t reps = (4u << 20) / (n < 64 ? 64 : n);
  unsigned long long t[TRIALS];
  for (int k = 0; k < TRIALS; k++) {
    unsigned long long start = now();
    for (size_t i = 0; i < reps; i++) {
      switch (which) {
      case CPY: p_memcpy(a, b, n); break;
      case MOVE: p_memmove(a, b, n); break;
      case SET: p_memset(a, 1, n); break;
      case CMP: sink = p_memcmp(a, b, n); break;
      case BCMP: sink = p_bcmp(a, b, n); break;
      case LEN: sink = p_strlen((const char *)a); break;
      }
    }
    t[k] = (now() - start) * 100 / reps;
  }
  qsort(t, TRIALS, sizeof t[0], cmp);
  unsigned long long m = t[TRIALS / 2];
  printf("%s %zu %llu.%02llu\n", names[which], n, m / 100, m % 100);
}

int main(void) {
  size_t sizes[] = {64, MAX};
  for (int s = 0; s < 2; s++) {
    size_t n = sizes[s];
    bench(CPY, n);
    bench(MOVE, n);
    bench(SET, n);
    p_memcpy(b, a, n);
    bench(CMP, n);
    bench(BCMP, n);
    a[n] = 0;
    bench(LEN, n);
  }
  return 0;
}
