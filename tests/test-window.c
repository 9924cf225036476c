/* test-window.c: every path to a date ends in the same state
 *
 * Runs under Xvfb with GSK_RENDERER=cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "atlas-application.h"
#include "atlas-article-view.h"
#include "atlas-map-view.h"
#include "atlas-place-layer.h"
#include "atlas-place-marker.h"
#include "atlas-place-popover.h"
#include "atlas-time-bar.h"
#include "atlas-window.h"

/* One application for the whole run: GApplication registers once. */
static GtkApplication *application;

typedef struct
{
  AtlasWindow *window;
  AtlasTimeline *timeline;
  AtlasDocument *document;
} Fixture;

static AtlasDay
day_of (const char *text)
{
  AtlasDate date;

  g_assert_true (atlas_date_parse (text, &date, NULL));
  return atlas_date_first_day (&date);
}

static void
iterate (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->document = atlas_document_new_default (&error);
  g_assert_no_error (error);
  fixture->window = atlas_window_new (application, fixture->document);
  fixture->timeline = atlas_window_get_timeline (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  iterate (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window));

  /* Close the details first: GTK 4.8 polls the pointer for an open
   * popover once more after its surface is gone. */
  gtk_popover_popdown (GTK_POPOVER (atlas_map_view_get_place_popover (map_view)));
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  g_clear_object (&fixture->document);
}

static AtlasPlaceState
state_of (Fixture    *fixture,
          const char *id)
{
  AtlasPlaceStatus status;

  atlas_timeline_get_place_status (fixture->timeline, atlas_document_lookup (fixture->document, id), &status);
  return status.state;
}

static const char *
highlighted_section (Fixture *fixture)
{
  AtlasArticleView *article = ATLAS_ARTICLE_VIEW (atlas_window_get_article_view (fixture->window));
  AtlasSection *section = atlas_article_view_get_highlighted_section (article);

  return section ? atlas_section_get_id (section) : "-";
}

static GtkRange *
slider (Fixture *fixture)
{
  return GTK_RANGE (atlas_time_bar_get_slider (ATLAS_TIME_BAR (atlas_window_get_time_bar (fixture->window))));
}

/* Setting the slider's value is what a drag, the keys and AT-SPI do. */
static void
test_slider_drives_everything (Fixture       *fixture,
                               gconstpointer  data)
{
  AtlasPlaceLayer *layer = ATLAS_PLACE_LAYER (atlas_map_view_get_place_layer (ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window))));

  gtk_range_set_value (slider (fixture), day_of ("1209-10-01"));
  iterate (100);
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, day_of ("1209-10-01"));
  g_assert_cmpint (state_of (fixture, "yinchuan"), ==, ATLAS_PLACE_STATE_BESIEGED);
  g_assert_cmpstr (highlighted_section (fixture), ==, "first-invasion");

  gtk_range_set_value (slider (fixture), day_of ("1227-08-10"));
  iterate (100);
  g_assert_cmpstr (highlighted_section (fixture), ==, "death-of-genghis");
  g_assert_cmpint (state_of (fixture, "yinchuan"), ==, ATLAS_PLACE_STATE_BESIEGED);

  gtk_range_set_value (slider (fixture), day_of ("1227-11-01"));
  iterate (100);
  g_assert_cmpint (state_of (fixture, "yinchuan"), ==, ATLAS_PLACE_STATE_DESTROYED);
  g_assert_cmpstr (highlighted_section (fixture), ==, "aftermath");

  /* The marker a screen reader reads follows the date too. */
  atlas_map_view_show_place (ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window)),
                             atlas_document_lookup (fixture->document, "yinchuan"), FALSE);
  iterate (800);
  g_assert_nonnull (atlas_place_layer_get_marker_for_place (layer, atlas_document_lookup (fixture->document, "yinchuan")));
}

static void
assert_map_near (Fixture    *fixture,
                 AtlasPlace *place)
{
  ShumateMap *map = atlas_map_view_get_map (ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window)));
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  double lat = 0, lon = 0;

  /* Let the move finish. */
  for (int i = 0; i < 40; i++)
    {
      iterate (50);
      lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
      lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
      if (fabs (lat - atlas_place_get_latitude (place)) < 0.05 &&
          fabs (lon - atlas_place_get_longitude (place)) < 0.05)
        return;
    }
  g_error ("map at %.3f,%.3f, not at %s", lat, lon, atlas_place_get_id (place));
}

static void
test_place_link (Fixture       *fixture,
                 gconstpointer  data)
{
  AtlasArticleView *article = ATLAS_ARTICLE_VIEW (atlas_window_get_article_view (fixture->window));
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window));
  AtlasPlace *suzhou = atlas_document_lookup (fixture->document, "suzhou");
  AtlasDay before = atlas_timeline_get_date (fixture->timeline);

  g_assert_true (atlas_article_view_activate_link (article, "place:suzhou"));
  assert_map_near (fixture, suzhou);
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, before);
  g_assert_true (gtk_widget_get_visible (atlas_map_view_get_place_popover (map_view)));
}

static void
test_event_link (Fixture       *fixture,
                 gconstpointer  data)
{
  AtlasArticleView *article = ATLAS_ARTICLE_VIEW (atlas_window_get_article_view (fixture->window));
  AtlasEvent *siege = atlas_document_lookup (fixture->document, "siege-lingwu-1226");

  g_assert_true (atlas_article_view_activate_link (article, "event:siege-lingwu-1226"));
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, atlas_event_get_first_day (siege));
  g_assert_cmpfloat (gtk_range_get_value (slider (fixture)), ==, atlas_event_get_first_day (siege));
  assert_map_near (fixture, atlas_event_get_place (siege));
  g_assert_cmpint (state_of (fixture, "lingwu"), ==, ATLAS_PLACE_STATE_BESIEGED);
  g_assert_cmpstr (highlighted_section (fixture), ==, "second-invasion");
}

static void
test_date_link (Fixture       *fixture,
                gconstpointer  data)
{
  AtlasArticleView *article = ATLAS_ARTICLE_VIEW (atlas_window_get_article_view (fixture->window));

  g_assert_true (atlas_article_view_activate_link (article, "date:1209-05-01"));
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, day_of ("1209-05-01"));
  g_assert_cmpfloat (gtk_range_get_value (slider (fixture)), ==, day_of ("1209-05-01"));
  g_assert_cmpstr (highlighted_section (fixture), ==, "first-invasion");
}

static void
test_section_click (Fixture       *fixture,
                    gconstpointer  data)
{
  AtlasArticleView *article = ATLAS_ARTICLE_VIEW (atlas_window_get_article_view (fixture->window));
  AtlasSection *section = atlas_document_lookup (fixture->document, "vassalage");
  GtkWidget *heading = atlas_article_view_get_section_widget (article, section);

  g_assert_nonnull (heading);
  g_signal_emit_by_name (article, "section-activated", section);
  iterate (100);
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, atlas_section_get_first_day (section));
  g_assert_cmpstr (highlighted_section (fixture), ==, "vassalage");
}

static void
test_place_details (Fixture       *fixture,
                    gconstpointer  data)
{
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window));
  AtlasPlacePopover *popover = ATLAS_PLACE_POPOVER (atlas_map_view_get_place_popover (map_view));
  const char *text;

  atlas_window_set_date (fixture->window, day_of ("1227-06-01"));
  atlas_map_view_show_place (map_view, atlas_document_lookup (fixture->document, "yinchuan"), TRUE);
  iterate (500);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  text = atlas_place_popover_get_text (popover);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Yinchuan"));
  g_assert_nonnull (strstr (text, "besieged"));
  g_assert_nonnull (strstr (text, "150,000"));
  g_assert_nonnull (strstr (text, "Mongol Empire"));
  /* Events in date order, the sieges with their length. */
  g_assert_nonnull (strstr (text, "Siege · May 1209"));
  g_assert_true (strstr (text, "Siege · May 1209") < strstr (text, "Siege · c. 1217"));
  g_assert_nonnull (strstr (text, "about 9 months"));
}

static void
on_open_finished (AtlasWindow *window,
                  gboolean     ok,
                  int         *result)
{
  *result = ok;
}

static int
open_and_wait (Fixture    *fixture,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int result = -1;
  gulong handler = g_signal_connect (fixture->window, "open-finished", G_CALLBACK (on_open_finished), &result);

  atlas_window_open_file (fixture->window, file);
  for (int i = 0; i < 200 && result == -1; i++)
    iterate (20);
  g_signal_handler_disconnect (fixture->window, handler);
  return result;
}

/* A broken document leaves the open one exactly as it was. */
static void
test_bad_file_keeps_document (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (g_getenv ("XIA_ATLAS_TEST_DOCUMENTS"), "invalid", "billion-laughs.xml", NULL);
  g_autofree char *good = g_build_filename (g_getenv ("XIA_ATLAS_TEST_DOCUMENTS"), "valid", "format-example.xml", NULL);
  AtlasDay date = day_of ("1226-11-15");

  atlas_window_set_date (fixture->window, date);
  g_assert_cmpint (open_and_wait (fixture, bad), ==, FALSE);
  g_assert_true (atlas_timeline_get_document (fixture->timeline) == fixture->document);
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, date);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Mongol conquest of Western Xia");

  /* Another campaign opens just as well, and the slider spans its period. */
  g_assert_cmpint (open_and_wait (fixture, good), ==, TRUE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Minimal example");
  g_assert_cmpfloat (gtk_adjustment_get_lower (gtk_range_get_adjustment (slider (fixture))), ==, day_of ("1209"));
  gtk_range_set_value (slider (fixture), day_of ("1209-06-01"));
  g_assert_cmpstr (highlighted_section (fixture), ==, "s1");
}

static void
test_time_shortcuts (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *time_bar = atlas_window_get_time_bar (fixture->window);

  atlas_window_set_date (fixture->window, day_of ("1209-05-01"));
  g_assert_true (gtk_widget_activate_action (time_bar, "time.next-month", NULL));
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, day_of ("1209-06-01"));
  g_assert_true (gtk_widget_activate_action (time_bar, "time.end", NULL));
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, atlas_document_get_last_day (fixture->document));
  g_assert_true (gtk_widget_activate_action (time_bar, "time.start", NULL));
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, atlas_document_get_first_day (fixture->document));
}

static void
test_basemap_switch (Fixture       *fixture,
                     gconstpointer  data)
{
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window));

  g_assert_cmpint (atlas_map_view_get_basemap (map_view), ==, ATLAS_BASEMAP_OFFLINE);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "basemap",
                                  g_variant_new_string ("openstreetmap"));
  g_assert_cmpint (atlas_map_view_get_basemap (map_view), ==, ATLAS_BASEMAP_OPENSTREETMAP);
  /* With no network the window stays responsive: a frame still comes. */
  iterate (200);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "basemap",
                                  g_variant_new_string ("offline"));
  g_assert_cmpint (atlas_map_view_get_basemap (map_view), ==, ATLAS_BASEMAP_OFFLINE);
}

static GdkTexture *
run_screenshot (const char *date,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *argv[] = {
    g_getenv ("XIA_ATLAS_BINARY"), "--screenshot", path, "--date", date, "--size", "1100x760", NULL,
  };
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return gdk_texture_new_from_file (file, NULL);
}

/* The fraction of pixels that differ between two same-sized pictures,
 * inside the rectangle given. */
static double
fraction_different (GdkTexture *a,
                    GdkTexture *b,
                    int         x0,
                    int         y0,
                    int         x1,
                    int         y1)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *pixels_a = g_malloc (width * height * 4);
  g_autofree guchar *pixels_b = g_malloc (width * height * 4);
  guint different = 0, total = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  g_assert_cmpint (gdk_texture_get_height (b), ==, height);
  gdk_texture_download (a, pixels_a, width * 4);
  gdk_texture_download (b, pixels_b, width * 4);
  for (int y = y0; y < MIN (y1, height); y++)
    for (int x = x0; x < MIN (x1, width); x++)
      {
        const guchar *pa = pixels_a + (y * width + x) * 4;
        const guchar *pb = pixels_b + (y * width + x) * 4;

        total++;
        if (abs (pa[0] - pb[0]) + abs (pa[1] - pb[1]) + abs (pa[2] - pb[2]) > 24)
          different++;
      }
  return (double) different / MAX (total, 1);
}

static GdkTexture *
render_window (AtlasWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The map counts as drawn (what --screenshot waits for) only once the
 * routes of the date are: zoomed in on an army, its line is drawn by a
 * worker, after the frame that shows the new date. */
static void
test_drawn_waits_for_routes (Fixture       *fixture,
                             gconstpointer  data)
{
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (fixture->window));
  ShumateMap *map = atlas_map_view_get_map (map_view);
  AtlasPlace *wuhai = ATLAS_PLACE (atlas_document_lookup (fixture->document, "wuhai"));

  atlas_timeline_set_date (fixture->timeline, day_of ("1209-03-18"));
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), 12);
  shumate_map_center_on (map, atlas_place_get_latitude (wuhai), atlas_place_get_longitude (wuhai));
  for (int i = 0; i < 200 && !atlas_map_view_is_drawn (map_view); i++)
    iterate (50);
  g_assert_true (atlas_map_view_is_drawn (map_view));

  atlas_timeline_set_date (fixture->timeline, day_of ("1209-03-19"));
  g_assert_false (atlas_map_view_is_drawn (map_view));
  for (int i = 0; i < 200 && !atlas_map_view_is_drawn (map_view); i++)
    iterate (50);
  g_assert_true (atlas_map_view_is_drawn (map_view));
}

/* --screenshot --date shows the state the window shows when its slider
 * is moved to that date, and another date shows something else. */
static void
test_screenshot_matches_gui (void)
{
  g_autofree char *dir = g_dir_make_tmp ("xia-atlas-XXXXXX", NULL);
  g_autofree char *siege_path = g_build_filename (dir, "siege.png", NULL);
  g_autofree char *earlier_path = g_build_filename (dir, "earlier.png", NULL);
  g_autoptr(GdkTexture) siege = run_screenshot ("1227-06", siege_path);
  g_autoptr(GdkTexture) earlier = run_screenshot ("1209-10", earlier_path);
  g_autoptr(AtlasDocument) document = atlas_document_new_default (NULL);
  g_autoptr(GdkTexture) gui = NULL;
  AtlasWindow *window = atlas_window_new (application, document);
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (window));
  GtkRange *range = GTK_RANGE (atlas_time_bar_get_slider (ATLAS_TIME_BAR (atlas_window_get_time_bar (window))));
  int width = gdk_texture_get_width (siege);
  int height = gdk_texture_get_height (siege);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  iterate (200);
  gtk_range_set_value (range, day_of ("1227-06-01"));
  for (int i = 0; i < 100 && !atlas_map_view_is_drawn (map_view); i++)
    iterate (50);
  /* Let the article finish scrolling to the section. */
  iterate (800);
  gui = render_window (window);

  g_assert_cmpint (gdk_texture_get_width (gui), ==, width);
  g_assert_cmpint (gdk_texture_get_height (gui), ==, height);
  g_assert_cmpfloat (fraction_different (siege, gui, 0, 0, width, height), <, 0.02);
  /* Another date changes the map and the time bar. */
  g_assert_cmpfloat (fraction_different (siege, earlier, 0, height - 120, width, height), >, 0.005);
  g_assert_cmpfloat (fraction_different (siege, earlier, width / 2, 60, width, height - 120), >, 0.005);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (50);
  g_unlink (siege_path);
  g_unlink (earlier_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  application = GTK_APPLICATION (atlas_application_new ());
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/window/slider-drives-everything", test_slider_drives_everything);
  ADD ("/window/place-link", test_place_link);
  ADD ("/window/event-link", test_event_link);
  ADD ("/window/date-link", test_date_link);
  ADD ("/window/section-click", test_section_click);
  ADD ("/window/place-details", test_place_details);
  ADD ("/window/bad-file-keeps-document", test_bad_file_keeps_document);
  ADD ("/window/time-shortcuts", test_time_shortcuts);
  ADD ("/window/basemap-switch", test_basemap_switch);
  ADD ("/window/drawn-waits-for-routes", test_drawn_waits_for_routes);
  g_test_add_func ("/window/screenshot-matches-gui", test_screenshot_matches_gui);
#undef ADD

  status = g_test_run ();
  g_clear_object (&application);
  return status;
}
