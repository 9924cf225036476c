/* atlas-basemap-source.h
 *
 * A libshumate map source drawing the offline basemap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "atlas-basemap.h"

G_BEGIN_DECLS

#define ATLAS_BASEMAP_SOURCE_ID "xia-atlas-offline"

#define ATLAS_TYPE_BASEMAP_SOURCE (atlas_basemap_source_get_type ())

G_DECLARE_FINAL_TYPE (AtlasBasemapSource, atlas_basemap_source, ATLAS, BASEMAP_SOURCE, ShumateMapSource)

AtlasBasemapSource *atlas_basemap_source_new           (AtlasBasemap       *basemap);

AtlasBasemap       *atlas_basemap_source_get_basemap   (AtlasBasemapSource *self);
void                atlas_basemap_source_prefetch      (AtlasBasemapSource *self,
                                                        double              latitude,
                                                        double              longitude,
                                                        double              zoom_level,
                                                        int                 width,
                                                        int                 height);
guint               atlas_basemap_source_get_n_pending (AtlasBasemapSource *self);
guint               atlas_basemap_source_get_n_filled  (AtlasBasemapSource *self);

G_END_DECLS
