/* fuzz_transcript.c: the transcript reader on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *h, *ev, *fin;
    char err[512];
    if (transcript_parse((const char *)data, size, &h, &ev, &fin, err, sizeof err) == 0) {
        json_decref(h);
        json_decref(ev);
        json_decref(fin);
    }
    return 0;
}
