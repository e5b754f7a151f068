/* fuzz_transcript.c: the transcript reader on any bytes, and what audit
 * derives from what it accepts (the answers after every event). */
#include <stddef.h>
#include <stdint.h>

#include "transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *h, *ev;
    char err[512];
    if (transcript_parse((const char *)data, size, &h, &ev, err, sizeof err) == 0) {
        for (size_t n = 0; n <= json_array_size(ev); n++)
            json_decref(transcript_answers(ev, n));
        (void)transcript_finished(ev);
        json_decref(h);
        json_decref(ev);
    }
    return 0;
}
