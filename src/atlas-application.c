/* atlas-application.c: command line, window and app-wide actions
 *
 * --check and --state-at answer on the terminal and exit before GTK
 * starts, so they need no display.  Everything else opens a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "atlas-application.h"
#include "atlas-cli.h"
#include "atlas-document.h"
#include "atlas-window.h"

struct _AtlasApplication
{
  AdwApplication parent_instance;

  AtlasDocument *document;      /* what the first window shows */
  char *load_error;             /* why the file asked for could not open */
  char *screenshot_path;
  AtlasDay date;
  int width;
  int height;
  int exit_status;              /* set when the window fails its work */
};

G_DEFINE_FINAL_TYPE (AtlasApplication, atlas_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check atlas documents and print a summary of each; needs no display"), NULL },
  { "state-at", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print the state of every place, route and section at DATE; needs no display"), N_("DATE") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write a picture of the window to FILE once the map is drawn, then quit"), N_("FILE") },
  { "date", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open at DATE (YYYY, YYYY-MM or YYYY-MM-DD)"), N_("DATE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Window size for --screenshot"), N_("WIDTHxHEIGHT") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
  { NULL }
};

static int
print_and_return (GString *out,
                  GString *err,
                  int      status)
{
  fputs (out->str, stdout);
  fputs (err->str, stderr);
  return status;
}

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  char *end = NULL;
  guint64 w, h;

  w = g_ascii_strtoull (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || w < 320 || h < 240 || w > 8192 || h > 8192)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

static int
atlas_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  AtlasApplication *self = ATLAS_APPLICATION (application);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree const char **files = NULL;
  g_autoptr(GError) error = NULL;
  const char *state_at = NULL;
  const char *date = NULL;
  const char *size = NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("xia-atlas %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "check"))
    {
      if (files == NULL || files[0] == NULL)
        {
          g_printerr (_("--check needs at least one FILE\n"));
          return 2;
        }
      return print_and_return (out, err, atlas_cli_check (files, out, err));
    }

  if (g_variant_dict_lookup (options, "state-at", "&s", &state_at))
    {
      if (files && files[0] && files[1])
        {
          g_printerr (_("--state-at reads one FILE at most\n"));
          return 2;
        }
      return print_and_return (out, err,
                               atlas_cli_state_at (state_at, files ? files[0] : NULL, out, err));
    }

  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);

  if (g_variant_dict_lookup (options, "date", "&s", &date))
    {
      AtlasDate parsed;

      if (!atlas_date_parse (date, &parsed, &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      self->date = atlas_date_first_day (&parsed);
    }

  if (g_variant_dict_lookup (options, "size", "&s", &size) &&
      !parse_size (size, &self->width, &self->height))
    {
      g_printerr (_("--size wants WIDTHxHEIGHT, e.g. 1280x800\n"));
      return 2;
    }

  /* The document is read before any window exists, so a picture of a
   * broken file fails here with its FILE:LINE:COL message. */
  if (files && files[0])
    {
      self->document = atlas_document_new_from_path (files[0], &error);
      if (self->document == NULL)
        {
          g_printerr ("%s\n", error->message);
          if (self->screenshot_path)
            return 1;
          self->load_error = g_strdup (error->message);
          g_clear_error (&error);
        }
    }
  if (self->document == NULL)
    {
      self->document = atlas_document_new_default (&error);
      if (self->document == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  return -1;
}

static void
atlas_application_activate (GApplication *application)
{
  AtlasApplication *self = ATLAS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      AtlasWindow *atlas_window = atlas_window_new (GTK_APPLICATION (application), self->document);

      if (self->date != 0)
        atlas_window_set_date (atlas_window, self->date);
      if (self->width > 0)
        gtk_window_set_default_size (GTK_WINDOW (atlas_window), self->width, self->height);
      if (self->screenshot_path)
        atlas_window_take_screenshot (atlas_window, self->screenshot_path);
      else if (self->load_error)
        atlas_window_show_error (atlas_window, self->load_error);
      window = GTK_WINDOW (atlas_window);
    }

  gtk_window_present (window);
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Xia Atlas developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Xia Atlas"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The Mongol conquest of Western Xia on a map and a timeline"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("Article retold from Wikipedia (CC BY-SA 4.0); geography from Natural Earth (public domain)"),
                         NULL);
}

static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", show_about },
  { "quit", quit },
};

static void
atlas_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (atlas_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.open",
                                         (const char *[]) { "<Control>o", NULL });
}

static void
atlas_application_finalize (GObject *object)
{
  AtlasApplication *self = ATLAS_APPLICATION (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (atlas_application_parent_class)->finalize (object);
}

static void
atlas_application_class_init (AtlasApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = atlas_application_finalize;
  app_class->handle_local_options = atlas_application_handle_local_options;
  app_class->activate = atlas_application_activate;
  app_class->startup = atlas_application_startup;
}

static void
atlas_application_init (AtlasApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Show a historical campaign on a map, a timeline and its article."));
}

/* Not unique: each run shows its own document, and tests and
 * --screenshot need no session bus. */
AtlasApplication *
atlas_application_new (void)
{
  return g_object_new (ATLAS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/example/XiaAtlas",
                       NULL);
}

int
atlas_application_get_exit_status (AtlasApplication *self)
{
  g_return_val_if_fail (ATLAS_IS_APPLICATION (self), 1);
  return self->exit_status;
}

void
atlas_application_set_exit_status (AtlasApplication *self,
                                   int               status)
{
  g_return_if_fail (ATLAS_IS_APPLICATION (self));
  self->exit_status = status;
}
