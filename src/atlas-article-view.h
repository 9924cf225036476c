/* atlas-article-view.h: the article beside the map, as a navigable outline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atlas-timeline.h"

G_BEGIN_DECLS

#define ATLAS_TYPE_ARTICLE_VIEW (atlas_article_view_get_type ())
G_DECLARE_FINAL_TYPE (AtlasArticleView, atlas_article_view, ATLAS, ARTICLE_VIEW, GtkWidget)

GtkWidget     *atlas_article_view_new                   (AtlasTimeline    *timeline);
AtlasTimeline *atlas_article_view_get_timeline          (AtlasArticleView *self);
void           atlas_article_view_set_timeline          (AtlasArticleView *self,
                                                         AtlasTimeline    *timeline);
AtlasSection  *atlas_article_view_get_highlighted_section (AtlasArticleView *self);
GtkWidget     *atlas_article_view_get_section_widget    (AtlasArticleView *self,
                                                         AtlasSection     *section);
gboolean       atlas_article_view_activate_link        (AtlasArticleView *self,
                                                         const char       *uri);
void           atlas_article_view_scroll_to_section     (AtlasArticleView *self,
                                                         AtlasSection     *section,
                                                         gboolean          animate);

G_END_DECLS
