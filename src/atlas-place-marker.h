/* atlas-place-marker.h: a focusable stand-in for one place symbol on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-place.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_PLACE_MARKER (atlas_place_marker_get_type ())
G_DECLARE_FINAL_TYPE (AtlasPlaceMarker, atlas_place_marker, ATLAS, PLACE_MARKER, GtkWidget)

/* Edge of the square a marker covers, centred on its place's symbol. */
#define ATLAS_PLACE_MARKER_SIZE 24

/* A press and release further apart than this, in pixels, were a drag of
 * the map, not a click. */
#define ATLAS_PLACE_MARKER_DRAG_THRESHOLD 6.0

GtkWidget  *atlas_place_marker_new             (void);
AtlasPlace *atlas_place_marker_get_place       (AtlasPlaceMarker *self);
void        atlas_place_marker_set_place       (AtlasPlaceMarker *self,
                                                AtlasPlace       *place);
const char *atlas_place_marker_get_description (AtlasPlaceMarker *self);
void        atlas_place_marker_set_description (AtlasPlaceMarker *self,
                                                const char       *description);

G_END_DECLS
