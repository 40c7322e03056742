#ifndef RAPPORT_TUI_H
#define RAPPORT_TUI_H
/* The full-screen interface (SPEC.md "The interface"). */
#include <stddef.h>

#include "rapport/config.h"
#include "rapport/store.h"

/* Run the interface on s until the user quits or a SIGINT/SIGTERM/SIGHUP
 * arrives; the terminal is always restored.  Returns 0, or -1 with err when
 * it cannot start (no terminal). */
int tui_run(struct store *s, const struct rapport_config *cfg, const char *db_path,
	    char *err, size_t errlen);

#endif
