#ifndef RAPPORT_CLI_H
#define RAPPORT_CLI_H
/* The command line (SPEC.md "Command line").  Returns the exit status:
 * 0 success, 1 bad input or a refused operation, 2 usage error. */
int cli_main(int argc, char **argv);
#endif
