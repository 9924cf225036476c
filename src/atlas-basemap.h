/* atlas-basemap.h
 *
 * The offline physical basemap: land, lakes, rivers, deserts and mountain
 * ranges from Natural Earth, rendered as Web Mercator tiles in the style of
 * a printed historical atlas.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define ATLAS_BASEMAP_ERROR (atlas_basemap_error_quark ())

typedef enum
{
  ATLAS_BASEMAP_ERROR_INVALID_DATA,
} AtlasBasemapError;

GQuark atlas_basemap_error_quark (void);

#define ATLAS_TYPE_BASEMAP (atlas_basemap_get_type ())

G_DECLARE_FINAL_TYPE (AtlasBasemap, atlas_basemap, ATLAS, BASEMAP, GObject)

/* Highest zoom level with its own detail; deeper zooms enlarge it. */
#define ATLAS_BASEMAP_DETAIL_ZOOM 12

/* Deepest zoom level atlas_basemap_render_tile() accepts. */
#define ATLAS_BASEMAP_MAX_ZOOM 20

AtlasBasemap *atlas_basemap_new         (GBytes        *data,
                                         GError       **error);
AtlasBasemap *atlas_basemap_new_default (void);

void          atlas_basemap_render_tile (AtlasBasemap  *self,
                                         cairo_t       *cr,
                                         guint          zoom,
                                         guint          x,
                                         guint          y,
                                         guint          tile_size);

G_END_DECLS
