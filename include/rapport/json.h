#ifndef RAPPORT_JSON_H
#define RAPPORT_JSON_H
/* Minimal JSON writer for export and reports: strings escaped per RFC 8259
 * (control characters as \u00XX, non-ASCII UTF-8 passed through). */
#include <stdio.h>

void json_write_string(FILE *f, const char *s);   /* with the quotes; NULL -> null */
#endif
