/* emlearn's `eml_net_predict` on the digits MLP that scripts/cortex_m/digits_mlp.py converts
 * (`eml_digits.h`, generated into a scratch directory by scripts/cortex_m_table.sh), behind one
 * function the table harness calls. */
#include <stdint.h>
#include "eml_digits.h"

int32_t emlearn_digits_predict(const float *features)
{
    return digits_predict(features, 64);
}
