/* bench-load.c: how fast, and in how much memory, atlas documents load
 *
 * Usage: bench-load [--gen GEN] [LARGE.xml]
 *
 * Times the loader on the embedded atlas and on a large document against a
 * bare libxml2 parse of the same bytes (what `xmllint --noout` does), and
 * measures the loader's peak memory in a child process so that nothing the
 * benchmark itself allocated counts.  Without LARGE.xml, the large document
 * is written to a temporary directory by gen-large-atlas: GEN, else
 * $XIA_ATLAS_GEN, else the one next to this program.
 *
 * Times are CPU time (user + system, page faults included), which other
 * jobs on a shared machine disturb far less than wall-clock time.  The
 * figures are reported, not asserted: they vary from one machine to the
 * next.  The exit status is non-zero only when a document fails to load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "atlas-document.h"

#define EMBEDDED_RUNS 50
#define LARGE_RUNS 5
#define XMLLINT_RUNS 5
#define SCHEMA_RESOURCE "/org/example/XiaAtlas/atlas.rng"
#define LOAD_RATIO_TARGET 3.0
#define MEMORY_RATIO_TARGET 10.0

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static double
timeval_ms (const struct timeval *time)
{
  return time->tv_sec * 1000.0 + time->tv_usec / 1000.0;
}

/* CPU time of the waited-for children so far. */
static double
children_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return timeval_ms (&usage.ru_utime) + timeval_ms (&usage.ru_stime);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
mib (double bytes)
{
  return bytes / (1024.0 * 1024.0);
}

/* Timed steps ---------------------------------------------------------- */

/* What one step works on. */
typedef struct
{
  GBytes *bytes;
  const char *filename;
  xmlRelaxNGPtr schema;         /* compiled once, outside the timings */
} Subject;

typedef gboolean (*Step) (Subject  *subject,
                          GError  **error);

/* atlas_document_new_default(), finding and inflating the compressed
 * resource included, as the application pays it. */
static gboolean
step_load_default (Subject  *subject,
                   GError  **error)
{
  g_autoptr(AtlasDocument) document = atlas_document_new_default (error);

  return document != NULL;
}

/* The loader on bytes already in memory, like the bare parse. */
static gboolean
step_load_bytes (Subject  *subject,
                 GError  **error)
{
  g_autoptr(AtlasDocument) document =
    atlas_document_new_from_bytes (subject->bytes, subject->filename, error);

  return document != NULL;
}

static gboolean
step_lookup_resource (Subject  *subject,
                      GError  **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (ATLAS_DOCUMENT_DEFAULT_RESOURCE, 0, error);

  return bytes != NULL;
}

/* What `xmllint --noout` does: parse to a tree, free it. */
static gboolean
step_bare_parse (Subject  *subject,
                 GError  **error)
{
  gsize size;
  const char *data = g_bytes_get_data (subject->bytes, &size);

  xmlFreeDoc (xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET));
  return TRUE;
}

/* The same parse, then RelaxNG validation against the project's schema:
 * the share of the load that the schema costs, whatever the loader does
 * around it. */
static gboolean
step_parse_and_validate (Subject  *subject,
                         GError  **error)
{
  gsize size;
  const char *data = g_bytes_get_data (subject->bytes, &size);
  xmlDoc *doc = xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET);
  xmlRelaxNGValidCtxtPtr context = xmlRelaxNGNewValidCtxt (subject->schema);

  xmlRelaxNGValidateDoc (context, doc);
  xmlRelaxNGFreeValidCtxt (context);
  xmlFreeDoc (doc);
  return TRUE;
}

/* Times each step once per round and gives each step's median.  Rounds
 * interleave the steps so that a busy machine slows all of them alike and
 * the ratios between them hold.  Each step starts on a trimmed heap, as in
 * a fresh process: otherwise a step would find the pages that the one
 * before freed already mapped, and skip the page faults that the
 * application (and xmllint) pay on a first load. */
static gboolean
time_steps (const Step  *steps,
            guint        n_steps,
            Subject     *subject,
            guint        runs,
            double      *medians,
            GError     **error)
{
  g_autofree double *times = g_new (double, n_steps * runs);

  for (guint run = 0; run < runs; run++)
    for (guint s = 0; s < n_steps; s++)
      {
        double start;

#ifdef __GLIBC__
        malloc_trim (0);
#endif
        start = cpu_ms ();
        if (!steps[s] (subject, error))
          return FALSE;
        times[s * runs + run] = cpu_ms () - start;
      }
  for (guint s = 0; s < n_steps; s++)
    medians[s] = median (times + s * runs, runs);
  return TRUE;
}

static xmlRelaxNGPtr
compile_schema (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (SCHEMA_RESOURCE, 0, NULL);
  xmlRelaxNGParserCtxtPtr parser;
  xmlRelaxNGPtr schema;
  gsize size;
  const char *data;

  g_assert (bytes != NULL);
  data = g_bytes_get_data (bytes, &size);
  parser = xmlRelaxNGNewMemParserCtxt (data, (int) size);
  schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  g_assert (schema != NULL);
  return schema;
}

/* CPU time of `xmllint --noout PATH`, process start-up included;
 * negative when xmllint is missing or fails. */
static double
time_xmllint (const char *path,
              guint       runs)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree double *times = g_new (double, runs);
  const char *argv[] = { xmllint, "--noout", path, NULL };

  if (xmllint == NULL)
    return -1;
  for (guint i = 0; i < runs; i++)
    {
      double start = children_cpu_ms ();
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        return -1;
      times[i] = children_cpu_ms () - start;
    }
  return median (times, runs);
}

/* Peak memory ---------------------------------------------------------- */

static long
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;       /* KiB on Linux */
}

/* Child side: loads PATH once and prints "BASELINE PEAK" in KiB.  The
 * embedded atlas is loaded first so that one-time costs (type
 * registration, the compiled schema) are in the baseline, not the
 * figure.  With `bare`, the same is done for a bare libxml2 parse. */
static int
run_peak_child (const char *path,
                gboolean    bare)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) warm = atlas_document_new_default (&error);
  long baseline;

  if (warm == NULL)
    {
      g_printerr ("bench-load: %s\n", error->message);
      return 1;
    }

  baseline = max_rss_kib ();
  if (bare)
    {
      g_autofree char *contents = NULL;
      gsize length;
      xmlDoc *doc;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_printerr ("bench-load: %s\n", error->message);
          return 1;
        }
      doc = xmlReadMemory (contents, (int) length, NULL, NULL, XML_PARSE_NONET);
      if (doc == NULL)
        return 1;
      xmlFreeDoc (doc);
    }
  else
    {
      g_autoptr(AtlasDocument) document = atlas_document_new_from_path (path, &error);

      if (document == NULL)
        {
          g_printerr ("bench-load: %s\n", error->message);
          return 1;
        }
    }
  g_print ("%ld %ld\n", baseline, max_rss_kib ());
  return 0;
}

/* Parent side: runs this program with --peak or --peak-bare on PATH.
 * The child's errors are not shown: a load failure is reported once, by
 * the timing run in this process. */
static gboolean
measure_peak (const char *self,
              const char *flag,
              const char *path,
              long       *baseline,
              long       *peak)
{
  const char *argv[] = { self, flag, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      sscanf (out, "%ld %ld", baseline, peak) != 2)
    {
      g_printerr ("bench-load: %s %s: no figures: %s\n", flag, path,
                  error ? error->message : "unexpected output");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  long baseline;
  long peak;
  gboolean has_bare;
  long bare_baseline;
  long bare_peak;
} Peaks;

/* Runs before anything else is loaded, while this process is still
 * small: on Linux a child starts with the ru_maxrss of its parent.
 * FALSE when the loader's child gives no figures. */
static gboolean
measure_peaks (const char *self,
               const char *path,
               Peaks      *peaks)
{
  if (!measure_peak (self, "--peak", path, &peaks->baseline, &peaks->peak))
    return FALSE;
  peaks->has_bare = measure_peak (self, "--peak-bare", path,
                                  &peaks->bare_baseline, &peaks->bare_peak);
  return TRUE;
}

/* The documents -------------------------------------------------------- */

static gboolean
bench_embedded (xmlRelaxNGPtr schema)
{
  static const Step steps[] = {
    step_load_default, step_bare_parse, step_parse_and_validate, step_lookup_resource,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (ATLAS_DOCUMENT_DEFAULT_RESOURCE, 0, &error);
  Subject subject = { bytes, "western-xia.atlas.xml", schema };
  double first, medians[G_N_ELEMENTS (steps)];

  if (bytes == NULL)
    {
      g_printerr ("bench-load: embedded atlas: %s\n", error->message);
      return FALSE;
    }

  /* The first load of a process also compiles the loader's schema. */
  if (!time_steps (steps, 1, &subject, 1, &first, &error) ||
      !time_steps (steps, G_N_ELEMENTS (steps), &subject, EMBEDDED_RUNS, medians, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return FALSE;
    }

  g_print ("load embedded: median %.3f ms (bare libxml2 parse %.3f ms, ratio %.2f)\n",
           medians[0], medians[1], medians[0] / medians[1]);
  g_print ("  embedded detail (%" G_GSIZE_FORMAT " bytes): first load %.3f ms (compiles the schema); "
           "parse + RelaxNG validation %.3f ms; resource lookup + inflate %.3f ms\n",
           g_bytes_get_size (bytes), first, medians[2], medians[3]);
  return TRUE;
}

static gboolean
bench_large (const char    *path,
             xmlRelaxNGPtr  schema,
             const Peaks   *peaks)
{
  static const Step steps[] = { step_load_bytes, step_bare_parse, step_parse_and_validate };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length;
  Subject subject = { NULL, path, schema };
  double medians[G_N_ELEMENTS (steps)], load, bare, validate, xmllint, file_mib, peak_mib;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return FALSE;
    }
  bytes = g_bytes_new_take (contents, length);
  subject.bytes = bytes;
  file_mib = mib (length);

  if (!time_steps (steps, G_N_ELEMENTS (steps), &subject, LARGE_RUNS, medians, &error))
    {
      g_printerr ("bench-load: %s\n", error->message);
      return FALSE;
    }
  load = medians[0];
  bare = medians[1];
  validate = medians[2];
  xmllint = time_xmllint (path, XMLLINT_RUNS);

  g_print ("load large (%" G_GSIZE_FORMAT " bytes): median %.1f ms; bare parse %.1f ms "
           "(ratio %.2f, target <= %.1f); ",
           length, load, bare, load / bare, LOAD_RATIO_TARGET);
  if (xmllint >= 0)
    g_print ("xmllint --noout %.1f ms\n", xmllint);
  else
    g_print ("xmllint --noout not run (not found or failed)\n");
  /* What the schema costs on its own, on a whole tree built apart from
   * the loader (which streams), for comparison. */
  g_print ("  large detail: a full-tree parse + RelaxNG validation takes %.1f ms\n", validate);

  if (peaks == NULL)
    {
      g_print ("load large: peak memory not measured\n");
      return TRUE;
    }
  peak_mib = mib ((peaks->peak - peaks->baseline) * 1024.0);
  g_print ("load large: peak memory %.1f MiB for a %.1f MiB file (ratio %.2f, target < %.0f); "
           "absolute maxrss %.1f MiB\n",
           peak_mib, file_mib, peak_mib / file_mib, MEMORY_RATIO_TARGET,
           mib (peaks->peak * 1024.0));
  if (peaks->has_bare)
    {
      double bare_mib = mib ((peaks->bare_peak - peaks->bare_baseline) * 1024.0);

      g_print ("  memory detail: a bare libxml2 parse of the file peaks at %.1f MiB (ratio %.2f)\n",
               bare_mib, bare_mib / file_mib);
    }
  return TRUE;
}

/* Runs the generator into DIR; returns the path written, or NULL. */
static char *
generate_large (const char *generator,
                const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "large.atlas.xml", NULL);
  const char *argv[] = { generator, path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-load: %s: %s\n", generator, error->message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static char *
find_self (const char *argv0)
{
  char *self = g_file_read_link ("/proc/self/exe", NULL);

  return self ? self : g_canonicalize_filename (argv0, NULL);
}

static char *
find_generator (const char *option,
                const char *self)
{
  g_autofree char *dir = NULL;

  if (option)
    return g_strdup (option);
  if (g_getenv ("XIA_ATLAS_GEN"))
    return g_strdup (g_getenv ("XIA_ATLAS_GEN"));
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "gen-large-atlas", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *peak = NULL;
  g_autofree char *peak_bare = NULL;
  g_autofree char *gen_option = NULL;
  GOptionEntry entries[] = {
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen_option, "The gen-large-atlas program", "GEN" },
    { "peak", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &peak, NULL, NULL },
    { "peak-bare", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &peak_bare, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[LARGE.xml] - time and measure atlas loading");
  g_autoptr(GError) error = NULL;
  g_autofree char *self = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *large = NULL;
  xmlRelaxNGPtr schema;
  Peaks peaks;
  gboolean has_peaks, ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2)
    {
      g_printerr ("bench-load: %s\n", error ? error->message : "at most one document");
      return 2;
    }

  xmlInitParser ();
  if (peak || peak_bare)
    return run_peak_child (peak ? peak : peak_bare, peak_bare != NULL);

  self = find_self (argv[0]);
  if (argc == 2)
    large = g_strdup (argv[1]);
  else
    {
      g_autofree char *generator = find_generator (gen_option, self);

      tmpdir = g_dir_make_tmp (NULL, &error);
      if (tmpdir == NULL)
        {
          g_printerr ("bench-load: %s\n", error->message);
          return 1;
        }
      large = generate_large (generator, tmpdir);
    }

  has_peaks = large != NULL && measure_peaks (self, large, &peaks);
  schema = compile_schema ();
  ok = bench_embedded (schema);
  ok = large != NULL && bench_large (large, schema, has_peaks ? &peaks : NULL) && ok;
  xmlRelaxNGFree (schema);

  if (tmpdir)
    {
      if (large)
        g_unlink (large);
      g_rmdir (tmpdir);
    }
  return ok ? 0 : 1;
}
