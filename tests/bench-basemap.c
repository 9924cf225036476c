/* bench-basemap.c — time basemap loading and tile rendering
 *
 * Renders a fixed pseudo-random sample of tiles at zooms 3–9 over East
 * Asia (70–135°E, 15–56°N), each drawn once into a fresh surface, and
 * prints the median and 95th percentile time per tile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "atlas-basemap.h"
#include "atlas-projection.h"

#define MIN_ZOOM 3
#define MAX_ZOOM 9
#define TILES_PER_ZOOM 43

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[MIN (n - 1, (guint) (p * (n - 1) + 0.5))];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AtlasBasemap) basemap = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface;
  gint64 start;
  double load_ms;

  start = g_get_monotonic_time ();
  basemap = atlas_basemap_new_default ();
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (basemap == NULL)
    return EXIT_FAILURE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  for (guint zoom = MIN_ZOOM; zoom <= MAX_ZOOM; zoom++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      guint x0, y0, x1, y1;

      atlas_projection_tile_range (70.0, 15.0, 135.0, 56.0, zoom, &x0, &y0, &x1, &y1);
      for (guint i = 0; i < TILES_PER_ZOOM; i++)
        {
          guint x = g_rand_int_range (rand, x0, x1 + 1);
          guint y = g_rand_int_range (rand, y0, y1 + 1);
          cairo_t *cr = cairo_create (surface);
          double ms;

          start = g_get_monotonic_time ();
          atlas_basemap_render_tile (basemap, cr, zoom, x, y, 256);
          cairo_surface_flush (surface);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          cairo_destroy (cr);

          g_array_append_val (times, ms);
          g_array_append_val (all, ms);
        }
      printf ("basemap: zoom %u median %.2f ms, p95 %.2f ms\n", zoom,
              percentile ((double *) times->data, times->len, 0.5),
              percentile ((double *) times->data, times->len, 0.95));
    }
  cairo_surface_destroy (surface);

  printf ("basemap: load %.2f ms\n", load_ms);
  printf ("basemap: tile render median %.2f ms, p95 %.2f ms over %u tiles (zooms %d-%d)\n",
          percentile ((double *) all->data, all->len, 0.5),
          percentile ((double *) all->data, all->len, 0.95),
          all->len, MIN_ZOOM, MAX_ZOOM);

  /* Release the font caches so that leak checkers see only real leaks. */
  g_clear_object (&basemap);
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();

  return EXIT_SUCCESS;
}
