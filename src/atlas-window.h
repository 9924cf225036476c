/* atlas-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atlas-document.h"
#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_WINDOW (atlas_window_get_type ())
G_DECLARE_FINAL_TYPE (AtlasWindow, atlas_window, ATLAS, WINDOW, AdwApplicationWindow)

AtlasWindow   *atlas_window_new             (GtkApplication *application,
                                             AtlasDocument  *document);
AtlasTimeline *atlas_window_get_timeline    (AtlasWindow    *self);
GtkWidget     *atlas_window_get_map_view    (AtlasWindow    *self);
GtkWidget     *atlas_window_get_article_view (AtlasWindow   *self);
GtkWidget     *atlas_window_get_time_bar    (AtlasWindow    *self);
void           atlas_window_set_date        (AtlasWindow    *self,
                                             AtlasDay        date);
void           atlas_window_open_file       (AtlasWindow    *self,
                                             GFile          *file);
void           atlas_window_show_error      (AtlasWindow    *self,
                                             const char     *message);
void           atlas_window_take_screenshot (AtlasWindow    *self,
                                             const char     *path);

G_END_DECLS
