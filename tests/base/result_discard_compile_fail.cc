// Must NOT compile (ctest base_result_discard_fails_to_compile): a discarded Result is an error.
#include "veil/base/result.h"

veil::Result<int> Answer();

void Discard() { Answer(); }
