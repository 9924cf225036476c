/* atlas-place.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-place.h"

struct _AtlasPlace
{
  GObject parent_instance;

  char *id;
  AtlasPlaceKind kind;
  double lat;
  double lon;
  AtlasFaction *faction;
  AtlasCertainty certainty;
  double radius_km;
  GArray *names;                /* of AtlasPlaceName */
  GArray *alts;                 /* of AtlasPlaceAlt */
  char *note;
  GPtrArray *events;            /* of AtlasEvent, in date order */
};

G_DEFINE_FINAL_TYPE (AtlasPlace, atlas_place, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  "capital", "city", "fortress", "pass", "town", "region", "river",
  "mountains", "desert", "tomb", "camp", "other",
};

gboolean
atlas_place_kind_from_string (const char     *text,
                              AtlasPlaceKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
atlas_place_kind_to_string (AtlasPlaceKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

const char *
atlas_place_kind_describe (AtlasPlaceKind kind)
{
  static const char * const descriptions[] = {
    N_("Capital"), N_("City"), N_("Fortress"), N_("Pass"), N_("Town"),
    N_("Region"), N_("River"), N_("Mountains"), N_("Desert"), N_("Tomb"),
    N_("Camp"), N_("Place"),
  };

  g_return_val_if_fail (kind < G_N_ELEMENTS (descriptions), NULL);
  return _(descriptions[kind]);
}

/* Settlements change hands; landscape features only carry a label. */
gboolean
atlas_place_kind_is_settlement (AtlasPlaceKind kind)
{
  switch (kind)
    {
    case ATLAS_PLACE_KIND_CAPITAL:
    case ATLAS_PLACE_KIND_CITY:
    case ATLAS_PLACE_KIND_FORTRESS:
    case ATLAS_PLACE_KIND_PASS:
    case ATLAS_PLACE_KIND_TOWN:
    case ATLAS_PLACE_KIND_TOMB:
    case ATLAS_PLACE_KIND_CAMP:
    case ATLAS_PLACE_KIND_OTHER:
      return TRUE;
    case ATLAS_PLACE_KIND_REGION:
    case ATLAS_PLACE_KIND_RIVER:
    case ATLAS_PLACE_KIND_MOUNTAINS:
    case ATLAS_PLACE_KIND_DESERT:
    default:
      return FALSE;
    }
}

static void
clear_name (gpointer data)
{
  AtlasPlaceName *name = data;

  g_clear_pointer (&name->lang, g_free);
  g_clear_pointer (&name->text, g_free);
}

static void
clear_alt (gpointer data)
{
  AtlasPlaceAlt *alt = data;

  g_clear_pointer (&alt->note, g_free);
}

static void
atlas_place_finalize (GObject *object)
{
  AtlasPlace *self = ATLAS_PLACE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_object (&self->faction);
  g_clear_pointer (&self->names, g_array_unref);
  g_clear_pointer (&self->alts, g_array_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (atlas_place_parent_class)->finalize (object);
}

static void
atlas_place_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AtlasPlace *self = ATLAS_PLACE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, atlas_place_get_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AtlasPlace *self = ATLAS_PLACE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_class_init (AtlasPlaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_place_finalize;
  object_class->get_property = atlas_place_get_property;
  object_class->set_property = atlas_place_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_place_init (AtlasPlace *self)
{
  self->names = g_array_new (FALSE, TRUE, sizeof (AtlasPlaceName));
  g_array_set_clear_func (self->names, clear_name);
  self->alts = g_array_new (FALSE, TRUE, sizeof (AtlasPlaceAlt));
  g_array_set_clear_func (self->alts, clear_alt);
  self->events = g_ptr_array_new ();
}

AtlasPlace *
atlas_place_new (const char     *id,
                 AtlasPlaceKind  kind,
                 double          lat,
                 double          lon)
{
  AtlasPlace *self = g_object_new (ATLAS_TYPE_PLACE, "id", id, NULL);

  self->kind = kind;
  self->lat = lat;
  self->lon = lon;
  return self;
}

const char *
atlas_place_get_id (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  return self->id;
}

/* The first name is the display name; a place always has one. */
const char *
atlas_place_get_name (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);

  if (self->names->len == 0)
    return self->id;
  return g_array_index (self->names, AtlasPlaceName, 0).text;
}

AtlasPlaceKind
atlas_place_get_kind (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), ATLAS_PLACE_KIND_OTHER);
  return self->kind;
}

double
atlas_place_get_latitude (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), 0);
  return self->lat;
}

double
atlas_place_get_longitude (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), 0);
  return self->lon;
}

AtlasFaction *
atlas_place_get_faction (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  return self->faction;
}

void
atlas_place_set_faction (AtlasPlace   *self,
                         AtlasFaction *faction)
{
  g_return_if_fail (ATLAS_IS_PLACE (self));
  g_set_object (&self->faction, faction);
}

AtlasCertainty
atlas_place_get_certainty (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), ATLAS_CERTAINTY_EXACT);
  return self->certainty;
}

double
atlas_place_get_radius_km (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), 0);
  return self->radius_km;
}

void
atlas_place_set_certainty (AtlasPlace     *self,
                           AtlasCertainty  certainty,
                           double          radius_km)
{
  g_return_if_fail (ATLAS_IS_PLACE (self));
  self->certainty = certainty;
  self->radius_km = radius_km;
}

void
atlas_place_add_name (AtlasPlace    *self,
                      AtlasNameType  type,
                      const char    *lang,
                      const char    *text)
{
  AtlasPlaceName name = { type, g_strdup (lang), g_strdup (text) };

  g_return_if_fail (ATLAS_IS_PLACE (self));

  g_array_append_val (self->names, name);
  if (self->names->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

guint
atlas_place_get_n_names (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), 0);
  return self->names->len;
}

const AtlasPlaceName *
atlas_place_get_name_at (AtlasPlace *self,
                         guint       index)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  g_return_val_if_fail (index < self->names->len, NULL);
  return &g_array_index (self->names, AtlasPlaceName, index);
}

void
atlas_place_add_alt (AtlasPlace *self,
                     double      lat,
                     double      lon,
                     const char *note)
{
  AtlasPlaceAlt alt = { lat, lon, g_strdup (note) };

  g_return_if_fail (ATLAS_IS_PLACE (self));
  g_array_append_val (self->alts, alt);
}

guint
atlas_place_get_n_alts (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), 0);
  return self->alts->len;
}

const AtlasPlaceAlt *
atlas_place_get_alt_at (AtlasPlace *self,
                        guint       index)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  g_return_val_if_fail (index < self->alts->len, NULL);
  return &g_array_index (self->alts, AtlasPlaceAlt, index);
}

const char *
atlas_place_get_note (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  return self->note;
}

void
atlas_place_set_note (AtlasPlace *self,
                      const char *note)
{
  g_return_if_fail (ATLAS_IS_PLACE (self));
  g_free (self->note);
  self->note = g_strdup (note);
}

/* The events at this place in date order.  The document owns the events;
 * the array holds them unowned so that places and events do not keep each
 * other alive. */
GPtrArray *
atlas_place_get_events (AtlasPlace *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE (self), NULL);
  return self->events;
}

void
atlas_place_set_events (AtlasPlace *self,
                        GPtrArray  *events)
{
  g_return_if_fail (ATLAS_IS_PLACE (self));
  g_ptr_array_ref (events);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events = events;
}
