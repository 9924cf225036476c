/* bench-map.c: how long the place layer takes per frame with many places
 *
 * Usage: bench-map [N_PLACES]   (default 10000; needs a display, e.g.
 * xvfb-run -a with GSK_RENDERER=cairo)
 *
 * For a few zoom levels it pans the map step by step and times the
 * layer's layout (projection, culling, markers), its snapshot (symbols,
 * labels) and the rasterisation of the resulting nodes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "atlas-place-layer.h"
#include "atlas-route-layer.h"

#define WIDTH 1280
#define HEIGHT 860
#define STEPS 40

static AtlasDocument *
generate_document (guint n_places)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const kinds[] = { "city", "town", "fortress", "camp", "tomb", "other", "pass", "region", "town" };
  AtlasDocument *document;

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
                   " <meta><title>Bench</title><period from='1200' to='1230'/>"
                   "<view lat='38' lon='106' zoom='6'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction>"
                   "<faction id='mongol' color='#2b5797'>Mongol Empire</faction></factions>\n"
                   " <places>\n");
  for (guint i = 0; i < n_places; i++)
    {
      /* A deterministic scatter over 16° by 16°, a few of them approximate. */
      double lat = 30.0 + 16.0 * ((i * 7919) % 1000) / 1000.0;
      double lon = 98.0 + 16.0 * ((i * 104729) % 997) / 997.0;

      g_string_append_printf (xml,
                              "  <place id='p%u' kind='%s' faction='%s' lat='%.4f' lon='%.4f'%s>"
                              "<name>Place %u</name></place>\n",
                              i, kinds[i % G_N_ELEMENTS (kinds)], i % 3 ? "xia" : "mongol", lat, lon,
                              i % 10 == 0 ? " certainty='approximate' radius-km='20'" : "", i);
    }
  g_string_append (xml,
                   " </places>\n"
                   " <events><event id='siege' type='siege' place='p10' from='1209-05' to='1210-01' attacker='mongol'>"
                   "<title>Siege</title></event></events>\n"
                   " <article><section id='intro'><title>Intro</title></section></article>\n"
                   "</atlas>\n");

  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));
  document = atlas_document_new_from_bytes (bytes, "bench.xml", &error);
  if (document == NULL)
    g_error ("%s", error->message);
  return document;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  guint n_places = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000;
  static const double zooms[] = { 4, 6, 8 };
  g_autoptr(AtlasDocument) document = NULL;
  g_autoptr(AtlasTimeline) timeline = NULL;
  g_autoptr(ShumateMapSource) source = NULL;
  cairo_surface_t *surface;
  AtlasPlaceLayer *layer;
  ShumateViewport *viewport;
  ShumateMap *map;
  GtkWidget *window;

  gtk_init ();

  document = generate_document (n_places);
  timeline = atlas_timeline_new (document);
  atlas_timeline_set_date (timeline, atlas_day_from_ymd (1209, 10, 1));
  source = SHUMATE_MAP_SOURCE (
    shumate_raster_renderer_new_full_from_url ("bench", "Bench", "", "", 0, 18, 256,
                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                               "file:///nonexistent/{z}/{x}/{y}.png"));

  map = shumate_map_new ();
  viewport = shumate_map_get_viewport (map);
  shumate_viewport_set_reference_map_source (viewport, source);
  layer = atlas_place_layer_new (viewport, timeline);
  shumate_map_add_layer (map, SHUMATE_LAYER (atlas_route_layer_new (viewport, timeline)));
  shumate_map_add_layer (map, SHUMATE_LAYER (layer));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  gtk_window_present (GTK_WINDOW (window));
  settle ();

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_print ("%u places, layer %d×%d\n", n_places,
           gtk_widget_get_width (GTK_WIDGET (layer)), gtk_widget_get_height (GTK_WIDGET (layer)));

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      gint64 layout_time = 0, snapshot_time = 0, draw_time = 0;

      shumate_viewport_set_zoom_level (viewport, zooms[z]);
      for (guint step = 0; step < STEPS; step++)
        {
          GtkSnapshot *snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          cairo_t *cr;
          gint64 start;

          shumate_map_center_on (map, 38.0 + step * 0.01, 106.0 + step * 0.02);

          start = g_get_monotonic_time ();
          gtk_widget_allocate (GTK_WIDGET (layer), WIDTH, HEIGHT, -1, NULL);
          layout_time += g_get_monotonic_time () - start;

          start = g_get_monotonic_time ();
          GTK_WIDGET_GET_CLASS (layer)->snapshot (GTK_WIDGET (layer), snapshot);
          node = gtk_snapshot_free_to_node (snapshot);
          snapshot_time += g_get_monotonic_time () - start;

          start = g_get_monotonic_time ();
          cr = cairo_create (surface);
          if (node)
            gsk_render_node_draw (node, cr);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          draw_time += g_get_monotonic_time () - start;
        }

      g_print ("zoom %.0f: layout %.2f ms, snapshot %.2f ms, raster %.2f ms per frame; %u markers\n",
               zooms[z],
               layout_time / 1000.0 / STEPS,
               snapshot_time / 1000.0 / STEPS,
               draw_time / 1000.0 / STEPS,
               atlas_place_layer_get_n_markers (layer));
    }

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
