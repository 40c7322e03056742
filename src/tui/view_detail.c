/* Account detail, opened from the accounts list. */
#include "tui.h"

void accounts_open_detail(struct tui *t, int64_t account_id)
{
	tui_message(t, 0, "account %lld", (long long)account_id);
}
