/* Drawing helpers: colours, width-aware UTF-8 text, the line editor. */
#include "tui.h"

#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static short color_number(const char *name)
{
	static const char *const names[] = { "black", "red", "green", "yellow", "blue",
					     "magenta", "cyan", "white" };
	for (short i = 0; i < 8; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1; /* "default" */
}

/* "fg,bg" -> pair number p */
static void init_pair_spec(short p, const char *spec, const char *fallback)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", spec && *spec ? spec : fallback);
	char *comma = strchr(buf, ',');
	const char *bg = "default";
	if (comma) {
		*comma = '\0';
		bg = comma + 1;
	}
	init_pair(p, color_number(buf), color_number(bg));
}

void draw_colors_init(struct tui *t)
{
	const char *no = getenv("NO_COLOR");
	t->color = has_colors() && !(no && *no) && t->cfg->colors;
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	init_pair_spec(C_TITLE, t->cfg->color_title, "white,blue");
	init_pair_spec(C_STATUS, t->cfg->color_status, "black,cyan");
	init_pair_spec(C_SELECT, t->cfg->color_select, "black,white");
	init_pair_spec(C_GOOD, t->cfg->color_good, "green,default");
	init_pair_spec(C_BAD, t->cfg->color_bad, "red,default");
}

attr_t draw_attr(struct tui *t, enum tui_color c)
{
	if (c == C_NORMAL)
		return A_NORMAL;
	if (t->color)
		return COLOR_PAIR(c) | (c == C_TITLE ? A_BOLD : 0);
	switch (c) {
	case C_TITLE: return A_REVERSE | A_BOLD;
	case C_STATUS: return A_REVERSE;
	case C_SELECT: return A_REVERSE;
	case C_BAD: return A_BOLD;
	default: return A_NORMAL;
	}
}

/* Next character of s: its width on screen (0 for combining marks) and
 * byte length; control characters and bad bytes become '?'. */
static size_t next_char(const char *s, wchar_t *wc, int *width)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t r = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*wc = L'?';
		*width = 1;
		return 1;
	}
	if (*wc < 0x20 || (*wc >= 0x7f && *wc < 0xa0)) {
		*wc = L'?';
		*width = 1;
		return r;
	}
	int w = wcwidth(*wc);
	if (w < 0) {
		*wc = L'?';
		w = 1;
	}
	*width = w;
	return r;
}

int draw_width(const char *s)
{
	int total = 0;
	while (s && *s) {
		wchar_t wc;
		int w;
		s += next_char(s, &wc, &w);
		total += w;
	}
	return total;
}

int draw_text(WINDOW *w, int y, int x, const char *s, int width, int pad, int right)
{
	if (width <= 0)
		return 0;
	if (!s)
		s = "";
	int shown = 0;
	if (right) {
		int need = draw_width(s);
		if (need < width) {
			mvwhline(w, y, x, ' ', width - need);
			x += width - need;
			width = need;
		}
	}
	wmove(w, y, x);
	while (*s) {
		wchar_t wc[2] = { 0, 0 };
		int cw;
		size_t n = next_char(s, &wc[0], &cw);
		if (shown + cw > width)
			break;
		waddnwstr(w, wc, 1);
		shown += cw;
		s += n;
	}
	if (pad && shown < width)
		for (int i = shown; i < width; i++)
			waddch(w, ' ');
	return right && pad ? width : shown;
}

void draw_printf(WINDOW *w, int y, int x, int width, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	draw_text(w, y, x, buf, width, 0, 0);
}

void line_edit_set(struct line_edit *e, const char *s)
{
	snprintf(e->buf, sizeof e->buf, "%s", s ? s : "");
	e->len = strlen(e->buf);
}

int line_edit_key(struct line_edit *e, wint_t ch, int is_key_code)
{
	if ((is_key_code && ch == KEY_BACKSPACE) || (!is_key_code && (ch == 127 || ch == 8))) {
		if (!e->len)
			return 0;
		do
			e->len--;
		while (e->len && ((unsigned char)e->buf[e->len] & 0xC0) == 0x80);
		e->buf[e->len] = '\0';
		return 1;
	}
	if (!is_key_code && ch == 21) { /* ^U */
		int changed = e->len > 0;
		e->len = 0;
		e->buf[0] = '\0';
		return changed;
	}
	if (is_key_code || ch < 0x20 || ch == 0x7f)
		return 0;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n == (size_t)-1 || e->len + n >= sizeof e->buf)
		return 0;
	memcpy(e->buf + e->len, mb, n);
	e->len += n;
	e->buf[e->len] = '\0';
	return 1;
}
