/* The latency of one f64 division on this CPU, beside its clock: docs/performance.md's argument that no
 * sigmoid with a division per layer gets the lab's 2-4-4-1 `predict_one` to 3× the naive code
 * (Performance, What limits it). Each loop is a chain of dependent instructions, so its time
 * per instruction is the latency; the clock comes from `imul`, whose latency is 3 cycles on
 * every x86-64 core since Sandy Bridge. The divisor is not 1, so no early exit applies (the value
 * shrinks to about 1e-17 over the run, far from the subnormals). Run from the repository's top:
 *
 *     cc -O2 -mavx2 scripts/division_latency.c -o /tmp/division_latency && /tmp/division_latency
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    const long n = 200000000;

    double start = now();
    long x = 3;
    for (long i = 0; i < n; i++)
        __asm__ volatile("imul %0, %0\n\timul %0, %0\n\timul %0, %0\n\timul %0, %0" : "+r"(x));
    const double ghz = 4.0 * 3.0 * n / (now() - start) / 1e9;

    __m256d packed = _mm256_set1_pd(1.5), divisor = _mm256_set1_pd(1.0000001);
    start = now();
    for (long i = 0; i < n; i++)
        __asm__ volatile("vdivpd %1, %0, %0\n\tvdivpd %1, %0, %0" : "+x"(packed) : "x"(divisor));
    const double packed_ns = (now() - start) / (2.0 * n) * 1e9;

    __m128d scalar = _mm_set1_pd(1.5), scalar_divisor = _mm_set1_pd(1.0000001);
    start = now();
    for (long i = 0; i < n; i++)
        __asm__ volatile("vdivsd %1, %0, %0\n\tvdivsd %1, %0, %0" : "+x"(scalar) : "x"(scalar_divisor));
    const double scalar_ns = (now() - start) / (2.0 * n) * 1e9;

    printf("clock %.2f GHz (a chain of imul); f64 division latency: vdivpd (4 wide) %.2f ns = %.1f "
           "cycles, vdivsd %.2f ns = %.1f cycles\n",
           ghz, packed_ns, packed_ns * ghz, scalar_ns, scalar_ns * ghz);
    return 0;
}
