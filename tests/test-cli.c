/* test-cli.c: xia-atlas --check and --state-at, run as a user would,
 * with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <gio/gio.h>

typedef struct
{
  char *out;
  char *err;
  int status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_atlas (Run        *run,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("XIA_ATLAS_BINARY");
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* No display at all: these commands must not need one. */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

static char *
document_path (const char *kind,
               const char *name)
{
  return g_build_filename (g_getenv ("XIA_ATLAS_TEST_DOCUMENTS"), kind, name, NULL);
}

static void
test_check_valid (void)
{
  g_autofree char *example = document_path ("valid", "format-example.xml");
  g_autofree char *expected = g_strdup_printf ("%s: ok: 1 sections, 2 places, 1 events, 1 routes, period 1209-01-01..1210-12-31\n", example);
  g_auto(Run) run = { 0 };

  run_atlas (&run, "--check", example, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_check_embedded_copy (void)
{
  g_autofree char *atlas = g_build_filename (g_getenv ("XIA_ATLAS_DATA_DIR"), "western-xia.atlas.xml", NULL);
  g_autofree char *expected = g_strdup_printf ("%s: ok: 8 sections, 35 places, 64 events, 7 routes, period 1205-01-01..1227-12-31\n", atlas);
  g_auto(Run) run = { 0 };

  run_atlas (&run, "--check", atlas, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_check_mixed (void)
{
  g_autofree char *good = document_path ("valid", "minimal.xml");
  g_autofree char *bad = document_path ("invalid", "duplicate-id.xml");
  g_autofree char *prefix = g_strdup_printf ("%s:20:", bad);
  g_auto(Run) run = { 0 };

  run_atlas (&run, "--check", good, bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, good));
  g_assert_true (g_str_has_prefix (run.err, prefix));
  g_assert_nonnull (strstr (run.err, ": error: duplicate id"));
  /* One line per refused file. */
  g_assert_cmpint (strchr (run.err, '\n') - run.err + 1, ==, (int) strlen (run.err));
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *haystack = g_strdup_printf ("\n%s", text);

  return strstr (haystack, needle) != NULL;
}

static void
assert_line (const char *text,
             const char *line)
{
  if (!has_line (text, line))
    g_error ("no line “%s” in:\n%s", line, text);
}

/* The embedded atlas tells the story right. */
static void
test_state_at_story (void)
{
  struct {
    const char *date;
    const char *lines[3];
  } checks[] = {
    { "1209-10", { "date 1209-10-01", "place yinchuan besieged xia", "section first-invasion" } },
    { "1211", { "date 1211-01-01", "place yinchuan vassal mongol", "section vassalage" } },
    { "1227-06", { "place yinchuan besieged xia", "section second-invasion", "event siege-yinchuan-1227" } },
    { "1227-10", { "place yinchuan destroyed mongol", "route invasion-1209 1.00", "date 1227-10-01" } },
    { "1205", { "section preliminary-raids", "route invasion-1209 0.00", "date 1205-01-01" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_auto(Run) run = { 0 };

      run_atlas (&run, "--state-at", checks[i].date, NULL);
      g_assert_cmpint (run.status, ==, 0);
      for (guint j = 0; j < G_N_ELEMENTS (checks[i].lines); j++)
        assert_line (run.out, checks[i].lines[j]);
    }
}

static void
test_state_at_format (void)
{
  g_autofree char *example = document_path ("valid", "format-example.xml");
  g_auto(Run) run = { 0 };

  run_atlas (&run, "--state-at", "1209-04-16", example, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Halfway from Wulahai (April 1) to Yinchuan (May 1). */
  g_assert_cmpstr (run.out, ==,
                   "date 1209-04-16\n"
                   "section s1\n"
                   "place yinchuan held xia\n"
                   "place wuhai held xia\n"
                   "route r1 0.50\n");

  /* After every dated section: none is active. */
  {
    g_auto(Run) later = { 0 };

    run_atlas (&later, "--state-at", "1215", example, NULL);
    g_assert_cmpint (later.status, ==, 0);
    assert_line (later.out, "section -");
    assert_line (later.out, "place yinchuan vassal mongol");
    assert_line (later.out, "route r1 1.00");
  }
}

static void
test_state_at_errors (void)
{
  g_autofree char *bad = document_path ("invalid", "truncated.xml");
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) bad_file = { 0 };

  run_atlas (&bad_date, "--state-at", "1209-13", NULL);
  g_assert_cmpint (bad_date.status, !=, 0);
  g_assert_nonnull (strstr (bad_date.err, "not a date"));
  g_assert_cmpstr (bad_date.out, ==, "");

  run_atlas (&bad_file, "--state-at", "1209", bad, NULL);
  g_assert_cmpint (bad_file.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad_file.err, bad));
  g_assert_nonnull (strstr (bad_file.err, ": error: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/check/valid", test_check_valid);
  g_test_add_func ("/cli/check/embedded-copy", test_check_embedded_copy);
  g_test_add_func ("/cli/check/mixed", test_check_mixed);
  g_test_add_func ("/cli/state-at/story", test_state_at_story);
  g_test_add_func ("/cli/state-at/format", test_state_at_format);
  g_test_add_func ("/cli/state-at/errors", test_state_at_errors);

  return g_test_run ();
}
