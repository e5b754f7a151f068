/* version.h: the program's version, named in results' transcripts and the API. */
#ifndef TRIAGE_VERSION_H
#define TRIAGE_VERSION_H

#define TRIAGE_VERSION "0.2.0"

#endif
