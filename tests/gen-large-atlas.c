/* gen-large-atlas.c: write a large synthetic atlas document
 *
 * Usage: gen-large-atlas OUT.xml [--places N] [--routes N] [--stops N]
 *                                [--sections N] [--events N] [--people N]
 *                                [--seed S]
 *
 * The document is valid by construction (schema and loader rules: unique
 * ids, refs of the right kind, dates in range and never going back along a
 * route) and depends only on the options, so load benchmarks compare like
 * with like from one run to the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>

#include <glib.h>
#include <glib/gstdio.h>

#define FIRST_YEAR 1200
#define LAST_YEAR 1300
/* Dates are drawn on a calendar of 12 months of 28 days: every generated
 * day exists in every month, and day order is date order. */
#define DAYS_PER_MONTH 28
#define DAYS_PER_YEAR (12 * DAYS_PER_MONTH)
#define N_DAYS ((LAST_YEAR - FIRST_YEAR + 1) * DAYS_PER_YEAR)
#define N_FACTIONS 12

typedef enum
{
  PRECISION_YEAR,
  PRECISION_MONTH,
  PRECISION_DAY,
} Precision;

/* splitmix64: small, fast, and the same sequence on every platform. */
typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is irrelevant for test data. */
static guint
rng_below (Rng   *rng,
           guint  n)
{
  return n ? (guint) (rng_next (rng) % n) : 0;
}

static double
rng_uniform (Rng    *rng,
             double  min,
             double  max)
{
  return min + (max - min) * ((rng_next (rng) >> 11) * (1.0 / 9007199254740992.0));
}

static gboolean
rng_chance (Rng  *rng,
            guint percent)
{
  return rng_below (rng, 100) < percent;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

static const char * const syllables[] = {
  "ba", "chen", "du", "fan", "gao", "hei", "jin", "kar", "lan", "ming",
  "ning", "ordo", "qing", "sha", "tai", "ur", "wu", "xi", "yan", "zhong",
  "bal", "dar", "kho", "lu", "mer", "su", "tog", "yin", "zam", "ho",
};

static const char * const suffixes[] = {
  "", "", "", " Fort", " Pass", " Town", " Camp", " Gate", " Ford", " Heights",
};

static const char * const han[] = {
  "城", "山", "河", "關", "州", "府", "寨", "堡", "鎮", "谷", "原", "口",
};

static const char * const kinds[] = {
  "capital", "city", "fortress", "pass", "town", "region", "river",
  "mountains", "desert", "tomb", "camp", "other",
};

static const char * const colors[N_FACTIONS] = {
  "#2b5797", "#a4262c", "#c38a1e", "#3f7f3f", "#7a5c99", "#00797a",
  "#b04a8c", "#5a6e1f", "#8c4b12", "#36454f", "#d2691e", "#1f6fb2",
};

static const char * const faction_names[N_FACTIONS] = {
  "Mongol Empire", "Western Xia", "Jin dynasty", "Southern Song", "Keraites",
  "Naimans", "Khwarazm", "Qara Khitai", "Tanguts of the west", "Uyghurs",
  "Goryeo", "Dali",
};

static const char * const nouns[] = {
  "army", "garrison", "vanguard", "cavalry", "envoys", "rearguard", "militia",
};

static const char * const verbs[] = {
  "marched on", "besieged", "bypassed", "raided the country around",
  "sent envoys to", "fell back towards", "wintered near",
};

/* A capitalised name of two or three syllables. */
static char *
make_name (Rng *rng)
{
  GString *name = g_string_new (NULL);
  guint n = 2 + rng_below (rng, 2);

  for (guint i = 0; i < n; i++)
    g_string_append (name, PICK (rng, syllables));
  name->str[0] = g_ascii_toupper (name->str[0]);
  return g_string_free (name, FALSE);
}

static void
day_to_ymd (guint  day,
            guint *year,
            guint *month,
            guint *mday)
{
  *year = FIRST_YEAR + day / DAYS_PER_YEAR;
  *month = 1 + day % DAYS_PER_YEAR / DAYS_PER_MONTH;
  *mday = 1 + day % DAYS_PER_MONTH;
}

/* Writes ` name="date"` for a day index at a precision. */
static void
put_date (FILE       *out,
          const char *name,
          guint       day,
          Precision   precision)
{
  guint year, month, mday;

  day_to_ymd (MIN (day, N_DAYS - 1), &year, &month, &mday);
  if (precision == PRECISION_YEAR)
    fprintf (out, " %s=\"%04u\"", name, year);
  else if (precision == PRECISION_MONTH)
    fprintf (out, " %s=\"%04u-%02u\"", name, year, month);
  else
    fprintf (out, " %s=\"%04u-%02u-%02u\"", name, year, month, mday);
}

typedef struct
{
  guint n_places;
  guint n_routes;
  guint n_stops;
  guint n_sections;
  guint n_events;
  guint n_people;
  Rng rng;
  FILE *out;
  char **place_names;
  char **person_names;
  char **event_titles;
  guint *event_places;
} Generator;

static void
write_meta (Generator *gen)
{
  FILE *out = gen->out;

  fprintf (out,
           "  <meta>\n"
           "    <title>Synthetic campaigns of the thirteenth century</title>\n"
           "    <subtitle>Generated load-test atlas &amp; benchmark input</subtitle>\n"
           "    <period from=\"%d\" to=\"%d\"/>\n"
           "    <view lat=\"35.0\" lon=\"102.5\" zoom=\"4\"/>\n"
           "    <source href=\"https://example.org/xia-atlas/synthetic\" license=\"CC0-1.0\">"
           "Generated data</source>\n"
           "    <infobox>\n"
           "      <field name=\"Places\">%u</field>\n"
           "      <field name=\"Events\">%u</field>\n"
           "      <field name=\"Routes\">%u of %u stops</field>\n"
           "    </infobox>\n"
           "  </meta>\n",
           FIRST_YEAR, LAST_YEAR, gen->n_places, gen->n_events, gen->n_routes, gen->n_stops);
}

static void
write_factions (Generator *gen)
{
  fputs ("  <factions>\n", gen->out);
  for (guint i = 0; i < N_FACTIONS; i++)
    fprintf (gen->out, "    <faction id=\"f%02u\" color=\"%s\">%s</faction>\n",
             i, colors[i], faction_names[i]);
  fputs ("  </factions>\n", gen->out);
}

static void
write_people (Generator *gen)
{
  Rng *rng = &gen->rng;

  fputs ("  <people>\n", gen->out);
  for (guint i = 0; i < gen->n_people; i++)
    {
      guint born = FIRST_YEAR - 60 + rng_below (rng, 90);

      gen->person_names[i] = make_name (rng);
      fprintf (gen->out, "    <person id=\"person%04u\" faction=\"f%02u\"", i, rng_below (rng, N_FACTIONS));
      if (rng_chance (rng, 80))
        fprintf (gen->out, " born=\"%04u\"", born);
      if (rng_chance (rng, 70))
        fprintf (gen->out, " died=\"%04u-%02u\"", born + 25 + rng_below (rng, 50), 1 + rng_below (rng, 12));
      if (rng_chance (rng, 10))
        fputs (" approx=\"true\"", gen->out);
      fprintf (gen->out, ">%s</person>\n", gen->person_names[i]);
    }
  fputs ("  </people>\n", gen->out);
}

static void
write_places (Generator *gen)
{
  Rng *rng = &gen->rng;
  FILE *out = gen->out;

  fputs ("  <places>\n", out);
  for (guint i = 0; i < gen->n_places; i++)
    {
      g_autofree char *base = make_name (rng);
      guint certainty = rng_below (rng, 100);

      gen->place_names[i] = g_strconcat (base, PICK (rng, suffixes), NULL);
      fprintf (out, "    <place id=\"place%05u\" kind=\"%s\"", i, PICK (rng, kinds));
      if (rng_chance (rng, 85))
        fprintf (out, " faction=\"f%02u\"", rng_below (rng, N_FACTIONS));
      fprintf (out, " lat=\"%.4f\" lon=\"%.4f\"", rng_uniform (rng, 20, 50), rng_uniform (rng, 75, 130));
      /* Mostly exact, as in a real gazetteer; some of each other kind. */
      if (certainty >= 95)
        fputs (" certainty=\"debated\"", out);
      else if (certainty >= 80)
        {
          fputs (" certainty=\"approximate\"", out);
          if (rng_chance (rng, 70))
            fprintf (out, " radius-km=\"%u\"", 5 + rng_below (rng, 80));
        }
      fprintf (out, ">\n      <name>%s</name>\n", gen->place_names[i]);
      if (rng_chance (rng, 40))
        fprintf (out, "      <name type=\"historical\" xml:lang=\"zh\">%s%s%s</name>\n",
                 PICK (rng, han), PICK (rng, han), PICK (rng, han));
      if (rng_chance (rng, 25))
        fprintf (out, "      <name type=\"modern\">%s</name>\n", base);
      if (certainty >= 95)
        for (guint k = 1 + rng_below (rng, 2); k > 0; k--)
          fprintf (out, "      <alt lat=\"%.4f\" lon=\"%.4f\">proposed by survey %u</alt>\n",
                   rng_uniform (rng, 20, 50), rng_uniform (rng, 75, 130), rng_below (rng, 1000));
      if (rng_chance (rng, 30))
        fprintf (out, "      <note>Walls of rammed earth; garrison of about %u.</note>\n",
                 100 * (1 + rng_below (rng, 90)));
      fputs ("    </place>\n", out);
    }
  fputs ("  </places>\n", out);
}

typedef struct
{
  const char *type;
  const char *noun;
  const char * const *outcomes;
} EventKind;

static const char * const siege_outcomes[] = { "captured", "surrendered", "destroyed", "repelled", NULL };
static const char * const raid_outcomes[] = { "destroyed", "repelled", "none", NULL, NULL };
static const char * const battle_outcomes[] = { "captured", "repelled", "none", NULL, NULL };
static const char * const capture_outcomes[] = { "captured", "captured", "revolted", "surrendered", NULL };

static const EventKind event_kinds[] = {
  { "siege", "Siege of", siege_outcomes },
  { "raid", "Raid on", raid_outcomes },
  { "battle", "Battle of", battle_outcomes },
  { "capture", "Fall of", capture_outcomes },
};

static void
write_events (Generator *gen)
{
  Rng *rng = &gen->rng;
  FILE *out = gen->out;

  fputs ("  <events>\n", out);
  for (guint i = 0; i < gen->n_events; i++)
    {
      const EventKind *kind = &event_kinds[rng_below (rng, G_N_ELEMENTS (event_kinds))];
      const char *outcome = kind->outcomes[rng_below (rng, 5)];
      guint place = rng_below (rng, gen->n_places);
      guint attacker = rng_below (rng, N_FACTIONS);
      guint defender = (attacker + 1 + rng_below (rng, N_FACTIONS - 1)) % N_FACTIONS;
      guint start = rng_below (rng, N_DAYS - 400);

      gen->event_places[i] = place;
      gen->event_titles[i] = g_strdup_printf ("%s %s", kind->noun, gen->place_names[place]);
      fprintf (out, "    <event id=\"event%05u\" type=\"%s\" place=\"place%05u\"",
               i, kind->type, place);
      /* Sieges last months; raids days or weeks; battles and captures a day. */
      if (g_str_equal (kind->type, "siege"))
        {
          Precision precision = rng_chance (rng, 50) ? PRECISION_MONTH : PRECISION_DAY;
          put_date (out, "from", start, precision);
          put_date (out, "to", start + 20 + rng_below (rng, 360), precision);
        }
      else if (g_str_equal (kind->type, "raid") && rng_chance (rng, 50))
        {
          put_date (out, "from", start, PRECISION_DAY);
          put_date (out, "to", start + rng_below (rng, 30), PRECISION_DAY);
        }
      else
        put_date (out, "when", start, rng_chance (rng, 80) ? PRECISION_DAY : PRECISION_MONTH);
      if (rng_chance (rng, 15))
        fputs (" approx=\"true\"", out);
      fprintf (out, " attacker=\"f%02u\" defender=\"f%02u\"", attacker, defender);
      if (outcome)
        fprintf (out, " outcome=\"%s\"", outcome);
      fprintf (out, ">\n      <title>%s</title>\n", gen->event_titles[i]);
      if (rng_chance (rng, 60))
        fprintf (out, "      <commander person=\"person%04u\"/>\n", rng_below (rng, gen->n_people));
      if (rng_chance (rng, 30))
        {
          g_autofree char *name = make_name (rng);
          fprintf (out, "      <commander faction=\"f%02u\">%s</commander>\n", defender, name);
        }
      if (rng_chance (rng, 50))
        fprintf (out, "      <strength faction=\"f%02u\">about %u,000</strength>\n",
                 attacker, 1 + rng_below (rng, 150));
      if (rng_chance (rng, 30))
        fprintf (out, "      <casualties faction=\"f%02u\">heavy; %u captains lost</casualties>\n",
                 defender, 1 + rng_below (rng, 20));
      if (rng_chance (rng, 70))
        fprintf (out,
                 "      <summary>The %s of %s moved against %s &amp; its %s; "
                 "the fighting lasted %u days.</summary>\n",
                 PICK (rng, nouns), faction_names[attacker], gen->place_names[place],
                 PICK (rng, nouns), 1 + rng_below (rng, 120));
      fputs ("    </event>\n", out);
    }
  fputs ("  </events>\n", out);
}

static void
write_routes (Generator *gen)
{
  Rng *rng = &gen->rng;
  FILE *out = gen->out;
  /* Room for every stop to advance the most it can. */
  guint span = gen->n_stops * 45 + 30;

  if (gen->n_routes == 0)
    return;
  fputs ("  <routes>\n", out);
  for (guint i = 0; i < gen->n_routes; i++)
    {
      guint day = span < N_DAYS ? rng_below (rng, N_DAYS - span) : 0;
      double lat = rng_uniform (rng, 22, 48), lon = rng_uniform (rng, 77, 128);

      fprintf (out, "    <route id=\"route%04u\" faction=\"f%02u\"", i, rng_below (rng, N_FACTIONS));
      if (rng_chance (rng, 70))
        fprintf (out, " commander=\"person%04u\"", rng_below (rng, gen->n_people));
      fprintf (out, ">\n      <name>Campaign %u of the %s</name>\n", i + 1, PICK (rng, nouns));
      for (guint s = 0; s < gen->n_stops; s++)
        {
          guint kind = rng_below (rng, 100);

          fputs ("      <stop", out);
          if (kind < 10)
            {
              /* A waypoint in open country, a short march from the last. */
              lat = CLAMP (lat + rng_uniform (rng, -1.5, 1.5), 20, 50);
              lon = CLAMP (lon + rng_uniform (rng, -1.5, 1.5), 75, 130);
              fprintf (out, " lat=\"%.3f\" lon=\"%.3f\"", lat, lon);
            }
          else if (kind < 20)
            {
              guint event = rng_below (rng, gen->n_events);
              fprintf (out, " place=\"place%05u\" event=\"event%05u\"", gen->event_places[event], event);
            }
          else
            fprintf (out, " place=\"place%05u\"", rng_below (rng, gen->n_places));

          /* Same-day stops happen; a stay is a from/to pair. */
          day += rng_below (rng, 30);
          if (rng_chance (rng, 15))
            {
              put_date (out, "from", day, PRECISION_DAY);
              day += rng_below (rng, 15);
              put_date (out, "to", day, PRECISION_DAY);
            }
          else
            put_date (out, "when", day, PRECISION_DAY);
          if (rng_chance (rng, 20))
            fputs (" approx=\"true\"", out);
          fputs ("/>\n", out);
        }
      fputs ("    </route>\n", out);
    }
  fputs ("  </routes>\n", out);
}

/* One paragraph of five sentences, about six links of the inline kinds. */
static void
write_paragraph (Generator  *gen,
                 guint       first,
                 guint       last,
                 const char *indent)
{
  Rng *rng = &gen->rng;
  FILE *out = gen->out;

  fprintf (out, "%s<p>", indent);
  for (guint k = 0; k < 5; k++)
    {
      guint day = first + rng_below (rng, last - first + 1);
      guint person = rng_below (rng, gen->n_people);
      guint place = rng_below (rng, gen->n_places);
      guint event = rng_below (rng, gen->n_events);

      if (k > 0)
        fputc (' ', out);
      switch (rng_below (rng, 6))
        {
        case 0:
          fputs ("In <date", out);
          put_date (out, "when", day, PRECISION_MONTH);
          fprintf (out, ">month %u of that year</date> the %s moved on.",
                   1 + day % DAYS_PER_YEAR / DAYS_PER_MONTH, PICK (rng, nouns));
          break;
        case 1:
          fputs ("Between <date", out);
          put_date (out, "from", day, PRECISION_DAY);
          put_date (out, "to", day + rng_below (rng, 90), PRECISION_DAY);
          fprintf (out, " approx=\"true\">those weeks</date> the %s held out.", PICK (rng, nouns));
          break;
        case 2:
          fprintf (out, "<person ref=\"person%04u\">%s</person> %s <place ref=\"place%05u\">%s</place>.",
                   person, gen->person_names[person], PICK (rng, verbs), place, gen->place_names[place]);
          break;
        case 3:
          fprintf (out, "At <place ref=\"place%05u\">%s</place> the %s waited.",
                   place, gen->place_names[place], PICK (rng, nouns));
          break;
        case 4:
          fprintf (out, "Then came <event ref=\"event%05u\">the %s</event>.",
                   event, gen->event_titles[event]);
          break;
        default:
          fprintf (out, "The chronicle of <place ref=\"place%05u\">%s</place> says "
                   "<q>the %s &amp; the %s did not rest</q>, an <em>unusual</em> claim.",
                   place, gen->place_names[place], PICK (rng, nouns), PICK (rng, nouns));
          break;
        }
    }
  fputs ("</p>\n", out);
}

static void
write_section (Generator  *gen,
               guint       index,
               guint       first,
               guint       last,
               Precision   precision,
               gboolean    dated,
               const char *indent)
{
  fprintf (gen->out, "%s<section id=\"section%04u\"", indent, index);
  if (dated)
    {
      put_date (gen->out, "from", first, precision);
      put_date (gen->out, "to", last, precision);
    }
  fprintf (gen->out, ">\n%s  <title>Part %u</title>\n", indent, index + 1);
}

static void
write_article (Generator *gen)
{
  guint n_top = MAX (1, (gen->n_sections + 4) / 5);
  guint n_children = gen->n_sections > n_top ? gen->n_sections - n_top : 0;
  guint index = 0;

  fputs ("  <article>\n", gen->out);
  for (guint t = 0; t < n_top; t++)
    {
      /* Top sections share the period out by whole years; their children
       * cut their parent's span into month ranges. */
      guint first = t * (LAST_YEAR - FIRST_YEAR + 1) / n_top * DAYS_PER_YEAR;
      guint next = (t + 1) * (LAST_YEAR - FIRST_YEAR + 1) / n_top * DAYS_PER_YEAR;
      guint last = MAX (first + DAYS_PER_YEAR, next) - 1;
      guint kids = n_children / n_top + (t < n_children % n_top);

      write_section (gen, index++, first, MIN (last, N_DAYS - 1), PRECISION_YEAR, TRUE, "    ");
      for (guint p = 0; p < 3; p++)
        write_paragraph (gen, first, last, "      ");
      for (guint c = 0; c < kids; c++)
        {
          guint width = (last - first + 1) / kids;
          guint child_first = first + c * width;
          guint child_last = child_first + MAX (width, 1) - 1;

          /* Every tenth section is undated: shown, never chosen. */
          write_section (gen, index, child_first, child_last, PRECISION_MONTH,
                         index % 10 != 9, "      ");
          index++;
          for (guint p = 0; p < 3; p++)
            write_paragraph (gen, child_first, child_last, "        ");
          fputs ("      </section>\n", gen->out);
        }
      fputs ("    </section>\n", gen->out);
    }
  fputs ("  </article>\n", gen->out);
}

int
main (int    argc,
      char **argv)
{
  gint places = 10000, routes = 1000, stops = 20, sections = 200, events = 5000, people = 200;
  gint64 seed = 1227;
  GOptionEntry entries[] = {
    { "places", 0, 0, G_OPTION_ARG_INT, &places, "Number of places (default 10000)", "N" },
    { "routes", 0, 0, G_OPTION_ARG_INT, &routes, "Number of routes (default 1000)", "N" },
    { "stops", 0, 0, G_OPTION_ARG_INT, &stops, "Stops per route, at least 2 (default 20)", "N" },
    { "sections", 0, 0, G_OPTION_ARG_INT, &sections, "Number of sections (default 200)", "N" },
    { "events", 0, 0, G_OPTION_ARG_INT, &events, "Number of events (default 5000)", "N" },
    { "people", 0, 0, G_OPTION_ARG_INT, &people, "Number of people (default 200)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1227)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT.xml - write a large synthetic atlas");
  g_autoptr(GError) error = NULL;
  Generator gen = { 0 };
  FILE *out;
  gboolean failed;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-large-atlas: %s\n", error->message);
      return 2;
    }
  /* The schema needs at least one place and event, two stops a route and
   * one section; ids have room for five digits. */
  if (argc != 2 || places < 1 || places > 99999 || events < 1 || events > 99999 ||
      routes < 0 || routes > 9999 || stops < 2 || stops > 1000 ||
      sections < 1 || sections > 9999 || people < 1 || people > 9999)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  gen.n_places = places;
  gen.n_routes = routes;
  gen.n_stops = stops;
  gen.n_sections = sections;
  gen.n_events = events;
  gen.n_people = people;
  gen.rng.state = (guint64) seed;
  gen.place_names = g_new0 (char *, places + 1);
  gen.person_names = g_new0 (char *, people + 1);
  gen.event_titles = g_new0 (char *, events + 1);
  gen.event_places = g_new0 (guint, events);

  out = g_fopen (argv[1], "wb");
  if (out == NULL)
    {
      g_printerr ("gen-large-atlas: %s: %s\n", argv[1], g_strerror (errno));
      return 1;
    }
  gen.out = out;

  fprintf (out,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!-- Generated by gen-large-atlas: %d places, %d events, %d routes of %d stops, "
           "%d sections, seed %" G_GINT64_FORMAT ". -->\n"
           "<atlas xmlns=\"urn:xia-atlas:1\" version=\"1\" xml:lang=\"en\">\n",
           places, events, routes, stops, sections, seed);
  write_meta (&gen);
  write_factions (&gen);
  write_people (&gen);
  write_places (&gen);
  write_events (&gen);
  write_routes (&gen);
  write_article (&gen);
  fputs ("</atlas>\n", out);

  failed = ferror (out) != 0;
  if (fclose (out) != 0 || failed)
    {
      g_printerr ("gen-large-atlas: %s: write failed\n", argv[1]);
      return 1;
    }

  g_strfreev (gen.place_names);
  g_strfreev (gen.person_names);
  g_strfreev (gen.event_titles);
  g_free (gen.event_places);
  return 0;
}
