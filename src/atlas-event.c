/* atlas-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-event.h"

struct _AtlasEvent
{
  GObject parent_instance;

  char *id;
  AtlasEventType type;
  char *title;
  AtlasPlace *place;
  AtlasDate from;
  AtlasDate to;
  gboolean has_to;
  gboolean instant;
  AtlasDay first_day;
  AtlasDay last_day;
  AtlasFaction *attacker;
  AtlasFaction *defender;
  AtlasOutcome outcome;
  char *summary;
  GArray *commanders;           /* of AtlasSideNote */
  GArray *strengths;
  GArray *casualties;
};

G_DEFINE_FINAL_TYPE (AtlasEvent, atlas_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const type_names[] = {
  "raid", "siege", "battle", "capture", "surrender", "massacre", "coup",
  "death", "accession", "treaty", "march", "other",
};

static const char * const outcome_names[] = {
  "none", "captured", "surrendered", "destroyed", "revolted", "repelled",
};

gboolean
atlas_event_type_from_string (const char     *text,
                              AtlasEventType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (text, type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

const char *
atlas_event_type_describe (AtlasEventType type)
{
  static const char * const descriptions[] = {
    N_("Raid"), N_("Siege"), N_("Battle"), N_("Capture"), N_("Surrender"),
    N_("Massacre"), N_("Coup"), N_("Death"), N_("Accession"), N_("Treaty"),
    N_("March"), N_("Event"),
  };

  g_return_val_if_fail (type < G_N_ELEMENTS (descriptions), NULL);
  return _(descriptions[type]);
}

gboolean
atlas_outcome_from_string (const char   *text,
                           AtlasOutcome *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      {
        *outcome = i;
        return TRUE;
      }
  return FALSE;
}

const char *
atlas_outcome_describe (AtlasOutcome outcome)
{
  static const char * const descriptions[] = {
    N_("No change"), N_("Captured"), N_("Surrendered"), N_("Destroyed"),
    N_("Revolted"), N_("Repelled"),
  };

  g_return_val_if_fail (outcome < G_N_ELEMENTS (descriptions), NULL);
  return _(descriptions[outcome]);
}

static void
clear_side_note (gpointer data)
{
  AtlasSideNote *note = data;

  g_clear_object (&note->faction);
  g_clear_object (&note->person);
  g_clear_pointer (&note->text, g_free);
}

static GArray *
side_note_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (AtlasSideNote));

  g_array_set_clear_func (array, clear_side_note);
  return array;
}

static void
atlas_event_finalize (GObject *object)
{
  AtlasEvent *self = ATLAS_EVENT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->place);
  g_clear_object (&self->attacker);
  g_clear_object (&self->defender);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->commanders, g_array_unref);
  g_clear_pointer (&self->strengths, g_array_unref);
  g_clear_pointer (&self->casualties, g_array_unref);

  G_OBJECT_CLASS (atlas_event_parent_class)->finalize (object);
}

static void
atlas_event_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AtlasEvent *self = ATLAS_EVENT (object);

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
atlas_event_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AtlasEvent *self = ATLAS_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_event_class_init (AtlasEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_event_finalize;
  object_class->get_property = atlas_event_get_property;
  object_class->set_property = atlas_event_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_event_init (AtlasEvent *self)
{
  self->commanders = side_note_array_new ();
  self->strengths = side_note_array_new ();
  self->casualties = side_note_array_new ();
}

AtlasEvent *
atlas_event_new (const char     *id,
                 AtlasEventType  type,
                 const char     *title)
{
  AtlasEvent *self = g_object_new (ATLAS_TYPE_EVENT, "id", id, "title", title, NULL);

  self->type = type;
  return self;
}

const char *
atlas_event_get_id (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->id;
}

AtlasEventType
atlas_event_get_event_type (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), ATLAS_EVENT_OTHER);
  return self->type;
}

const char *
atlas_event_get_title (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->title;
}

AtlasPlace *
atlas_event_get_place (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->place;
}

void
atlas_event_set_place (AtlasEvent *self,
                       AtlasPlace *place)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  g_set_object (&self->place, place);
}

/* `when` is an instant and lasts its first day; `from` alone lasts the
 * period it names; `from`/`to` runs from the first day of one to the last
 * day of the other. */
void
atlas_event_set_dates (AtlasEvent      *self,
                       const AtlasDate *from,
                       const AtlasDate *to,
                       gboolean         instant)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  g_return_if_fail (from != NULL);

  self->from = *from;
  self->has_to = to != NULL;
  if (to)
    self->to = *to;
  self->instant = instant;
  self->first_day = atlas_date_first_day (from);
  if (instant)
    self->last_day = self->first_day;
  else
    self->last_day = atlas_date_last_day (to ? to : from);
}

const AtlasDate *
atlas_event_get_from (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return &self->from;
}

const AtlasDate *
atlas_event_get_to (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->has_to ? &self->to : NULL;
}

AtlasDay
atlas_event_get_first_day (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), ATLAS_DAY_INVALID);
  return self->first_day;
}

AtlasDay
atlas_event_get_last_day (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), ATLAS_DAY_INVALID);
  return self->last_day;
}

gboolean
atlas_event_is_under_way (AtlasEvent *self,
                          AtlasDay    day)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), FALSE);
  return self->first_day <= day && day <= self->last_day;
}

char *
atlas_event_format_dates (AtlasEvent *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);

  from = atlas_date_format (&self->from);
  if (!self->has_to)
    return g_steal_pointer (&from);
  to = atlas_date_format (&self->to);
  return g_strdup_printf ("%s – %s", from, to);
}

/* How long the event lasted, in the unit a reader would use: days under
 * three weeks, weeks under three months, months under two years. */
char *
atlas_event_format_duration (AtlasEvent *self)
{
  int days;

  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);

  if (self->instant)
    return NULL;
  days = self->last_day - self->first_day + 1;
  if (days < 21)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
  if (days < 91)
    {
      int weeks = (days + 3) / 7;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d week", "about %d weeks", weeks), weeks);
    }
  if (days < 730)
    {
      int months = (int) (days / 30.44 + 0.5);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d month", "about %d months", months), months);
    }
  {
    int years = (int) (days / 365.25 + 0.5);
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d year", "about %d years", years), years);
  }
}

AtlasFaction *
atlas_event_get_attacker (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->attacker;
}

AtlasFaction *
atlas_event_get_defender (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->defender;
}

void
atlas_event_set_sides (AtlasEvent   *self,
                       AtlasFaction *attacker,
                       AtlasFaction *defender)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  g_set_object (&self->attacker, attacker);
  g_set_object (&self->defender, defender);
}

AtlasOutcome
atlas_event_get_outcome (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), ATLAS_OUTCOME_NONE);
  return self->outcome;
}

void
atlas_event_set_outcome (AtlasEvent   *self,
                         AtlasOutcome  outcome)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  self->outcome = outcome;
}

const char *
atlas_event_get_summary (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->summary;
}

void
atlas_event_set_summary (AtlasEvent *self,
                         const char *summary)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  g_free (self->summary);
  self->summary = g_strdup (summary);
}

static void
append_side_note (GArray       *array,
                  AtlasFaction *faction,
                  AtlasPerson  *person,
                  const char   *text)
{
  AtlasSideNote note = {
    faction ? g_object_ref (faction) : NULL,
    person ? g_object_ref (person) : NULL,
    g_strdup (text),
  };

  g_array_append_val (array, note);
}

void
atlas_event_add_commander (AtlasEvent   *self,
                           AtlasFaction *faction,
                           AtlasPerson  *person,
                           const char   *text)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  g_return_if_fail (person != NULL || text != NULL);

  /* A person's own faction stands in when the line names none. */
  if (faction == NULL && person != NULL)
    faction = atlas_person_get_faction (person);
  append_side_note (self->commanders, faction, person, text);
}

void
atlas_event_add_strength (AtlasEvent   *self,
                          AtlasFaction *faction,
                          const char   *text)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  append_side_note (self->strengths, faction, NULL, text);
}

void
atlas_event_add_casualties (AtlasEvent   *self,
                            AtlasFaction *faction,
                            const char   *text)
{
  g_return_if_fail (ATLAS_IS_EVENT (self));
  append_side_note (self->casualties, faction, NULL, text);
}

GArray *
atlas_event_get_commanders (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->commanders;
}

GArray *
atlas_event_get_strengths (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->strengths;
}

GArray *
atlas_event_get_casualties (AtlasEvent *self)
{
  g_return_val_if_fail (ATLAS_IS_EVENT (self), NULL);
  return self->casualties;
}
