/* atlas-cli.c: --check and --state-at
 *
 * Both write to strings so the tests can read exactly what a user sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-cli.h"
#include "atlas-document.h"
#include "atlas-timeline.h"

int
atlas_cli_check (const char * const *files,
                 GString            *out,
                 GString            *err)
{
  int status = 0;

  for (guint i = 0; files && files[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AtlasDocument) document = atlas_document_new_from_path (files[i], &error);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (document == NULL)
        {
          g_string_append_printf (err, "%s\n", error->message);
          status = 1;
          continue;
        }

      from = atlas_day_to_iso (atlas_document_get_first_day (document));
      to = atlas_day_to_iso (atlas_document_get_last_day (document));
      g_string_append_printf (out, "%s: ok: %u sections, %u places, %u events, %u routes, period %s..%s\n",
                              files[i],
                              atlas_document_get_all_sections (document)->len,
                              atlas_document_get_places (document)->len,
                              atlas_document_get_events (document)->len,
                              atlas_document_get_routes (document)->len,
                              from, to);
    }
  return status;
}

int
atlas_cli_state_at (const char *date,
                    const char *file,
                    GString    *out,
                    GString    *err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtlasDocument) document = NULL;
  g_autoptr(AtlasTimeline) timeline = NULL;
  g_autofree char *iso = NULL;
  AtlasDate parsed;
  AtlasSection *section;
  GPtrArray *places, *routes, *events;

  if (!atlas_date_parse (date, &parsed, &error))
    {
      g_string_append_printf (err, "%s\n", error->message);
      return 2;
    }

  document = file ? atlas_document_new_from_path (file, &error)
                  : atlas_document_new_default (&error);
  if (document == NULL)
    {
      g_string_append_printf (err, "%s\n", error->message);
      return 1;
    }

  timeline = atlas_timeline_new (document);
  atlas_timeline_set_date (timeline, atlas_date_first_day (&parsed));
  iso = atlas_day_to_iso (atlas_timeline_get_date (timeline));
  g_string_append_printf (out, "date %s\n", iso);

  section = atlas_timeline_get_active_section (timeline);
  g_string_append_printf (out, "section %s\n", section ? atlas_section_get_id (section) : "-");

  places = atlas_document_get_places (document);
  for (guint i = 0; i < places->len; i++)
    {
      AtlasPlace *place = g_ptr_array_index (places, i);
      AtlasPlaceStatus status;

      atlas_timeline_get_place_status (timeline, place, &status);
      g_string_append_printf (out, "place %s %s %s\n",
                              atlas_place_get_id (place),
                              atlas_place_state_to_string (status.state),
                              status.holder ? atlas_faction_get_id (status.holder) : "-");
    }

  routes = atlas_document_get_routes (document);
  for (guint i = 0; i < routes->len; i++)
    {
      AtlasRoute *route = g_ptr_array_index (routes, i);
      AtlasRoutePosition position;

      atlas_timeline_get_route_position (timeline, route, &position);
      g_string_append_printf (out, "route %s %.2f\n", atlas_route_get_id (route), position.progress);
    }

  events = atlas_timeline_get_events_under_way (timeline);
  for (guint i = 0; i < events->len; i++)
    g_string_append_printf (out, "event %s\n", atlas_event_get_id (g_ptr_array_index (events, i)));
  return 0;
}
