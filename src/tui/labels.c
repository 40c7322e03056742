/* Account labels by id for the portfolio screens (see tui.h). */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

#include "rapport/ladderview.h"

const struct label *labels_get(struct labels *l, struct store *s, int64_t id)
{
	struct label *e = &l->v[(uint64_t)id % LABELS];
	if (e->id != id) {
		free(e->key);
		free(e->name);
		e->key = e->name = NULL;
		e->id = id;
		char err[128];
		if (ladderview_label(s, id, &e->key, &e->name, err, sizeof err) != 0) {
			free(e->key);
			free(e->name);
			e->key = e->name = NULL;
		}
	}
	return e;
}

void labels_clear(struct labels *l)
{
	for (int i = 0; i < LABELS; i++) {
		free(l->v[i].key);
		free(l->v[i].name);
	}
	memset(l, 0, sizeof *l);
}

const char *label_key(const struct label *l)
{
	return l && l->key ? l->key : "?";
}

const char *label_name(const struct label *l)
{
	return l && l->name ? l->name : "?";
}
