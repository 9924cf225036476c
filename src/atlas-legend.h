/* atlas-legend.h: what the map's symbols, marks and colours mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_LEGEND (atlas_legend_get_type ())
G_DECLARE_FINAL_TYPE (AtlasLegend, atlas_legend, ATLAS, LEGEND, GtkWidget)

AtlasLegend   *atlas_legend_new          (AtlasTimeline *timeline);
AtlasTimeline *atlas_legend_get_timeline (AtlasLegend   *self);
void           atlas_legend_set_timeline (AtlasLegend   *self,
                                          AtlasTimeline *timeline);

G_END_DECLS
