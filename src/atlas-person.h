/* atlas-person.h: someone the article names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-date.h"
#include "atlas-faction.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_PERSON (atlas_person_get_type ())
G_DECLARE_FINAL_TYPE (AtlasPerson, atlas_person, ATLAS, PERSON, GObject)

AtlasPerson     *atlas_person_new         (const char      *id,
                                           const char      *name);
const char      *atlas_person_get_id      (AtlasPerson     *self);
const char      *atlas_person_get_name    (AtlasPerson     *self);
AtlasFaction    *atlas_person_get_faction (AtlasPerson     *self);
void             atlas_person_set_faction (AtlasPerson     *self,
                                           AtlasFaction    *faction);
const AtlasDate *atlas_person_get_born    (AtlasPerson     *self);
const AtlasDate *atlas_person_get_died    (AtlasPerson     *self);
void             atlas_person_set_life    (AtlasPerson     *self,
                                           const AtlasDate *born,
                                           const AtlasDate *died);
char            *atlas_person_format_life (AtlasPerson     *self);

G_END_DECLS
