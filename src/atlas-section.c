/* atlas-section.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atlas-section.h"

struct _AtlasSection
{
  GObject parent_instance;

  char *id;
  char *title;
  AtlasSection *parent;         /* unowned: the parent owns its children */
  guint depth;
  gboolean dated;
  AtlasDay first_day;
  AtlasDay last_day;
  GPtrArray *paragraphs;        /* of GPtrArray of AtlasRun */
  GPtrArray *children;          /* of AtlasSection */
};

G_DEFINE_FINAL_TYPE (AtlasSection, atlas_section, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
atlas_run_free (gpointer data)
{
  AtlasRun *run = data;

  g_clear_pointer (&run->text, g_free);
  g_clear_object (&run->target);
  g_free (run);
}

GPtrArray *
atlas_paragraph_new (void)
{
  return g_ptr_array_new_with_free_func (atlas_run_free);
}

AtlasRun *
atlas_paragraph_append (GPtrArray     *paragraph,
                        AtlasRunKind   kind,
                        AtlasRunStyle  style,
                        const char    *text)
{
  AtlasRun *run = g_new0 (AtlasRun, 1);

  run->kind = kind;
  run->style = style;
  run->text = g_strdup (text);
  g_ptr_array_add (paragraph, run);
  return run;
}

static void
atlas_section_finalize (GObject *object)
{
  AtlasSection *self = ATLAS_SECTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->paragraphs, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);

  G_OBJECT_CLASS (atlas_section_parent_class)->finalize (object);
}

static void
atlas_section_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AtlasSection *self = ATLAS_SECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_section_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AtlasSection *self = ATLAS_SECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      atlas_section_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_section_class_init (AtlasSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_section_finalize;
  object_class->get_property = atlas_section_get_property;
  object_class->set_property = atlas_section_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_section_init (AtlasSection *self)
{
  self->paragraphs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
}

AtlasSection *
atlas_section_new (const char   *id,
                   AtlasSection *parent)
{
  AtlasSection *self = g_object_new (ATLAS_TYPE_SECTION, "id", id, NULL);

  self->parent = parent;
  self->depth = parent ? parent->depth + 1 : 0;
  return self;
}

const char *
atlas_section_get_id (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), NULL);
  return self->id;
}

const char *
atlas_section_get_title (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), NULL);
  return self->title;
}

void
atlas_section_set_title (AtlasSection *self,
                         const char   *title)
{
  g_return_if_fail (ATLAS_IS_SECTION (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

AtlasSection *
atlas_section_get_parent (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), NULL);
  return self->parent;
}

guint
atlas_section_get_depth (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), 0);
  return self->depth;
}

void
atlas_section_set_span (AtlasSection    *self,
                        const AtlasDate *from,
                        const AtlasDate *to,
                        gboolean         instant)
{
  g_return_if_fail (ATLAS_IS_SECTION (self));
  g_return_if_fail (from != NULL);

  self->dated = TRUE;
  self->first_day = atlas_date_first_day (from);
  if (instant)
    self->last_day = self->first_day;
  else
    self->last_day = atlas_date_last_day (to ? to : from);
}

gboolean
atlas_section_is_dated (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), FALSE);
  return self->dated;
}

AtlasDay
atlas_section_get_first_day (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), ATLAS_DAY_INVALID);
  return self->dated ? self->first_day : ATLAS_DAY_INVALID;
}

AtlasDay
atlas_section_get_last_day (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), ATLAS_DAY_INVALID);
  return self->dated ? self->last_day : ATLAS_DAY_INVALID;
}

gboolean
atlas_section_covers (AtlasSection *self,
                      AtlasDay      day)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), FALSE);
  return self->dated && self->first_day <= day && day <= self->last_day;
}

void
atlas_section_add_paragraph (AtlasSection *self,
                             GPtrArray    *paragraph)
{
  g_return_if_fail (ATLAS_IS_SECTION (self));
  g_ptr_array_add (self->paragraphs, g_ptr_array_ref (paragraph));
}

GPtrArray *
atlas_section_get_paragraphs (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), NULL);
  return self->paragraphs;
}

void
atlas_section_add_child (AtlasSection *self,
                         AtlasSection *child)
{
  g_return_if_fail (ATLAS_IS_SECTION (self));
  g_return_if_fail (ATLAS_IS_SECTION (child));
  g_ptr_array_add (self->children, g_object_ref (child));
}

GPtrArray *
atlas_section_get_children (AtlasSection *self)
{
  g_return_val_if_fail (ATLAS_IS_SECTION (self), NULL);
  return self->children;
}
