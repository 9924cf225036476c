/* atlas-faction.h: a side of the conflict (an empire, a dynasty, a people)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATLAS_TYPE_FACTION (atlas_faction_get_type ())
G_DECLARE_FINAL_TYPE (AtlasFaction, atlas_faction, ATLAS, FACTION, GObject)

AtlasFaction *atlas_faction_new       (const char   *id,
                                       const char   *name,
                                       const char   *color);
const char   *atlas_faction_get_id    (AtlasFaction *self);
const char   *atlas_faction_get_name  (AtlasFaction *self);
const char   *atlas_faction_get_color (AtlasFaction *self);
void          atlas_faction_get_rgb   (AtlasFaction *self,
                                       double       *red,
                                       double       *green,
                                       double       *blue);

G_END_DECLS
