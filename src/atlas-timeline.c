/* atlas-timeline.c: the time rules of the format
 *
 * One timeline holds the date; the slider, the map and the article all
 * follow its notify::date, so every way of changing the date ends in the
 * same state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-timeline.h"

struct _AtlasTimeline
{
  GObject parent_instance;

  AtlasDocument *document;
  AtlasDay date;
  GPtrArray *event_days;        /* sorted distinct event start days */

  /* Answers for the current date, computed on first use after a change. */
  AtlasSection *active_section;
  gboolean active_section_valid;
  GPtrArray *events_under_way;
};

G_DEFINE_FINAL_TYPE (AtlasTimeline, atlas_timeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
atlas_place_state_to_string (AtlasPlaceState state)
{
  static const char * const names[] = {
    "held", "besieged", "raided", "battle", "vassal", "captured", "destroyed",
  };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), NULL);
  return names[state];
}

/* A phrase for screen readers and tooltips: "besieged by the Mongol Empire". */
char *
atlas_place_status_describe (const AtlasPlaceStatus *status)
{
  AtlasFaction *attacker = status->event ? atlas_event_get_attacker (status->event) : NULL;
  const char *holder = status->holder ? atlas_faction_get_name (status->holder) : NULL;
  const char *by = attacker ? atlas_faction_get_name (attacker) : NULL;

  switch (status->state)
    {
    case ATLAS_PLACE_STATE_BESIEGED:
      return by ? g_strdup_printf (_("besieged by %s"), by) : g_strdup (_("besieged"));
    case ATLAS_PLACE_STATE_RAIDED:
      return by ? g_strdup_printf (_("raided by %s"), by) : g_strdup (_("raided"));
    case ATLAS_PLACE_STATE_BATTLE:
      return by ? g_strdup_printf (_("battle with %s"), by) : g_strdup (_("battle under way"));
    case ATLAS_PLACE_STATE_VASSAL:
      return holder ? g_strdup_printf (_("vassal of %s"), holder) : g_strdup (_("vassal"));
    case ATLAS_PLACE_STATE_CAPTURED:
      return holder ? g_strdup_printf (_("captured by %s"), holder) : g_strdup (_("captured"));
    case ATLAS_PLACE_STATE_DESTROYED:
      return holder ? g_strdup_printf (_("destroyed by %s"), holder) : g_strdup (_("destroyed"));
    case ATLAS_PLACE_STATE_HELD:
    default:
      return holder ? g_strdup_printf (_("held by %s"), holder) : g_strdup (_("no holder"));
    }
}

static gboolean
shows_while_under_way (AtlasEventType type)
{
  return type == ATLAS_EVENT_SIEGE || type == ATLAS_EVENT_RAID || type == ATLAS_EVENT_BATTLE;
}

/* The rules of the format, over the place's events in date order: an
 * outcome holds from the end of its event until a later outcome changes
 * it; a siege, raid or battle shows while under way, to its last day
 * inclusive, and its outcome from the day after. */
void
atlas_place_status_at (AtlasPlace       *place,
                       AtlasDay          day,
                       AtlasPlaceStatus *status)
{
  GPtrArray *events = atlas_place_get_events (place);

  status->state = ATLAS_PLACE_STATE_HELD;
  status->holder = atlas_place_get_faction (place);
  status->event = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      AtlasEventType type = atlas_event_get_event_type (event);
      AtlasDay last_day = atlas_event_get_last_day (event);

      if (atlas_event_get_first_day (event) > day)
        break;

      if (shows_while_under_way (type) && last_day >= day)
        {
          status->event = event;
          continue;
        }
      if (last_day > day)
        continue;

      switch (atlas_event_get_outcome (event))
        {
        case ATLAS_OUTCOME_CAPTURED:
          status->state = ATLAS_PLACE_STATE_CAPTURED;
          status->holder = atlas_event_get_attacker (event);
          break;
        case ATLAS_OUTCOME_SURRENDERED:
          status->state = ATLAS_PLACE_STATE_VASSAL;
          status->holder = atlas_event_get_attacker (event);
          break;
        case ATLAS_OUTCOME_DESTROYED:
          status->state = ATLAS_PLACE_STATE_DESTROYED;
          status->holder = atlas_event_get_attacker (event);
          break;
        case ATLAS_OUTCOME_REVOLTED:
          status->state = ATLAS_PLACE_STATE_HELD;
          status->holder = atlas_place_get_faction (place);
          break;
        case ATLAS_OUTCOME_REPELLED:
        case ATLAS_OUTCOME_NONE:
        default:
          break;
        }
    }

  if (status->event)
    {
      switch (atlas_event_get_event_type (status->event))
        {
        case ATLAS_EVENT_SIEGE:
          status->state = ATLAS_PLACE_STATE_BESIEGED;
          break;
        case ATLAS_EVENT_RAID:
          status->state = ATLAS_PLACE_STATE_RAIDED;
          break;
        default:
          status->state = ATLAS_PLACE_STATE_BATTLE;
          break;
        }
    }
}

static void
invalidate (AtlasTimeline *self)
{
  self->active_section = NULL;
  self->active_section_valid = FALSE;
  g_clear_pointer (&self->events_under_way, g_ptr_array_unref);
}

static gint
compare_days (gconstpointer a,
              gconstpointer b)
{
  AtlasDay day_a = GPOINTER_TO_INT (*(gpointer *) a);
  AtlasDay day_b = GPOINTER_TO_INT (*(gpointer *) b);

  return (day_a > day_b) - (day_a < day_b);
}

static void
index_event_days (AtlasTimeline *self)
{
  GPtrArray *events;
  g_autoptr(GPtrArray) days = g_ptr_array_new ();

  g_clear_pointer (&self->event_days, g_ptr_array_unref);
  if (self->document == NULL)
    return;

  /* Only days inside the period: stepping never leaves it. */
  events = atlas_document_get_events (self->document);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasDay day = atlas_event_get_first_day (g_ptr_array_index (events, i));

      if (day >= atlas_document_get_first_day (self->document) &&
          day <= atlas_document_get_last_day (self->document))
        g_ptr_array_add (days, GINT_TO_POINTER (day));
    }
  g_ptr_array_sort (days, compare_days);

  self->event_days = g_ptr_array_new ();
  for (guint i = 0; i < days->len; i++)
    if (self->event_days->len == 0 ||
        g_ptr_array_index (self->event_days, self->event_days->len - 1) != g_ptr_array_index (days, i))
      g_ptr_array_add (self->event_days, g_ptr_array_index (days, i));
}

static void
atlas_timeline_finalize (GObject *object)
{
  AtlasTimeline *self = ATLAS_TIMELINE (object);

  invalidate (self);
  g_clear_pointer (&self->event_days, g_ptr_array_unref);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (atlas_timeline_parent_class)->finalize (object);
}

static void
atlas_timeline_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtlasTimeline *self = ATLAS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_DATE:
      g_value_set_int (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_timeline_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtlasTimeline *self = ATLAS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      atlas_timeline_set_document (self, g_value_get_object (value));
      break;
    case PROP_DATE:
      atlas_timeline_set_date (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_timeline_class_init (AtlasTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_timeline_finalize;
  object_class->get_property = atlas_timeline_get_property;
  object_class->set_property = atlas_timeline_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, ATLAS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_int ("date", NULL, NULL, 0, G_MAXINT32, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_timeline_init (AtlasTimeline *self)
{
}

AtlasTimeline *
atlas_timeline_new (AtlasDocument *document)
{
  return g_object_new (ATLAS_TYPE_TIMELINE, "document", document, NULL);
}

AtlasDocument *
atlas_timeline_get_document (AtlasTimeline *self)
{
  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), NULL);
  return self->document;
}

/* A new document starts at the beginning of its period. */
void
atlas_timeline_set_document (AtlasTimeline *self,
                             AtlasDocument *document)
{
  g_return_if_fail (ATLAS_IS_TIMELINE (self));
  g_return_if_fail (document == NULL || ATLAS_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  invalidate (self);
  index_event_days (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  if (document)
    {
      self->date = atlas_document_get_first_day (document);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
    }
}

AtlasDay
atlas_timeline_get_date (AtlasTimeline *self)
{
  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), ATLAS_DAY_INVALID);
  return self->date;
}

void
atlas_timeline_set_date (AtlasTimeline *self,
                         AtlasDay       date)
{
  g_return_if_fail (ATLAS_IS_TIMELINE (self));

  if (self->date == date)
    return;

  self->date = date;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
atlas_timeline_step_months (AtlasTimeline *self,
                            int            months)
{
  AtlasDay date;

  g_return_if_fail (ATLAS_IS_TIMELINE (self));

  /* Stepping stays inside the document's period. */
  date = atlas_day_add_months (self->date, months);
  if (self->document)
    date = CLAMP (date,
                  atlas_document_get_first_day (self->document),
                  atlas_document_get_last_day (self->document));
  atlas_timeline_set_date (self, date);
}

/* The start of the nearest event after (direction > 0) or before the
 * date, within the document's period; ATLAS_DAY_INVALID if none. */
AtlasDay
atlas_timeline_find_event_day (AtlasTimeline *self,
                               int            direction)
{
  guint lo = 0, hi;

  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), ATLAS_DAY_INVALID);

  if (self->event_days == NULL)
    return ATLAS_DAY_INVALID;

  /* The first indexed day after the date (or on it, looking back). */
  hi = self->event_days->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      AtlasDay day = GPOINTER_TO_INT (g_ptr_array_index (self->event_days, mid));

      if (direction > 0 ? day <= self->date : day < self->date)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (direction > 0)
    return lo < self->event_days->len
           ? GPOINTER_TO_INT (g_ptr_array_index (self->event_days, lo)) : ATLAS_DAY_INVALID;
  return lo > 0 ? GPOINTER_TO_INT (g_ptr_array_index (self->event_days, lo - 1)) : ATLAS_DAY_INVALID;
}

/* Moves to the start of the next (direction > 0) or previous event in
 * the period; FALSE if there is none that way. */
gboolean
atlas_timeline_step_event (AtlasTimeline *self,
                           int            direction)
{
  AtlasDay day;

  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), FALSE);

  day = atlas_timeline_find_event_day (self, direction);
  if (day == ATLAS_DAY_INVALID)
    return FALSE;
  atlas_timeline_set_date (self, day);
  return TRUE;
}

void
atlas_timeline_get_place_status (AtlasTimeline    *self,
                                 AtlasPlace       *place,
                                 AtlasPlaceStatus *status)
{
  g_return_if_fail (ATLAS_IS_TIMELINE (self));
  atlas_place_status_at (place, self->date, status);
}

void
atlas_timeline_get_route_position (AtlasTimeline      *self,
                                   AtlasRoute         *route,
                                   AtlasRoutePosition *position)
{
  g_return_if_fail (ATLAS_IS_TIMELINE (self));
  atlas_route_get_position (route, self->date, position);
}

/* The innermost dated section covering the date; where several do, the
 * one whose span starts latest (the first of them in reading order on a
 * tie). */
AtlasSection *
atlas_timeline_get_active_section (AtlasTimeline *self)
{
  GPtrArray *sections;
  g_autoptr(GHashTable) has_covering_descendant = NULL;
  AtlasSection *best = NULL;

  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), NULL);

  if (self->active_section_valid || self->document == NULL)
    return self->active_section;

  sections = atlas_document_get_all_sections (self->document);
  has_covering_descendant = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < sections->len; i++)
    {
      AtlasSection *section = g_ptr_array_index (sections, i);

      if (!atlas_section_covers (section, self->date))
        continue;
      for (AtlasSection *parent = atlas_section_get_parent (section); parent;
           parent = atlas_section_get_parent (parent))
        g_hash_table_add (has_covering_descendant, parent);
    }

  for (guint i = 0; i < sections->len; i++)
    {
      AtlasSection *section = g_ptr_array_index (sections, i);

      if (!atlas_section_covers (section, self->date) ||
          g_hash_table_contains (has_covering_descendant, section))
        continue;
      if (best == NULL || atlas_section_get_first_day (section) > atlas_section_get_first_day (best))
        best = section;
    }

  self->active_section = best;
  self->active_section_valid = TRUE;
  return best;
}

/* The events whose span holds the date, in document order. */
GPtrArray *
atlas_timeline_get_events_under_way (AtlasTimeline *self)
{
  GPtrArray *events;

  g_return_val_if_fail (ATLAS_IS_TIMELINE (self), NULL);

  if (self->events_under_way)
    return self->events_under_way;

  self->events_under_way = g_ptr_array_new ();
  if (self->document == NULL)
    return self->events_under_way;

  events = atlas_document_get_events (self->document);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      if (atlas_event_is_under_way (event, self->date))
        g_ptr_array_add (self->events_under_way, event);
    }
  return self->events_under_way;
}
