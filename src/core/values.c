/* not written yet */ typedef int rapport_placeholder_values;
