/* test-document.c: the loader against the document corpus
 *
 * Every file in documents/valid must load; every file in
 * documents/invalid must be refused with FILE:LINE:COL: error: … at the
 * line its EXPECT entry names, without reading any other file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <errno.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "atlas-document.h"

typedef struct
{
  char *path;
  char *name;
  int line;
  char *substring;
} Expectation;

static const char *
documents_dir (void)
{
  const char *dir = g_getenv ("XIA_ATLAS_TEST_DOCUMENTS");

  g_assert_nonnull (dir);
  return dir;
}

static void
expectation_free (gpointer data)
{
  Expectation *expectation = data;

  g_free (expectation->path);
  g_free (expectation->name);
  g_free (expectation->substring);
  g_free (expectation);
}

static void
test_valid (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = atlas_document_new_from_path (path, &error);

  g_assert_no_error (error);
  g_assert_true (ATLAS_IS_DOCUMENT (document));
  g_assert_cmpuint (atlas_document_get_all_sections (document)->len, >, 0);
  g_assert_cmpuint (atlas_document_get_places (document)->len, >, 0);
  g_assert_cmpint (atlas_document_get_first_day (document), <=, atlas_document_get_last_day (document));
}

/* Watches the files an attack names for any open or read while the
 * loader works.  The load runs from a private folder holding a canary
 * for relative names too, so that other tests reading the corpus at the
 * same time are not mistaken for the loader. */
typedef struct
{
  int fd;
  char *folder;
  char *previous_cwd;
  GPtrArray *canaries;
} AccessWatch;

static void
add_canary (AccessWatch *watch,
            const char  *path)
{
  g_assert_true (g_file_set_contents (path, "secret\n", -1, NULL));
  g_ptr_array_add (watch->canaries, g_strdup (path));
}

static void
access_watch_start (AccessWatch *watch,
                    const char  *contents)
{
  const char *canary;

  watch->fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch->fd, >=, 0);
  watch->canaries = g_ptr_array_new_with_free_func (g_free);
  watch->folder = g_dir_make_tmp ("xia-atlas-load-XXXXXX", NULL);
  g_assert_nonnull (watch->folder);
  watch->previous_cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (watch->folder), ==, 0);

  /* Attacks name their target /tmp/xia-atlas-canary…, absolute or
   * relative; make each real so that a read of it would be seen. */
  canary = strstr (contents, "xia-atlas-canary");
  while (canary)
    {
      gsize len = strcspn (canary, "\"' >");
      g_autofree char *name = g_strndup (canary, len);
      g_autofree char *absolute = g_build_filename ("/tmp", name, NULL);
      g_autofree char *relative = g_build_filename (watch->folder, name, NULL);

      add_canary (watch, absolute);
      add_canary (watch, relative);
      canary = strstr (canary + len, "xia-atlas-canary");
    }

  /* Watch only once every canary is written. */
  for (guint i = 0; i < watch->canaries->len; i++)
    g_assert_cmpint (inotify_add_watch (watch->fd, g_ptr_array_index (watch->canaries, i), IN_OPEN | IN_ACCESS), >=, 0);
  g_assert_cmpint (inotify_add_watch (watch->fd, watch->folder, IN_OPEN | IN_ACCESS), >=, 0);
}

/* TRUE if anything watched was opened or read since the start. */
static gboolean
access_watch_finish (AccessWatch *watch)
{
  char buffer[4096];
  ssize_t n = read (watch->fd, buffer, sizeof buffer);
  gboolean touched = n > 0;

  g_assert_true (n > 0 || errno == EAGAIN);
  close (watch->fd);

  g_assert_cmpint (g_chdir (watch->previous_cwd), ==, 0);
  for (guint i = 0; i < watch->canaries->len; i++)
    g_unlink (g_ptr_array_index (watch->canaries, i));
  g_rmdir (watch->folder);
  g_clear_pointer (&watch->canaries, g_ptr_array_unref);
  g_clear_pointer (&watch->folder, g_free);
  g_clear_pointer (&watch->previous_cwd, g_free);
  return touched;
}

/* The watch itself sees a read of a canary, so a loader that read one
 * would fail the tests below. */
static void
test_access_watch_sees_reads (void)
{
  AccessWatch watch;
  g_autofree char *contents = NULL;

  access_watch_start (&watch, "<!DOCTYPE atlas SYSTEM \"xia-atlas-canary-control.dtd\">");
  g_assert_true (g_file_get_contents ("xia-atlas-canary-control.dtd", &contents, NULL, NULL));
  g_assert_true (access_watch_finish (&watch));
}

static void
test_invalid (gconstpointer data)
{
  const Expectation *expectation = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *needle = NULL;
  gsize length;
  AccessWatch watch;

  g_assert_true (g_file_get_contents (expectation->path, &contents, &length, NULL));
  bytes = g_bytes_new (contents, length);

  access_watch_start (&watch, contents);
  document = atlas_document_new_from_bytes (bytes, expectation->name, &error);
  g_assert_false (access_watch_finish (&watch));

  g_assert_null (document);
  g_assert_error (error, ATLAS_DOCUMENT_ERROR, error->code);
  g_test_message ("%s", error->message);

  prefix = g_strdup_printf ("%s:%d:", expectation->name, expectation->line);
  if (!g_str_has_prefix (error->message, prefix))
    {
      g_test_fail_printf ("expected “%s…”, got “%s”", prefix, error->message);
      return;
    }
  g_assert_nonnull (strstr (error->message, ": error: "));

  /* FILE:LINE:COL with a column of at least 1. */
  {
    const char *column = error->message + strlen (prefix);
    g_assert_true (g_ascii_isdigit (*column) && *column != '0');
  }

  lower = g_ascii_strdown (error->message, -1);
  needle = g_ascii_strdown (expectation->substring, -1);
  if (strstr (lower, needle) == NULL)
    g_test_fail_printf ("expected “%s” in “%s”", expectation->substring, error->message);
}

/* The example closing ATLAS-FORMAT.md validates unchanged: compare the
 * committed copy with the page when the page is at hand. */
static void
test_format_example (void)
{
  g_autofree char *path = g_build_filename (documents_dir (), "valid", "format-example.xml", NULL);
  g_autofree char *page_path = g_build_filename (documents_dir (), "..", "..", "..", "shared", "ATLAS-FORMAT.md", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = atlas_document_new_from_path (path, &error);
  AtlasPlace *wuhai;

  g_assert_no_error (error);
  g_assert_cmpstr (atlas_document_get_title (document), ==, "Minimal example");
  g_assert_cmpuint (atlas_document_get_places (document)->len, ==, 2);
  g_assert_cmpuint (atlas_document_get_events (document)->len, ==, 1);
  g_assert_cmpuint (atlas_document_get_routes (document)->len, ==, 1);
  wuhai = atlas_document_lookup (document, "wuhai");
  g_assert_cmpint (atlas_place_get_certainty (wuhai), ==, ATLAS_CERTAINTY_APPROXIMATE);
  g_assert_cmpfloat (atlas_place_get_radius_km (wuhai), ==, 40.0);

  if (!g_file_get_contents (page_path, &page, NULL, NULL))
    {
      g_test_message ("ATLAS-FORMAT.md not found beside the project; compared the copy only");
      return;
    }
  g_assert_true (g_file_get_contents (path, &copy, NULL, NULL));
  {
    const char *example = strstr (page, "## Example (must validate)");
    const char *start, *end;
    g_autofree char *text = NULL;

    g_assert_nonnull (example);
    start = strstr (example, "```\n");
    g_assert_nonnull (start);
    start += 4;
    end = strstr (start, "```");
    g_assert_nonnull (end);
    text = g_strndup (start, end - start);
    g_assert_cmpstr (copy, ==, text);
  }
}

static void
test_paragraph_runs (void)
{
  g_autofree char *path = g_build_filename (documents_dir (), "valid", "format-example.xml", NULL);
  g_autoptr(AtlasDocument) document = atlas_document_new_from_path (path, NULL);
  AtlasSection *section = atlas_document_lookup (document, "s1");
  GPtrArray *paragraph = g_ptr_array_index (atlas_section_get_paragraphs (section), 0);
  AtlasRun *run;

  /* "The Mongols reached " · place · " in " · date · "." */
  g_assert_cmpuint (paragraph->len, ==, 5);
  run = g_ptr_array_index (paragraph, 0);
  g_assert_cmpint (run->kind, ==, ATLAS_RUN_TEXT);
  g_assert_cmpstr (run->text, ==, "The Mongols reached ");
  run = g_ptr_array_index (paragraph, 1);
  g_assert_cmpint (run->kind, ==, ATLAS_RUN_PLACE);
  g_assert_cmpstr (run->text, ==, "the capital");
  g_assert_true (run->target == atlas_document_lookup (document, "yinchuan"));
  run = g_ptr_array_index (paragraph, 2);
  g_assert_cmpstr (run->text, ==, " in ");
  run = g_ptr_array_index (paragraph, 3);
  g_assert_cmpint (run->kind, ==, ATLAS_RUN_DATE);
  g_assert_cmpstr (run->text, ==, "May 1209");
  g_assert_cmpint (run->date.month, ==, 5);
  run = g_ptr_array_index (paragraph, 4);
  g_assert_cmpstr (run->text, ==, ".");
}

/* A paragraph is checked against the schema as it is read, however many
 * inline elements it holds: checked as a whole, libxml2 took a time
 * growing with the square of their number (a minute and more for this
 * one, which now loads in a fraction of a second). */
#define LONG_PARAGRAPH_RUNS 100000

static void
test_long_paragraph (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = NULL;
  GPtrArray *paragraph;
  AtlasRun *run;

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1'>\n"
                   " <meta><title>Long</title><period from='1209' to='1210'/>"
                   "<view lat='38.5' lon='106' zoom='6'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction></factions>\n"
                   " <places><place id='yinchuan' kind='capital' lat='38.4872' lon='106.2309'>"
                   "<name>Yinchuan</name></place></places>\n"
                   " <events><event id='siege' type='siege' when='1209'><title>Siege</title></event></events>\n"
                   " <article><section id='s1'><title>Long</title><p>");
  for (guint i = 0; i < LONG_PARAGRAPH_RUNS; i++)
    g_string_append (xml, i % 2 ? "<em>e</em>" : "<place ref='yinchuan'>p</place>");
  g_string_append (xml, "</p></section></article>\n</atlas>\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));

  document = atlas_document_new_from_bytes (bytes, "long.xml", &error);
  g_assert_no_error (error);
  paragraph = g_ptr_array_index (atlas_section_get_paragraphs (atlas_document_lookup (document, "s1")), 0);
  g_assert_cmpuint (paragraph->len, ==, LONG_PARAGRAPH_RUNS);
  run = g_ptr_array_index (paragraph, LONG_PARAGRAPH_RUNS - 2);
  g_assert_cmpint (run->kind, ==, ATLAS_RUN_PLACE);
  g_assert_true (run->target == atlas_document_lookup (document, "yinchuan"));
  run = g_ptr_array_index (paragraph, LONG_PARAGRAPH_RUNS - 1);
  g_assert_cmpstr (run->text, ==, "e");
}

/* A document whose one place has @n_names names. */
static GBytes *
place_with_names (guint n_names)
{
  GString *xml = g_string_new (NULL);

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1'>\n"
                   " <meta><title>Names</title><period from='1209' to='1210'/>"
                   "<view lat='38.5' lon='106' zoom='6'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction></factions>\n"
                   " <places>\n"
                   "  <place id='yinchuan' kind='capital' lat='38.4872' lon='106.2309'>\n");
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (xml, "   <name>Name %u</name>\n", i);
  g_string_append (xml,
                   "  </place>\n"
                   " </places>\n"
                   " <events><event id='siege' type='siege' when='1209'><title>Siege</title></event></events>\n"
                   " <article><section id='s1'><title>Names</title></section></article>\n"
                   "</atlas>\n");
  return g_string_free_to_bytes (xml);
}

/* libxml2 checks a place as a whole, in a time growing with the square of
 * its children, so a place may have only so many: the limit loads, one
 * more is refused at the name too many, before the parser starts. */
static void
test_place_children_limit (void)
{
  g_autoptr(GBytes) at_limit = place_with_names (ATLAS_DOCUMENT_MAX_PLACE_CHILDREN);
  g_autoptr(GBytes) over_limit = place_with_names (ATLAS_DOCUMENT_MAX_PLACE_CHILDREN + 1);
  g_autoptr(AtlasDocument) document = NULL;
  g_autoptr(AtlasDocument) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  AtlasPlace *place;

  document = atlas_document_new_from_bytes (at_limit, "names.xml", &error);
  g_assert_no_error (error);
  place = ATLAS_PLACE (atlas_document_lookup (document, "yinchuan"));
  g_assert_cmpstr (atlas_place_get_name (place), ==, "Name 0");

  refused = atlas_document_new_from_bytes (over_limit, "names.xml", &error);
  g_assert_null (refused);
  g_assert_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_TOO_LARGE);
  /* The place's first name is on line 7, the one too many on its own line
   * that many lines below. */
  expected = g_strdup_printf ("names.xml:%d:4: error: ", 7 + ATLAS_DOCUMENT_MAX_PLACE_CHILDREN);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

/* An attribute's column is found past the values before it, whatever
 * they hold: a ">" in one ended the search at the tag, a name in one was
 * taken for the attribute. */
static void
test_attribute_column (void)
{
  static const char xml[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<atlas xmlns='urn:xia-atlas:1' version='1'>\n"
    " <meta><title>Columns</title><period from='1209' to='1210'/>"
    "<view lat='38.5' lon='106' zoom='6'/>\n"
    "  <source href='https://example.org/?a>b' license=' bogus=x' bogus='1'>Somewhere</source></meta>\n"
    " <factions><faction id='xia' color='#a4262c'>Western Xia</faction></factions>\n"
    " <places><place id='yinchuan' kind='capital' lat='38.4872' lon='106.2309'>"
    "<name>Yinchuan</name></place></places>\n"
    " <events><event id='siege' type='siege' when='1209'><title>Siege</title></event></events>\n"
    " <article><section id='s1'><title>Columns</title></section></article>\n"
    "</atlas>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, sizeof xml - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = atlas_document_new_from_bytes (bytes, "columns.xml", &error);
  const char *line = strstr (xml, "  <source");
  int column = strstr (line, " bogus='1'") + 2 - line;
  g_autofree char *expected = g_strdup_printf ("columns.xml:4:%d: error: ", column);

  g_assert_null (document);
  g_assert_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_SCHEMA);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

/* A refused document leaves the one already loaded as it was. */
static void
test_refusal_keeps_loaded (void)
{
  g_autofree char *good = g_build_filename (documents_dir (), "valid", "format-example.xml", NULL);
  g_autoptr(AtlasDocument) document = atlas_document_new_from_path (good, NULL);
  g_autoptr(GBytes) bad = g_bytes_new_static ("<atlas", 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) refused = atlas_document_new_from_bytes (bad, "bad.xml", &error);

  g_assert_null (refused);
  g_assert_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_NOT_XML);
  g_assert_cmpstr (atlas_document_get_title (document), ==, "Minimal example");
  g_assert_cmpuint (atlas_document_get_places (document)->len, ==, 2);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = atlas_document_new_from_path ("/nonexistent/atlas.xml", &error);

  g_assert_null (document);
  g_assert_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/atlas.xml:1:1: error: "));
}

static GPtrArray *
read_expectations (void)
{
  g_autofree char *manifest = g_build_filename (documents_dir (), "invalid", "EXPECT", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *expectations = g_ptr_array_new_with_free_func (expectation_free);

  g_assert_true (g_file_get_contents (manifest, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = NULL;
      Expectation *expectation;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);

      expectation = g_new0 (Expectation, 1);
      expectation->name = g_strdup (fields[0]);
      expectation->path = g_build_filename (documents_dir (), "invalid", fields[0], NULL);
      expectation->line = atoi (fields[1]);
      expectation->substring = g_strdup (fields[2]);
      g_ptr_array_add (expectations, expectation);
    }
  return expectations;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) expectations = NULL;
  g_autoptr(GPtrArray) valid_paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/format-example", test_format_example);
  g_test_add_func ("/document/paragraph-runs", test_paragraph_runs);
  g_test_add_func ("/document/long-paragraph", test_long_paragraph);
  g_test_add_func ("/document/place-children-limit", test_place_children_limit);
  g_test_add_func ("/document/attribute-column", test_attribute_column);
  g_test_add_func ("/document/refusal-keeps-loaded", test_refusal_keeps_loaded);
  g_test_add_func ("/document/missing-file", test_missing_file);
  g_test_add_func ("/document/access-watch-sees-reads", test_access_watch_sees_reads);

  valid_dir = g_build_filename (documents_dir (), "valid", NULL);
  dir = g_dir_open (valid_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".xml"))
      {
        g_autofree char *test_path = g_strdup_printf ("/document/valid/%s", name);
        char *path = g_build_filename (valid_dir, name, NULL);

        g_ptr_array_add (valid_paths, path);
        g_test_add_data_func (test_path, path, test_valid);
      }

  expectations = read_expectations ();
  for (guint i = 0; i < expectations->len; i++)
    {
      Expectation *expectation = g_ptr_array_index (expectations, i);
      g_autofree char *test_path = g_strdup_printf ("/document/invalid/%s", expectation->name);

      g_test_add_data_func (test_path, expectation, test_invalid);
    }

  return g_test_run ();
}
