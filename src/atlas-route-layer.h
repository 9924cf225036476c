/* atlas-route-layer.h: the armies' routes, as far as they have come at the date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

/* One point of a route as drawn. */
typedef struct
{
  double lat;
  double lon;
} AtlasRouteLayerPoint;

#define ATLAS_TYPE_ROUTE_LAYER (atlas_route_layer_get_type ())
G_DECLARE_FINAL_TYPE (AtlasRouteLayer, atlas_route_layer, ATLAS, ROUTE_LAYER, ShumateLayer)

AtlasRouteLayer *atlas_route_layer_new            (ShumateViewport        *viewport,
                                                   AtlasTimeline          *timeline);
AtlasTimeline   *atlas_route_layer_get_timeline   (AtlasRouteLayer        *self);

guint            atlas_route_layer_collect_points (AtlasRoute             *route,
                                                   AtlasDay                day,
                                                   GArray                 *points);
gboolean         atlas_route_layer_is_under_way   (AtlasRoute             *route,
                                                   AtlasDay                day);
double           atlas_route_layer_get_opacity    (AtlasRoute             *route,
                                                   AtlasDay                day);
gboolean         atlas_route_layer_is_drawn       (AtlasRouteLayer        *self);
void             atlas_route_layer_draw_line      (cairo_t                *cr,
                                                   const graphene_point_t *points,
                                                   guint                   n_points,
                                                   const GdkRGBA          *color,
                                                   gboolean                finished);
void             atlas_route_layer_draw_head      (cairo_t                *cr,
                                                   double                  x,
                                                   double                  y,
                                                   double                  dx,
                                                   double                  dy,
                                                   const GdkRGBA          *color);

G_END_DECLS
