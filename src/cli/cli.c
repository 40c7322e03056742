typedef int rapport_placeholder_cli;
