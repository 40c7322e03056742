/* Roles screen (key 2): what each account's team owes it. */
#include "tui.h"

static const enum action roles_actions[] = { ACT_NONE };

static void roles_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	(void)v;
	(void)rows;
	draw_text(w, 1, 1, "Roles", cols - 2, 0, 0);
}

const struct view_ops roles_view_ops = {
	.name = "roles",
	.title = "Roles",
	.key = ACT_ROLES,
	.actions = roles_actions,
	.draw = roles_draw,
};
