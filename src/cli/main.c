/* rapport: a keyboard-driven CRM workstation for B2B account managers. */
#include <locale.h>

#include "rapport/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
