/* atlas-place-popover.h: what the atlas knows of one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_PLACE_POPOVER (atlas_place_popover_get_type ())
G_DECLARE_FINAL_TYPE (AtlasPlacePopover, atlas_place_popover, ATLAS, PLACE_POPOVER, GtkPopover)

GtkWidget     *atlas_place_popover_new       (void);
AtlasPlace    *atlas_place_popover_get_place (AtlasPlacePopover *self);
void           atlas_place_popover_set_place (AtlasPlacePopover *self,
                                              AtlasPlace        *place,
                                              AtlasTimeline     *timeline);
const char    *atlas_place_popover_get_text  (AtlasPlacePopover *self);

G_END_DECLS
