#ifndef RAPPORT_SPECTRUM_H
#define RAPPORT_SPECTRUM_H
/* Position on the transactional .. collaborative spectrum (DOMAIN.md s.1,
 * SPEC.md "spectrum"). */

enum spectrum_position {
	POSITION_UNKNOWN = -1,      /* no attribute given and no override */
	POSITION_TRANSACTIONAL = 0,
	POSITION_VALUE_ADDING = 1,
	POSITION_COLLABORATIVE = 2,
};

/* Number of spectrum attributes: alternatives, dynamism, importance,
 * complexity, info_exchange, linkages (each 1-5, 5 = collaborative end). */
#define SPECTRUM_NATTR 6

/* Words as stored and exported: "transactional", "value-adding",
 * "collaborative"; NULL-terminated, indexed by enum spectrum_position. */
extern const char *const spectrum_words[];

/* Score 0-100 = mean over the attributes that are present (attr[i] > 0) of
 * (a-1)/4*100; *has_score = 0 when none is present.  The position is the
 * explicit override when explicit_pos >= 0, else transactional below 40,
 * collaborative above 60, value-adding from 40 to 60 inclusive, else
 * unknown. */
enum spectrum_position spectrum_classify(const int attr[SPECTRUM_NATTR], int explicit_pos,
					 double *score, int *has_score);

#endif
