/* test-timeline.c: every time rule of the format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include "atlas-timeline.h"

/* A small campaign: each place exercises one rule. */
static const char document_xml[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
  " <meta><title>Rules</title><period from='1200' to='1230'/><view lat='38' lon='106' zoom='5'/></meta>\n"
  " <factions>\n"
  "  <faction id='mongol' color='#2b5797'>Mongol Empire</faction>\n"
  "  <faction id='xia' color='#a4262c'>Western Xia</faction>\n"
  " </factions>\n"
  " <places>\n"
  "  <place id='plain' kind='city' faction='xia' lat='38' lon='106'><name>Plain</name></place>\n"
  "  <place id='nobody' kind='river' lat='38' lon='106'><name>Nobody's</name></place>\n"
  "  <place id='capital' kind='capital' faction='xia' lat='38.5' lon='106.2'><name>Capital</name></place>\n"
  "  <place id='taken' kind='city' faction='xia' lat='39' lon='106'><name>Taken</name></place>\n"
  "  <place id='raided' kind='town' faction='xia' lat='39' lon='107'><name>Raided</name></place>\n"
  "  <place id='field' kind='region' lat='38' lon='107'><name>Field</name></place>\n"
  "  <place id='ruin' kind='city' faction='xia' lat='37' lon='105'><name>Ruin</name></place>\n"
  " </places>\n"
  " <events>\n"
  "  <event id='siege1' type='siege' place='capital' from='1209-05' to='1210-01' attacker='mongol' defender='xia' outcome='surrendered'><title>Siege</title></event>\n"
  "  <event id='warning' type='siege' place='capital' from='1217' attacker='mongol' outcome='repelled'><title>Warning siege</title></event>\n"
  "  <event id='break' type='other' place='capital' when='1219' outcome='revolted'><title>Break</title></event>\n"
  "  <event id='siege2' type='siege' place='capital' from='1227-01' to='1227-08' attacker='mongol' defender='xia'><title>Siege again</title></event>\n"
  "  <event id='fall' type='surrender' place='capital' when='1227-09' attacker='mongol' outcome='surrendered'><title>Fall</title></event>\n"
  "  <event id='massacre' type='massacre' place='capital' when='1227-09-15' attacker='mongol' outcome='destroyed'><title>Massacre</title></event>\n"
  "  <event id='take' type='capture' place='taken' when='1209-04-10' attacker='mongol' outcome='captured'><title>Capture</title></event>\n"
  "  <event id='raid' type='raid' place='raided' from='1205-03' to='1205-04' attacker='mongol'><title>Raid</title></event>\n"
  "  <event id='fight' type='battle' place='field' when='1226-12-04' attacker='mongol' defender='xia'><title>Battle</title></event>\n"
  "  <event id='burn' type='raid' place='ruin' from='1207' attacker='mongol' outcome='destroyed'><title>Burning</title></event>\n"
  "  <event id='nowhere' type='death' when='1227-08'><title>A death</title></event>\n"
  " </events>\n"
  " <routes>\n"
  "  <route id='march' faction='mongol'><name>March</name>\n"
  "   <stop place='plain' when='1209-03-01'/>\n"
  "   <stop lat='38' lon='108' from='1209-03-11' to='1209-03-20'/>\n"
  "   <stop lat='38' lon='110' when='1209-03-30'/>\n"
  "  </route>\n"
  " </routes>\n"
  " <article>\n"
  "  <section id='lead'><title>Lead</title><p>Undated.</p></section>\n"
  "  <section id='first' from='1209' to='1210-01'><title>First</title>\n"
  "   <section id='flood' from='1209-10' to='1209-12'><title>Flood</title></section>\n"
  "  </section>\n"
  "  <section id='vassal' from='1210' to='1224'><title>Vassal years</title></section>\n"
  "  <section id='second' from='1225' to='1227-09'><title>Second</title>\n"
  "   <section id='death' when='1227-08'><title>Death</title></section>\n"
  "  </section>\n"
  "  <section id='after' from='1227-09' to='1230'><title>Aftermath</title></section>\n"
  " </article>\n"
  "</atlas>\n";

static AtlasDocument *
load_rules (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (document_xml, sizeof document_xml - 1);
  g_autoptr(GError) error = NULL;
  AtlasDocument *document = atlas_document_new_from_bytes (bytes, "rules.xml", &error);

  g_assert_no_error (error);
  return document;
}

static AtlasDay
day_of (const char *text)
{
  AtlasDate date;

  g_assert_true (atlas_date_parse (text, &date, NULL));
  return atlas_date_first_day (&date);
}

static void
assert_state (AtlasDocument   *document,
              const char      *place_id,
              const char      *date,
              AtlasPlaceState  state,
              const char      *holder)
{
  AtlasPlace *place = atlas_document_lookup (document, place_id);
  AtlasPlaceStatus status;

  g_assert_true (ATLAS_IS_PLACE (place));
  atlas_place_status_at (place, day_of (date), &status);
  if (status.state != state)
    g_error ("%s at %s: expected %s, got %s", place_id, date,
             atlas_place_state_to_string (state), atlas_place_state_to_string (status.state));
  g_assert_cmpstr (status.holder ? atlas_faction_get_id (status.holder) : "-", ==, holder);
}

static void
test_held_by_starting_faction (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  assert_state (document, "plain", "1200", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "plain", "1230-12-31", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "nobody", "1215", ATLAS_PLACE_STATE_HELD, "-");
}

static void
test_siege_then_surrender (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  assert_state (document, "capital", "1209-04-30", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "capital", "1209-05-01", ATLAS_PLACE_STATE_BESIEGED, "xia");
  assert_state (document, "capital", "1209-10", ATLAS_PLACE_STATE_BESIEGED, "xia");
  /* `to` is the last day of January: still besieged then, a vassal after. */
  assert_state (document, "capital", "1210-01-31", ATLAS_PLACE_STATE_BESIEGED, "xia");
  assert_state (document, "capital", "1210-02-01", ATLAS_PLACE_STATE_VASSAL, "mongol");
  assert_state (document, "capital", "1211", ATLAS_PLACE_STATE_VASSAL, "mongol");
}

static void
test_repelled_changes_nothing (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  /* `from` alone lasts the year it names. */
  assert_state (document, "capital", "1217-06", ATLAS_PLACE_STATE_BESIEGED, "mongol");
  assert_state (document, "capital", "1217-12-31", ATLAS_PLACE_STATE_BESIEGED, "mongol");
  assert_state (document, "capital", "1218-01-01", ATLAS_PLACE_STATE_VASSAL, "mongol");
}

static void
test_revolt_restores_starting_faction (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  assert_state (document, "capital", "1219-01-01", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "capital", "1226", ATLAS_PLACE_STATE_HELD, "xia");
}

static void
test_later_outcomes_win (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  assert_state (document, "capital", "1227-06", ATLAS_PLACE_STATE_BESIEGED, "xia");
  assert_state (document, "capital", "1227-09-01", ATLAS_PLACE_STATE_VASSAL, "mongol");
  assert_state (document, "capital", "1227-09-14", ATLAS_PLACE_STATE_VASSAL, "mongol");
  assert_state (document, "capital", "1227-09-15", ATLAS_PLACE_STATE_DESTROYED, "mongol");
  assert_state (document, "capital", "1230", ATLAS_PLACE_STATE_DESTROYED, "mongol");
}

static void
test_capture_from_its_day (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();

  assert_state (document, "taken", "1209-04-09", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "taken", "1209-04-10", ATLAS_PLACE_STATE_CAPTURED, "mongol");
  assert_state (document, "taken", "1220", ATLAS_PLACE_STATE_CAPTURED, "mongol");
}

static void
test_raid_and_battle_under_way (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();
  AtlasPlaceStatus status;
  g_autofree char *description = NULL;

  assert_state (document, "raided", "1205-02-28", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "raided", "1205-03-15", ATLAS_PLACE_STATE_RAIDED, "xia");
  assert_state (document, "raided", "1205-04-30", ATLAS_PLACE_STATE_RAIDED, "xia");
  assert_state (document, "raided", "1205-05-01", ATLAS_PLACE_STATE_HELD, "xia");
  assert_state (document, "field", "1226-12-04", ATLAS_PLACE_STATE_BATTLE, "-");
  assert_state (document, "field", "1226-12-05", ATLAS_PLACE_STATE_HELD, "-");

  /* A raid with an outcome shows as a raid, then leaves its outcome. */
  assert_state (document, "ruin", "1207-06", ATLAS_PLACE_STATE_RAIDED, "xia");
  assert_state (document, "ruin", "1208", ATLAS_PLACE_STATE_DESTROYED, "mongol");

  atlas_place_status_at (atlas_document_lookup (document, "raided"), day_of ("1205-03-15"), &status);
  description = atlas_place_status_describe (&status);
  g_assert_cmpstr (description, ==, "raided by Mongol Empire");
}

static void
test_route_progress (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();
  AtlasRoute *route = atlas_document_lookup (document, "march");
  AtlasRoutePosition position;

  g_assert_true (ATLAS_IS_ROUTE (route));

  atlas_route_get_position (route, day_of ("1209-02-28"), &position);
  g_assert_false (position.started);
  g_assert_cmpfloat (position.progress, ==, 0.0);

  atlas_route_get_position (route, day_of ("1209-03-01"), &position);
  g_assert_true (position.started);
  g_assert_cmpfloat (position.progress, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (position.lon, 106.0, 1e-9);

  /* Halfway between the first stop (3-01) and the second (3-11). */
  atlas_route_get_position (route, day_of ("1209-03-06"), &position);
  g_assert_cmpfloat_with_epsilon (position.lon, 107.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (position.progress, 0.25, 0.01);

  /* Waiting at the second stop from 3-11 to the end of 3-20. */
  atlas_route_get_position (route, day_of ("1209-03-15"), &position);
  g_assert_cmpfloat_with_epsilon (position.lon, 108.0, 1e-9);
  g_assert_cmpuint (position.segment, ==, 1);
  g_assert_cmpfloat_with_epsilon (position.progress, 0.5, 0.01);

  atlas_route_get_position (route, day_of ("1209-03-25"), &position);
  g_assert_cmpfloat_with_epsilon (position.lon, 109.0, 1e-9);

  atlas_route_get_position (route, day_of ("1209-03-30"), &position);
  g_assert_true (position.finished);
  g_assert_cmpfloat (position.progress, ==, 1.0);

  atlas_route_get_position (route, day_of ("1215"), &position);
  g_assert_cmpfloat (position.progress, ==, 1.0);
}

static const char *
active_at (AtlasTimeline *timeline,
           const char    *date)
{
  AtlasSection *section;

  atlas_timeline_set_date (timeline, day_of (date));
  section = atlas_timeline_get_active_section (timeline);
  return section ? atlas_section_get_id (section) : "-";
}

static void
test_active_section (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();
  g_autoptr(AtlasTimeline) timeline = atlas_timeline_new (document);

  /* Before any dated section: none; the undated lead is never chosen. */
  g_assert_cmpstr (active_at (timeline, "1205"), ==, "-");
  g_assert_cmpstr (active_at (timeline, "1209-05"), ==, "first");
  /* Innermost wins. */
  g_assert_cmpstr (active_at (timeline, "1209-11"), ==, "flood");
  /* "first" runs to the end of January 1210, but "vassal" starts later. */
  g_assert_cmpstr (active_at (timeline, "1210-01-15"), ==, "vassal");
  g_assert_cmpstr (active_at (timeline, "1209-12-31"), ==, "flood");
  g_assert_cmpstr (active_at (timeline, "1210-02"), ==, "vassal");
  /* `when` is an instant: the section covers that one day. */
  g_assert_cmpstr (active_at (timeline, "1227-08-01"), ==, "death");
  g_assert_cmpstr (active_at (timeline, "1227-08-20"), ==, "second");
  /* "second" and "after" both hold September 1227: the later start wins. */
  g_assert_cmpstr (active_at (timeline, "1227-09-10"), ==, "after");
  g_assert_cmpstr (active_at (timeline, "1226"), ==, "second");
}

static void
test_events_under_way (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();
  g_autoptr(AtlasTimeline) timeline = atlas_timeline_new (document);
  GPtrArray *events;

  atlas_timeline_set_date (timeline, day_of ("1227-08-01"));
  events = atlas_timeline_get_events_under_way (timeline);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (atlas_event_get_id (g_ptr_array_index (events, 0)), ==, "siege2");
  g_assert_cmpstr (atlas_event_get_id (g_ptr_array_index (events, 1)), ==, "nowhere");

  atlas_timeline_set_date (timeline, day_of ("1227-08-02"));
  events = atlas_timeline_get_events_under_way (timeline);
  g_assert_cmpuint (events->len, ==, 1);

  atlas_timeline_set_date (timeline, day_of ("1215"));
  g_assert_cmpuint (atlas_timeline_get_events_under_way (timeline)->len, ==, 0);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_stepping (void)
{
  g_autoptr(AtlasDocument) document = load_rules ();
  g_autoptr(AtlasTimeline) timeline = atlas_timeline_new (document);
  g_autofree char *start = NULL;
  guint notifications = 0;

  start = atlas_day_to_iso (atlas_timeline_get_date (timeline));
  g_assert_cmpstr (start, ==, "1200-01-01");

  g_signal_connect (timeline, "notify::date", G_CALLBACK (count_notify), &notifications);

  /* Stepping back from the start stays at the start, without a notify. */
  atlas_timeline_step_months (timeline, -1);
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, day_of ("1200"));
  g_assert_cmpuint (notifications, ==, 0);

  g_assert_true (atlas_timeline_step_event (timeline, 1));
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, day_of ("1205-03"));
  g_assert_cmpuint (notifications, ==, 1);
  g_assert_true (atlas_timeline_step_event (timeline, 1));
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, day_of ("1207"));
  g_assert_true (atlas_timeline_step_event (timeline, -1));
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, day_of ("1205-03"));
  g_assert_false (atlas_timeline_step_event (timeline, -1));

  atlas_timeline_step_months (timeline, 2);
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, day_of ("1205-05"));
  atlas_timeline_step_months (timeline, 12 * 100);
  g_assert_cmpint (atlas_timeline_get_date (timeline), ==, atlas_document_get_last_day (document));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/held-by-starting-faction", test_held_by_starting_faction);
  g_test_add_func ("/timeline/siege-then-surrender", test_siege_then_surrender);
  g_test_add_func ("/timeline/repelled-changes-nothing", test_repelled_changes_nothing);
  g_test_add_func ("/timeline/revolt-restores-starting-faction", test_revolt_restores_starting_faction);
  g_test_add_func ("/timeline/later-outcomes-win", test_later_outcomes_win);
  g_test_add_func ("/timeline/capture-from-its-day", test_capture_from_its_day);
  g_test_add_func ("/timeline/raid-and-battle-under-way", test_raid_and_battle_under_way);
  g_test_add_func ("/timeline/route-progress", test_route_progress);
  g_test_add_func ("/timeline/active-section", test_active_section);
  g_test_add_func ("/timeline/events-under-way", test_events_under_way);
  g_test_add_func ("/timeline/stepping", test_stepping);

  return g_test_run ();
}
