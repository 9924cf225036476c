/* atlas-route.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "atlas-route.h"

struct _AtlasRoute
{
  GObject parent_instance;

  char *id;
  char *name;
  AtlasFaction *faction;
  AtlasPerson *commander;
  GArray *stops;                /* of AtlasRouteStop */
  GArray *distance_to_stop;     /* of double: km from the first stop */
};

G_DEFINE_FINAL_TYPE (AtlasRoute, atlas_route, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

double
atlas_distance_km (double lat1,
                   double lon1,
                   double lat2,
                   double lon2)
{
  const double earth_radius_km = 6371.0;
  double phi1 = lat1 * G_PI / 180.0;
  double phi2 = lat2 * G_PI / 180.0;
  double dphi = phi2 - phi1;
  double dlambda = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * earth_radius_km * atan2 (sqrt (a), sqrt (1 - a));
}

static void
clear_stop (gpointer data)
{
  AtlasRouteStop *stop = data;

  g_clear_object (&stop->place);
  g_clear_object (&stop->event);
}

static void
atlas_route_finalize (GObject *object)
{
  AtlasRoute *self = ATLAS_ROUTE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->faction);
  g_clear_object (&self->commander);
  g_clear_pointer (&self->stops, g_array_unref);
  g_clear_pointer (&self->distance_to_stop, g_array_unref);

  G_OBJECT_CLASS (atlas_route_parent_class)->finalize (object);
}

static void
atlas_route_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AtlasRoute *self = ATLAS_ROUTE (object);

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
atlas_route_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AtlasRoute *self = ATLAS_ROUTE (object);

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
atlas_route_class_init (AtlasRouteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_route_finalize;
  object_class->get_property = atlas_route_get_property;
  object_class->set_property = atlas_route_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_route_init (AtlasRoute *self)
{
  self->stops = g_array_new (FALSE, TRUE, sizeof (AtlasRouteStop));
  g_array_set_clear_func (self->stops, clear_stop);
  self->distance_to_stop = g_array_new (FALSE, TRUE, sizeof (double));
}

AtlasRoute *
atlas_route_new (const char   *id,
                 AtlasFaction *faction,
                 const char   *name)
{
  AtlasRoute *self = g_object_new (ATLAS_TYPE_ROUTE, "id", id, "name", name, NULL);

  g_set_object (&self->faction, faction);
  return self;
}

const char *
atlas_route_get_id (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), NULL);
  return self->id;
}

const char *
atlas_route_get_name (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), NULL);
  return self->name;
}

AtlasFaction *
atlas_route_get_faction (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), NULL);
  return self->faction;
}

AtlasPerson *
atlas_route_get_commander (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), NULL);
  return self->commander;
}

void
atlas_route_set_commander (AtlasRoute  *self,
                           AtlasPerson *commander)
{
  g_return_if_fail (ATLAS_IS_ROUTE (self));
  g_set_object (&self->commander, commander);
}

/* A stop is reached on the first day of its start and left on the last
 * day of its end (or at once, with no end).  The loader has made sure the
 * dates never go back, comparing their first days; a stop held until the
 * end of a month that the next stop also names is left when the next
 * one is reached. */
void
atlas_route_add_stop (AtlasRoute      *self,
                      AtlasPlace      *place,
                      double           lat,
                      double           lon,
                      const AtlasDate *start,
                      const AtlasDate *end,
                      AtlasEvent      *event)
{
  AtlasRouteStop stop = { 0 };
  double distance = 0;

  g_return_if_fail (ATLAS_IS_ROUTE (self));
  g_return_if_fail (start != NULL);

  stop.place = place ? g_object_ref (place) : NULL;
  stop.event = event ? g_object_ref (event) : NULL;
  stop.lat = place ? atlas_place_get_latitude (place) : lat;
  stop.lon = place ? atlas_place_get_longitude (place) : lon;
  stop.start = *start;
  stop.has_end = end != NULL;
  if (end)
    stop.end = *end;
  stop.arrival = atlas_date_first_day (start);
  stop.departure = end ? atlas_date_last_day (end) : stop.arrival;

  if (self->stops->len > 0)
    {
      AtlasRouteStop *previous = &g_array_index (self->stops, AtlasRouteStop, self->stops->len - 1);

      previous->departure = MIN (previous->departure, MAX (stop.arrival, previous->arrival));
      distance = g_array_index (self->distance_to_stop, double, self->stops->len - 1) +
                 atlas_distance_km (previous->lat, previous->lon, stop.lat, stop.lon);
    }

  g_array_append_val (self->stops, stop);
  g_array_append_val (self->distance_to_stop, distance);
}

guint
atlas_route_get_n_stops (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), 0);
  return self->stops->len;
}

const AtlasRouteStop *
atlas_route_get_stop (AtlasRoute *self,
                      guint       index)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), NULL);
  g_return_val_if_fail (index < self->stops->len, NULL);
  return &g_array_index (self->stops, AtlasRouteStop, index);
}

AtlasDay
atlas_route_get_first_day (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), ATLAS_DAY_INVALID);
  g_return_val_if_fail (self->stops->len > 0, ATLAS_DAY_INVALID);
  return g_array_index (self->stops, AtlasRouteStop, 0).arrival;
}

AtlasDay
atlas_route_get_last_day (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), ATLAS_DAY_INVALID);
  g_return_val_if_fail (self->stops->len > 0, ATLAS_DAY_INVALID);
  return g_array_index (self->stops, AtlasRouteStop, self->stops->len - 1).arrival;
}

double
atlas_route_get_length_km (AtlasRoute *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (self), 0);
  if (self->stops->len == 0)
    return 0;
  return g_array_index (self->distance_to_stop, double, self->stops->len - 1);
}

static void
set_at_stop (AtlasRoute         *self,
             guint               index,
             AtlasRoutePosition *position)
{
  const AtlasRouteStop *stop = &g_array_index (self->stops, AtlasRouteStop, index);
  double total = atlas_route_get_length_km (self);
  double distance = g_array_index (self->distance_to_stop, double, index);

  position->segment = index;
  position->lat = stop->lat;
  position->lon = stop->lon;
  if (total > 0)
    position->progress = distance / total;
  else
    position->progress = (double) index / (self->stops->len - 1);
}

/* Where the army is at `day`: at a stop between its arrival and departure,
 * or moving at even speed between two stops. */
void
atlas_route_get_position (AtlasRoute         *self,
                          AtlasDay            day,
                          AtlasRoutePosition *position)
{
  const AtlasRouteStop *stops;
  guint n, lo, hi;

  g_return_if_fail (ATLAS_IS_ROUTE (self));
  g_return_if_fail (position != NULL);
  g_return_if_fail (self->stops->len >= 2);

  stops = (const AtlasRouteStop *) (gpointer) self->stops->data;
  n = self->stops->len;
  memset (position, 0, sizeof *position);

  if (day < stops[0].arrival)
    {
      set_at_stop (self, 0, position);
      return;
    }
  position->started = TRUE;
  if (day >= stops[n - 1].arrival)
    {
      set_at_stop (self, n - 1, position);
      position->progress = 1.0;
      position->finished = TRUE;
      return;
    }

  /* The last stop reached on or before `day`. */
  lo = 0;
  hi = n - 1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (stops[mid].arrival <= day)
        lo = mid;
      else
        hi = mid;
    }

  set_at_stop (self, lo, position);
  if (day > stops[lo].departure)
    {
      const AtlasRouteStop *from = &stops[lo];
      const AtlasRouteStop *to = &stops[lo + 1];
      double fraction = (double) (day - from->departure) / (to->arrival - from->departure);
      double total = atlas_route_get_length_km (self);
      double d0 = g_array_index (self->distance_to_stop, double, lo);
      double d1 = g_array_index (self->distance_to_stop, double, lo + 1);

      position->lat = from->lat + (to->lat - from->lat) * fraction;
      position->lon = from->lon + (to->lon - from->lon) * fraction;
      if (total > 0)
        position->progress = (d0 + (d1 - d0) * fraction) / total;
      else
        position->progress = (lo + fraction) / (n - 1);
    }
}
