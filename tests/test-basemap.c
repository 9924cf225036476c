/* test-basemap.c — projection maths, basemap loading and tile rendering
 *
 * Needs no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "atlas-basemap.h"
#include "atlas-projection.h"

/* A vertex of the Yellow River in Natural Earth's 1:10m rivers, between
 * Qingtongxia and Yinchuan. */
#define YELLOW_RIVER_LON 106.2442
#define YELLOW_RIVER_LAT 38.1518

typedef struct
{
  guint8 r, g, b;
} Pixel;

static AtlasBasemap *shared_basemap;

static AtlasBasemap *
default_basemap (void)
{
  if (shared_basemap == NULL)
    shared_basemap = atlas_basemap_new_default ();
  g_assert_nonnull (shared_basemap);

  return shared_basemap;
}

static GBytes *
default_bytes (void)
{
  GBytes *bytes = g_resources_lookup_data ("/org/example/XiaAtlas/basemap/basemap.bin",
                                           G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert_nonnull (bytes);
  return bytes;
}

static cairo_surface_t *
render (guint zoom,
        guint x,
        guint y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  cairo_t *cr = cairo_create (surface);

  atlas_basemap_render_tile (default_basemap (), cr, zoom, x, y, 256);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 argb;
  Pixel p;

  g_assert_true (x >= 0 && x < 256 && y >= 0 && y < 256);
  memcpy (&argb, data + y * cairo_image_surface_get_stride (surface) + x * 4, 4);
  /* Tiles are opaque, so premultiplication does not matter. */
  g_assert_cmpuint (argb >> 24, ==, 0xff);
  p.r = (argb >> 16) & 0xff;
  p.g = (argb >> 8) & 0xff;
  p.b = argb & 0xff;

  return p;
}

/* The tile of a point at zoom and the point's pixel inside it. */
static void
locate (double  lon,
        double  lat,
        guint   zoom,
        guint  *tile_x,
        guint  *tile_y,
        int    *px,
        int    *py)
{
  double x, y;

  atlas_projection_lonlat_to_tile (lon, lat, zoom, tile_x, tile_y);
  atlas_projection_lonlat_to_pixel (lon, lat, zoom, &x, &y);
  *px = (int) floor (x - *tile_x * 256.0);
  *py = (int) floor (y - *tile_y * 256.0);
}

static gboolean
is_river_blue (Pixel p)
{
  return p.b > p.r + 60 && p.b > p.g + 25;
}

/* ------------------------------------------------------------ projection */

static void
test_projection_known_values (void)
{
  double x, y, lon, lat;
  guint tx, ty;

  atlas_projection_lonlat_to_pixel (0.0, 0.0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 128.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 128.0, 1e-9);

  atlas_projection_lonlat_to_pixel (-180.0, ATLAS_PROJECTION_MAX_LATITUDE, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-6);

  atlas_projection_lonlat_to_pixel (180.0, -ATLAS_PROJECTION_MAX_LATITUDE, 2, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1024.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 1024.0, 1e-6);

  /* Latitudes beyond the square world are clamped to its edge. */
  atlas_projection_lonlat_to_pixel (0.0, 89.9, 3, NULL, &y);
  g_assert_cmpfloat_with_epsilon (y, 0.0, 1e-6);
  g_assert_cmpfloat (atlas_projection_clamp_latitude (-90.0), ==, -ATLAS_PROJECTION_MAX_LATITUDE);
  g_assert_cmpfloat (atlas_projection_clamp_latitude (38.5), ==, 38.5);

  atlas_projection_pixel_to_lonlat (128.0, 128.0, 0, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 0.0, 1e-9);

  g_assert_cmpfloat_with_epsilon (atlas_projection_world_size (3), 2048.0, 1e-9);
  g_assert_cmpuint (atlas_projection_tile_count (6), ==, 64);
  g_assert_cmpfloat_with_epsilon (atlas_projection_wrap_longitude (190.0), -170.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (atlas_projection_wrap_longitude (-540.0), -180.0, 1e-9);

  /* Yinchuan, the Western Xia capital. */
  atlas_projection_lonlat_to_tile (106.2309, 38.4872, 6, &tx, &ty);
  g_assert_cmpuint (tx, ==, 50);
  g_assert_cmpuint (ty, ==, 24);
  atlas_projection_lonlat_to_tile (106.2309, 38.4872, 10, &tx, &ty);
  g_assert_cmpuint (tx, ==, 814);
  g_assert_cmpuint (ty, ==, 393);

  atlas_projection_lonlat_to_tile (0.0, 0.0, 1, &tx, &ty);
  g_assert_cmpuint (tx, ==, 1);
  g_assert_cmpuint (ty, ==, 1);
  /* The world's far edges belong to the last tiles. */
  atlas_projection_lonlat_to_tile (180.0, -90.0, 4, &tx, &ty);
  g_assert_cmpuint (tx, ==, 15);
  g_assert_cmpuint (ty, ==, 15);
}

static void
test_projection_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 1000; i++)
    {
      double lon = g_rand_double_range (rand, -180.0, 180.0);
      double lat = g_rand_double_range (rand, -85.0, 85.0);
      double zoom = g_rand_double_range (rand, 0.0, 18.0);
      double x, y, lon2, lat2;

      atlas_projection_lonlat_to_pixel (lon, lat, zoom, &x, &y);
      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (y, >=, 0.0);
      g_assert_cmpfloat (x, <=, atlas_projection_world_size (zoom));
      g_assert_cmpfloat (y, <=, atlas_projection_world_size (zoom));
      atlas_projection_pixel_to_lonlat (x, y, zoom, &lon2, &lat2);
      g_assert_cmpfloat_with_epsilon (lon, lon2, 1e-9);
      g_assert_cmpfloat_with_epsilon (lat, lat2, 1e-9);
    }
}

static void
test_projection_tiles (void)
{
  double west, south, east, north;
  guint x0, y0, x1, y1;

  atlas_projection_tile_bounds (0, 0, 0, &west, &south, &east, &north);
  g_assert_cmpfloat_with_epsilon (west, -180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (east, 180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (north, ATLAS_PROJECTION_MAX_LATITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (south, -ATLAS_PROJECTION_MAX_LATITUDE, 1e-9);

  /* Every tile contains the centre of its bounds. */
  for (guint zoom = 1; zoom <= 12; zoom += 3)
    for (guint i = 0; i < 8; i++)
      {
        guint x = (i * 2654435761u) % (1u << zoom), y = (i * 40503u + 7) % (1u << zoom);
        guint tx, ty;

        atlas_projection_tile_bounds (zoom, x, y, &west, &south, &east, &north);
        g_assert_cmpfloat (west, <, east);
        g_assert_cmpfloat (south, <, north);
        atlas_projection_lonlat_to_tile ((west + east) / 2, (south + north) / 2, zoom, &tx, &ty);
        g_assert_cmpuint (tx, ==, x);
        g_assert_cmpuint (ty, ==, y);
      }

  /* The Western Xia area at zoom 5; 32°N lies just above row 13. */
  atlas_projection_tile_range (95.0, 32.0, 112.0, 44.0, 5, &x0, &y0, &x1, &y1);
  g_assert_cmpuint (x0, ==, 24);
  g_assert_cmpuint (x1, ==, 25);
  g_assert_cmpuint (y0, ==, 11);
  g_assert_cmpuint (y1, ==, 12);

  atlas_projection_tile_range (-180.0, -90.0, 180.0, 90.0, 3, &x0, &y0, &x1, &y1);
  g_assert_cmpuint (x0, ==, 0);
  g_assert_cmpuint (y0, ==, 0);
  g_assert_cmpuint (x1, ==, 7);
  g_assert_cmpuint (y1, ==, 7);
}

/* --------------------------------------------------------------- loading */

static void
assert_refused (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasBasemap) basemap = atlas_basemap_new (bytes, &error);

  g_assert_null (basemap);
  g_assert_error (error, ATLAS_BASEMAP_ERROR, ATLAS_BASEMAP_ERROR_INVALID_DATA);
}

static GBytes *
patched (GBytes *bytes,
         gsize   offset,
         guint32 value)
{
  gsize size;
  guint8 *copy = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);

  value = GUINT32_TO_LE (value);
  memcpy (copy + offset, &value, sizeof value);
  return g_bytes_new_take (copy, size);
}

static void
test_load_default (void)
{
  g_autoptr(GBytes) bytes = default_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasBasemap) basemap = atlas_basemap_new (bytes, &error);

  g_assert_no_error (error);
  g_assert_true (ATLAS_IS_BASEMAP (basemap));
  /* The generator keeps the checked-in file small. */
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 3 * 1024 * 1024);
}

static void
test_load_truncated (void)
{
  g_autoptr(GBytes) bytes = default_bytes ();
  gsize size = g_bytes_get_size (bytes);
  gsize lengths[] = { 0, 1, 8, 71, 72, 100, 4096, size / 3, size / 2, size - 4, size - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, lengths[i]);

      assert_refused (part);
    }
}

static void
test_load_corrupt (void)
{
  g_autoptr(GBytes) bytes = default_bytes ();
  gsize size = g_bytes_get_size (bytes);
  const char *prose = "This is not a basemap at all, nor anything like one; "
                      "it is only long enough to get past the length check.";
  g_autoptr(GBytes) text = g_bytes_new_static (prose, strlen (prose));
  struct { gsize offset; guint32 value; } patches[] = {
    { 0, 0x4d424958 },          /* magic */
    { 8, 2 },                   /* version */
    { 12, (guint32) size + 8 }, /* total length */
    { 16, 0 },                  /* no detail levels */
    { 16, 1000 },               /* too many detail levels */
    { 20, (guint32) size },     /* detail levels past the end */
    { 20, 4 },                  /* a table overlapping the header */
    { 24, 0x7fffffff },         /* features past the end */
    { 28, 0xfffffff0 },         /* an offset that would wrap */
    { 32, 0x10000000 },         /* rings past the end */
    { 40, 0x40000000 },         /* points past the end */
    { 48, 0x7fffffff },         /* strings past the end */
    { 56, 0x7fffffff },         /* labels past the end */
    { 64, 0 },                  /* no label zooms */
    { 64, 0x7fffffff },         /* label zooms past the end */
  };

  assert_refused (text);

  for (guint i = 0; i < G_N_ELEMENTS (patches); i++)
    {
      g_autoptr(GBytes) bad = patched (bytes, patches[i].offset, patches[i].value);

      assert_refused (bad);
    }
}

/* Random damage anywhere must be refused or, if the tables still hold
 * together, must render without reading outside the data. */
static void
test_load_fuzz (void)
{
  g_autoptr(GBytes) bytes = default_bytes ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize size = g_bytes_get_size (bytes);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  guint refused = 0;

  for (guint i = 0; i < 150; i++)
    {
      gsize copy_size;
      guint8 *copy = g_bytes_unref_to_data (g_bytes_ref (bytes), &copy_size);
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(AtlasBasemap) basemap = NULL;
      g_autoptr(GError) error = NULL;
      /* Half of the rounds hit the header and the small tables. */
      gsize limit = i % 2 == 0 ? 4096 : size;

      for (guint k = 0; k < 4; k++)
        copy[g_rand_int_range (rand, 0, (gint32) limit)] = g_rand_int_range (rand, 0, 256);
      damaged = g_bytes_new_take (copy, copy_size);

      basemap = atlas_basemap_new (damaged, &error);
      if (basemap == NULL)
        {
          g_assert_error (error, ATLAS_BASEMAP_ERROR, ATLAS_BASEMAP_ERROR_INVALID_DATA);
          refused++;
          continue;
        }

      for (guint zoom = 0; zoom <= 8; zoom += 2)
        {
          cairo_t *cr = cairo_create (surface);
          guint x, y;

          atlas_projection_lonlat_to_tile (104.0, 37.0, zoom, &x, &y);
          atlas_basemap_render_tile (basemap, cr, zoom, x, y, 64);
          cairo_destroy (cr);
        }
    }

  g_assert_cmpuint (refused, >, 0);
  cairo_surface_destroy (surface);
}

/* ------------------------------------------------------------- rendering */

static void
test_render_yellow_river (void)
{
  guint zooms[] = { 5, 6, 7, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      cairo_surface_t *surface;
      gboolean found = FALSE;
      guint tx, ty;
      int px, py;

      locate (YELLOW_RIVER_LON, YELLOW_RIVER_LAT, zooms[i], &tx, &ty, &px, &py);
      surface = render (zooms[i], tx, ty);
      for (int dy = -1; dy <= 1 && !found; dy++)
        for (int dx = -1; dx <= 1 && !found; dx++)
          found = is_river_blue (pixel_at (surface, CLAMP (px + dx, 0, 255), CLAMP (py + dy, 0, 255)));
      g_assert_true (found);
      cairo_surface_destroy (surface);
    }
}

/* The average colour of a block, to see a tint through its texture. */
static void
mean_colour (cairo_surface_t *surface,
             int              cx,
             int              cy,
             double          *r,
             double          *g,
             double          *b)
{
  guint n = 0;

  *r = *g = *b = 0.0;
  for (int y = MAX (cy - 6, 0); y <= MIN (cy + 6, 255); y++)
    for (int x = MAX (cx - 6, 0); x <= MIN (cx + 6, 255); x++)
      {
        Pixel p = pixel_at (surface, x, y);

        *r += p.r;
        *g += p.g;
        *b += p.b;
        n++;
      }
  *r /= n;
  *g /= n;
  *b /= n;
}

static void
test_render_desert (void)
{
  /* In the Tengger Desert and in the Gobi, away from their labels. */
  const double points[][3] = { { 104.6, 37.9, 7 }, { 110.0, 42.5, 6 } };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      cairo_surface_t *surface;
      double r, g, b;
      guint tx, ty;
      int px, py;

      locate (points[i][0], points[i][1], (guint) points[i][2], &tx, &ty, &px, &py);
      surface = render ((guint) points[i][2], tx, ty);
      mean_colour (surface, px, py, &r, &g, &b);
      /* Sand: clearly yellower than the parchment land (r − b ≈ 32). */
      g_assert_cmpfloat (r, >, 200.0);
      g_assert_cmpfloat (r - b, >, 55.0);
      cairo_surface_destroy (surface);
    }

  {
    /* Plain land (the Loess Plateau near Qingyang) is not sand. */
    cairo_surface_t *surface;
    double r, g, b;
    guint tx, ty;
    int px, py;

    locate (107.9, 36.0, 7, &tx, &ty, &px, &py);
    surface = render (7, tx, ty);
    mean_colour (surface, px, py, &r, &g, &b);
    g_assert_cmpfloat (r - b, <, 45.0);
    g_assert_cmpfloat (r, >, b);
    cairo_surface_destroy (surface);
  }
}

static void
test_render_ocean (void)
{
  guint tx, ty, sea = 0;
  cairo_surface_t *surface;

  /* Open Pacific, south-east of the Marquesas. */
  atlas_projection_lonlat_to_tile (-125.0, -10.0, 4, &tx, &ty);
  surface = render (4, tx, ty);

  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        Pixel p = pixel_at (surface, x, y);

        /* No land anywhere. */
        g_assert_cmpint (p.r, <=, p.b);
        if (ABS (p.r - 204) <= 2 && ABS (p.g - 218) <= 2 && ABS (p.b - 219) <= 2)
          sea++;
      }

  /* Only the graticule differs from the plain sea colour. */
  g_assert_cmpuint (sea, >, 256 * 256 * 95 / 100);
  cairo_surface_destroy (surface);
}

static void
test_render_world (void)
{
  cairo_surface_t *surface = render (0, 0, 0);
  guint tx, ty;
  int px, py;
  Pixel p;

  /* Central Asia is land, the middle of the Pacific sea. */
  locate (90.0, 45.0, 0, &tx, &ty, &px, &py);
  p = pixel_at (surface, px, py);
  g_assert_cmpint (p.r, >, p.b + 20);
  locate (-150.0, 0.0, 0, &tx, &ty, &px, &py);
  p = pixel_at (surface, px, py);
  g_assert_cmpint (p.b, >, p.r);
  cairo_surface_destroy (surface);
}

static void
test_render_scaled (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 512, 512);
  cairo_t *cr = cairo_create (surface);
  guint tx, ty;

  /* High-resolution tiles draw the same map at twice the size. */
  atlas_projection_lonlat_to_tile (YELLOW_RIVER_LON, YELLOW_RIVER_LAT, 6, &tx, &ty);
  atlas_basemap_render_tile (default_basemap (), cr, 6, tx, ty, 512);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

typedef struct
{
  guint zoom, x, y;
} TileSpec;

static const TileSpec thread_tiles[] = {
  { 3, 6, 3 }, { 4, 12, 6 }, { 5, 25, 12 }, { 5, 24, 12 }, { 6, 50, 24 }, { 6, 51, 24 },
  { 7, 101, 48 }, { 7, 100, 49 }, { 8, 203, 97 }, { 9, 407, 195 }, { 2, 3, 1 }, { 10, 814, 393 },
};

static gpointer
render_all (gpointer data)
{
  GPtrArray *surfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  for (guint i = 0; i < G_N_ELEMENTS (thread_tiles); i++)
    g_ptr_array_add (surfaces, render (thread_tiles[i].zoom, thread_tiles[i].x, thread_tiles[i].y));

  return surfaces;
}

/* Rendering from several threads at once gives exactly the tiles rendering
 * from one does. */
static void
test_render_threads (void)
{
  g_autoptr(GPtrArray) reference = render_all (NULL);
  GThread *threads[4];

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("render", render_all, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_autoptr(GPtrArray) surfaces = g_thread_join (threads[t]);

      for (guint i = 0; i < surfaces->len; i++)
        {
          cairo_surface_t *a = g_ptr_array_index (reference, i);
          cairo_surface_t *b = g_ptr_array_index (surfaces, i);

          g_assert_cmpmem (cairo_image_surface_get_data (a), 256 * cairo_image_surface_get_stride (a),
                           cairo_image_surface_get_data (b), 256 * cairo_image_surface_get_stride (b));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/known-values", test_projection_known_values);
  g_test_add_func ("/projection/round-trip", test_projection_round_trip);
  g_test_add_func ("/projection/tiles", test_projection_tiles);
  g_test_add_func ("/basemap/load/default", test_load_default);
  g_test_add_func ("/basemap/load/truncated", test_load_truncated);
  g_test_add_func ("/basemap/load/corrupt", test_load_corrupt);
  g_test_add_func ("/basemap/load/fuzz", test_load_fuzz);
  g_test_add_func ("/basemap/render/yellow-river", test_render_yellow_river);
  g_test_add_func ("/basemap/render/desert", test_render_desert);
  g_test_add_func ("/basemap/render/ocean", test_render_ocean);
  g_test_add_func ("/basemap/render/world", test_render_world);
  g_test_add_func ("/basemap/render/scaled", test_render_scaled);
  g_test_add_func ("/basemap/render/threads", test_render_threads);

  status = g_test_run ();

  /* Release the font caches so that leak checkers see only real leaks. */
  g_clear_object (&shared_basemap);
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();

  return status;
}
