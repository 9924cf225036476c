/* atlas-place-layer.h: every place of the document, as it stands at the date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

/* At most this many places on screen get a focusable marker widget. */
#define ATLAS_PLACE_LAYER_MAX_MARKERS 150

/* How a place is painted at a date: the body colour and, for a place under
 * attack or held as a vassal, the colour of the ring around it. */
typedef struct
{
  AtlasPlaceState state;
  GdkRGBA fill;
  GdkRGBA ring;
  gboolean has_ring;
} AtlasPlaceStyle;

#define ATLAS_TYPE_PLACE_LAYER (atlas_place_layer_get_type ())
G_DECLARE_FINAL_TYPE (AtlasPlaceLayer, atlas_place_layer, ATLAS, PLACE_LAYER, ShumateLayer)

AtlasPlaceLayer *atlas_place_layer_new                (ShumateViewport        *viewport,
                                                       AtlasTimeline          *timeline);
AtlasTimeline   *atlas_place_layer_get_timeline       (AtlasPlaceLayer        *self);
AtlasPlace      *atlas_place_layer_get_selected_place (AtlasPlaceLayer        *self);
void             atlas_place_layer_set_selected_place (AtlasPlaceLayer        *self,
                                                       AtlasPlace             *place);
gboolean         atlas_place_layer_get_landscape_labels (AtlasPlaceLayer      *self);
void             atlas_place_layer_set_landscape_labels (AtlasPlaceLayer      *self,
                                                       gboolean                landscape_labels);
AtlasPlace      *atlas_place_layer_pick               (AtlasPlaceLayer        *self,
                                                       double                  x,
                                                       double                  y);
GtkWidget       *atlas_place_layer_get_marker_for_place (AtlasPlaceLayer      *self,
                                                       AtlasPlace             *place);
guint            atlas_place_layer_get_n_markers      (AtlasPlaceLayer        *self);

void             atlas_place_layer_style_for_status   (AtlasPlace             *place,
                                                       const AtlasPlaceStatus *status,
                                                       AtlasPlaceStyle        *style);
double           atlas_place_layer_kind_symbol_size   (AtlasPlaceKind          kind);
void             atlas_place_layer_draw_symbol        (cairo_t                *cr,
                                                       AtlasPlaceKind          kind,
                                                       AtlasPlaceState         state,
                                                       const GdkRGBA          *fill,
                                                       const GdkRGBA          *ring,
                                                       double                  size);
void             atlas_place_layer_layout_label       (PangoLayout            *layout,
                                                       AtlasPlaceKind          kind,
                                                       const char             *text);
void             atlas_place_layer_draw_label         (cairo_t                *cr,
                                                       PangoLayout            *layout,
                                                       AtlasPlaceKind          kind,
                                                       gboolean                faded);
void             atlas_place_layer_draw_uncertainty   (cairo_t                *cr,
                                                       const GdkRGBA          *color,
                                                       double                  radius);
void             atlas_place_layer_draw_alternative   (cairo_t                *cr,
                                                       double                  from_x,
                                                       double                  from_y,
                                                       double                  x,
                                                       double                  y,
                                                       const GdkRGBA          *color,
                                                       double                  radius);

G_END_DECLS
