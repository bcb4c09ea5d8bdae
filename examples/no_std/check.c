/* Calls the no_std library as firmware would, from C: runs the baked XOR net and trains a
 * fresh one. Exits non-zero if any check fails. Built and run by `.ci/run`. */
#include <stdio.h>

double xor_net_predict(double x0, double x1);
float train_xor(unsigned long long seed, unsigned int epochs, float learning_rate);

int main(void) {
    const double points[4][3] = {{0.1, 0.1, 0.0}, {0.9, 0.9, 0.0}, {0.1, 0.9, 1.0}, {0.9, 0.1, 1.0}};
    int passed = 0, failed = 0;
    for (int i = 0; i < 4; i++) {
        double y = xor_net_predict(points[i][0], points[i][1]);
        printf("baked net: f(%.1f, %.1f) = %.4f (label %.0f)\n", points[i][0], points[i][1], y,
               points[i][2]);
        if ((y > 0.5) == (points[i][2] > 0.5)) passed++; else failed++;
    }
    float before = train_xor(7, 0, 0.5f);
    float after = train_xor(7, 2000, 0.5f);
    printf("trained without std: loss %.4f -> %.4f after 2000 epochs\n", before, after);
    if (after < before) passed++; else failed++;
    if (train_xor(7, 1, -1.0f) < 0.0f) passed++; else failed++; /* a bad learning rate is refused */
    printf("no_std: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
