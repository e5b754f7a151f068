/* startup.c: fresh memory made cheap to touch, and no teardown at exit.
 *
 * Creating a CLIPS environment fills about 2 MB of hash tables at once (the
 * symbol and alpha-memory tables alone are 500 KB each), and on a virtual
 * machine each first touch of a 4 KB page is a fault costing tens of
 * microseconds: measured here, 450 faults and 6 to 10 ms of a 15 ms start.
 * With the heap's next megabytes marked for transparent huge pages they
 * arrive 2 MB at a time (20 faults, about 1 ms). Freeing the engine at exit
 * costs another millisecond for nothing, except where a leak checker looks. */
#define _GNU_SOURCE
#include "startup.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HEAP_SPAN ((size_t)10 << 20)   /* heap reserved, huge-page aligned within */

int startup_free_at_exit(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(TRIAGE_FREE_AT_EXIT)
    return 1;
#else
    static int free_at_exit = -1;
    if (free_at_exit < 0) {
        const char *v = getenv("TRIAGE_FREE_AT_EXIT");
        free_at_exit = v && *v && *v != '0';
    }
    return free_at_exit;
#endif
}

void startup_prepare_heap(void)
{
#ifdef __GLIBC__
    static int done;
    if (done || startup_free_at_exit())
        return;
    done = 1;
    /* Grow the heap by HEAP_SPAN in one step (a block that large would
     * otherwise be mapped apart), mark its 2 MB-aligned middle for huge pages
     * before anything touches it, give the block back, and fill the stretch
     * below the first aligned address, so that what is allocated next starts
     * there. Large blocks stay in the heap from then on (up to 1 MB; larger
     * ones are mapped apart as usual), and the heap is not trimmed back. */
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    char *volatile big = malloc(HEAP_SPAN);   /* volatile: the pair is not optimised away */
    if (big) {
        uintptr_t b = (uintptr_t)big;
        uintptr_t up = (b + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t end = (b + HEAP_SPAN - 4096) & ~(HUGE_PAGE - 1);
        int marked = end > up && madvise((void *)up, end - up, MADV_HUGEPAGE) == 0;
        free(big);
        static void *below;   /* kept for the process's life: virtual space only */
        if (marked && up - b > 64)
            below = malloc(up - b - 48);
        if (below)   /* the first write makes it a huge page, not the shared zero page */
            *(volatile char *)up = 0;
    }
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}
