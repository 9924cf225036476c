/* atlas-section.h: a section of the article, with its paragraphs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "atlas-date.h"

G_BEGIN_DECLS

typedef enum
{
  ATLAS_RUN_TEXT,
  ATLAS_RUN_PLACE,
  ATLAS_RUN_PERSON,
  ATLAS_RUN_EVENT,
  ATLAS_RUN_DATE,
} AtlasRunKind;

typedef enum
{
  ATLAS_RUN_STYLE_NONE = 0,
  ATLAS_RUN_STYLE_EMPHASIS = 1 << 0,
  ATLAS_RUN_STYLE_QUOTE = 1 << 1,
} AtlasRunStyle;

/* A stretch of a paragraph: plain text, or a link to a place, person,
 * event (target) or date (date, and end when the link spans a period). */
typedef struct
{
  AtlasRunKind kind;
  AtlasRunStyle style;
  char *text;
  GObject *target;
  AtlasDate date;
  AtlasDate end;
  gboolean has_end;
} AtlasRun;

/* A paragraph is a GPtrArray of AtlasRun. */
GPtrArray *atlas_paragraph_new (void);
AtlasRun  *atlas_paragraph_append (GPtrArray    *paragraph,
                                   AtlasRunKind  kind,
                                   AtlasRunStyle style,
                                   const char   *text);

#define ATLAS_TYPE_SECTION (atlas_section_get_type ())
G_DECLARE_FINAL_TYPE (AtlasSection, atlas_section, ATLAS, SECTION, GObject)

AtlasSection *atlas_section_new             (const char      *id,
                                             AtlasSection    *parent);
const char   *atlas_section_get_id          (AtlasSection    *self);
const char   *atlas_section_get_title       (AtlasSection    *self);
void          atlas_section_set_title       (AtlasSection    *self,
                                             const char      *title);
AtlasSection *atlas_section_get_parent      (AtlasSection    *self);
guint         atlas_section_get_depth       (AtlasSection    *self);
void          atlas_section_set_span        (AtlasSection    *self,
                                             const AtlasDate *from,
                                             const AtlasDate *to,
                                             gboolean         instant);
gboolean      atlas_section_is_dated        (AtlasSection    *self);
AtlasDay      atlas_section_get_first_day   (AtlasSection    *self);
AtlasDay      atlas_section_get_last_day    (AtlasSection    *self);
gboolean      atlas_section_covers          (AtlasSection    *self,
                                             AtlasDay         day);
void          atlas_section_add_paragraph   (AtlasSection    *self,
                                             GPtrArray       *paragraph);
GPtrArray    *atlas_section_get_paragraphs  (AtlasSection    *self);
void          atlas_section_add_child       (AtlasSection    *self,
                                             AtlasSection    *child);
GPtrArray    *atlas_section_get_children    (AtlasSection    *self);

G_END_DECLS
