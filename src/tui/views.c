/* The views, in title-bar order (see tui_view_table in tui.h). */
#include "tui.h"

const struct view_ops *const tui_view_table[] = {
	&accounts_view_ops,
	&roles_view_ops,
	&nps_view_ops,
	&grid_view_ops,
	&whale_view_ops,
	&ladder_view_ops,
	&review_view_ops,
	&conflicts_view_ops,
	&detail_view_ops,
	NULL
};
