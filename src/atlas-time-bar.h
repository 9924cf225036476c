/* atlas-time-bar.h: the controls that move through the atlas's period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_TIME_BAR (atlas_time_bar_get_type ())
G_DECLARE_FINAL_TYPE (AtlasTimeBar, atlas_time_bar, ATLAS, TIME_BAR, GtkWidget)

GtkWidget     *atlas_time_bar_new            (void);
AtlasTimeline *atlas_time_bar_get_timeline   (AtlasTimeBar  *self);
void           atlas_time_bar_set_timeline   (AtlasTimeBar  *self,
                                              AtlasTimeline *timeline);
GtkWidget     *atlas_time_bar_get_slider     (AtlasTimeBar  *self);
GtkWidget     *atlas_time_bar_get_date_label (AtlasTimeBar  *self);
gboolean       atlas_time_bar_get_playing    (AtlasTimeBar  *self);
void           atlas_time_bar_set_playing    (AtlasTimeBar  *self,
                                              gboolean       playing);
double         atlas_time_bar_get_speed      (AtlasTimeBar  *self);
void           atlas_time_bar_set_speed      (AtlasTimeBar  *self,
                                              double         days_per_second);
void           atlas_time_bar_advance        (AtlasTimeBar  *self,
                                              double         seconds);

G_END_DECLS
