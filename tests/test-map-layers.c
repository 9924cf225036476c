/* test-map-layers.c: the place and route layers over the Western Xia atlas
 *
 * Runs a real ShumateMap, in a ShumateSimpleMap as the atlas does, in a
 * window (under xvfb-run, with GSK_RENDERER=cairo), centred on Yinchuan,
 * and checks what the layers show and say at given dates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "atlas-legend.h"
#include "atlas-place-layer.h"
#include "atlas-place-marker.h"
#include "atlas-route-layer.h"

#define WINDOW_WIDTH 800
#define WINDOW_HEIGHT 600

typedef struct
{
  AtlasDocument *document;
  AtlasTimeline *timeline;
  ShumateMapSource *source;
  GtkWidget *window;
  ShumateMap *map;
  ShumateViewport *viewport;
  AtlasRouteLayer *route_layer;
  AtlasPlaceLayer *place_layer;
} Fixture;

static AtlasDocument *
load_atlas (void)
{
  const char *data_dir = g_getenv ("XIA_ATLAS_DATA_DIR");
  g_autoptr(GError) error = NULL;
  AtlasDocument *document;

  if (data_dir)
    {
      g_autofree char *path = g_build_filename (data_dir, "western-xia.atlas.xml", NULL);

      document = atlas_document_new_from_path (path, &error);
    }
  else
    {
      document = atlas_document_new_default (&error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static AtlasDay
day_of (const char *text)
{
  AtlasDate date;

  g_assert_true (atlas_date_parse (text, &date, NULL));
  return atlas_date_first_day (&date);
}

static AtlasPlace *
place (Fixture    *fixture,
       const char *id)
{
  gpointer object = atlas_document_lookup (fixture->document, id);

  g_assert_true (ATLAS_IS_PLACE (object));
  return object;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the widget has been through a few frames, each
 * laying out and drawing whatever changed before. */
static void
wait_for_ticks (GtkWidget *widget,
                guint      n_frames)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (frames < n_frames && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpuint (frames, >=, n_frames);

  /* The frame that ended the wait may still want to draw. */
  while (g_main_context_iteration (NULL, FALSE));
}

static void
wait_for_frames (Fixture *fixture)
{
  wait_for_ticks (GTK_WIDGET (fixture->place_layer), 3);
}

static void
fixture_set_up_at (Fixture       *fixture,
                   AtlasDocument *document,
                   double         latitude,
                   double         longitude)
{
  ShumateSimpleMap *simple_map;

  fixture->document = document;
  fixture->timeline = atlas_timeline_new (document);

  /* Layers only need the projection, so the source never fetches a tile. */
  fixture->source = SHUMATE_MAP_SOURCE (
    shumate_raster_renderer_new_full_from_url ("test", "Test", "", "", 0, 18, 256,
                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                               "file:///nonexistent/{z}/{x}/{y}.png"));

  /* Inside a ShumateSimpleMap, as in the map view: its overlays lay the
   * map out in a way that shows a layer's allocation mistakes. */
  simple_map = shumate_simple_map_new ();
  fixture->map = shumate_simple_map_get_map (simple_map);
  fixture->viewport = shumate_map_get_viewport (fixture->map);
  shumate_viewport_set_reference_map_source (fixture->viewport, fixture->source);
  fixture->route_layer = atlas_route_layer_new (fixture->viewport, fixture->timeline);
  fixture->place_layer = atlas_place_layer_new (fixture->viewport, fixture->timeline);
  shumate_map_add_layer (fixture->map, SHUMATE_LAYER (fixture->route_layer));
  shumate_map_add_layer (fixture->map, SHUMATE_LAYER (fixture->place_layer));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (simple_map));

  shumate_viewport_set_zoom_level (fixture->viewport, 7);
  shumate_map_center_on (fixture->map, latitude, longitude);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for_frames (fixture);
}

/* Centred on Yinchuan. */
static void
fixture_set_up_with (Fixture       *fixture,
                     AtlasDocument *document)
{
  fixture_set_up_at (fixture, document, 38.4872, 106.2309);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, load_atlas ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE));
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->timeline);
  g_clear_object (&fixture->document);
}

static void
set_date (Fixture    *fixture,
          const char *date)
{
  atlas_timeline_set_date (fixture->timeline, day_of (date));
  wait_for_frames (fixture);
}

static AtlasPlaceMarker *
marker_for (Fixture    *fixture,
            const char *id)
{
  GtkWidget *marker = atlas_place_layer_get_marker_for_place (fixture->place_layer, place (fixture, id));

  g_assert_true (ATLAS_IS_PLACE_MARKER (marker));
  return ATLAS_PLACE_MARKER (marker);
}

static void
assert_description_contains (Fixture    *fixture,
                             const char *id,
                             const char *text)
{
  AtlasPlaceMarker *marker = marker_for (fixture, id);
  const char *description = atlas_place_marker_get_description (marker);

  g_assert_nonnull (description);
  if (strstr (description, text) == NULL)
    g_error ("%s: “%s” does not say “%s”", id, description, text);
  gtk_test_accessible_assert_property (marker, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
}

static void
test_marker_states (Fixture       *fixture,
                    gconstpointer  data)
{
  AtlasPlaceMarker *marker;

  set_date (fixture, "1209-10-01");
  marker = marker_for (fixture, "yinchuan");
  g_assert_true (atlas_place_marker_get_place (marker) == place (fixture, "yinchuan"));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (marker)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (marker)), ==, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (marker, GTK_ACCESSIBLE_PROPERTY_LABEL, "Yinchuan");
  assert_description_contains (fixture, "yinchuan", "besieged");
  assert_description_contains (fixture, "yinchuan", "Mongol Empire");

  /* The description follows the date without the marker being recreated. */
  set_date (fixture, "1211-06-01");
  g_assert_true (marker_for (fixture, "yinchuan") == marker);
  assert_description_contains (fixture, "yinchuan", "vassal");

  set_date (fixture, "1227-10-15");
  assert_description_contains (fixture, "yinchuan", "destroyed");
  assert_description_contains (fixture, "lingwu", "captured");
}

static void
test_marker_visibility (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->place_layer);
  GPtrArray *places = atlas_document_get_places (fixture->document);
  guint n_children = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    n_children++;
  g_assert_cmpuint (n_children, ==, atlas_place_layer_get_n_markers (fixture->place_layer));
  g_assert_cmpuint (n_children, <=, ATLAS_PLACE_LAYER_MAX_MARKERS);

  /* Every place gets a marker exactly when it is on screen, and the
   * marker sits over its symbol. */
  for (guint i = 0; i < places->len; i++)
    {
      AtlasPlace *each = g_ptr_array_index (places, i);
      GtkWidget *marker = atlas_place_layer_get_marker_for_place (fixture->place_layer, each);
      double x, y;
      gboolean on_screen;

      shumate_viewport_location_to_widget_coords (fixture->viewport, widget,
                                                  atlas_place_get_latitude (each),
                                                  atlas_place_get_longitude (each),
                                                  &x, &y);
      on_screen = x >= 0 && y >= 0 && x <= gtk_widget_get_width (widget) && y <= gtk_widget_get_height (widget);
      g_assert_cmpint (marker != NULL, ==, on_screen);
      if (marker)
        {
          graphene_rect_t bounds;

          g_assert_true (gtk_widget_get_child_visible (marker));
          g_assert_true (gtk_widget_compute_bounds (marker, widget, &bounds));
          g_assert_true (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)));
        }
    }
  g_assert_nonnull (atlas_place_layer_get_marker_for_place (fixture->place_layer, place (fixture, "lingwu")));
  g_assert_null (atlas_place_layer_get_marker_for_place (fixture->place_layer, place (fixture, "kaifeng")));

  /* Moving to Kaifeng swaps them over. */
  shumate_map_center_on (fixture->map, 34.7972, 114.3075);
  wait_for_frames (fixture);
  g_assert_null (atlas_place_layer_get_marker_for_place (fixture->place_layer, place (fixture, "yinchuan")));
  g_assert_nonnull (atlas_place_layer_get_marker_for_place (fixture->place_layer, place (fixture, "kaifeng")));
  gtk_test_accessible_assert_property (marker_for (fixture, "kaifeng"), GTK_ACCESSIBLE_PROPERTY_LABEL, "Kaifeng");
}

static void
test_pick (Fixture       *fixture,
           gconstpointer  data)
{
  AtlasPlace *yinchuan = place (fixture, "yinchuan");
  double x, y;

  shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->place_layer),
                                              atlas_place_get_latitude (yinchuan),
                                              atlas_place_get_longitude (yinchuan),
                                              &x, &y);
  g_assert_true (atlas_place_layer_pick (fixture->place_layer, x, y) == yinchuan);
  g_assert_true (atlas_place_layer_pick (fixture->place_layer, x + 6, y - 5) == yinchuan);
  g_assert_null (atlas_place_layer_pick (fixture->place_layer, -200, -200));

  /* Only symbols catch the pointer, so the map can be dragged elsewhere. */
  g_assert_true (gtk_widget_contains (GTK_WIDGET (fixture->place_layer), x, y));
  g_assert_false (gtk_widget_contains (GTK_WIDGET (fixture->place_layer), -200, -200));
}

/* The layer projects places itself, once per document, rather than
 * through libshumate per frame; between whole zoom levels and with the
 * map turned, its markers must still sit where libshumate puts places. */
static void
test_projection (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct { double zoom; double rotation; } views[] = {
    { 6.3, 0 }, { 7.71, 0.4 }, { 5.5, 5.9 },
  };
  GtkWidget *widget = GTK_WIDGET (fixture->place_layer);
  GPtrArray *places = atlas_document_get_places (fixture->document);

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      guint n_markers = 0;

      shumate_viewport_set_zoom_level (fixture->viewport, views[v].zoom);
      shumate_viewport_set_rotation (fixture->viewport, views[v].rotation);
      wait_for_frames (fixture);

      for (guint i = 0; i < places->len; i++)
        {
          AtlasPlace *each = g_ptr_array_index (places, i);
          GtkWidget *marker = atlas_place_layer_get_marker_for_place (fixture->place_layer, each);
          graphene_rect_t bounds;
          double x, y;

          if (marker == NULL)
            continue;
          shumate_viewport_location_to_widget_coords (fixture->viewport, widget,
                                                      atlas_place_get_latitude (each),
                                                      atlas_place_get_longitude (each),
                                                      &x, &y);
          g_assert_true (gtk_widget_compute_bounds (marker, widget, &bounds));
          g_assert_cmpfloat_with_epsilon (bounds.origin.x + bounds.size.width / 2, x, 0.51);
          g_assert_cmpfloat_with_epsilon (bounds.origin.y + bounds.size.height / 2, y, 0.51);
          g_assert_true (atlas_place_layer_pick (fixture->place_layer, x, y) != NULL);
          n_markers++;
        }
      g_assert_cmpuint (n_markers, >, 0);
    }
}

static void
place_activated_cb (AtlasPlaceLayer  *layer,
                    AtlasPlace       *activated,
                    AtlasPlace      **out)
{
  *out = activated;
}

/* Whether one of the widget's shortcut controllers binds the key to the
 * action signal. */
static gboolean
binds (GtkWidget  *widget,
       const char *key,
       const char *signal)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (trigger, key) == 0 && GTK_IS_SIGNAL_ACTION (action) &&
              g_strcmp0 (gtk_signal_action_get_signal_name (GTK_SIGNAL_ACTION (action)), signal) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_activation (Fixture       *fixture,
                 gconstpointer  data)
{
  AtlasPlace *activated = NULL;
  AtlasPlaceMarker *marker = marker_for (fixture, "lingwu");

  g_signal_connect (fixture->place_layer, "place-activated", G_CALLBACK (place_activated_cb), &activated);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (marker)));
  g_assert_true (activated == place (fixture, "lingwu"));

  /* Enter and Space are bound to the same signal. */
  g_assert_true (binds (GTK_WIDGET (marker), "Return", "activate"));
  g_assert_true (binds (GTK_WIDGET (marker), "KP_Enter", "activate"));
  g_assert_true (binds (GTK_WIDGET (marker), "space", "activate"));

  g_signal_handlers_disconnect_by_func (fixture->place_layer, place_activated_cb, &activated);
}

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  AtlasPlace *wulahai = place (fixture, "wulahai");

  g_assert_null (atlas_place_layer_get_selected_place (fixture->place_layer));
  atlas_place_layer_set_selected_place (fixture->place_layer, wulahai);
  g_assert_true (atlas_place_layer_get_selected_place (fixture->place_layer) == wulahai);
  /* Drawing a debated selected place and its alternatives must not fail. */
  shumate_viewport_set_zoom_level (fixture->viewport, 6);
  wait_for_frames (fixture);

  /* A new document clears a selection from the old one. */
  atlas_timeline_set_document (fixture->timeline, NULL);
  g_assert_null (atlas_place_layer_get_selected_place (fixture->place_layer));
  wait_for_frames (fixture);
  g_assert_cmpuint (atlas_place_layer_get_n_markers (fixture->place_layer), <=, ATLAS_PLACE_LAYER_MAX_MARKERS);
  g_assert_null (atlas_place_layer_get_marker_for_place (fixture->place_layer, wulahai));
}

static void
assert_style (Fixture       *fixture,
              const char    *id,
              const char    *date,
              AtlasPlaceState state,
              const char    *fill_faction,
              const char    *ring_faction)
{
  AtlasPlace *each = place (fixture, id);
  AtlasPlaceStatus status;
  AtlasPlaceStyle style;
  double red, green, blue;

  atlas_place_status_at (each, day_of (date), &status);
  atlas_place_layer_style_for_status (each, &status, &style);
  g_assert_cmpint (style.state, ==, state);

  atlas_faction_get_rgb (atlas_document_lookup (fixture->document, fill_faction), &red, &green, &blue);
  g_assert_cmpfloat_with_epsilon (style.fill.red, red, 1e-6);
  g_assert_cmpfloat_with_epsilon (style.fill.green, green, 1e-6);
  g_assert_cmpfloat_with_epsilon (style.fill.blue, blue, 1e-6);

  g_assert_cmpint (style.has_ring, ==, ring_faction != NULL);
  if (ring_faction)
    {
      atlas_faction_get_rgb (atlas_document_lookup (fixture->document, ring_faction), &red, &green, &blue);
      g_assert_cmpfloat_with_epsilon (style.ring.red, red, 1e-6);
      g_assert_cmpfloat_with_epsilon (style.ring.green, green, 1e-6);
      g_assert_cmpfloat_with_epsilon (style.ring.blue, blue, 1e-6);
    }
}

static void
test_styles (void)
{
  Fixture fixture = { load_atlas () };

  assert_style (&fixture, "yinchuan", "1208-01-01", ATLAS_PLACE_STATE_HELD, "xia", NULL);
  assert_style (&fixture, "yinchuan", "1209-10-01", ATLAS_PLACE_STATE_BESIEGED, "xia", "mongol");
  assert_style (&fixture, "yinchuan", "1211-06-01", ATLAS_PLACE_STATE_VASSAL, "xia", "mongol");
  /* The warning siege of a vassal keeps the vassal's own colour. */
  assert_style (&fixture, "yinchuan", "1217-06-01", ATLAS_PLACE_STATE_BESIEGED, "xia", "mongol");
  assert_style (&fixture, "yinchuan", "1227-10-15", ATLAS_PLACE_STATE_DESTROYED, "xia", NULL);
  assert_style (&fixture, "lingwu", "1227-02-01", ATLAS_PLACE_STATE_CAPTURED, "mongol", NULL);
  assert_style (&fixture, "ganzhou", "1205-03-01", ATLAS_PLACE_STATE_RAIDED, "xia", "mongol");

  g_clear_object (&fixture.document);
}

static AtlasRoute *
route (Fixture    *fixture,
       const char *id)
{
  gpointer object = atlas_document_lookup (fixture->document, id);

  g_assert_true (ATLAS_IS_ROUTE (object));
  return object;
}

static void
test_route_clipping (void)
{
  Fixture fixture = { load_atlas () };
  AtlasRoute *invasion = route (&fixture, "invasion-1209");
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (AtlasRouteLayerPoint));
  guint n_stops = atlas_route_get_n_stops (invasion);
  const AtlasRouteStop *first = atlas_route_get_stop (invasion, 0);
  const AtlasRouteStop *second = atlas_route_get_stop (invasion, 1);
  const AtlasRouteLayerPoint *head;

  /* Before the march: nothing, and the array is emptied. */
  g_array_set_size (points, 3);
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1208-12-31"), points), ==, 0);
  g_assert_cmpuint (points->len, ==, 0);
  g_assert_false (atlas_route_layer_is_under_way (invasion, day_of ("1208-12-31")));

  /* Half-way between Avarga and Wulahai: the first stop and the head. */
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1209-02-15"), points), ==, 2);
  g_assert_cmpfloat (g_array_index (points, AtlasRouteLayerPoint, 0).lat, ==, first->lat);
  g_assert_cmpfloat (g_array_index (points, AtlasRouteLayerPoint, 0).lon, ==, first->lon);
  head = &g_array_index (points, AtlasRouteLayerPoint, 1);
  g_assert_cmpfloat (head->lat, <, MAX (first->lat, second->lat));
  g_assert_cmpfloat (head->lat, >, MIN (first->lat, second->lat));
  g_assert_cmpfloat (head->lon, <, MAX (first->lon, second->lon));
  g_assert_cmpfloat (head->lon, >, MIN (first->lon, second->lon));
  g_assert_true (atlas_route_layer_is_under_way (invasion, day_of ("1209-02-15")));

  /* At the siege of Yinchuan every stop is drawn and the army is still
   * under way; once it leaves, the route is a past campaign. */
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1209-10-01"), points), ==, n_stops);
  g_assert_true (atlas_route_layer_is_under_way (invasion, day_of ("1209-10-01")));
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1210-06-01"), points), ==, n_stops);
  for (guint i = 0; i < n_stops; i++)
    {
      const AtlasRouteLayerPoint *point = &g_array_index (points, AtlasRouteLayerPoint, i);

      g_assert_cmpfloat (point->lat, ==, atlas_route_get_stop (invasion, i)->lat);
      g_assert_cmpfloat (point->lon, ==, atlas_route_get_stop (invasion, i)->lon);
    }
  g_assert_false (atlas_route_layer_is_under_way (invasion, day_of ("1210-06-01")));

  g_clear_object (&fixture.document);
}

static void
test_routes_drawn (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Dates with routes before, during and after their march. */
  set_date (fixture, "1209-02-15");
  set_date (fixture, "1227-03-10");
  set_date (fixture, "1230-01-01");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->route_layer)));
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (fixture->route_layer)));
}

static AtlasDocument *
generate_document (guint n_places)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const kinds[] = { "city", "town", "fortress", "camp", "tomb", "other", "pass", "capital" };
  AtlasDocument *document;

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
                   " <meta><title>Many places</title><period from='1200' to='1230'/>"
                   "<view lat='38.5' lon='106.2' zoom='7'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction>"
                   "<faction id='mongol' color='#2b5797'>Mongol Empire</faction></factions>\n"
                   " <places>\n"
                   "  <place id='yinchuan' kind='capital' faction='xia' lat='38.4872' lon='106.2309'>"
                   "<name>Yinchuan</name></place>\n");
  for (guint i = 0; i < n_places - 1; i++)
    {
      /* A deterministic scatter over about 4° by 4° around Yinchuan. */
      double lat = 36.5 + 4.0 * ((i * 7919) % 1000) / 1000.0;
      double lon = 104.2 + 4.0 * ((i * 104729) % 997) / 997.0;

      g_string_append_printf (xml,
                              "  <place id='p%u' kind='%s' faction='%s' lat='%.4f' lon='%.4f'>"
                              "<name>Place %u</name></place>\n",
                              i, kinds[i % G_N_ELEMENTS (kinds)], i % 3 ? "xia" : "mongol", lat, lon, i);
    }
  g_string_append (xml,
                   " </places>\n"
                   " <events><event id='siege' type='siege' place='p10' from='1209-05' to='1210-01' attacker='mongol'>"
                   "<title>Siege</title></event></events>\n"
                   " <article><section id='intro'><title>Intro</title></section></article>\n"
                   "</atlas>\n");

  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));
  document = atlas_document_new_from_bytes (bytes, "many.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atlas_document_get_places (document)->len, ==, n_places);
  return document;
}

static void
test_many_places (void)
{
  Fixture fixture = { NULL };
  guint n_with_marker = 0;
  GPtrArray *places;

  fixture_set_up_with (&fixture, generate_document (5000));
  set_date (&fixture, "1209-10-01");
  places = atlas_document_get_places (fixture.document);

  g_assert_cmpuint (atlas_place_layer_get_n_markers (fixture.place_layer), ==, ATLAS_PLACE_LAYER_MAX_MARKERS);
  for (guint i = 0; i < places->len; i++)
    if (atlas_place_layer_get_marker_for_place (fixture.place_layer, g_ptr_array_index (places, i)))
      n_with_marker++;
  g_assert_cmpuint (n_with_marker, ==, ATLAS_PLACE_LAYER_MAX_MARKERS);
  /* The capital and the besieged place come first. */
  g_assert_nonnull (atlas_place_layer_get_marker_for_place (fixture.place_layer, place (&fixture, "yinchuan")));
  g_assert_nonnull (atlas_place_layer_get_marker_for_place (fixture.place_layer, place (&fixture, "p10")));

  /* Panning and zooming reuse the pool. */
  for (int step = 0; step < 6; step++)
    {
      shumate_map_center_on (fixture.map, 37.0 + step * 0.5, 105.0 + step * 0.4);
      shumate_viewport_set_zoom_level (fixture.viewport, 6 + step % 3);
      wait_for_frames (&fixture);
      g_assert_cmpuint (atlas_place_layer_get_n_markers (fixture.place_layer), <=, ATLAS_PLACE_LAYER_MAX_MARKERS);
    }

  fixture_tear_down (&fixture, NULL);
}

/* Moves the map by whole pixels, as a drag does. */
static void
pan_by (Fixture *fixture,
        double   dx,
        double   dy)
{
  GtkWidget *map = GTK_WIDGET (fixture->map);
  double lat, lon;

  shumate_viewport_widget_coords_to_location (fixture->viewport, map,
                                              gtk_widget_get_width (map) / 2.0 + dx,
                                              gtk_widget_get_height (map) / 2.0 + dy,
                                              &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (fixture->viewport), lat, lon);
}

/* Places come on screen frame by frame while the map pans, from an empty
 * view into a crowded one.  Markers for them must not be made during the
 * map's allocation: a widget parented then leaves the map without a
 * current allocation, and GTK warns (fatally here) as it snapshots it. */
static void
test_pan_frames (void)
{
  Fixture fixture = { NULL };
  GtkWidget *widget;
  guint n_with_marker = 0;
  GPtrArray *places;

  /* West of the scatter around Yinchuan, with none of it on screen. */
  fixture_set_up_at (&fixture, generate_document (2000), 38.5, 98.0);
  widget = GTK_WIDGET (fixture.place_layer);
  places = atlas_document_get_places (fixture.document);
  for (guint i = 0; i < places->len; i++)
    g_assert_null (atlas_place_layer_get_marker_for_place (fixture.place_layer, g_ptr_array_index (places, i)));

  for (int step = 0; step < 40; step++)
    {
      pan_by (&fixture, 20, step % 2 ? 3 : -3);
      wait_for_ticks (widget, 1);
      g_assert_cmpuint (atlas_place_layer_get_n_markers (fixture.place_layer), <=, ATLAS_PLACE_LAYER_MAX_MARKERS);
    }
  wait_for_frames (&fixture);

  for (guint i = 0; i < places->len; i++)
    {
      GtkWidget *marker = atlas_place_layer_get_marker_for_place (fixture.place_layer, g_ptr_array_index (places, i));

      if (marker)
        {
          g_assert_true (gtk_widget_get_child_visible (marker));
          n_with_marker++;
        }
    }
  g_assert_cmpuint (n_with_marker, ==, ATLAS_PLACE_LAYER_MAX_MARKERS);

  fixture_tear_down (&fixture, NULL);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_legend (void)
{
  g_autoptr(AtlasDocument) document = load_atlas ();
  g_autoptr(AtlasTimeline) timeline = atlas_timeline_new (NULL);
  AtlasLegend *legend = g_object_ref_sink (atlas_legend_new (timeline));
  GtkWidget *window;

  g_assert_false (has_label (GTK_WIDGET (legend), "Mongol Empire"));
  g_assert_true (has_label (GTK_WIDGET (legend), "Besieged"));

  atlas_timeline_set_document (timeline, document);
  g_assert_true (has_label (GTK_WIDGET (legend), "Mongol Empire"));
  g_assert_true (has_label (GTK_WIDGET (legend), "Jin dynasty"));
  g_assert_true (has_label (GTK_WIDGET (legend), "Capital"));
  g_assert_true (has_label (GTK_WIDGET (legend), "Debated"));

  /* Shown, so that every swatch is drawn once. */
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (legend));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_ticks (GTK_WIDGET (legend), 2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (legend)));
  gtk_window_destroy (GTK_WINDOW (window));

  g_object_unref (legend);
}

/* The route layer's picture as the renderer gets it: its last frame. */
static cairo_surface_t *
draw_route_layer (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->route_layer);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node)
    {
      cairo_t *cr = cairo_create (surface);

      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  return surface;
}

/* The most opaque pixel around a point of the route layer. */
static guint
route_alpha_at (Fixture *fixture,
                double   x,
                double   y)
{
  cairo_surface_t *surface = draw_route_layer (fixture);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint alpha = 0;

  g_assert_true (x >= 0 && y >= 0 &&
                 x < cairo_image_surface_get_width (surface) && y < cairo_image_surface_get_height (surface));
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        int px = CLAMP ((int) x + dx, 0, cairo_image_surface_get_width (surface) - 1);
        int py = CLAMP ((int) y + dy, 0, cairo_image_surface_get_height (surface) - 1);
        guint32 pixel = *(const guint32 *) (gconstpointer) (data + py * stride + px * 4);

        alpha = MAX (alpha, pixel >> 24);
      }
  cairo_surface_destroy (surface);
  return alpha;
}

/* Where the map shows the point @t of the way from a stop of a route to
 * the next. */
static void
route_point (Fixture    *fixture,
             AtlasRoute *each,
             guint       stop,
             double      t,
             double     *x,
             double     *y)
{
  const AtlasRouteStop *from = atlas_route_get_stop (each, stop);
  const AtlasRouteStop *to = atlas_route_get_stop (each, stop + 1);
  double x0, y0, x1, y1;

  shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->route_layer),
                                              from->lat, from->lon, &x0, &y0);
  shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->route_layer),
                                              to->lat, to->lon, &x1, &y1);
  *x = x0 + (x1 - x0) * t;
  *y = y0 + (y1 - y0) * t;
}

/* Waits until the route layer shows the routes of the date at the zoom,
 * drawn by a worker or not, and has drawn a frame of them. */
static void
wait_for_routes (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!atlas_route_layer_is_drawn (fixture->route_layer) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (atlas_route_layer_is_drawn (fixture->route_layer));
  wait_for_frames (fixture);
}

static void
test_route_fading (void)
{
  Fixture fixture = { load_atlas () };
  AtlasRoute *invasion = route (&fixture, "invasion-1209");
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (AtlasRouteLayerPoint));
  double previous = 1;

  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1208-12-31")), ==, 0);
  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1209-02-15")), ==, 1);
  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1209-10-01")), ==, 1);

  /* The invasion stays, ever fainter, through the vassalage it began... */
  for (int year = 1210; year <= 1219; year++)
    {
      g_autofree char *date = g_strdup_printf ("%d-06-01", year);
      double opacity = atlas_route_layer_get_opacity (invasion, day_of (date));

      g_assert_cmpfloat (opacity, >, 0);
      g_assert_cmpfloat (opacity, <=, previous);
      previous = opacity;
    }
  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1211-06-01")), >, 0.9);
  g_assert_cmpfloat (previous, <, 0.5);

  /* ...and is gone ten years after the army left Yinchuan, though the
   * points of the route are still those of the whole march. */
  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1220-06-01")), ==, 0);
  g_assert_cmpfloat (atlas_route_layer_get_opacity (invasion, day_of ("1227-10-15")), ==, 0);
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1227-10-15"), points), ==,
                    atlas_route_get_n_stops (invasion));

  g_clear_object (&fixture.document);
}

static void
test_route_raster (Fixture       *fixture,
                   gconstpointer  data)
{
  AtlasRoute *invasion = route (fixture, "invasion-1209");
  guint last = atlas_route_get_n_stops (invasion) - 1;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (AtlasRouteLayerPoint));
  const AtlasRouteLayerPoint *head;
  guint under_way, past, faded;
  double x, y;

  /* The last march of the invasion, from the Kiemen pass to Yinchuan. */
  route_point (fixture, invasion, last - 1, 0.5, &x, &y);

  set_date (fixture, "1209-10-01");
  wait_for_routes (fixture);
  under_way = route_alpha_at (fixture, x, y);
  set_date (fixture, "1211-06-01");
  wait_for_routes (fixture);
  past = route_alpha_at (fixture, x, y);
  set_date (fixture, "1217-06-01");
  wait_for_routes (fixture);
  faded = route_alpha_at (fixture, x, y);
  g_assert_cmpuint (under_way, >, past);
  g_assert_cmpuint (past, >, faded);
  g_assert_cmpuint (faded, >, 0);
  set_date (fixture, "1221-01-01");
  wait_for_routes (fixture);
  g_assert_cmpuint (route_alpha_at (fixture, x, y), ==, 0);

  /* The army between Wuhai and the Kiemen pass, drawn at every frame
   * over the raster. */
  set_date (fixture, "1209-03-17");
  wait_for_routes (fixture);
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1209-03-17"), points), ==, 5);
  head = &g_array_index (points, AtlasRouteLayerPoint, 4);
  shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->route_layer),
                                              head->lat, head->lon, &x, &y);
  g_assert_cmpuint (route_alpha_at (fixture, x, y), ==, 255);

  /* The army moving on between the same stops changes nothing in the
   * raster... */
  atlas_timeline_set_date (fixture->timeline, day_of ("1209-03-18"));
  g_assert_true (atlas_route_layer_is_drawn (fixture->route_layer));
  /* ...unless, zoomed in closely, its line is too long to draw at every
   * frame and the raster holds it, up to the army. */
  g_assert_cmpuint (atlas_route_layer_collect_points (invasion, day_of ("1209-03-19"), points), ==, 5);
  head = &g_array_index (points, AtlasRouteLayerPoint, 4);
  shumate_viewport_set_zoom_level (fixture->viewport, 12);
  shumate_map_center_on (fixture->map, head->lat, head->lon);
  wait_for_routes (fixture);
  atlas_timeline_set_date (fixture->timeline, day_of ("1209-03-19"));
  g_assert_false (atlas_route_layer_is_drawn (fixture->route_layer));
  wait_for_routes (fixture);
  shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->route_layer),
                                              head->lat, head->lon, &x, &y);
  {
    const AtlasRouteLayerPoint *wuhai = &g_array_index (points, AtlasRouteLayerPoint, 3);
    double wuhai_x, wuhai_y, distance;

    /* The line, 40 pixels behind the army's mark. */
    shumate_viewport_location_to_widget_coords (fixture->viewport, GTK_WIDGET (fixture->route_layer),
                                                wuhai->lat, wuhai->lon, &wuhai_x, &wuhai_y);
    distance = hypot (wuhai_x - x, wuhai_y - y);
    g_assert_cmpfloat (distance, >, 40);
    g_assert_cmpuint (route_alpha_at (fixture, x + (wuhai_x - x) * 40 / distance, y + (wuhai_y - y) * 40 / distance),
                      >, 200);
  }
  shumate_viewport_set_zoom_level (fixture->viewport, 7);

  /* Turned and zoomed, the raster follows the map. */
  set_date (fixture, "1211-06-01");
  shumate_viewport_set_rotation (fixture->viewport, G_PI / 2);
  shumate_viewport_set_zoom_level (fixture->viewport, 6.5);
  g_assert_false (atlas_route_layer_is_drawn (fixture->route_layer));
  wait_for_routes (fixture);
  route_point (fixture, invasion, last - 1, 0.5, &x, &y);
  g_assert_cmpuint (route_alpha_at (fixture, x, y), >, past / 2);
}

/* Routes around Yinchuan: one setting out each month from 1201, each
 * marching eight months, and, on a road of their own to the north-east,
 * a burst of armies all on the march in 1215, more than the layer draws
 * at every frame. */
#define N_MONTHLY_ROUTES 300
#define N_BURST_ROUTES 60

static AtlasDocument *
generate_routes_document (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AtlasDocument *document;

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
                   " <meta><title>Many routes</title><period from='1200' to='1230'/>"
                   "<view lat='38.5' lon='106.2' zoom='7'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction>"
                   "<faction id='mongol' color='#2b5797'>Mongol Empire</faction></factions>\n"
                   " <places><place id='yinchuan' kind='capital' faction='xia' lat='38.4872' lon='106.2309'>"
                   "<name>Yinchuan</name></place></places>\n"
                   " <events><event id='siege' type='siege' place='yinchuan' from='1209-05' to='1210-01' attacker='mongol'>"
                   "<title>Siege</title></event></events>\n"
                   " <routes>\n");
  for (guint i = 0; i < N_MONTHLY_ROUTES + N_BURST_ROUTES; i++)
    {
      /* Months from 1201-01. */
      guint start = i < N_MONTHLY_ROUTES ? i : 14 * 12;

      g_string_append_printf (xml, "  <route id='r%u' faction='%s'><name>Route %u</name>",
                              i, i % 2 ? "xia" : "mongol", i);
      for (guint k = 0; k < 8; k++)
        g_string_append_printf (xml, "<stop lat='%.4f' lon='%.4f' when='%04u-%02u-10'/>",
                                i < N_MONTHLY_ROUTES ? 37.0 + 3.0 * ((i * 7919 + k * 104729) % 1000) / 1000.0 : 40.6,
                                i < N_MONTHLY_ROUTES ? 104.2 + 4.0 * ((i * 104729 + k * 7919) % 997) / 997.0
                                                     : 108.6 + 0.25 * k,
                                1201 + (start + k) / 12, (start + k) % 12 + 1);
      g_string_append (xml, "</route>\n");
    }
  g_string_append (xml,
                   " </routes>\n"
                   " <article><section id='intro'><title>Intro</title></section></article>\n"
                   "</atlas>\n");

  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));
  document = atlas_document_new_from_bytes (bytes, "routes.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atlas_document_get_routes (document)->len, ==, N_MONTHLY_ROUTES + N_BURST_ROUTES);
  return document;
}

static void
test_many_routes (void)
{
  Fixture fixture = { NULL };
  AtlasRoute *recent, *burst;
  double x, y;

  fixture_set_up_with (&fixture, generate_routes_document ());
  /* Ended in 1218: past, and drawn faded in the raster. */
  recent = route (&fixture, "r200");
  burst = route (&fixture, "r" G_STRINGIFY (N_MONTHLY_ROUTES));

  set_date (&fixture, "1220-06-15");
  wait_for_routes (&fixture);
  route_point (&fixture, recent, 0, 0.5, &x, &y);
  g_assert_cmpuint (route_alpha_at (&fixture, x, y), >, 0);

  /* Too much to draw in the frame: the raster of another date stays on
   * screen until the new one is drawn. */
  atlas_timeline_set_date (fixture.timeline, day_of ("1212-03-15"));
  g_assert_false (atlas_route_layer_is_drawn (fixture.route_layer));
  wait_for_routes (&fixture);

  /* With more armies on the march than a frame draws, their lines are in
   * the raster and the frame draws the armies alone. */
  set_date (&fixture, "1215-04-25");
  wait_for_routes (&fixture);
  g_assert_true (atlas_route_layer_is_under_way (burst, day_of ("1215-04-25")));
  route_point (&fixture, burst, 0, 0.5, &x, &y);
  g_assert_cmpuint (route_alpha_at (&fixture, x, y), >, 0);
  route_point (&fixture, burst, 3, 0.5, &x, &y);
  g_assert_cmpuint (route_alpha_at (&fixture, x, y), ==, 255);

  /* Panned beyond the raster's margin and zoomed, it is drawn again. */
  shumate_map_center_on (fixture.map, 39.5, 107.5);
  shumate_viewport_set_zoom_level (fixture.viewport, 8);
  wait_for_routes (&fixture);

  /* Gone with a job on the way. */
  atlas_timeline_set_date (fixture.timeline, day_of ("1225-01-01"));
  wait_for_frames (&fixture);
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* The test backend keeps accessible properties readable without a bus,
   * whatever GTK_A11Y the run was given. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map-layers/styles", test_styles);
  g_test_add_func ("/map-layers/route-clipping", test_route_clipping);
  g_test_add ("/map-layers/marker-states", Fixture, NULL,
              fixture_set_up, test_marker_states, fixture_tear_down);
  g_test_add ("/map-layers/marker-visibility", Fixture, NULL,
              fixture_set_up, test_marker_visibility, fixture_tear_down);
  g_test_add ("/map-layers/pick", Fixture, NULL,
              fixture_set_up, test_pick, fixture_tear_down);
  g_test_add ("/map-layers/projection", Fixture, NULL,
              fixture_set_up, test_projection, fixture_tear_down);
  g_test_add ("/map-layers/activation", Fixture, NULL,
              fixture_set_up, test_activation, fixture_tear_down);
  g_test_add ("/map-layers/selection", Fixture, NULL,
              fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/map-layers/routes-drawn", Fixture, NULL,
              fixture_set_up, test_routes_drawn, fixture_tear_down);
  g_test_add_func ("/map-layers/many-places", test_many_places);
  g_test_add_func ("/map-layers/pan-frames", test_pan_frames);
  g_test_add_func ("/map-layers/legend", test_legend);
  g_test_add_func ("/map-layers/route-fading", test_route_fading);
  g_test_add ("/map-layers/route-raster", Fixture, NULL,
              fixture_set_up, test_route_raster, fixture_tear_down);
  g_test_add_func ("/map-layers/many-routes", test_many_routes);

  return g_test_run ();
}
