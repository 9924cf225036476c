/* test-basemap-source.c — the libshumate map source
 *
 * Initialises GTK, so it needs a display (run under xvfb-run with
 * GSK_RENDERER=cairo GTK_A11Y=none on headless machines).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <gtk/gtk.h>

#include "atlas-basemap-source.h"
#include "atlas-tile-paintable.h"

typedef struct
{
  gboolean done;
  gboolean success;
  GError *error;
} FillResult;

static AtlasBasemapSource *
create_source (void)
{
  g_autoptr(AtlasBasemap) basemap = atlas_basemap_new_default ();

  g_assert_nonnull (basemap);
  return atlas_basemap_source_new (basemap);
}

static void
on_filled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FillResult *fill = user_data;

  fill->success = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &fill->error);
  fill->done = TRUE;
}

/* Fills a tile and waits for the result, the main loop running. */
static gboolean
fill_tile (AtlasBasemapSource  *source,
           ShumateTile         *tile,
           GCancellable        *cancellable,
           GError             **error)
{
  FillResult fill = { FALSE, FALSE, NULL };

  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, cancellable, on_filled, &fill);
  while (!fill.done)
    g_main_context_iteration (NULL, TRUE);

  if (fill.error != NULL)
    g_propagate_error (error, fill.error);
  return fill.success;
}

static void
test_source_properties (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  ShumateMapSource *map_source = SHUMATE_MAP_SOURCE (source);

  g_assert_cmpstr (shumate_map_source_get_id (map_source), ==, "xia-atlas-offline");
  g_assert_cmpstr (shumate_map_source_get_license (map_source), ==, "Natural Earth (public domain)");
  g_assert_nonnull (shumate_map_source_get_name (map_source));
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (map_source), ==, 0);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map_source), ==, 12);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map_source), ==, 256);
  g_assert_cmpint (shumate_map_source_get_projection (map_source), ==, SHUMATE_MAP_PROJECTION_MERCATOR);
  g_assert_true (ATLAS_IS_BASEMAP (atlas_basemap_source_get_basemap (source)));
}

static void
test_source_fill (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  /* The tile with Yinchuan at zoom 6. */
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (50, 24, 256, 6);
  g_autoptr(GError) error = NULL;
  GdkPaintable *paintable;

  g_assert_true (fill_tile (source, tile, NULL, &error));
  g_assert_no_error (error);

  paintable = shumate_tile_get_paintable (tile);
  g_assert_true (ATLAS_IS_TILE_PAINTABLE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 256);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 256);
  g_assert_cmpint (gdk_paintable_get_flags (paintable), ==, GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
}

static void
test_source_cache (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) first = shumate_tile_new_full (25, 12, 256, 5);
  g_autoptr(ShumateTile) again = shumate_tile_new_full (25, 12, 256, 5);
  g_autoptr(ShumateTile) other = shumate_tile_new_full (24, 12, 256, 5);
  g_autoptr(GError) error = NULL;

  g_assert_true (fill_tile (source, first, NULL, &error));
  g_assert_true (fill_tile (source, other, NULL, &error));
  g_assert_true (fill_tile (source, again, NULL, &error));
  g_assert_no_error (error);

  /* A revisited tile gets the very paintable drawn the first time. */
  g_assert_true (shumate_tile_get_paintable (again) == shumate_tile_get_paintable (first));
  g_assert_true (shumate_tile_get_paintable (other) != shumate_tile_get_paintable (first));

  g_assert_cmpuint (atlas_basemap_source_get_n_filled (source), ==, 3);
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);
}

static void
test_source_hidpi (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (25, 12, 512, 5);
  g_autoptr(GError) error = NULL;

  g_assert_true (fill_tile (source, tile, NULL, &error));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (shumate_tile_get_paintable (tile)), ==, 512);
}

/* The paintable draws the tile's own pixels, scaled to the size asked
 * for, and keeps its node while the size stays the same. */
static void
test_source_paintable (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (50, 24, 256, 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(GskRenderNode) first = NULL;
  g_autoptr(GskRenderNode) again = NULL;
  g_autoptr(GskRenderNode) half = NULL;
  GdkPaintable *paintable;
  GtkSnapshot *snapshot;
  cairo_surface_t *tile_surface;
  cairo_surface_t *drawn;
  graphene_rect_t bounds;
  cairo_t *cr;

  g_assert_true (fill_tile (source, tile, NULL, &error));
  paintable = shumate_tile_get_paintable (tile);
  tile_surface = atlas_tile_paintable_get_surface (ATLAS_TILE_PAINTABLE (paintable));
  g_assert_cmpint (cairo_image_surface_get_width (tile_surface), ==, 256);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, 256, 256);
  first = gtk_snapshot_free_to_node (snapshot);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, 256, 256);
  again = gtk_snapshot_free_to_node (snapshot);
  g_assert_true (first == again);

  drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  cr = cairo_create (drawn);
  gsk_render_node_draw (first, cr);
  cairo_destroy (cr);
  cairo_surface_flush (drawn);
  g_assert_cmpint (cairo_image_surface_get_stride (drawn), ==, cairo_image_surface_get_stride (tile_surface));
  g_assert_cmpmem (cairo_image_surface_get_data (drawn), 256 * cairo_image_surface_get_stride (drawn),
                   cairo_image_surface_get_data (tile_surface), 256 * cairo_image_surface_get_stride (tile_surface));
  cairo_surface_destroy (drawn);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, 128, 128);
  half = gtk_snapshot_free_to_node (snapshot);
  g_assert_true (half != first);
  gsk_render_node_get_bounds (half, &bounds);
  g_assert_cmpfloat (bounds.size.width, ==, 128);
  g_assert_cmpfloat (bounds.size.height, ==, 128);
}

static void
test_source_shared_drawing (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) first = shumate_tile_new_full (101, 48, 256, 7);
  g_autoptr(ShumateTile) second = shumate_tile_new_full (101, 48, 256, 7);
  FillResult results[2] = { { 0 } };

  /* Two requests for a tile being drawn wait for the one drawing. */
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), first, NULL, on_filled, &results[0]);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), second, NULL, on_filled, &results[1]);
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 2);
  while (!results[0].done || !results[1].done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (results[0].error);
  g_assert_no_error (results[1].error);
  g_assert_nonnull (shumate_tile_get_paintable (first));
  g_assert_true (shumate_tile_get_paintable (first) == shumate_tile_get_paintable (second));
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);
  g_assert_cmpuint (atlas_basemap_source_get_n_filled (source), ==, 2);
}

/* A request whose cancellable has fired gets nothing drawn, but it still
 * fills its tile from the cache. */
static gboolean
is_cached (AtlasBasemapSource *source,
           guint               zoom,
           guint               x,
           guint               y)
{
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (x, y, 256, zoom);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  fill_tile (source, tile, cancellable, NULL);
  return shumate_tile_get_paintable (tile) != NULL;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for 10 ms, however little happens. */
static void
wait_a_moment (void)
{
  gboolean done = FALSE;

  g_timeout_add (10, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_cached (AtlasBasemapSource *source,
              guint               zoom,
              guint               x0,
              guint               y0,
              guint               x1,
              guint               y1)
{
  guint n = 0;

  for (guint x = x0; x <= x1; x++)
    for (guint y = y0; y <= y1; y++)
      n += is_cached (source, zoom, x, y) ? 1 : 0;
  return n;
}

static void
test_source_prefetch (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* The embedded atlas's first view in a window of the default size:
   * libshumate asks for columns 22-27 and rows 9-14 at zoom 5, the
   * tiles on screen and a ring round them. */
  atlas_basemap_source_prefetch (source, 38.5, 104.0, 5.0, 849, 662);
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);

  while (count_cached (source, 5, 22, 9, 27, 14) < 36)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wait_a_moment ();
    }

  g_assert_cmpuint (count_cached (source, 5, 21, 8, 28, 15), ==, 36);
  g_assert_false (is_cached (source, 6, 48, 24));
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);

  /* A view over the antimeridian wraps round to the first columns. */
  atlas_basemap_source_prefetch (source, 0.0, 180.0, 2.0, 600, 400);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (count_cached (source, 2, 0, 0, 3, 3) < 16)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wait_a_moment ();
    }
}

static void
test_source_cancelled (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (101, 48, 256, 7);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (fill_tile (source, tile, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (shumate_tile_get_paintable (tile));
  g_assert_cmpint (shumate_tile_get_state (tile), !=, SHUMATE_STATE_DONE);
  g_assert_cmpuint (atlas_basemap_source_get_n_filled (source), ==, 0);
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);
}

static void
test_source_many (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func (g_object_unref);
  FillResult results[24] = { 0 };
  guint pending = G_N_ELEMENTS (results);

  /* Requests overlap in the worker threads; every one completes, more
   * than the cache holds are fine, and none blocks the main loop. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      ShumateTile *tile = shumate_tile_new_full (200 + i % 6, 95 + i / 6, 256, 8);

      g_ptr_array_add (tiles, tile);
      shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, NULL, on_filled, &results[i]);
    }
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, G_N_ELEMENTS (results));

  while (pending > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      pending = 0;
      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        pending += results[i].done ? 0 : 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_no_error (results[i].error);
      g_assert_true (results[i].success);
      g_assert_nonnull (shumate_tile_get_paintable (g_ptr_array_index (tiles, i)));
    }
  g_assert_cmpuint (atlas_basemap_source_get_n_pending (source), ==, 0);
  g_assert_cmpuint (atlas_basemap_source_get_n_filled (source), ==, G_N_ELEMENTS (results));
}

static void
test_source_invalid_tile (void)
{
  g_autoptr(AtlasBasemapSource) source = create_source ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (40, 3, 256, 5);
  g_autoptr(GError) error = NULL;

  g_assert_false (fill_tile (source, tile, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/basemap-source/properties", test_source_properties);
  g_test_add_func ("/basemap-source/fill", test_source_fill);
  g_test_add_func ("/basemap-source/cache", test_source_cache);
  g_test_add_func ("/basemap-source/hidpi", test_source_hidpi);
  g_test_add_func ("/basemap-source/paintable", test_source_paintable);
  g_test_add_func ("/basemap-source/shared-drawing", test_source_shared_drawing);
  g_test_add_func ("/basemap-source/prefetch", test_source_prefetch);
  g_test_add_func ("/basemap-source/cancelled", test_source_cancelled);
  g_test_add_func ("/basemap-source/many", test_source_many);
  g_test_add_func ("/basemap-source/invalid-tile", test_source_invalid_tile);

  return g_test_run ();
}
