/* atlas-projection.h
 *
 * Web Mercator (EPSG:3857) projection and slippy-map tile maths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Edge length in pixels of a tile; world pixels are counted at this size. */
#define ATLAS_PROJECTION_TILE_SIZE 256

/* Latitude at which the square Web Mercator world ends. */
#define ATLAS_PROJECTION_MAX_LATITUDE 85.05112877980659

/* Highest zoom level the tile functions accept (tile indices fit a guint). */
#define ATLAS_PROJECTION_MAX_ZOOM 30

double atlas_projection_clamp_latitude    (double  latitude);
double atlas_projection_wrap_longitude    (double  longitude);

double atlas_projection_world_size        (double  zoom);

void   atlas_projection_lonlat_to_pixel   (double  longitude,
                                           double  latitude,
                                           double  zoom,
                                           double *x,
                                           double *y);
void   atlas_projection_pixel_to_lonlat   (double  x,
                                           double  y,
                                           double  zoom,
                                           double *longitude,
                                           double *latitude);

guint  atlas_projection_tile_count        (guint   zoom);
void   atlas_projection_lonlat_to_tile    (double  longitude,
                                           double  latitude,
                                           guint   zoom,
                                           guint  *tile_x,
                                           guint  *tile_y);
void   atlas_projection_tile_bounds       (guint   zoom,
                                           guint   tile_x,
                                           guint   tile_y,
                                           double *west,
                                           double *south,
                                           double *east,
                                           double *north);
void   atlas_projection_tile_range        (double  west,
                                           double  south,
                                           double  east,
                                           double  north,
                                           guint   zoom,
                                           guint  *x_min,
                                           guint  *y_min,
                                           guint  *x_max,
                                           guint  *y_max);

G_END_DECLS
