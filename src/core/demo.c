/* The demo portfolio generator (see demo.h).
 *
 * Determinism: every draw comes from splitmix64 streams seeded by the seed
 * and a stream number (0 for the staff, i+1 for account i), so a seed and a
 * "today" give the same rows in the same order, ids included; only uid and
 * updated_at differ between runs.  Floating point goes through libm (log,
 * exp, cos, pow), never through the locale or the time zone.
 *
 * The portfolio: annual revenue is lognormal (a long tail of large
 * accounts); margin and cost-to-serve are drawn so that large accounts sit
 * at either end of the profit ranking and a third or so lose money, which
 * makes the whale curve peak well above 100%.  Cost-to-serve is laid down as
 * activities whose quantity x rate adds up to each account's target; a few
 * accounts carry it as an explicit figure on their financials instead. */
#include "rapport/demo.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rapport/spectrum.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define N(a) (sizeof (a) / sizeof *(a))
#define PICK(r, a) ((a)[rng_below((r), N(a))])
#define NODATE INT32_MIN          /* a date argument of put() that binds NULL */
#define PI 3.14159265358979323846
#define MEDIAN_REVENUE 120000.0   /* currency units per year */
#define MAX_ROWS 400              /* activity rows per account, at most */

/* ---- random numbers -------------------------------------------------------- */

struct rng { uint64_t s; };

static struct rng rng_stream(unsigned long long seed, uint64_t stream)
{
	struct rng r = { (uint64_t)seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull };
	return r;
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }
static size_t rng_below(struct rng *r, size_t n) { return (size_t)(rng_unit(r) * (double)n); }
static int rng_chance(struct rng *r, double p) { return rng_unit(r) < p; }

/* Uniform integer in [lo, hi]; lo when hi < lo. */
static int rng_int(struct rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)rng_below(r, (size_t)(hi - lo) + 1);
}

/* Standard normal (Box-Muller, one value per call). */
static double rng_normal(struct rng *r)
{
	double u = 1.0 - rng_unit(r), v = rng_unit(r);
	return sqrt(-2.0 * log(u)) * cos(2.0 * PI * v);
}

/* Lognormal: median * e^(sigma * z). */
static double rng_lognormal(struct rng *r, double median, double sigma)
{
	return median * exp(sigma * rng_normal(r));
}

static int clampi(long v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : (int)v; }
static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }
static int later(int a, int b) { return a > b ? a : b; }

/* A 0-10 survey score around mean. */
static int score_around(struct rng *r, double mean, double sd)
{
	return clampi(lround(mean + sd * rng_normal(r)), 0, 10);
}

/* ---- words ------------------------------------------------------------------
 * An entry may carry its romanization after '|' ("東京|Tokyo"): the part
 * before it is shown, keys, handles and e-mail addresses use the part after. */

struct country {
	const char *code;    /* ISO 3166 alpha-2 */
	const char *phone;   /* calling code */
	const char *legal;   /* legal forms, ';'-separated */
};

enum pattern { P_EN, P_DE, P_FR, P_ES, P_OTHER, P_JP, P_CN };

struct locale {
	enum pattern pattern;            /* how company names are built */
	int weight;                      /* per mille of accounts */
	const struct country *countries; size_t ncountries;
	const char *const *first; size_t nfirst;
	const char *const *last; size_t nlast;
	const char *const *tails; size_t ntails;   /* trade words of company names */
	int family_first;                /* 1: "田中 裕子", 2: "王伟" */
};
#define L(a) a, N(a)

static const struct country c_en[] = { { "US", "+1", "Inc.;LLC;Corp.;Co." }, { "US", "+1", "Inc.;LLC" },
	{ "GB", "+44", "Ltd;plc;Ltd" }, { "CA", "+1", "Inc.;Ltd" }, { "AU", "+61", "Pty Ltd" }, { "IE", "+353", "Ltd;DAC" } };
static const struct country c_de[] = { { "DE", "+49", "GmbH;GmbH;AG;GmbH & Co. KG;KG;SE" },
	{ "DE", "+49", "GmbH;AG" }, { "AT", "+43", "GmbH;AG" }, { "CH", "+41", "AG;GmbH" } };
static const struct country c_fr[] = { { "FR", "+33", "SA;SAS;SARL" }, { "FR", "+33", "SAS" },
	{ "BE", "+32", "SA;SRL" }, { "LU", "+352", "S.A." } };
static const struct country c_nl[] = { { "NL", "+31", "B.V.;N.V." }, { "BE", "+32", "BV;NV" } };
static const struct country c_es[] = { { "ES", "+34", "S.A.;S.L." }, { "MX", "+52", "S.A. de C.V." } };
static const struct country c_it[] = { { "IT", "+39", "S.p.A.;S.r.l." } };
static const struct country c_nord[] = { { "SE", "+46", "AB" }, { "NO", "+47", "AS" }, { "DK", "+45", "A/S" },
	{ "FI", "+358", "Oy" } };
static const struct country c_pl[] = { { "PL", "+48", "Sp. z o.o.;S.A." } };
static const struct country c_jp[] = { { "JP", "+81", "" } };
static const struct country c_cn[] = { { "CN", "+86", "" } };

static const char *const f_en[] = { "Emily", "James", "Olivia", "Michael", "Sarah", "David", "Grace", "Daniel",
	"Hannah", "Robert", "Chloe", "Andrew", "Megan", "Thomas", "Rachel", "Kevin" };
static const char *const l_en[] = { "Smith", "Johnson", "Walker", "Brooks", "Carter", "Hughes", "Bennett",
	"Foster", "Reed", "Sullivan", "Hayes", "Morgan", "Price", "O'Brien", "Fletcher", "Turner" };
static const char *const t_en[] = { "Industrial Supply", "Logistics", "Systems", "Foods", "Manufacturing",
	"Components", "Packaging", "Labs", "Engineering", "Health", "Energy", "Plastics", "Distribution",
	"Tooling", "Materials", "Electric" };
static const char *const f_de[] = { "Jürgen", "Anja", "Lukas", "Sören", "Katrin", "Matthias", "Birgit", "Jörg",
	"Sabine", "Tobias", "Ute", "Felix", "Lena", "Björn", "Dieter", "Marlene" };
static const char *const l_de[] = { "Müller", "Schäfer", "Köhler", "Weiß", "Becker", "Hoffmann", "Krüger",
	"Schröder", "Wolf", "Jäger", "Groß", "Böhm", "Fuchs", "Hähnel", "Vogt", "Brandt", "Körner", "Wagner" };
static const char *const t_de[] = { "Präzision", "Maschinenbau", "Antriebstechnik", "Logistik",
	"Kunststofftechnik", "Elektrotechnik", "Stahlbau", "Werkzeugbau", "Verpackung", "Feinmechanik",
	"Armaturen", "Lebensmittel", "Gerätebau", "Oberflächentechnik" };
static const char *const f_fr[] = { "Chloé", "Amélie", "Hélène", "Jérôme", "François", "Léa", "Benoît",
	"Cécile", "Émile", "Théo", "Inès", "Gaëlle", "Stéphane", "Aurélien", "Mathieu", "Camille" };
static const char *const l_fr[] = { "Lefèvre", "Dubois", "Girard", "Mercier", "Bérard", "Fournier",
	"Lemaître", "Chevalier", "Gauthier", "Rousseau", "Faure", "Fontaine", "Bonnet", "Lambert", "Dupré" };
static const char *const t_fr[] = { "Industries", "Emballages", "Logistique", "Équipements", "Mécanique",
	"Électricité", "Chimie", "Bâtiment", "Agroalimentaire", "Distribution", "Métaux", "Câbles" };
static const char *const f_nl[] = { "Pieter", "Sanne", "Joost", "Femke", "Daan", "Lotte", "Bram", "Eva" };
static const char *const l_nl[] = { "van der Berg", "de Vries", "van Dijk", "Bakker", "Janssen", "Visser",
	"Smit", "Meijer", "de Jong", "van Leeuwen", "van der Heijden" };
static const char *const t_nl[] = { "Techniek", "Logistiek", "Installaties", "Bouw", "Metaal", "Verpakkingen" };
static const char *const f_es[] = { "María", "José", "Lucía", "Andrés", "Begoña", "Íñigo", "Carmen", "Raúl",
	"Sofía", "Tomás" };
static const char *const l_es[] = { "Peñalver", "Núñez", "Ibáñez", "García", "Martínez", "Muñoz",
	"Sánchez", "López", "Ortiz", "Castaño", "Jiménez", "Rodríguez" };
static const char *const t_es[] = { "Industrias", "Distribuciones", "Construcciones", "Suministros",
	"Transportes", "Talleres" };
static const char *const f_it[] = { "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Niccolò",
	"Alessandro", "Martina", "Giorgio", "Elena" };
static const char *const l_it[] = { "Rossi", "Bianchi", "Ferrari", "Esposito", "Galli", "Conti",
	"Marchetti", "Fabbri", "De Luca", "Mancini", "Barbieri", "Lombardi" };
static const char *const t_it[] = { "Meccanica", "Costruzioni", "Alimentari", "Impianti", "Trasporti",
	"Plastica", "Elettronica", "Tessile" };
static const char *const f_nord[] = { "Søren", "Åsa", "Björn", "Ingrid", "Lars", "Maja", "Erik", "Sigrid",
	"Mikael", "Frida", "Øystein", "Kari" };
static const char *const l_nord[] = { "Ångström", "Sjöberg", "Lindqvist", "Økland", "Nørgaard",
	"Bjørnstad", "Håkansson", "Lindgren", "Virtanen", "Dahl", "Holm", "Strand" };
static const char *const t_nord[] = { "Verktyg", "Maskin", "Industri", "Teknik", "Logistik", "Marin", "Stål" };
static const char *const f_pl[] = { "Agnieszka", "Piotr", "Małgorzata", "Krzysztof", "Łukasz", "Zofia",
	"Paweł", "Katarzyna", "Tomasz", "Ewa" };
static const char *const l_pl[] = { "Kowalski", "Wiśniewski", "Łukasik", "Żółkowski", "Nowak", "Wójcik",
	"Kamiński", "Zieliński", "Szymański", "Woźniak" };
static const char *const t_pl[] = { "Metal", "Logistyka", "Budownictwo", "Elektronika", "Technika" };
static const char *const f_jp[] = { "裕子|Yuko", "健|Ken", "大輔|Daisuke", "さくら|Sakura", "直美|Naomi",
	"翔太|Shota", "美咲|Misaki", "浩|Hiroshi" };
static const char *const l_jp[] = { "田中|Tanaka", "鈴木|Suzuki", "佐藤|Sato", "高橋|Takahashi",
	"渡辺|Watanabe", "伊藤|Ito", "山本|Yamamoto", "中村|Nakamura" };
static const char *const t_jp[] = { "精密", "化学工業", "物流", "電機", "製作所", "商事", "重工業", "食品" };
static const char *const f_cn[] = { "伟|Wei", "芳|Fang", "敏|Min", "静|Jing", "磊|Lei", "婷|Ting",
	"强|Qiang", "洋|Yang" };
static const char *const l_cn[] = { "王|Wang", "李|Li", "张|Zhang", "刘|Liu", "陈|Chen", "杨|Yang" };
static const char *const t_cn[] = { "电子", "机械", "贸易", "精密制造", "新材料", "物流" };

/* The first three are the supplier's home markets, where most staff come from. */
static const struct locale locales[] = {
	{ P_EN, 300, L(c_en), L(f_en), L(l_en), L(t_en), 0 },
	{ P_DE, 180, L(c_de), L(f_de), L(l_de), L(t_de), 0 },
	{ P_FR, 130, L(c_fr), L(f_fr), L(l_fr), L(t_fr), 0 },
	{ P_OTHER, 60, L(c_nl), L(f_nl), L(l_nl), L(t_nl), 0 },
	{ P_ES, 60, L(c_es), L(f_es), L(l_es), L(t_es), 0 },
	{ P_OTHER, 60, L(c_it), L(f_it), L(l_it), L(t_it), 0 },
	{ P_OTHER, 60, L(c_nord), L(f_nord), L(l_nord), L(t_nord), 0 },
	{ P_OTHER, 40, L(c_pl), L(f_pl), L(l_pl), L(t_pl), 0 },
	{ P_JP, 60, L(c_jp), L(f_jp), L(l_jp), L(t_jp), 1 },
	{ P_CN, 50, L(c_cn), L(f_cn), L(l_cn), L(t_cn), 2 },
};

static const char *const syl1[] = { "Ar", "Bel", "Cor", "Dan", "El", "Fal", "Gor", "Hal", "Ix", "Kar", "Lum",
	"Mar", "Nor", "Or", "Pel", "Quin", "Ros", "Sol", "Tor", "Val", "Ves", "Zan", "Tri", "Ap" };
static const char *const syl2[] = { "", "a", "o", "e", "i", "" };
static const char *const syl3[] = { "tek", "lux", "vo", "dyn", "gen", "tron", "ra", "lis", "mont", "dex",
	"via", "ton", "ex", "nova" };
static const char *const en_adj[] = { "Summit", "Pioneer", "Keystone", "Granite", "Harbor", "Evergreen",
	"Bluewater", "Redwood", "Ironbridge", "Silverline", "Northstar", "Oakridge" };
static const char *const de_city[] = { "Nürnberger", "Kölner", "Münchner", "Bremer", "Düsseldorfer",
	"Grazer", "Zürcher", "Lübecker", "Würzburger", "Mannheimer" };
static const char *const fr_adj[] = { "Générale", "Nationale", "Française", "Méridionale", "Industrielle",
	"Européenne", "Atlantique", "Rhodanienne" };
static const char *const fr_thing[] = { "Eaux", "Emballages", "Métaux", "Transports", "Équipements",
	"Câbles", "Aciers", "Produits Chimiques", "Travaux Publics" };
static const char *const city_jp[] = { "東京|Tokyo", "大阪|Osaka", "名古屋|Nagoya", "横浜|Yokohama",
	"京都|Kyoto", "札幌|Sapporo", "神戸|Kobe", "福岡|Fukuoka" };
static const char *const city_cn[] = { "上海|Shanghai", "深圳|Shenzhen", "广州|Guangzhou", "北京|Beijing",
	"苏州|Suzhou", "宁波|Ningbo" };
static const char *const emoji[] = { "🚀", "☕", "🌱", "⚡" };

static const char *const segments[] = { "Enterprise", "Mid-market", "SMB", "Public sector" };
static const char *const industries[] = { "Manufacturing", "Chemicals", "Logistics", "Retail", "Healthcare",
	"Energy", "Food & beverage", "Automotive", "Construction", "Telecom", "Software", "Pharmaceuticals",
	"Agriculture", "Aerospace" };
static const char *const public_industries[] = { "Public administration", "Education", "Healthcare",
	"Utilities", "Transport" };
static const char *const buying_roles[] = { "initiator", "gatekeeper", "influencer", "decider", "buyer", "user" };
static const char *const titles[6][3] = {
	{ "Operations Manager", "Plant Manager", "Project Lead" },
	{ "Procurement Assistant", "Executive Assistant", "IT Security Officer" },
	{ "Quality Manager", "Head of Engineering", "CTO" },
	{ "Managing Director", "CFO", "Head of Procurement" },
	{ "Purchasing Manager", "Senior Buyer", "Category Manager" },
	{ "Production Supervisor", "Maintenance Engineer", "Warehouse Lead" },
};
static const char *const role_words[] = { "relationship", "project", "problem" };
static const char *const surveys[] = { "relationship", "transaction", "problem" };
static const char *const c_detractor[] = { "Deliveries keep arriving late.", "Invoices are wrong every other month.",
	"Support takes days to answer.", "Prices went up again without notice.", "The ordering portal is unusable.",
	"We were promised a call back and never got one.", "Quality of the last batches was poor.",
	"Nobody owns our account; we talk to someone new every time.", "Lieferungen kommen ständig zu spät.",
	"Le service après-vente ne répond jamais.", "Too expensive for what we get." };
static const char *const c_passive[] = { "OK overall, but pricey.", "Good product, slow paperwork.",
	"Fine, nothing special.", "Delivery dates could be more reliable." };
static const char *const c_promoter[] = { "Great technical support.", "Our account manager really knows our business.",
	"Reliable deliveries, fair prices.", "Helped us cut our own costs, thank you!", "素晴らしいサポートでした。" };
static const char *const meet_notes[] = { "Quarterly business review", "Site visit, met the plant manager",
	"Annual planning workshop", "Contract renewal discussion", "Executive sponsor lunch",
	"Reviewed cost-to-serve figures with purchasing", "Introduced the new service menu" };
static const char *const action_plans[] = { "Share cost-to-serve data and agree on order consolidation",
	"Propose menu pricing for expedited deliveries", "Set up an EDI link by next quarter",
	"Monthly call with their quality team", "Joint cost-reduction workshop",
	"Prepare a bundle offer for spare parts", "Escalate invoicing errors to finance" };
static const char *const project_names[] = { "ERP integration", "Line retrofit", "EDI onboarding",
	"Packaging redesign", "Pilot batch", "Spare parts programme", "Vendor-managed inventory",
	"Annual maintenance", "Training week", "Process audit", "New product launch", "Warehouse relocation",
	"Cost-down study", "Quality certification", "Site survey", "Consignment stock" };
static const char *const conditions[] = { "Delivered on time and within budget", "Zero defects on the first batch",
	"Weekly status calls; go-live before quarter end", "Downtime under 8 hours",
	"Training for all three shifts", "Documentation in the customer's language" };
static const char *const problem_titles[] = { "Late delivery", "Invoice dispute", "Damaged shipment",
	"Wrong part delivered", "Quality complaint", "Portal login fails", "Missing certificate of conformity",
	"Short shipment", "Price discrepancy on order", "Warranty claim", "Unanswered support ticket",
	"Label errors on pallets" };
static const char *const account_notes[] = { "Reference customer; happy to host visits.",
	"Price-sensitive: compares three quotes on every order.", "New CFO since spring; relationship to rebuild.",
	"Frame contract renewal due next year.", "Prefers e-mail over phone.", "Considering a second supplier." };
static const char *const note_bodies[] = { "Called about the delayed order; promised an update by Friday.",
	"Met the new purchasing manager at the trade fair.", "Asked for a quote on the spare parts bundle.",
	"Complained about invoice errors; forwarded to finance.", "Interested in EDI; send the technical specs." };

/* Activity rates, cost in cents per unit (whole units, quarter hours), with
 * their weight in an ordinary account's cost-to-serve and the factor a
 * demanding account applies to it. */
static const struct rate_def { const char *activity, *unit; long long cost; double base, demanding; } rate_defs[] = {
	{ "order handling", "order", 15000, 30, 1.0 },
	{ "change order", "order", 60000, 4, 5.0 },
	{ "expedited delivery", "delivery", 35000, 3, 6.0 },
	{ "freight", "shipment", 12000, 18, 1.3 },
	{ "pre-sales support", "hour", 9500, 10, 1.5 },
	{ "post-sales support", "hour", 8500, 14, 2.0 },
	{ "technical work", "hour", 12000, 11, 2.0 },
	{ "admin", "hour", 6000, 10, 1.5 },
};
#define NRATES ((int)N(rate_defs))

/* ---- names to ASCII and unique keys ------------------------------------------ */

/* U+00C0..U+017F to an ASCII letter; '*' two letters (Æ, ß), '-' none. */
static const char latin[] = "AAAAAA*CEEEEIIIIDNOOOOO-OUUUUYT*AAAAAA*CEEEEIIIIDNOOOOO-OUUUUYTY"
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNn"
	"OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
_Static_assert(sizeof latin == 0x180 - 0xC0 + 1, "one letter per code point");

/* The ASCII letters of s (of its romanization after '|' when it has one),
 * accents folded ("Müller" -> "MULLER", "Groß" -> "GROSS"), anything else
 * dropped; at most max letters, upper or lower case, into out[n]. */
static void fold(const char *s, int upper, size_t max, char *out, size_t n)
{
	const char *bar = strchr(s, '|');
	const unsigned char *p = (const unsigned char *)(bar ? bar + 1 : s);
	size_t k = 0;
	while (*p && k < max && k + 2 < n) {
		char a[3] = { 0, 0, 0 };
		if (*p < 0x80) {
			a[0] = (char)*p++;
		} else if ((*p & 0xE0) == 0xC0 && p[1]) {
			unsigned cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
			char c = cp >= 0xC0 && cp < 0x180 ? latin[cp - 0xC0] : '-';
			if (c == '*')
				a[0] = cp == 0xDF ? 'S' : 'A', a[1] = cp == 0xDF ? 'S' : 'E';
			else if (c != '-')
				a[0] = c;
		} else {
			for (p++; (*p & 0xC0) == 0x80; p++)
				;
		}
		for (int i = 0; a[i] && k < max; i++) {
			char c = (char)(a[i] | 0x20);    /* lower case */
			if (c >= 'a' && c <= 'z')
				out[k++] = upper ? (char)(c - 0x20) : c;
		}
	}
	out[k] = 0;
}

/* The shown part of a word list entry (before any '|'), into buf[n]. */
static const char *shown(const char *s, char *buf, size_t n)
{
	snprintf(buf, n, "%.*s", (int)strcspn(s, "|"), s);
	return buf;
}

/* String -> counter, open addressing; keys are copied. */
struct strmap {
	char (*key)[24];
	unsigned *val;
	size_t cap, n;
};

/* The slot of k, inserted with counter 0 when new. */
static size_t strmap_slot(struct strmap *m, const char *k)
{
	if (2 * (m->n + 1) > m->cap) {
		struct strmap g = { 0, 0, m->cap ? 2 * m->cap : 256, 0 };
		g.key = xcalloc(g.cap, sizeof *g.key);
		g.val = xcalloc(g.cap, sizeof *g.val);
		for (size_t i = 0; i < m->cap; i++) {
			if (m->key[i][0]) {
				size_t j = strmap_slot(&g, m->key[i]);
				g.val[j] = m->val[i];
			}
		}
		free(m->key);
		free(m->val);
		*m = g;
	}
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	for (const char *c = k; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	size_t i = h & (m->cap - 1);
	while (m->key[i][0] && strcmp(m->key[i], k) != 0)
		i = (i + 1) & (m->cap - 1);
	if (!m->key[i][0]) {
		strlcpy_r(m->key[i], k, sizeof m->key[i]);
		m->n++;
	}
	return i;
}

/* The next name made of base (letters only, not empty): base, base2,
 * base3...  Different bases never give the same name. */
static void next_name(struct strmap *count, const char *base, char *out, size_t n)
{
	size_t i = strmap_slot(count, base);
	unsigned c = ++count->val[i];
	if (c == 1)
		snprintf(out, n, "%s", base);
	else
		snprintf(out, n, "%s%u", base, c);
}

/* ---- writing rows -------------------------------------------------------------- */

enum stmt { S_STAFF, S_ACCOUNT, S_SPECTRUM, S_CONTACT, S_ROLE, S_NPS, S_FIN, S_ACT, S_MEET, S_PROJ,
	    S_PROB, S_NOTE, S_RATE, S_RATE_GET, S_HANDLE, NSTMT };

/* Inserts bind uid and updated_at as parameters 1 and 2 (see demo_generate). */
#define INS(table, cols, params) "INSERT INTO " table "(uid, updated_at, " cols ") VALUES (?,?," params ")"
static const char *const stmt_sql[NSTMT] = {
	INS("staff", "handle, name, email", "?,?,?"),
	INS("accounts", "key, name, segment, industry, country, relationship, ladder, wallet, alternatives,"
	    " dynamism, importance, complexity, info_exchange, linkages, notes, created_at",
	    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"),
	INS("spectrum_history", "account_id, date, score, position, explicit", "?,?,?,?,?"),
	INS("contacts", "account_id, name, title, email, phone, buying_role", "?,?,?,?,?,?"),
	INS("roles", "account_id, role, staff_id", "?,?,?"),
	INS("nps", "account_id, score, date, contact, survey, comment", "?,?,?,?,?,?"),
	INS("financials", "account_id, period, period_start, period_end, revenue, cogs, cost_to_serve",
	    "?,?,?,?,?,?,?"),
	INS("activities", "account_id, date, rate_id, quantity", "?,?,?,?"),
	INS("meetings", "account_id, date, staff_id, notes, action_plan", "?,?,?,?,?"),
	INS("projects", "account_id, name, staff_id, started, finished, conditions, feedback_score",
	    "?,?,?,?,?,?,?"),
	INS("problems", "account_id, title, opened, staff_id, due, resolved, satisfaction", "?,?,?,?,?,?,?"),
	INS("notes", "account_id, created_at, author, body", "?,?,?,?"),
	INS("rates", "activity, unit, cost", "?,?,?") " ON CONFLICT(activity) DO NOTHING",
	"SELECT id, cost FROM rates WHERE activity = ?",
	"SELECT 1 FROM staff WHERE handle = ?",
};

struct quarter {
	char period[16];  /* "YYYY-Qn" */
	int start, end;   /* days since 1970-01-01, inclusive */
};

struct gen {
	struct store *s;
	sqlite3_stmt *st[NSTMT];
	unsigned long long seed;
	int today;                       /* days since 1970-01-01 */
	struct quarter q[4];             /* the last four complete quarters, oldest first */
	long long rate_id[NRATES], rate_cost[NRATES];
	int nstaff;
	long long *staff_id;             /* [nstaff] */
	char (*handle)[24];              /* [nstaff] */
	struct strmap keys, handles;     /* next_name() counters */
	unsigned char uid_prefix[8];     /* random per run; a uid is prefix + counter */
	uint64_t uid_next;
	char now[32];                    /* updated_at of every row written */
	char *err;
	size_t errlen;
};

/* Bind a fresh uid and updated_at, then the values fmt describes to
 * parameters 3.. of insert k; step it once, reset it, clear its bindings.
 * fmt: i int; s int, NULL when negative; l long long; L long long, NULL
 * when negative; f double; t text, NULL binds NULL (not copied: it must
 * live through the call); d int day number, NODATE binds NULL; T int day
 * number and int minute of the day, as an ISO 8601 UTC timestamp.
 * Returns 0, or -1 with err. */
static int put(struct gen *g, enum stmt k, const char *fmt, ...)
{
	sqlite3_stmt *st = g->st[k];
	unsigned char uid[16];
	memcpy(uid, g->uid_prefix, 8);
	for (int i = 0; i < 8; i++)
		uid[15 - i] = (unsigned char)(g->uid_next >> (8 * i));
	g->uid_next++;
	int rc = sqlite3_bind_blob(st, 1, uid, 16, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, g->now, -1, SQLITE_STATIC);
	char dates[8][32];
	va_list ap;
	va_start(ap, fmt);
	for (int i = 0, p = 3; fmt[i] && rc == SQLITE_OK; i++, p++) {
		long long v;
		const char *t;
		switch (fmt[i]) {
		case 'i': case 's':
			v = va_arg(ap, int);
			rc = fmt[i] == 's' && v < 0 ? sqlite3_bind_null(st, p) : sqlite3_bind_int64(st, p, v);
			break;
		case 'l': case 'L':
			v = va_arg(ap, long long);
			rc = fmt[i] == 'L' && v < 0 ? sqlite3_bind_null(st, p) : sqlite3_bind_int64(st, p, v);
			break;
		case 'f':
			rc = sqlite3_bind_double(st, p, va_arg(ap, double));
			break;
		case 't':
			t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(st, p, t, -1, SQLITE_STATIC) : sqlite3_bind_null(st, p);
			break;
		case 'd': case 'T': {
			int day = va_arg(ap, int), min = fmt[i] == 'T' ? va_arg(ap, int) : -1;
			if (day == NODATE) {
				rc = sqlite3_bind_null(st, p);
				break;
			}
			char *b = dates[i & 7];
			value_date_fmt((int32_t)day, b, 11);
			if (min >= 0)
				snprintf(b + 10, 22, "T%02d:%02d:00.000Z", min / 60 % 24, min % 60);
			rc = sqlite3_bind_text(st, p, b, -1, SQLITE_STATIC);
			break; }
		default:
			rc = SQLITE_MISUSE;
		}
	}
	va_end(ap);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		const char *t = stmt_sql[k] + strlen("INSERT INTO ");
		char what[48];
		snprintf(what, sizeof what, "writing %.*s", (int)strcspn(t, "("), t);
		store_fail(g->s, what, g->err, g->errlen);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- people and companies ------------------------------------------------------ */

/* A person's name in the locale's order, with the folded given and family
 * names (lower case) for handles and e-mail addresses. */
static void person(struct rng *r, const struct locale *lc, char *name, size_t n,
		   char *given, char *family, size_t fn)
{
	const char *f = lc->first[rng_below(r, lc->nfirst)], *l = lc->last[rng_below(r, lc->nlast)];
	char fb[40], lb[40];
	shown(f, fb, sizeof fb);
	shown(l, lb, sizeof lb);
	if (lc->family_first)
		snprintf(name, n, "%s%s%s", lb, lc->family_first == 1 ? " " : "", fb);
	else
		snprintf(name, n, "%s %s", fb, lb);
	fold(f, 0, 16, given, fn);
	const char *sp = strrchr(l, ' ');    /* "van der Berg": "berg" */
	fold(sp ? sp + 1 : l, 0, 16, family, fn);
}

/* A company name typical of the locale and country, and the stem of its
 * key: the folded upper-case letters of a distinctive word (at most 8), or
 * initials ("Société Générale des Eaux": SGE). */
static void company(struct rng *r, const struct locale *lc, const struct country *co, char *name, size_t n,
		    char *stem, size_t sn)
{
	const char *tail = lc->tails[rng_below(r, lc->ntails)];
	const char *last = lc->last[rng_below(r, lc->nlast)];
	const char *key = strrchr(last, ' ') ? strrchr(last, ' ') + 1 : last;
	char brand[32], legal[32], city[32], cap[64];
	const char *s1 = PICK(r, syl1), *s2 = PICK(r, syl2), *s3 = PICK(r, syl3);
	snprintf(brand, sizeof brand, "%s%s%s", s1, s2, s3);
	const char *lp = co->legal;          /* one of the ';'-separated legal forms */
	for (size_t k = rng_below(r, 6); k; k--)
		lp = strchr(lp, ';') ? strchr(lp, ';') + 1 : co->legal;
	int ll = (int)strcspn(lp, ";");
	snprintf(legal, sizeof legal, "%s%.*s", ll ? " " : "", ll, lp);
	snprintf(cap, sizeof cap, "%c%s", last[0] >= 'a' && last[0] <= 'z' ? last[0] - 32 : last[0], last + 1);
	int v = (int)rng_below(r, 10);
	if (lc->pattern == P_EN && rng_chance(r, 0.004)) {
		snprintf(name, n, "%s %s %s", brand, PICK(r, emoji), tail);
		key = brand;
	} else if (v < 2 && lc->pattern <= P_OTHER) {
		snprintf(name, n, "%s %s%s", brand, tail, legal);
		key = brand;
	} else if (lc->pattern == P_EN && v < 5) {
		snprintf(name, n, "%s & %s%s", last, PICK(r, l_en), legal);
	} else if (lc->pattern == P_EN && v < 7) {
		key = PICK(r, en_adj);
		snprintf(name, n, "%s %s%s", key, tail, legal);
	} else if (lc->pattern == P_DE && v < 5) {
		key = PICK(r, de_city);
		snprintf(name, n, "%s %s%s", key, tail, legal);
	} else if (lc->pattern == P_FR && v < 5) {
		const char *adj = PICK(r, fr_adj), *thing = PICK(r, fr_thing);
		snprintf(name, n, "%s %s des %s%s", v & 1 ? "Compagnie" : "Société", adj, thing, legal);
		char a[4], t[4];
		fold(adj, 1, 1, a, sizeof a);
		fold(thing, 1, 1, t, sizeof t);
		snprintf(stem, sn, "%c%s%s", v & 1 ? 'C' : 'S', a, t);
		return;
	} else if (lc->pattern == P_FR && v < 7) {
		snprintf(name, n, "Établissements %s%s", last, legal);
	} else if (lc->pattern == P_ES) {
		if (v < 7)
			snprintf(name, n, "%s %s%s", tail, last, legal);
		else
			snprintf(name, n, "%s y Asociados%s", last, legal);
	} else if (lc->pattern >= P_JP) {
		key = lc->pattern == P_JP ? PICK(r, city_jp) : PICK(r, city_cn);
		shown(key, city, sizeof city);
		if (lc->pattern == P_CN)
			snprintf(name, n, "%s%s有限公司", city, tail);
		else
			snprintf(name, n, "%s%s%s%s", v < 4 ? "株式会社" : "", city, tail, v >= 7 ? "株式会社" : "");
	} else {
		snprintf(name, n, "%s %s%s", cap, tail, legal);
	}
	fold(key, 1, 8, stem, sn);
	if (!*stem)
		snprintf(stem, sn, "ACCT");
}

/* ---- one account ------------------------------------------------------------------ */

/* What the later tables need to know of the account being written. */
struct acct {
	long long id;
	const struct locale *lc;
	double revenue, margin, cts;   /* per year: currency units, fraction, target cost-to-serve */
	int demanding;                 /* buys on change orders, rush deliveries, support hours */
	int big;                       /* revenue of mid-market size or more */
	int ladder, onboard;           /* rung 1-8; the day it became a customer */
	long long owner[3];            /* staff id per role, -1 when unassigned */
	int owner_ix;                  /* the relationship owner's index in g->staff_id, -1 */
	char stem[16];
	char contact[4][96];           /* contact names, for NPS responses */
	int ncontacts;
};

/* The fraction of quarter k the account was a customer in. */
static double quarter_share(const struct gen *g, const struct acct *a, int k)
{
	const struct quarter *q = &g->q[k];
	if (a->onboard > q->end)
		return 0;
	return (double)(q->end - later(a->onboard, q->start) + 1) / (q->end - q->start + 1);
}

/* Activities inside the four quarters whose cost adds up to the account's
 * target (about 7% more rows fall outside them); qcost[k] gets each
 * quarter's cost in cents. */
static int gen_activities(struct gen *g, struct rng *r, const struct acct *a, long long qcost[4])
{
	double w[NRATES], wsum = 0, qshare[4], avail = 0;
	for (int i = 0; i < NRATES; i++)
		wsum += w[i] = rate_defs[i].base * (a->demanding ? rate_defs[i].demanding : 1) * rng_lognormal(r, 1, 0.4);
	for (int k = 0; k < 4; k++)
		avail += qshare[k] = quarter_share(g, a, k);
	if (avail <= 0)
		return 0;
	int n = clampi(lround(rng_lognormal(r, 14.5, 0.75) * pow(a->revenue / MEDIAN_REVENUE, 0.1) * avail / 4),
		       1, MAX_ROWS);
	int type[MAX_ROWS], date[MAX_ROWS];
	double share[MAX_ROWS], ssum = 0;
	for (int i = 0; i < n; i++) {
		double u = rng_unit(r) * wsum, qu = rng_unit(r) * avail;
		int t = 0, k = 0;
		while (t < NRATES - 1 && (u -= w[t]) >= 0)
			t++;
		while (k < 3 && (qu -= qshare[k]) >= 0)
			k++;
		if (qshare[k] <= 0)     /* rounding ran past the last quarter */
			k = 3;
		type[i] = t;
		date[i] = rng_int(r, later(a->onboard, g->q[k].start), g->q[k].end);
		ssum += share[i] = rng_lognormal(r, 1, 0.5);
	}
	double total = a->cts * avail / 4 * 100;   /* cents */
	for (int i = 0; i < n; i++) {
		long long cost = g->rate_cost[type[i]];
		double units = cost > 0 ? total * share[i] / ssum / (double)cost : 1;
		long long milli = strcmp(rate_defs[type[i]].unit, "hour") == 0
			? later((int)llround(units * 4), 1) * 250LL : later((int)llround(units), 1) * 1000LL;
		for (int k = 0; k < 4; k++)
			if (date[i] >= g->q[k].start && date[i] <= g->q[k].end)
				qcost[k] += milli * cost / 1000;
		if (put(g, S_ACT, "ldll", a->id, date[i], g->rate_id[type[i]], milli) != 0)
			return -1;
		if (!rng_chance(r, 0.07))
			continue;
		/* outside: in the current quarter so far, or before the four */
		int cur = g->q[3].end + 1;
		int day = cur <= g->today && rng_chance(r, 0.6) ? rng_int(r, cur, g->today)
			: rng_int(r, g->q[0].start - 120, g->q[0].start - 1);
		if (day >= a->onboard && put(g, S_ACT, "ldll", a->id, day, g->rate_id[type[i]], milli) != 0)
			return -1;
	}
	return 0;
}

static int gen_financials(struct gen *g, struct rng *r, const struct acct *a, const long long qcost[4])
{
	int explicit_cts = rng_chance(r, 0.08);
	for (int k = 0; k < 4; k++) {
		double sh = quarter_share(g, a, k);
		if (sh <= 0)
			continue;
		double rev = a->revenue / 4 * sh * clampd(1 + 0.12 * rng_normal(r), 0.5, 1.6);
		long long cogs = llround(rev * 100 * (1 - a->margin) * clampd(1 + 0.03 * rng_normal(r), 0.9, 1.1));
		long long cts = explicit_cts ? llround((double)qcost[k] * (0.85 + 0.3 * rng_unit(r))) : -1;
		if (put(g, S_FIN, "ltddllL", a->id, g->q[k].period, g->q[k].start, g->q[k].end,
			llround(rev * 100), cogs, cts) != 0)
			return -1;
	}
	return 0;
}

/* Responses over the last 18 months, scores rising with the ladder. */
static int gen_nps(struct gen *g, struct rng *r, const struct acct *a)
{
	int n = rng_chance(r, 0.06) ? 0
		: clampi(lround(rng_lognormal(r, 7, 0.9) * pow(a->revenue / MEDIAN_REVENUE, 0.12)), 0, 200);
	for (int i = 0; i < n; i++) {
		double u = rng_unit(r);
		int kind = u < 0.55 ? 0 : u < 0.85 ? 1 : 2;     /* relationship, transaction, problem */
		int score = score_around(r, 4.4 + 0.85 * a->ladder - (kind == 2), 1.5);
		const char *comment = NULL;
		if (rng_chance(r, score <= 6 ? 0.7 : score <= 8 ? 0.15 : 0.25))
			comment = score <= 6 ? PICK(r, c_detractor) : score <= 8 ? PICK(r, c_passive) : PICK(r, c_promoter);
		const char *contact = a->ncontacts && rng_chance(r, 0.5) ? a->contact[rng_below(r, (size_t)a->ncontacts)] : NULL;
		int day = rng_int(r, later(g->today - 547, a->onboard), g->today);
		if (put(g, S_NPS, "lidttt", a->id, score, day, contact, surveys[kind], comment) != 0)
			return -1;
	}
	return 0;
}

/* Every 2.5-6.5 months back from the last one; a fifth of the accounts have
 * not been met for 182+ days, a few never. */
static int gen_meetings(struct gen *g, struct rng *r, const struct acct *a)
{
	double u = rng_unit(r);
	if (u < 0.04 || a->onboard > g->today - 3)
		return 0;
	int last = g->today - (u < 0.24 ? rng_int(r, 183, 540) : rng_int(r, 3, 178));
	if (last < a->onboard)
		last = rng_int(r, a->onboard, a->onboard + 30 < g->today ? a->onboard + 30 : g->today);
	for (int d = last; d >= later(g->today - 547, a->onboard); d -= rng_int(r, 75, 200)) {
		long long staff = a->owner[0];
		if (rng_chance(r, staff < 0 ? 0.5 : 0.15))
			staff = g->staff_id[rng_below(r, (size_t)g->nstaff)];
		const char *notes = PICK(r, meet_notes), *plan = rng_chance(r, 0.7) ? PICK(r, action_plans) : NULL;
		if (put(g, S_MEET, "ldLtt", a->id, d, staff, notes, plan) != 0)
			return -1;
	}
	return 0;
}

/* Up to want distinct indices below n into ix; returns how many. */
static int distinct(struct rng *r, size_t n, int want, int ix[])
{
	int k = 0;
	for (int tries = 0; k < want && tries < 50; tries++) {
		int c = (int)rng_below(r, n), dup = 0;
		for (int j = 0; j < k; j++)
			dup |= ix[j] == c;
		if (!dup)
			ix[k++] = c;
	}
	return k;
}

static int gen_projects(struct gen *g, struct rng *r, const struct acct *a)
{
	int earliest = later(g->today - 700, a->onboard);
	if (!rng_chance(r, a->big ? 0.7 : 0.4) || earliest > g->today - 20)
		return 0;
	int ix[4], n = distinct(r, N(project_names), rng_int(r, 1, a->big ? 4 : 2), ix);
	for (int i = 0; i < n; i++) {
		int started = rng_int(r, earliest, g->today - 20);
		int finished = started + rng_int(r, 15, 180);
		if (finished >= g->today || rng_chance(r, 0.12))
			finished = NODATE;
		int feedback = finished != NODATE && rng_chance(r, 0.78) ? score_around(r, 4.4 + 0.85 * a->ladder, 1.5) : -1;
		if (put(g, S_PROJ, "ltLddts", a->id, project_names[ix[i]], a->owner[1], started, finished,
			rng_chance(r, 0.8) ? PICK(r, conditions) : NULL, feedback) != 0)
			return -1;
	}
	return 0;
}

/* Due in 7 days or at an agreed later date; old ones mostly resolved. */
static int gen_problems(struct gen *g, struct rng *r, const struct acct *a)
{
	if (!rng_chance(r, a->demanding ? 0.75 : 0.4))
		return 0;
	int ix[4], n = distinct(r, N(problem_titles), rng_chance(r, 0.6) ? 1 : rng_int(r, 2, 4), ix);
	for (int i = 0; i < n; i++) {
		int opened = rng_int(r, later(g->today - 420, a->onboard), g->today);
		int due = opened + (rng_chance(r, 0.85) ? 7 : rng_int(r, 10, 40));
		int age = g->today - opened, resolved = NODATE, sat = -1;
		if (rng_chance(r, age > 45 ? 0.92 : age > 7 ? 0.6 : 0.3)) {
			resolved = opened + clampi(lround(rng_lognormal(r, 5, 0.8)), 0, age);
			if (rng_chance(r, 0.85))
				sat = score_around(r, resolved <= due ? 8 : 5, 1.8);
		}
		if (put(g, S_PROB, "ltdLdds", a->id, problem_titles[ix[i]], opened, a->owner[2], due, resolved, sat) != 0)
			return -1;
	}
	return 0;
}

/* 1-4 contacts with distinct names and, mostly, distinct buying roles. */
static int gen_contacts(struct gen *g, struct rng *r, struct acct *a, const struct country *co)
{
	int want = clampi(1 + a->big + (a->revenue > 1.2e6) + rng_int(r, 0, 1), 1, 4);
	int roles[4], nroles = distinct(r, 6, want, roles);
	for (int tries = 0; a->ncontacts < want && tries < 20; tries++) {
		char name[96], given[24], family[24], dom[16], email[96], phone[40];
		person(r, a->lc, name, sizeof name, given, family, sizeof given);
		int dup = 0;
		for (int j = 0; j < a->ncontacts; j++)
			dup |= strcmp(a->contact[j], name) == 0;
		if (dup)
			continue;
		fold(a->stem, 0, 8, dom, sizeof dom);
		snprintf(email, sizeof email, "%s.%s@%s.example", given, family, dom);
		int area = rng_int(r, 20, 99), number = rng_int(r, 0, 9999999);
		snprintf(phone, sizeof phone, "%s %d %07d", co->phone, area, number);
		int role = a->ncontacts < nroles && !rng_chance(r, 0.1) ? roles[a->ncontacts] : -1;
		const char *title = role >= 0 ? titles[role][rng_below(r, 3)] : NULL;
		int has_email = rng_chance(r, 0.9), has_phone = rng_chance(r, 0.7);
		if (put(g, S_CONTACT, "lttttt", a->id, name, title, has_email ? email : NULL,
			has_phone ? phone : NULL, role >= 0 ? buying_roles[role] : NULL) != 0)
			return -1;
		strlcpy_r(a->contact[a->ncontacts++], name, sizeof a->contact[0]);
	}
	return 0;
}

/* The account row, its position history, roles and team. */
static int gen_account(struct gen *g, long index)
{
	struct rng rr = rng_stream(g->seed, (uint64_t)index + 1), *r = &rr;
	struct acct a = { .owner_ix = -1 };
	int pick = (int)rng_below(r, 1000), li = 0;
	while (li < (int)N(locales) - 1 && (pick -= locales[li].weight) >= 0)
		li++;
	a.lc = &locales[li];
	const struct country *co = &a.lc->countries[rng_below(r, a.lc->ncountries)];
	char name[192], key[24];
	company(r, a.lc, co, name, sizeof name, a.stem, sizeof a.stem);
	next_name(&g->keys, a.stem, key, sizeof key);

	/* Size, margin and serving cost: see the top comment. */
	a.revenue = clampd(rng_lognormal(r, MEDIAN_REVENUE, 1.2), 2000, 5e8);
	int public = rng_chance(r, 0.08);
	int seg = public ? 3 : a.revenue >= 1.2e6 ? 0 : a.revenue >= 2e5 ? 1 : 2;
	a.big = a.revenue >= 2e5;
	a.demanding = rng_chance(r, a.revenue >= 1.2e6 ? 0.45 : 0.2);
	a.margin = 0.30 + 0.07 * rng_normal(r) - (a.demanding ? 0.07 : 0);
	if (a.revenue > 1e6)
		a.margin -= 0.03 * log10(a.revenue / 1e6);   /* big buyers press prices */
	a.margin = clampd(a.margin, 0.04, 0.6);
	/* relative serving cost falls with size, except for demanding accounts */
	double f = a.demanding ? rng_lognormal(r, 0.33, 0.5)
		: rng_lognormal(r, 0.17, 0.7) * pow(a.revenue / MEDIAN_REVENUE, -0.3);
	a.cts = f * a.revenue < 2500 ? 2500 + 2500 * rng_unit(r) : f * a.revenue;

	/* The spectrum attributes and the ladder share one latent closeness. */
	double close = rng_normal(r) + 0.3 * log10(a.revenue / MEDIAN_REVENUE);
	int attr[SPECTRUM_NATTR], bound[SPECTRUM_NATTR];   /* bound: -1 binds NULL */
	for (int i = 0; i < SPECTRUM_NATTR; i++)
		attr[i] = clampi(lround(3 + 0.9 * close + 0.8 * rng_normal(r)), 1, 5);
	if (rng_chance(r, 0.02))
		attr[rng_below(r, SPECTRUM_NATTR)] = 0;    /* not assessed */
	for (int i = 0; i < SPECTRUM_NATTR; i++)
		bound[i] = attr[i] ? attr[i] : -1;
	a.ladder = clampi(lround(4.3 + 1.2 * (0.6 * close + 0.8 * rng_normal(r)) - a.demanding), 1, 8);
	int explicit_pos = rng_chance(r, 0.04) ? (int)rng_below(r, 3) : -1;
	double share = clampd(0.15 + 0.5 * rng_unit(r) + 0.1 * close, 0.03, 0.95);
	long long wallet = rng_chance(r, 0.1) ? -1 : llround(a.revenue / share / 1000) * 100000;
	a.onboard = g->today - (rng_chance(r, 0.06) ? rng_int(r, 20, 400)
				: 400 + clampi(lround(rng_lognormal(r, 1200, 0.7)), 0, 4500));
	const char *industry = public ? PICK(r, public_industries) : PICK(r, industries);
	const char *note = rng_chance(r, 0.05) ? PICK(r, account_notes) : NULL;
	int at = rng_int(r, 420, 1080);   /* minute of the day */
	if (put(g, S_ACCOUNT, "ttttttiLsssssstT", key, name, segments[seg], industry, co->code,
		explicit_pos >= 0 ? spectrum_words[explicit_pos] : NULL, a.ladder, wallet,
		bound[0], bound[1], bound[2], bound[3], bound[4], bound[5], note, a.onboard, at) != 0)
		return -1;
	a.id = sqlite3_last_insert_rowid(g->s->db);

	/* Position since onboarding; ~5% moved to it recently from a neighbour. */
	double score;
	int has, since = a.onboard;
	enum spectrum_position pos = spectrum_classify(attr, explicit_pos, &score, &has);
	if (rng_chance(r, 0.05) && a.onboard < g->today - 150) {
		int before = pos == POSITION_VALUE_ADDING ? (rng_chance(r, 0.5) ? 0 : 2) : 1;
		int sum = before == 0 ? rng_int(r, 3, 9) : before == 1 ? rng_int(r, 10, 14) : rng_int(r, 15, 22);
		if (put(g, S_SPECTRUM, "ldfti", a.id, a.onboard, sum * 25.0 / 6, spectrum_words[before], 0) != 0)
			return -1;
		since = g->today - rng_int(r, 10, 120);
	}
	if (put(g, S_SPECTRUM, "ldfti", a.id, since, score, spectrum_words[pos], explicit_pos >= 0) != 0 ||
	    gen_contacts(g, r, &a, co) != 0)
		return -1;

	/* Roles: relationship owners have skewed portfolios; some unassigned. */
	static const double held[3] = { 0.92, 0.65, 0.6 };
	for (int k = 0; k < 3; k++) {
		a.owner[k] = -1;
		if (!rng_chance(r, held[k]))
			continue;
		int ix = k == 0 ? (int)(g->nstaff * pow(rng_unit(r), 1.4))
			: k == 1 && a.owner_ix >= 0 && rng_chance(r, 0.5) ? a.owner_ix : (int)rng_below(r, (size_t)g->nstaff);
		if (k == 0)
			a.owner_ix = ix;
		a.owner[k] = g->staff_id[ix];
		if (put(g, S_ROLE, "ltl", a.id, role_words[k], a.owner[k]) != 0)
			return -1;
	}

	long long qcost[4] = { 0, 0, 0, 0 };
	if (gen_activities(g, r, &a, qcost) != 0 || gen_financials(g, r, &a, qcost) != 0 ||
	    gen_nps(g, r, &a) != 0 || gen_meetings(g, r, &a) != 0 || gen_projects(g, r, &a) != 0 ||
	    gen_problems(g, r, &a) != 0)
		return -1;
	for (int i = rng_chance(r, 0.06) ? rng_int(r, 1, 2) : 0; i > 0; i--) {
		int day = rng_int(r, a.onboard, g->today), minute = rng_int(r, 480, 1080);
		if (put(g, S_NOTE, "lTtt", a.id, day, minute, a.owner_ix >= 0 ? g->handle[a.owner_ix] : NULL,
			PICK(r, note_bodies)) != 0)
			return -1;
	}
	return 0;
}

/* ---- the portfolio ---------------------------------------------------------------- */

/* accounts/15 staff (at least 3); handles like "aduval", never one the
 * database already has. */
static int gen_staff(struct gen *g, long accounts)
{
	struct rng r = rng_stream(g->seed, 0);
	g->nstaff = accounts / 15 > 3 ? (int)(accounts / 15) : 3;
	g->staff_id = xcalloc((size_t)g->nstaff, sizeof *g->staff_id);
	g->handle = xcalloc((size_t)g->nstaff, sizeof *g->handle);
	for (int i = 0; i < g->nstaff; i++) {
		int li = rng_chance(&r, 0.75) ? (int)rng_below(&r, 3) : (int)rng_below(&r, N(locales));
		char name[96], given[24], family[24], base[24], email[64];
		person(&r, &locales[li], name, sizeof name, given, family, sizeof given);
		snprintf(base, sizeof base, "%.1s%.12s", given, family);
		sqlite3_stmt *st = g->st[S_HANDLE];
		int rc;
		do {
			next_name(&g->handles, base, g->handle[i], sizeof g->handle[i]);
			sqlite3_bind_text(st, 1, g->handle[i], -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
		} while (rc == SQLITE_ROW);
		if (rc != SQLITE_DONE)
			return store_fail(g->s, "staff", g->err, g->errlen);
		snprintf(email, sizeof email, "%s@supplier.example", g->handle[i]);
		if (put(g, S_STAFF, "ttt", g->handle[i], name, email) != 0)
			return -1;
		g->staff_id[i] = sqlite3_last_insert_rowid(g->s->db);
	}
	return 0;
}

/* The activity rates; a rate the user already has is kept, and priced. */
static int gen_rates(struct gen *g)
{
	sqlite3_stmt *st = g->st[S_RATE_GET];
	for (int i = 0; i < NRATES; i++) {
		if (put(g, S_RATE, "ttl", rate_defs[i].activity, rate_defs[i].unit, rate_defs[i].cost) != 0)
			return -1;
		sqlite3_bind_text(st, 1, rate_defs[i].activity, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		g->rate_id[i] = sqlite3_column_int64(st, 0);
		g->rate_cost[i] = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return store_fail(g->s, "rates", g->err, g->errlen);
	}
	return 0;
}

/* The last four complete calendar quarters before today, oldest first. */
static int set_quarters(struct gen *g)
{
	char buf[16];
	value_date_fmt((int32_t)g->today, buf, sizeof buf);
	int y = atoi(buf), qn = (atoi(buf + 5) - 1) / 3;   /* today's quarter, 0-based */
	for (int k = 3; k >= 0; k--) {
		if (--qn < 0)
			qn = 3, y--;
		snprintf(g->q[k].period, sizeof g->q[k].period, "%04d-Q%c", y % 10000, (char)('1' + qn));
		int32_t s, e;
		if (value_period(g->q[k].period, &s, &e, g->err, g->errlen) != 0)
			return -1;
		g->q[k].start = s;
		g->q[k].end = e;
	}
	return 0;
}

/* The first column of the first row of sql as an integer, or dflt. */
static long long query_int(struct store *s, const char *sql, long long dflt)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	long long v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
	sqlite3_finalize(st);
	return v;
}

/* Within the transaction: refuse a database with accounts, prepare the
 * statements, take the time stamp of every row. */
static int prepare(struct gen *g)
{
	long long n = query_int(g->s, "SELECT count(*) FROM accounts", -1);
	if (n != 0) {
		if (n < 0)
			return store_fail(g->s, "accounts", g->err, g->errlen);
		snprintf(g->err, g->errlen, "%s already holds %lld account%s; the demo portfolio goes only into "
			 "a database without accounts (nothing was written)", g->s->path, n, n == 1 ? "" : "s");
		return -1;
	}
	for (int k = 0; k < NSTMT; k++)
		if (!(g->st[k] = store_prepare(g->s, stmt_sql[k], g->err, g->errlen)))
			return -1;
	sqlite3_stmt *st = store_prepare(g->s, "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", g->err, g->errlen);
	int rc = st && sqlite3_step(st) == SQLITE_ROW ? 0 : store_fail(g->s, "time", g->err, g->errlen);
	if (rc == 0)
		strlcpy_r(g->now, (const char *)sqlite3_column_text(st, 0), sizeof g->now);
	sqlite3_finalize(st);
	return rc;
}

int demo_generate(struct store *s, long accounts, unsigned long long seed, int progress,
		  char *err, size_t errlen)
{
	if (accounts < 1 || accounts > 10000000) {
		snprintf(err, errlen, "the number of accounts must be from 1 to 10000000, not %ld", accounts);
		return -1;
	}
	struct gen g = { .s = s, .seed = seed, .err = err, .errlen = errlen };
	int32_t today;
	if (value_today(&today, err, errlen) != 0)
		return -1;
	g.today = today;
	if (set_quarters(&g) != 0)
		return -1;
	/* Speed (100000 accounts are some 6 million rows): a larger page cache
	 * (12 KiB per account, at most 256 MiB: more gains little), statement
	 * journals (every insert that fires an audit trigger opens one) in
	 * memory, and uids made of a random per-run prefix and a counter, so
	 * that the uid indexes grow at their right edge instead of at random
	 * places; they stay globally unique.  The connection's settings are
	 * restored. */
	long long cache = query_int(s, "PRAGMA cache_size", -2000), temp = query_int(s, "PRAGMA temp_store", 0);
	long kib = accounts * 12 < 2400 ? 2400 : accounts * 12 > 262144 ? 262144 : accounts * 12;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", kib);
	sqlite3_randomness(sizeof g.uid_prefix, g.uid_prefix);
	int rc = store_exec(s, sql, err, errlen);
	if (rc == 0)
		rc = store_exec(s, "PRAGMA temp_store = MEMORY", err, errlen);
	if (rc == 0 && (rc = store_begin_bulk(s, err, errlen)) == 0) {
		rc = prepare(&g);
		if (rc == 0)
			rc = gen_rates(&g);
		if (rc == 0)
			rc = gen_staff(&g, accounts);
		int tty = progress && isatty(STDERR_FILENO);
		for (long i = 0; i < accounts && rc == 0; i++) {
			rc = gen_account(&g, i);
			if (tty && (i % 1000 == 999 || i + 1 == accounts))
				fprintf(stderr, "\rdemo: %ld/%ld accounts", i + 1, accounts);
		}
		if (tty)
			fputc('\n', stderr);
		for (int k = 0; k < NSTMT; k++)
			sqlite3_finalize(g.st[k]);
		if (rc == 0)
			rc = store_commit(s, err, errlen);
		else
			store_rollback(s);
	}
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", cache);
	store_exec(s, sql, NULL, 0);
	snprintf(sql, sizeof sql, "PRAGMA temp_store = %lld", temp);
	store_exec(s, sql, NULL, 0);
	free(g.staff_id);
	free(g.handle);
	free(g.keys.key);
	free(g.keys.val);
	free(g.handles.key);
	free(g.handles.val);
	return rc;
}
