/* atlas-tile-paintable.h
 *
 * A map tile drawn by the offline basemap, as a paintable for libshumate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATLAS_TYPE_TILE_PAINTABLE (atlas_tile_paintable_get_type ())

G_DECLARE_FINAL_TYPE (AtlasTilePaintable, atlas_tile_paintable, ATLAS, TILE_PAINTABLE, GObject)

AtlasTilePaintable *atlas_tile_paintable_new         (cairo_surface_t    *surface);

cairo_surface_t    *atlas_tile_paintable_get_surface (AtlasTilePaintable *self);

G_END_DECLS
