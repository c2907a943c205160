/* The parts of libhyperpeers.so that belong to no one kernel: its ABI version and the CPU check. */
#include "kernels.h"

int32_t hp_abi_version(void) { return HP_ABI_VERSION; }

int32_t hp_cpu_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}
