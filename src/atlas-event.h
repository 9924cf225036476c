/* atlas-event.h: a dated happening — a raid, siege, battle, coup, death …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-date.h"
#include "atlas-faction.h"
#include "atlas-person.h"
#include "atlas-place.h"

G_BEGIN_DECLS

typedef enum
{
  ATLAS_EVENT_RAID,
  ATLAS_EVENT_SIEGE,
  ATLAS_EVENT_BATTLE,
  ATLAS_EVENT_CAPTURE,
  ATLAS_EVENT_SURRENDER,
  ATLAS_EVENT_MASSACRE,
  ATLAS_EVENT_COUP,
  ATLAS_EVENT_DEATH,
  ATLAS_EVENT_ACCESSION,
  ATLAS_EVENT_TREATY,
  ATLAS_EVENT_MARCH,
  ATLAS_EVENT_OTHER,
} AtlasEventType;

typedef enum
{
  ATLAS_OUTCOME_NONE,
  ATLAS_OUTCOME_CAPTURED,
  ATLAS_OUTCOME_SURRENDERED,
  ATLAS_OUTCOME_DESTROYED,
  ATLAS_OUTCOME_REVOLTED,
  ATLAS_OUTCOME_REPELLED,
} AtlasOutcome;

/* A line about one side: a commander (a person, or a name as text),
 * a strength or a casualty figure. */
typedef struct
{
  AtlasFaction *faction;        /* nullable */
  AtlasPerson *person;          /* nullable; commanders only */
  char *text;                   /* nullable when person is set */
} AtlasSideNote;

#define ATLAS_TYPE_EVENT (atlas_event_get_type ())
G_DECLARE_FINAL_TYPE (AtlasEvent, atlas_event, ATLAS, EVENT, GObject)

gboolean             atlas_event_type_from_string    (const char     *text,
                                                      AtlasEventType *type);
const char          *atlas_event_type_describe       (AtlasEventType  type);
gboolean             atlas_outcome_from_string       (const char     *text,
                                                      AtlasOutcome   *outcome);
const char          *atlas_outcome_describe          (AtlasOutcome    outcome);

AtlasEvent          *atlas_event_new                 (const char     *id,
                                                      AtlasEventType  type,
                                                      const char     *title);
const char          *atlas_event_get_id              (AtlasEvent     *self);
AtlasEventType       atlas_event_get_event_type      (AtlasEvent     *self);
const char          *atlas_event_get_title           (AtlasEvent     *self);
AtlasPlace          *atlas_event_get_place           (AtlasEvent     *self);
void                 atlas_event_set_place           (AtlasEvent     *self,
                                                      AtlasPlace     *place);
void                 atlas_event_set_dates           (AtlasEvent     *self,
                                                      const AtlasDate *from,
                                                      const AtlasDate *to,
                                                      gboolean        instant);
const AtlasDate     *atlas_event_get_from            (AtlasEvent     *self);
const AtlasDate     *atlas_event_get_to              (AtlasEvent     *self);
AtlasDay             atlas_event_get_first_day       (AtlasEvent     *self);
AtlasDay             atlas_event_get_last_day        (AtlasEvent     *self);
gboolean             atlas_event_is_under_way        (AtlasEvent     *self,
                                                      AtlasDay        day);
char                *atlas_event_format_dates        (AtlasEvent     *self);
char                *atlas_event_format_duration     (AtlasEvent     *self);
AtlasFaction        *atlas_event_get_attacker        (AtlasEvent     *self);
AtlasFaction        *atlas_event_get_defender        (AtlasEvent     *self);
void                 atlas_event_set_sides           (AtlasEvent     *self,
                                                      AtlasFaction   *attacker,
                                                      AtlasFaction   *defender);
AtlasOutcome         atlas_event_get_outcome         (AtlasEvent     *self);
void                 atlas_event_set_outcome         (AtlasEvent     *self,
                                                      AtlasOutcome    outcome);
const char          *atlas_event_get_summary         (AtlasEvent     *self);
void                 atlas_event_set_summary         (AtlasEvent     *self,
                                                      const char     *summary);
void                 atlas_event_add_commander       (AtlasEvent     *self,
                                                      AtlasFaction   *faction,
                                                      AtlasPerson    *person,
                                                      const char     *text);
void                 atlas_event_add_strength        (AtlasEvent     *self,
                                                      AtlasFaction   *faction,
                                                      const char     *text);
void                 atlas_event_add_casualties      (AtlasEvent     *self,
                                                      AtlasFaction   *faction,
                                                      const char     *text);
GArray              *atlas_event_get_commanders      (AtlasEvent     *self);
GArray              *atlas_event_get_strengths       (AtlasEvent     *self);
GArray              *atlas_event_get_casualties      (AtlasEvent     *self);

G_END_DECLS
