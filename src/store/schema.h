#ifndef RAPPORT_STORE_SCHEMA_H
#define RAPPORT_STORE_SCHEMA_H
/* Private to src/store: the migration scripts. */

/* The SQL that takes a database from to_version-1 to to_version (without
 * the user_version bump), as a new heap string; NULL for an unknown step. */
char *schema_migration_sql(int to_version);
/* Every table of the newest schema, NULL-terminated. */
extern const char *const schema_tables[];
#endif
