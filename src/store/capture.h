#ifndef RAPPORT_STORE_CAPTURE_H
#define RAPPORT_STORE_CAPTURE_H
/* Private to src/store: the session that captures local changes. */
#include "rapport/store.h"

/* Start capturing on s (schema 4 or newer); 0 or -1 with err. */
int capture_start(struct store *s, char *err, size_t errlen);
/* Inside a transaction: move what the session holds into sync_outbox and
 * start a fresh session.  0 or -1 with err. */
int capture_to_outbox(struct store *s, char *err, size_t errlen);
/* Whether the session holds changes not yet in the outbox. */
int capture_pending(struct store *s);
/* Forget what the session holds (the transaction rolled back). */
void capture_discard(struct store *s);
/* Record (1) or ignore (0) changes from now on. */
void capture_enable(struct store *s, int on);
void capture_stop(struct store *s);
#endif
