/* atlas-projection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atlas-projection.h"

#include <math.h>

double
atlas_projection_clamp_latitude (double latitude)
{
  return CLAMP (latitude, -ATLAS_PROJECTION_MAX_LATITUDE, ATLAS_PROJECTION_MAX_LATITUDE);
}

/* Brings a longitude into [-180, 180). */
double
atlas_projection_wrap_longitude (double longitude)
{
  double wrapped = fmod (longitude + 180.0, 360.0);

  if (wrapped < 0.0)
    wrapped += 360.0;

  return wrapped - 180.0;
}

/* Width and height in pixels of the whole world at a (possibly
 * fractional) zoom level. */
double
atlas_projection_world_size (double zoom)
{
  return ATLAS_PROJECTION_TILE_SIZE * exp2 (zoom);
}

/* World pixel coordinates, origin at the top-left (180°W, 85.05°N).
 * Longitudes are not wrapped so that 180°E maps to the right edge. */
void
atlas_projection_lonlat_to_pixel (double  longitude,
                                  double  latitude,
                                  double  zoom,
                                  double *x,
                                  double *y)
{
  double size = atlas_projection_world_size (zoom);
  double phi = atlas_projection_clamp_latitude (latitude) * G_PI / 180.0;

  if (x != NULL)
    *x = (longitude + 180.0) / 360.0 * size;
  if (y != NULL)
    *y = (0.5 - log (tan (G_PI / 4.0 + phi / 2.0)) / (2.0 * G_PI)) * size;
}

void
atlas_projection_pixel_to_lonlat (double  x,
                                  double  y,
                                  double  zoom,
                                  double *longitude,
                                  double *latitude)
{
  double size = atlas_projection_world_size (zoom);

  if (longitude != NULL)
    *longitude = x / size * 360.0 - 180.0;
  if (latitude != NULL)
    {
      double n = G_PI * (1.0 - 2.0 * y / size);

      *latitude = atlas_projection_clamp_latitude (atan (sinh (n)) * 180.0 / G_PI);
    }
}

guint
atlas_projection_tile_count (guint zoom)
{
  g_return_val_if_fail (zoom <= ATLAS_PROJECTION_MAX_ZOOM, 0);

  return 1u << zoom;
}

static guint
pixel_to_tile_index (double pixel,
                     guint  count)
{
  double index = floor (pixel / ATLAS_PROJECTION_TILE_SIZE);

  if (index < 0.0)
    return 0;
  if (index >= count)
    return count - 1;
  return (guint) index;
}

/* The tile containing a point; points on the world's edges belong to the
 * outermost tiles. */
void
atlas_projection_lonlat_to_tile (double  longitude,
                                 double  latitude,
                                 guint   zoom,
                                 guint  *tile_x,
                                 guint  *tile_y)
{
  guint count = atlas_projection_tile_count (zoom);
  double x, y;

  g_return_if_fail (count > 0);

  atlas_projection_lonlat_to_pixel (longitude, latitude, zoom, &x, &y);
  if (tile_x != NULL)
    *tile_x = pixel_to_tile_index (x, count);
  if (tile_y != NULL)
    *tile_y = pixel_to_tile_index (y, count);
}

void
atlas_projection_tile_bounds (guint   zoom,
                              guint   tile_x,
                              guint   tile_y,
                              double *west,
                              double *south,
                              double *east,
                              double *north)
{
  g_return_if_fail (zoom <= ATLAS_PROJECTION_MAX_ZOOM);

  atlas_projection_pixel_to_lonlat ((double) tile_x * ATLAS_PROJECTION_TILE_SIZE,
                                    ((double) tile_y + 1.0) * ATLAS_PROJECTION_TILE_SIZE,
                                    zoom, west, south);
  atlas_projection_pixel_to_lonlat (((double) tile_x + 1.0) * ATLAS_PROJECTION_TILE_SIZE,
                                    (double) tile_y * ATLAS_PROJECTION_TILE_SIZE,
                                    zoom, east, north);
}

/* The inclusive range of tiles covering a longitude/latitude box. */
void
atlas_projection_tile_range (double  west,
                             double  south,
                             double  east,
                             double  north,
                             guint   zoom,
                             guint  *x_min,
                             guint  *y_min,
                             guint  *x_max,
                             guint  *y_max)
{
  guint x0, y0, x1, y1;

  atlas_projection_lonlat_to_tile (MIN (west, east), MAX (north, south), zoom, &x0, &y0);
  atlas_projection_lonlat_to_tile (MAX (west, east), MIN (north, south), zoom, &x1, &y1);

  if (x_min != NULL)
    *x_min = x0;
  if (y_min != NULL)
    *y_min = y0;
  if (x_max != NULL)
    *x_max = x1;
  if (y_max != NULL)
    *y_max = y1;
}
