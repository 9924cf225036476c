/* atlas-route.h: an army's path as a list of dated stops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-date.h"
#include "atlas-event.h"
#include "atlas-faction.h"
#include "atlas-person.h"
#include "atlas-place.h"

G_BEGIN_DECLS

typedef struct
{
  AtlasPlace *place;            /* nullable: a free waypoint */
  AtlasEvent *event;            /* nullable */
  double lat;
  double lon;
  AtlasDate start;              /* `when` or `from` */
  AtlasDate end;                /* `to`, when has_end */
  gboolean has_end;
  AtlasDay arrival;
  AtlasDay departure;
} AtlasRouteStop;

/* Where the army on a route stands at a given day. */
typedef struct
{
  double progress;              /* 0 before the start, 1 at the end */
  double lat;
  double lon;
  guint segment;                /* index of the stop last reached */
  gboolean started;
  gboolean finished;
} AtlasRoutePosition;

#define ATLAS_TYPE_ROUTE (atlas_route_get_type ())
G_DECLARE_FINAL_TYPE (AtlasRoute, atlas_route, ATLAS, ROUTE, GObject)

AtlasRoute           *atlas_route_new            (const char         *id,
                                                  AtlasFaction       *faction,
                                                  const char         *name);
const char           *atlas_route_get_id         (AtlasRoute         *self);
const char           *atlas_route_get_name       (AtlasRoute         *self);
AtlasFaction         *atlas_route_get_faction    (AtlasRoute         *self);
AtlasPerson          *atlas_route_get_commander  (AtlasRoute         *self);
void                  atlas_route_set_commander  (AtlasRoute         *self,
                                                  AtlasPerson        *commander);
void                  atlas_route_add_stop       (AtlasRoute         *self,
                                                  AtlasPlace         *place,
                                                  double              lat,
                                                  double              lon,
                                                  const AtlasDate    *start,
                                                  const AtlasDate    *end,
                                                  AtlasEvent         *event);
guint                 atlas_route_get_n_stops    (AtlasRoute         *self);
const AtlasRouteStop *atlas_route_get_stop       (AtlasRoute         *self,
                                                  guint               index);
AtlasDay              atlas_route_get_first_day  (AtlasRoute         *self);
AtlasDay              atlas_route_get_last_day   (AtlasRoute         *self);
double                atlas_route_get_length_km  (AtlasRoute         *self);
void                  atlas_route_get_position   (AtlasRoute         *self,
                                                  AtlasDay            day,
                                                  AtlasRoutePosition *position);

double                atlas_distance_km          (double              lat1,
                                                  double              lon1,
                                                  double              lat2,
                                                  double              lon2);

G_END_DECLS
