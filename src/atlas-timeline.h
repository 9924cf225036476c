/* atlas-timeline.h: the current date, and what the document says of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-document.h"

G_BEGIN_DECLS

typedef enum
{
  ATLAS_PLACE_STATE_HELD,
  ATLAS_PLACE_STATE_BESIEGED,
  ATLAS_PLACE_STATE_RAIDED,
  ATLAS_PLACE_STATE_BATTLE,
  ATLAS_PLACE_STATE_VASSAL,
  ATLAS_PLACE_STATE_CAPTURED,
  ATLAS_PLACE_STATE_DESTROYED,
} AtlasPlaceState;

/* A place at a date: its state, who holds it (the overlord of a vassal,
 * the captor, the destroyer), and for besieged, raided or battle the
 * event under way and so who is attacking. */
typedef struct
{
  AtlasPlaceState state;
  AtlasFaction *holder;         /* nullable */
  AtlasEvent *event;            /* nullable */
} AtlasPlaceStatus;

#define ATLAS_TYPE_TIMELINE (atlas_timeline_get_type ())
G_DECLARE_FINAL_TYPE (AtlasTimeline, atlas_timeline, ATLAS, TIMELINE, GObject)

const char     *atlas_place_state_to_string       (AtlasPlaceState   state);
char           *atlas_place_status_describe       (const AtlasPlaceStatus *status);
void            atlas_place_status_at             (AtlasPlace       *place,
                                                   AtlasDay          day,
                                                   AtlasPlaceStatus *status);

AtlasTimeline  *atlas_timeline_new                (AtlasDocument    *document);
AtlasDocument  *atlas_timeline_get_document       (AtlasTimeline    *self);
void            atlas_timeline_set_document       (AtlasTimeline    *self,
                                                   AtlasDocument    *document);
AtlasDay        atlas_timeline_get_date           (AtlasTimeline    *self);
void            atlas_timeline_set_date           (AtlasTimeline    *self,
                                                   AtlasDay          date);
void            atlas_timeline_step_months        (AtlasTimeline    *self,
                                                   int               months);
AtlasDay        atlas_timeline_find_event_day     (AtlasTimeline    *self,
                                                   int               direction);
gboolean        atlas_timeline_step_event         (AtlasTimeline    *self,
                                                   int               direction);
void            atlas_timeline_get_place_status   (AtlasTimeline    *self,
                                                   AtlasPlace       *place,
                                                   AtlasPlaceStatus *status);
void            atlas_timeline_get_route_position (AtlasTimeline    *self,
                                                   AtlasRoute       *route,
                                                   AtlasRoutePosition *position);
AtlasSection   *atlas_timeline_get_active_section (AtlasTimeline    *self);
GPtrArray      *atlas_timeline_get_events_under_way (AtlasTimeline  *self);

G_END_DECLS
