/* atlas-window.c: the main window
 *
 * One timeline holds the date.  The article, the map and the time bar
 * each follow it; this window only turns what the user asks of one view
 * (a link, a section, a place) into a date or a map move, so that every
 * path ends in the same state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "atlas-application.h"
#include "atlas-article-view.h"
#include "atlas-map-view.h"
#include "atlas-time-bar.h"
#include "atlas-window.h"

/* How long --screenshot waits for the basemap before it gives up. */
#define SCREENSHOT_TIMEOUT_US (30 * G_USEC_PER_SEC)
/* Frames to let pass once everything is drawn, so layers settle. */
#define SCREENSHOT_SETTLE_FRAMES 3

struct _AtlasWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkPaned *paned;
  AtlasArticleView *article_view;
  AtlasMapView *map_view;
  AtlasTimeBar *time_bar;

  AtlasTimeline *timeline;
  GCancellable *open_cancellable;

  char *screenshot_path;
  gint64 screenshot_started;
  guint screenshot_drawn_frames;
};

G_DEFINE_FINAL_TYPE (AtlasWindow, atlas_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  OPEN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_title (AtlasWindow *self)
{
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);

  if (document == NULL)
    return;
  adw_window_title_set_title (self->window_title, atlas_document_get_title (document));
  adw_window_title_set_subtitle (self->window_title,
                                 atlas_document_get_subtitle (document)
                                 ? atlas_document_get_subtitle (document) : "");
  gtk_window_set_title (GTK_WINDOW (self), atlas_document_get_title (document));
}

/* Article → date and map ------------------------------------------------ */

static void
on_article_place (AtlasWindow *self,
                  AtlasPlace  *place)
{
  atlas_map_view_show_place (self->map_view, place, TRUE);
}

static void
on_article_event (AtlasWindow *self,
                  AtlasEvent  *event)
{
  AtlasPlace *place = atlas_event_get_place (event);

  atlas_timeline_set_date (self->timeline, atlas_event_get_first_day (event));
  if (place)
    atlas_map_view_show_place (self->map_view, place, FALSE);
}

static void
on_article_date (AtlasWindow *self,
                 int          day)
{
  atlas_timeline_set_date (self->timeline, day);
}

static void
add_unique (GPtrArray *places,
            gpointer   place)
{
  if (place && !g_ptr_array_find (places, place, NULL))
    g_ptr_array_add (places, place);
}

/* A section's title: its start date, and the map around what it names. */
static void
on_article_section (AtlasWindow  *self,
                    AtlasSection *section)
{
  g_autoptr(GPtrArray) places = g_ptr_array_new ();
  GPtrArray *paragraphs = atlas_section_get_paragraphs (section);

  if (atlas_section_is_dated (section))
    atlas_timeline_set_date (self->timeline, atlas_section_get_first_day (section));

  for (guint i = 0; i < paragraphs->len; i++)
    {
      GPtrArray *runs = g_ptr_array_index (paragraphs, i);

      for (guint j = 0; j < runs->len; j++)
        {
          AtlasRun *run = g_ptr_array_index (runs, j);

          if (run->kind == ATLAS_RUN_PLACE)
            add_unique (places, run->target);
          else if (run->kind == ATLAS_RUN_EVENT)
            add_unique (places, atlas_event_get_place (ATLAS_EVENT (run->target)));
        }
    }
  atlas_map_view_fit_places (self->map_view, places);
}

static void
on_read_in_article (AtlasWindow  *self,
                    AtlasSection *section)
{
  atlas_article_view_scroll_to_section (self->article_view, section, TRUE);
}

/* Opening documents ------------------------------------------------------ */

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  AtlasDocument *document = atlas_document_new_from_file (file, cancellable, &error);

  if (document)
    g_task_return_pointer (task, document, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AtlasWindow *self = ATLAS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A refused document leaves the open one exactly as it was. */
  if (document == NULL)
    {
      atlas_window_show_error (self, error->message);
      g_signal_emit (self, signals[OPEN_FINISHED], 0, FALSE);
      return;
    }

  atlas_timeline_set_document (self->timeline, document);
  {
    g_autofree char *message = g_strdup_printf (_("Opened “%s”"), atlas_document_get_title (document));
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  }
  g_signal_emit (self, signals[OPEN_FINISHED], 0, TRUE);
}

void
atlas_window_open_file (AtlasWindow *self,
                        GFile       *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATLAS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->open_cancellable, on_loaded, NULL);
  g_task_set_source_tag (task, atlas_window_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                AtlasWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      atlas_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AtlasWindow *self = ATLAS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) atlases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open Atlas"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (atlases, _("Atlas Documents"));
  gtk_file_filter_add_pattern (atlases, "*.xml");
  gtk_file_filter_add_mime_type (atlases, "application/xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), atlases);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The error names FILE:LINE:COL, so it goes in a dialog a user can read
 * in full, not a toast that fades. */
void
atlas_window_show_error (AtlasWindow *self,
                         const char  *message)
{
  GtkWidget *dialog;

  g_return_if_fail (ATLAS_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Atlas"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions ----------------------------------------------------------------- */

static void
reset_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  atlas_map_view_reset_view (ATLAS_WINDOW (widget)->map_view);
}

static void
on_basemap_changed (GSimpleAction *action,
                    GVariant      *state,
                    AtlasWindow   *self)
{
  const char *kind = g_variant_get_string (state, NULL);

  atlas_map_view_set_basemap (self->map_view,
                              g_str_equal (kind, "openstreetmap")
                              ? ATLAS_BASEMAP_OPENSTREETMAP : ATLAS_BASEMAP_OFFLINE);
  g_simple_action_set_state (action, state);
}

static void
on_show_legend_changed (GSimpleAction *action,
                        GVariant      *state,
                        AtlasWindow   *self)
{
  atlas_map_view_set_legend_visible (self->map_view, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
on_show_article_changed (GSimpleAction *action,
                         GVariant      *state,
                         AtlasWindow   *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->article_view), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
add_stateful_actions (AtlasWindow *self)
{
  g_autoptr(GSimpleAction) basemap =
    g_simple_action_new_stateful ("basemap", G_VARIANT_TYPE_STRING, g_variant_new_string ("offline"));
  g_autoptr(GSimpleAction) legend =
    g_simple_action_new_stateful ("show-legend", NULL, g_variant_new_boolean (FALSE));
  g_autoptr(GSimpleAction) article =
    g_simple_action_new_stateful ("show-article", NULL, g_variant_new_boolean (TRUE));

  g_signal_connect (basemap, "change-state", G_CALLBACK (on_basemap_changed), self);
  g_signal_connect (legend, "change-state", G_CALLBACK (on_show_legend_changed), self);
  g_signal_connect (article, "change-state", G_CALLBACK (on_show_article_changed), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (basemap));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (legend));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (article));
}

/* The time bar's actions live on the time bar; these shortcuts reach
 * them from anywhere in the window. */
static gboolean
activate_time_action (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  AtlasWindow *self = ATLAS_WINDOW (widget);

  return gtk_widget_activate_action (GTK_WIDGET (self->time_bar), user_data, NULL);
}

static void
add_time_shortcuts (AtlasWindow *self)
{
  static const struct {
    const char *trigger;
    const char *action;
  } shortcuts[] = {
    { "<Control>Left", "time.previous-month" },
    { "<Control>Right", "time.next-month" },
    { "<Control>Page_Up", "time.previous-event" },
    { "<Control>Page_Down", "time.next-event" },
    { "Home", "time.start" },
    { "End", "time.end" },
    { "space", "time.play" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].trigger),
                                                            gtk_callback_action_new (activate_time_action,
                                                                                     (gpointer) shortcuts[i].action,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Screenshots --------------------------------------------------------------- */

static gboolean
save_screenshot (AtlasWindow  *self,
                 GError      **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the window drew nothing"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (self)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, self->screenshot_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not write %s"), self->screenshot_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
screenshot_tick (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  AtlasWindow *self = ATLAS_WINDOW (widget);
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  gboolean timed_out = g_get_monotonic_time () - self->screenshot_started > SCREENSHOT_TIMEOUT_US;

  if (atlas_map_view_is_drawn (self->map_view))
    self->screenshot_drawn_frames++;
  else
    self->screenshot_drawn_frames = 0;

  if (self->screenshot_drawn_frames < SCREENSHOT_SETTLE_FRAMES && !timed_out)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  if (timed_out)
    g_printerr (_("%s: the map was not drawn in time; writing what is shown\n"), self->screenshot_path);
  if (!save_screenshot (self, &error))
    {
      g_printerr ("%s: error: %s\n", self->screenshot_path, error->message);
      atlas_application_set_exit_status (ATLAS_APPLICATION (application), 1);
    }
  g_application_quit (application);
  return G_SOURCE_REMOVE;
}

void
atlas_window_take_screenshot (AtlasWindow *self,
                              const char  *path)
{
  g_return_if_fail (ATLAS_IS_WINDOW (self));

  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
  self->screenshot_started = g_get_monotonic_time ();
  self->screenshot_drawn_frames = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), screenshot_tick, NULL, NULL);
}

/* The class ----------------------------------------------------------------- */

static void
atlas_window_dispose (GObject *object)
{
  AtlasWindow *self = ATLAS_WINDOW (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_WINDOW);

  G_OBJECT_CLASS (atlas_window_parent_class)->dispose (object);
}

static void
atlas_window_finalize (GObject *object)
{
  AtlasWindow *self = ATLAS_WINDOW (object);

  g_clear_object (&self->timeline);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (atlas_window_parent_class)->finalize (object);
}

static void
atlas_window_class_init (AtlasWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_window_dispose;
  object_class->finalize = atlas_window_finalize;

  /* Emitted when atlas_window_open_file() is done: TRUE if it opened. */
  signals[OPEN_FINISHED] =
    g_signal_new ("open-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (ATLAS_TYPE_ARTICLE_VIEW);
  g_type_ensure (ATLAS_TYPE_MAP_VIEW);
  g_type_ensure (ATLAS_TYPE_TIME_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, AtlasWindow, time_bar);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, reset_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-article", NULL);
}

static void
atlas_window_init (AtlasWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->timeline = atlas_timeline_new (NULL);
  g_signal_connect_object (self->timeline, "notify::document", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);

  add_stateful_actions (self);
  add_time_shortcuts (self);

  g_signal_connect_object (self->article_view, "place-activated", G_CALLBACK (on_article_place), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "event-activated", G_CALLBACK (on_article_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "date-activated", G_CALLBACK (on_article_date), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "section-activated", G_CALLBACK (on_article_section), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "read-in-article", G_CALLBACK (on_read_in_article), self, G_CONNECT_SWAPPED);

  g_object_set (self->article_view, "timeline", self->timeline, NULL);
  atlas_map_view_set_timeline (self->map_view, self->timeline);
  g_object_set (self->time_bar, "timeline", self->timeline, NULL);
}

AtlasWindow *
atlas_window_new (GtkApplication *application,
                  AtlasDocument  *document)
{
  AtlasWindow *self = g_object_new (ATLAS_TYPE_WINDOW, "application", application, NULL);

  atlas_timeline_set_document (self->timeline, document);
  return self;
}

AtlasTimeline *
atlas_window_get_timeline (AtlasWindow *self)
{
  g_return_val_if_fail (ATLAS_IS_WINDOW (self), NULL);
  return self->timeline;
}

GtkWidget *
atlas_window_get_map_view (AtlasWindow *self)
{
  g_return_val_if_fail (ATLAS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->map_view);
}

GtkWidget *
atlas_window_get_article_view (AtlasWindow *self)
{
  g_return_val_if_fail (ATLAS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->article_view);
}

GtkWidget *
atlas_window_get_time_bar (AtlasWindow *self)
{
  g_return_val_if_fail (ATLAS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->time_bar);
}

void
atlas_window_set_date (AtlasWindow *self,
                       AtlasDay     date)
{
  g_return_if_fail (ATLAS_IS_WINDOW (self));
  atlas_timeline_set_date (self->timeline, date);
}
