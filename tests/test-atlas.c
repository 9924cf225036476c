/* test-atlas.c: the embedded Western Xia atlas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include "atlas-timeline.h"

static AtlasDocument *
load_embedded (void)
{
  g_autoptr(GError) error = NULL;
  AtlasDocument *document = atlas_document_new_default (&error);

  g_assert_no_error (error);
  return document;
}

static void
test_counts (void)
{
  g_autoptr(AtlasDocument) document = load_embedded ();
  const char *sections[] = {
    "lead", "background", "preliminary-raids", "first-invasion", "vassalage",
    "second-invasion", "death-of-genghis", "aftermath",
  };
  GPtrArray *all = atlas_document_get_all_sections (document);

  g_assert_cmpstr (atlas_document_get_title (document), ==, "Mongol conquest of Western Xia");
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (sections));
  for (guint i = 0; i < all->len; i++)
    {
      AtlasSection *section = g_ptr_array_index (all, i);

      g_assert_cmpstr (atlas_section_get_id (section), ==, sections[i]);
      g_assert_cmpuint (atlas_section_get_paragraphs (section)->len, >, 0);
    }
  g_assert_cmpuint (atlas_document_get_places (document)->len, ==, 35);
  g_assert_cmpuint (atlas_document_get_events (document)->len, ==, 64);
  g_assert_cmpuint (atlas_document_get_routes (document)->len, ==, 7);
  g_assert_cmpuint (atlas_document_get_infobox (document)->len, >=, 8);
}

/* Every row of the gazetteer is a place, at the gazetteer's coordinates. */
static void
test_gazetteer_places (void)
{
  static const struct {
    const char *id;
    double lat;
    double lon;
  } gazetteer[] = {
    { "yinchuan", 38.4872, 106.2309 },
    { "xia-tombs", 38.4300, 105.9700 },
    { "helan-shan", 38.8000, 105.9000 },
    { "kiemen", 39.0000, 106.0000 },
    { "wulahai", 41.1000, 107.6000 },
    { "wuhai", 39.6553, 106.7940 },
    { "edsin", 41.9539, 101.0680 },
    { "khara-khoto", 41.7600, 101.0700 },
    { "ganzhou", 38.9259, 100.4498 },
    { "suzhou", 39.7324, 98.4944 },
    { "wuwei", 37.9283, 102.6379 },
    { "lingwu", 38.1030, 106.3400 },
    { "longde", 35.6178, 106.1110 },
    { "guyuan", 36.0159, 106.2425 },
    { "liupan-shan", 35.6500, 106.2000 },
    { "lanzhou", 36.0611, 103.8343 },
    { "tao-valley", 35.3760, 103.8590 },
    { "qingshui-river", 36.9000, 106.1000 },
    { "wei-river", 34.5800, 105.7200 },
    { "qinling", 33.9000, 108.0000 },
    { "kaifeng", 34.7972, 114.3075 },
    { "qilian-shan", 38.5000, 99.5000 },
    { "ruo-shui", 40.5000, 99.9000 },
    { "ordos", 39.5000, 108.5000 },
    { "yellow-river", 38.2000, 106.4000 },
    { "avarga", 47.1000, 109.2000 },
    { "gobi", 42.5000, 104.5000 },
    { "badain-jaran", 40.0000, 102.0000 },
    { "tengger", 38.3000, 104.5000 },
    { "mu-us", 38.5000, 109.0000 },
    { "yalong-river", 32.0000, 99.5000 },
    { "henan", 34.0000, 113.5000 },
    { "hebei", 38.0000, 115.5000 },
  };
  g_autoptr(AtlasDocument) document = load_embedded ();

  for (guint i = 0; i < G_N_ELEMENTS (gazetteer); i++)
    {
      AtlasPlace *place = atlas_document_lookup (document, gazetteer[i].id);

      if (!ATLAS_IS_PLACE (place))
        g_error ("no place “%s”", gazetteer[i].id);
      g_assert_cmpfloat_with_epsilon (atlas_place_get_latitude (place), gazetteer[i].lat, 1e-4);
      g_assert_cmpfloat_with_epsilon (atlas_place_get_longitude (place), gazetteer[i].lon, 1e-4);
    }
}

static void
test_source_credited (void)
{
  g_autoptr(AtlasDocument) document = load_embedded ();
  GArray *sources = atlas_document_get_sources (document);
  AtlasSource *source;

  g_assert_cmpuint (sources->len, >=, 1);
  source = &g_array_index (sources, AtlasSource, 0);
  g_assert_cmpstr (source->license, ==, "CC BY-SA 4.0");
  g_assert_nonnull (strstr (source->href, "wikipedia.org/wiki/Mongol_conquest_of_Western_Xia"));
}

static void
assert_place (AtlasTimeline   *timeline,
              const char      *id,
              const char      *date,
              AtlasPlaceState  state)
{
  AtlasDocument *document = atlas_timeline_get_document (timeline);
  AtlasPlaceStatus status;
  AtlasDate parsed;

  g_assert_true (atlas_date_parse (date, &parsed, NULL));
  atlas_timeline_set_date (timeline, atlas_date_first_day (&parsed));
  atlas_timeline_get_place_status (timeline, atlas_document_lookup (document, id), &status);
  if (status.state != state)
    g_error ("%s at %s: expected %s, got %s", id, date,
             atlas_place_state_to_string (state), atlas_place_state_to_string (status.state));
}

/* The story as the article tells it. */
static void
test_story (void)
{
  g_autoptr(AtlasDocument) document = load_embedded ();
  g_autoptr(AtlasTimeline) timeline = atlas_timeline_new (document);

  assert_place (timeline, "yinchuan", "1205-06", ATLAS_PLACE_STATE_HELD);
  assert_place (timeline, "yinchuan", "1209-10", ATLAS_PLACE_STATE_BESIEGED);
  assert_place (timeline, "yinchuan", "1211", ATLAS_PLACE_STATE_VASSAL);
  assert_place (timeline, "yinchuan", "1220", ATLAS_PLACE_STATE_HELD);
  assert_place (timeline, "yinchuan", "1227-06", ATLAS_PLACE_STATE_BESIEGED);
  assert_place (timeline, "yinchuan", "1227-10", ATLAS_PLACE_STATE_DESTROYED);
  assert_place (timeline, "wulahai", "1209-06", ATLAS_PLACE_STATE_CAPTURED);
  /* Wuwei submits in August 1226; as Liangzhou it is taken in the autumn. */
  assert_place (timeline, "wuwei", "1226-08-15", ATLAS_PLACE_STATE_VASSAL);
  assert_place (timeline, "wuwei", "1227", ATLAS_PLACE_STATE_CAPTURED);
}

static void
test_routes_advance (void)
{
  g_autoptr(AtlasDocument) document = load_embedded ();
  GPtrArray *routes = atlas_document_get_routes (document);

  for (guint i = 0; i < routes->len; i++)
    {
      AtlasRoute *route = g_ptr_array_index (routes, i);
      AtlasRoutePosition before, middle, after;
      AtlasDay first = atlas_route_get_first_day (route);
      AtlasDay last = atlas_route_get_last_day (route);

      g_assert_cmpuint (atlas_route_get_n_stops (route), >=, 2);
      atlas_route_get_position (route, first - 1, &before);
      atlas_route_get_position (route, first + (last - first) / 2, &middle);
      atlas_route_get_position (route, last, &after);
      g_assert_false (before.started);
      g_assert_true (middle.started);
      g_assert_cmpfloat (middle.progress, >=, 0.0);
      g_assert_cmpfloat (middle.progress, <=, 1.0);
      g_assert_cmpfloat (after.progress, ==, 1.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/atlas/counts", test_counts);
  g_test_add_func ("/atlas/gazetteer-places", test_gazetteer_places);
  g_test_add_func ("/atlas/source-credited", test_source_credited);
  g_test_add_func ("/atlas/story", test_story);
  g_test_add_func ("/atlas/routes-advance", test_routes_advance);

  return g_test_run ();
}
