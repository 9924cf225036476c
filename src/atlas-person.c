/* atlas-person.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-person.h"

struct _AtlasPerson
{
  GObject parent_instance;

  char *id;
  char *name;
  AtlasFaction *faction;
  AtlasDate born;
  AtlasDate died;
  guint has_born : 1;
  guint has_died : 1;
};

G_DEFINE_FINAL_TYPE (AtlasPerson, atlas_person, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
atlas_person_finalize (GObject *object)
{
  AtlasPerson *self = ATLAS_PERSON (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->faction);

  G_OBJECT_CLASS (atlas_person_parent_class)->finalize (object);
}

static void
atlas_person_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AtlasPerson *self = ATLAS_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_person_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AtlasPerson *self = ATLAS_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_person_class_init (AtlasPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_person_finalize;
  object_class->get_property = atlas_person_get_property;
  object_class->set_property = atlas_person_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_person_init (AtlasPerson *self)
{
}

AtlasPerson *
atlas_person_new (const char *id,
                  const char *name)
{
  return g_object_new (ATLAS_TYPE_PERSON, "id", id, "name", name, NULL);
}

const char *
atlas_person_get_id (AtlasPerson *self)
{
  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);
  return self->id;
}

const char *
atlas_person_get_name (AtlasPerson *self)
{
  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);
  return self->name;
}

AtlasFaction *
atlas_person_get_faction (AtlasPerson *self)
{
  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);
  return self->faction;
}

void
atlas_person_set_faction (AtlasPerson  *self,
                          AtlasFaction *faction)
{
  g_return_if_fail (ATLAS_IS_PERSON (self));
  g_set_object (&self->faction, faction);
}

const AtlasDate *
atlas_person_get_born (AtlasPerson *self)
{
  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);
  return self->has_born ? &self->born : NULL;
}

const AtlasDate *
atlas_person_get_died (AtlasPerson *self)
{
  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);
  return self->has_died ? &self->died : NULL;
}

void
atlas_person_set_life (AtlasPerson     *self,
                       const AtlasDate *born,
                       const AtlasDate *died)
{
  g_return_if_fail (ATLAS_IS_PERSON (self));

  self->has_born = born != NULL;
  if (born)
    self->born = *born;
  self->has_died = died != NULL;
  if (died)
    self->died = *died;
}

/* "1162 – August 1227", "born 1186", "died 1227", or NULL if unknown. */
char *
atlas_person_format_life (AtlasPerson *self)
{
  g_autofree char *born = NULL;
  g_autofree char *died = NULL;

  g_return_val_if_fail (ATLAS_IS_PERSON (self), NULL);

  if (self->has_born)
    born = atlas_date_format (&self->born);
  if (self->has_died)
    died = atlas_date_format (&self->died);

  if (born && died)
    return g_strdup_printf ("%s – %s", born, died);
  if (born)
    return g_strdup_printf (_("born %s"), born);
  if (died)
    return g_strdup_printf (_("died %s"), died);
  return NULL;
}
