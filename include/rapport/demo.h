#ifndef RAPPORT_DEMO_H
#define RAPPORT_DEMO_H
/* The demo portfolio generator. */
#include <stddef.h>
#include "rapport/store.h"

/* Fill s with a realistic sample portfolio of every kind: `accounts`
 * accounts (>= 1), deterministic for a given seed and "today" (dates are
 * laid out relative to value_today(), so RAPPORT_TODAY fixes them too).
 * Refuses (-1, nothing written) a database that already holds accounts.
 * All in one transaction.  When progress is non-zero, reports progress on
 * stderr.  Returns 0, or -1 with err. */
int demo_generate(struct store *s, long accounts, unsigned long long seed, int progress,
		  char *err, size_t errlen);

#endif
