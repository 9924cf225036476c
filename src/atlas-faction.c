/* atlas-faction.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atlas-faction.h"

struct _AtlasFaction
{
  GObject parent_instance;

  char *id;
  char *name;
  char *color;
};

G_DEFINE_FINAL_TYPE (AtlasFaction, atlas_faction, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
atlas_faction_finalize (GObject *object)
{
  AtlasFaction *self = ATLAS_FACTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (atlas_faction_parent_class)->finalize (object);
}

static void
atlas_faction_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AtlasFaction *self = ATLAS_FACTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_faction_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AtlasFaction *self = ATLAS_FACTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COLOR:
      self->color = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_faction_class_init (AtlasFactionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_faction_finalize;
  object_class->get_property = atlas_faction_get_property;
  object_class->set_property = atlas_faction_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, "#808080",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_faction_init (AtlasFaction *self)
{
}

AtlasFaction *
atlas_faction_new (const char *id,
                   const char *name,
                   const char *color)
{
  return g_object_new (ATLAS_TYPE_FACTION,
                       "id", id,
                       "name", name,
                       "color", color,
                       NULL);
}

const char *
atlas_faction_get_id (AtlasFaction *self)
{
  g_return_val_if_fail (ATLAS_IS_FACTION (self), NULL);
  return self->id;
}

const char *
atlas_faction_get_name (AtlasFaction *self)
{
  g_return_val_if_fail (ATLAS_IS_FACTION (self), NULL);
  return self->name;
}

const char *
atlas_faction_get_color (AtlasFaction *self)
{
  g_return_val_if_fail (ATLAS_IS_FACTION (self), NULL);
  return self->color;
}

/* The colour is checked as #RRGGBB by the loader; anything else is grey. */
void
atlas_faction_get_rgb (AtlasFaction *self,
                       double       *red,
                       double       *green,
                       double       *blue)
{
  guint r = 0x80, g = 0x80, b = 0x80;

  g_return_if_fail (ATLAS_IS_FACTION (self));

  if (self->color && strlen (self->color) == 7 && self->color[0] == '#')
    {
      guint64 value = g_ascii_strtoull (self->color + 1, NULL, 16);
      r = (value >> 16) & 0xff;
      g = (value >> 8) & 0xff;
      b = value & 0xff;
    }
  *red = r / 255.0;
  *green = g / 255.0;
  *blue = b / 255.0;
}
