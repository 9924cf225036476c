/* atlas-map-view.h: the map — basemap, routes, places, legend, details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  ATLAS_BASEMAP_OFFLINE,
  ATLAS_BASEMAP_OPENSTREETMAP,
} AtlasBasemapKind;

#define ATLAS_TYPE_MAP_VIEW (atlas_map_view_get_type ())
G_DECLARE_FINAL_TYPE (AtlasMapView, atlas_map_view, ATLAS, MAP_VIEW, GtkWidget)

AtlasMapView    *atlas_map_view_new               (AtlasTimeline   *timeline);
AtlasTimeline   *atlas_map_view_get_timeline      (AtlasMapView    *self);
void             atlas_map_view_set_timeline      (AtlasMapView    *self,
                                                   AtlasTimeline   *timeline);
ShumateMap      *atlas_map_view_get_map           (AtlasMapView    *self);
GtkWidget       *atlas_map_view_get_place_layer   (AtlasMapView    *self);
GtkWidget       *atlas_map_view_get_place_popover (AtlasMapView    *self);
void             atlas_map_view_set_basemap       (AtlasMapView    *self,
                                                   AtlasBasemapKind kind);
AtlasBasemapKind atlas_map_view_get_basemap       (AtlasMapView    *self);
void             atlas_map_view_set_legend_visible (AtlasMapView   *self,
                                                   gboolean         visible);
void             atlas_map_view_reset_view        (AtlasMapView    *self);
void             atlas_map_view_show_place        (AtlasMapView    *self,
                                                   AtlasPlace      *place,
                                                   gboolean         details);
void             atlas_map_view_fit_places        (AtlasMapView    *self,
                                                   GPtrArray       *places);
gboolean         atlas_map_view_is_drawn          (AtlasMapView    *self);

G_END_DECLS
