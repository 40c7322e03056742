#ifndef RAPPORT_TEST_RUN_SUITE_H
#define RAPPORT_TEST_RUN_SUITE_H
/* The main of every Check program: run suite s, exit status by failures. */
#include <check.h>
#include <stdlib.h>

__attribute__((unused)) static int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
