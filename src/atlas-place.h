/* atlas-place.h: a city, fortress, pass, river, region … on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-faction.h"

G_BEGIN_DECLS

typedef enum
{
  ATLAS_PLACE_KIND_CAPITAL,
  ATLAS_PLACE_KIND_CITY,
  ATLAS_PLACE_KIND_FORTRESS,
  ATLAS_PLACE_KIND_PASS,
  ATLAS_PLACE_KIND_TOWN,
  ATLAS_PLACE_KIND_REGION,
  ATLAS_PLACE_KIND_RIVER,
  ATLAS_PLACE_KIND_MOUNTAINS,
  ATLAS_PLACE_KIND_DESERT,
  ATLAS_PLACE_KIND_TOMB,
  ATLAS_PLACE_KIND_CAMP,
  ATLAS_PLACE_KIND_OTHER,
} AtlasPlaceKind;

typedef enum
{
  ATLAS_CERTAINTY_EXACT,
  ATLAS_CERTAINTY_APPROXIMATE,
  ATLAS_CERTAINTY_DEBATED,
} AtlasCertainty;

typedef enum
{
  ATLAS_NAME_DISPLAY,
  ATLAS_NAME_HISTORICAL,
  ATLAS_NAME_MODERN,
  ATLAS_NAME_VARIANT,
} AtlasNameType;

typedef struct
{
  AtlasNameType type;
  char *lang;                   /* NULL: the document's language */
  char *text;
} AtlasPlaceName;

typedef struct
{
  double lat;
  double lon;
  char *note;
} AtlasPlaceAlt;

#define ATLAS_TYPE_PLACE (atlas_place_get_type ())
G_DECLARE_FINAL_TYPE (AtlasPlace, atlas_place, ATLAS, PLACE, GObject)

gboolean              atlas_place_kind_from_string (const char     *text,
                                                    AtlasPlaceKind *kind);
const char           *atlas_place_kind_to_string   (AtlasPlaceKind  kind);
const char           *atlas_place_kind_describe    (AtlasPlaceKind  kind);
gboolean              atlas_place_kind_is_settlement (AtlasPlaceKind kind);

AtlasPlace           *atlas_place_new              (const char     *id,
                                                    AtlasPlaceKind  kind,
                                                    double          lat,
                                                    double          lon);
const char           *atlas_place_get_id           (AtlasPlace     *self);
const char           *atlas_place_get_name         (AtlasPlace     *self);
AtlasPlaceKind        atlas_place_get_kind         (AtlasPlace     *self);
double                atlas_place_get_latitude     (AtlasPlace     *self);
double                atlas_place_get_longitude    (AtlasPlace     *self);
AtlasFaction         *atlas_place_get_faction      (AtlasPlace     *self);
void                  atlas_place_set_faction      (AtlasPlace     *self,
                                                    AtlasFaction   *faction);
AtlasCertainty        atlas_place_get_certainty    (AtlasPlace     *self);
double                atlas_place_get_radius_km    (AtlasPlace     *self);
void                  atlas_place_set_certainty    (AtlasPlace     *self,
                                                    AtlasCertainty  certainty,
                                                    double          radius_km);
void                  atlas_place_add_name         (AtlasPlace     *self,
                                                    AtlasNameType   type,
                                                    const char     *lang,
                                                    const char     *text);
guint                 atlas_place_get_n_names      (AtlasPlace     *self);
const AtlasPlaceName *atlas_place_get_name_at      (AtlasPlace     *self,
                                                    guint           index);
void                  atlas_place_add_alt          (AtlasPlace     *self,
                                                    double          lat,
                                                    double          lon,
                                                    const char     *note);
guint                 atlas_place_get_n_alts       (AtlasPlace     *self);
const AtlasPlaceAlt  *atlas_place_get_alt_at       (AtlasPlace     *self,
                                                    guint           index);
const char           *atlas_place_get_note         (AtlasPlace     *self);
void                  atlas_place_set_note         (AtlasPlace     *self,
                                                    const char     *note);
GPtrArray            *atlas_place_get_events       (AtlasPlace     *self);
void                  atlas_place_set_events       (AtlasPlace     *self,
                                                    GPtrArray      *events);

G_END_DECLS
