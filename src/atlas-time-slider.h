/* atlas-time-slider.h: the period as a slider, with its sections, events and years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_TIME_SLIDER (atlas_time_slider_get_type ())
G_DECLARE_FINAL_TYPE (AtlasTimeSlider, atlas_time_slider, ATLAS, TIME_SLIDER, GtkScale)

GtkWidget     *atlas_time_slider_new          (void);
AtlasTimeline *atlas_time_slider_get_timeline (AtlasTimeSlider *self);
void           atlas_time_slider_set_timeline (AtlasTimeSlider *self,
                                               AtlasTimeline   *timeline);

G_END_DECLS
