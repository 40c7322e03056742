/* Spectrum position (see spectrum.h). */
#include "rapport/spectrum.h"

const char *const spectrum_words[] = { "transactional", "value-adding", "collaborative", 0 };

enum spectrum_position spectrum_classify(const int attr[SPECTRUM_NATTR], int explicit_pos,
					 double *score, int *has_score)
{
	int n = 0, sum = 0;
	for (int i = 0; i < SPECTRUM_NATTR; i++) {
		if (attr[i] > 0) {
			sum += attr[i] - 1;
			n++;
		}
	}
	*has_score = n > 0;
	/* mean of (a-1)/4*100 = sum(a-1)*25/n: exact for the comparisons below */
	*score = n ? sum * 25.0 / n : 0.0;
	if (explicit_pos >= 0)
		return (enum spectrum_position)explicit_pos;
	if (!n)
		return POSITION_UNKNOWN;
	/* sum*25/n < 40  <=>  sum*25 < 40*n, in integers to avoid rounding */
	if (sum * 25 < 40 * n)
		return POSITION_TRANSACTIONAL;
	if (sum * 25 > 60 * n)
		return POSITION_COLLABORATIVE;
	return POSITION_VALUE_ADDING;
}
