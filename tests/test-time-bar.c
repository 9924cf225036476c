/* test-time-bar.c: the time bar and its slider move the timeline, and follow it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <gtk/gtk.h>

#include "atlas-time-bar.h"
#include "atlas-time-slider.h"

/* A period from 1205 to 1227 with events inside it, and one before and
 * one after it that the bar must not step to. */
static const char document_xml[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
  " <meta><title>Bar</title><period from='1205' to='1227-12'/><view lat='38' lon='106' zoom='5'/></meta>\n"
  " <factions>\n"
  "  <faction id='mongol' color='#2b5797'>Mongol Empire</faction>\n"
  "  <faction id='xia' color='#a4262c'>Western Xia</faction>\n"
  " </factions>\n"
  " <places>\n"
  "  <place id='capital' kind='capital' faction='xia' lat='38.5' lon='106.2'><name>Capital</name></place>\n"
  " </places>\n"
  " <events>\n"
  "  <event id='before' type='other' from='1203' to='1204'><title>Before</title></event>\n"
  "  <event id='raid' type='raid' place='capital' from='1205' approx='true' attacker='mongol'><title>Raid</title></event>\n"
  "  <event id='invasion' type='march' from='1209' to='1210-01' attacker='mongol' defender='xia'><title>Invasion</title></event>\n"
  "  <event id='siege' type='siege' place='capital' from='1209-05' to='1210-01' attacker='mongol' defender='xia' outcome='surrendered'><title>Siege</title></event>\n"
  "  <event id='war' type='other' from='1211' to='1234' attacker='mongol'><title>War</title></event>\n"
  "  <event id='last-siege' type='siege' place='capital' from='1227-02' to='1227-08' attacker='mongol' defender='xia'><title>Last siege</title></event>\n"
  "  <event id='after' type='other' from='1235'><title>After</title></event>\n"
  " </events>\n"
  " <article>\n"
  "  <section id='lead'><title>Lead</title><p>Undated.</p></section>\n"
  "  <section id='first' from='1209' to='1210-01'><title>First</title></section>\n"
  "  <section id='vassal' from='1210-02' to='1224'><title>Vassal years</title></section>\n"
  "  <section id='second' from='1225' to='1227-09'><title>Second</title></section>\n"
  " </article>\n"
  "</atlas>\n";

typedef struct
{
  AtlasDocument *document;
  AtlasTimeline *timeline;
  AtlasTimeBar *bar;
  GtkRange *slider;
  GtkLabel *date_label;
} Fixture;

static AtlasDay
day_of (const char *text)
{
  AtlasDate date;

  g_assert_true (atlas_date_parse (text, &date, NULL));
  return atlas_date_first_day (&date);
}

static AtlasDocument *
load_document (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (document_xml, sizeof document_xml - 1);
  g_autoptr(GError) error = NULL;
  AtlasDocument *document = atlas_document_new_from_bytes (bytes, "bar.xml", &error);

  g_assert_no_error (error);
  return document;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->document = load_document ();
  fixture->timeline = atlas_timeline_new (fixture->document);
  fixture->bar = g_object_ref_sink (ATLAS_TIME_BAR (atlas_time_bar_new ()));
  atlas_time_bar_set_timeline (fixture->bar, fixture->timeline);
  fixture->slider = GTK_RANGE (atlas_time_bar_get_slider (fixture->bar));
  fixture->date_label = GTK_LABEL (atlas_time_bar_get_date_label (fixture->bar));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->bar);
  g_assert_finalize_object (fixture->timeline);
  g_assert_finalize_object (fixture->document);
}

static AtlasDay
date (Fixture *fixture)
{
  return atlas_timeline_get_date (fixture->timeline);
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->bar), action, NULL);
}

static void
test_slider_spans_period (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (fixture->slider);

  g_assert_true (ATLAS_IS_TIME_SLIDER (fixture->slider));
  g_assert_true (GTK_IS_SCALE (fixture->slider));
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, day_of ("1205-01-01"));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, day_of ("1227-12-31"));
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), ==, 0);
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1205"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture->slider)));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "January 1205");
}

/* What a drag or an assistive tool does: set the range's value. */
static void
test_slider_sets_date (Fixture       *fixture,
                       gconstpointer  data)
{
  gtk_range_set_value (fixture->slider, day_of ("1209-05-12"));
  g_assert_cmpint (date (fixture), ==, day_of ("1209-05-12"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "May 1209");
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "May 1209");

  /* A value between two days is the nearer day. */
  gtk_range_set_value (fixture->slider, day_of ("1215-08-20") + 0.4);
  g_assert_cmpint (date (fixture), ==, day_of ("1215-08-20"));
  gtk_range_set_value (fixture->slider, day_of ("1215-08-20") + 0.6);
  g_assert_cmpint (date (fixture), ==, day_of ("1215-08-21"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "August 1215");
}

static void
test_date_moves_slider (Fixture       *fixture,
                        gconstpointer  data)
{
  atlas_timeline_set_date (fixture->timeline, day_of ("1226-11-03"));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1226-11-03"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "November 1226");
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "November 1226");

  /* Outside the period the thumb waits at the end, and leaves the date be. */
  atlas_timeline_set_date (fixture->timeline, day_of ("1235"));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1227-12-31"));
  g_assert_cmpint (date (fixture), ==, day_of ("1235"));
}

/* The scale's own keys, as their key bindings emit them. */
static void
test_slider_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  atlas_timeline_set_date (fixture->timeline, day_of ("1209-01-31"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-02-28"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_STEP_LEFT);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-01-28"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_PAGE_FORWARD);
  g_assert_cmpint (date (fixture), ==, day_of ("1210-01-28"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_PAGE_BACKWARD);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-01-28"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_END);
  g_assert_cmpint (date (fixture), ==, day_of ("1227-12-31"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpint (date (fixture), ==, day_of ("1227-12-31"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_START);
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
  g_signal_emit_by_name (fixture->slider, "move-slider", GTK_SCROLL_PAGE_BACKWARD);
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
}

static void
test_month_actions (Fixture       *fixture,
                    gconstpointer  data)
{
  atlas_timeline_set_date (fixture->timeline, day_of ("1209-03-15"));
  activate (fixture, "time.next-month");
  g_assert_cmpint (date (fixture), ==, day_of ("1209-04-15"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "April 1209");
  activate (fixture, "time.previous-month");
  activate (fixture, "time.previous-month");
  g_assert_cmpint (date (fixture), ==, day_of ("1209-02-15"));

  activate (fixture, "time.end");
  g_assert_cmpint (date (fixture), ==, day_of ("1227-12-31"));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1227-12-31"));
  activate (fixture, "time.next-month");
  g_assert_cmpint (date (fixture), ==, day_of ("1227-12-31"));

  activate (fixture, "time.start");
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
  activate (fixture, "time.previous-month");
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
}

static void
test_event_actions (Fixture       *fixture,
                    gconstpointer  data)
{
  /* The period starts on the raid: nothing before it inside the period. */
  activate (fixture, "time.previous-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));

  activate (fixture, "time.next-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1209-01-01"));
  activate (fixture, "time.next-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1209-05-01"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "May 1209");
  activate (fixture, "time.previous-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1209-01-01"));

  atlas_timeline_set_date (fixture->timeline, day_of ("1215"));
  activate (fixture, "time.previous-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1211-01-01"));
  activate (fixture, "time.next-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1227-02-01"));

  /* The event of 1235 lies past the period's end. */
  activate (fixture, "time.next-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1227-02-01"));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1227-02-01"));

  /* From outside the period, into it: never to the events beyond it. */
  atlas_timeline_set_date (fixture->timeline, day_of ("1202"));
  activate (fixture, "time.next-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
  atlas_timeline_set_date (fixture->timeline, day_of ("1236"));
  activate (fixture, "time.previous-event");
  g_assert_cmpint (date (fixture), ==, day_of ("1227-02-01"));
}

static void
test_events_under_way (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *events_label = gtk_widget_get_next_sibling (GTK_WIDGET (fixture->date_label));

  atlas_timeline_set_date (fixture->timeline, day_of ("1209-06"));
  g_assert_true (GTK_IS_LABEL (events_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (events_label)), ==, "Siege · Invasion");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (events_label), ==, "Siege (May 1209 – January 1210)\nInvasion (1209 – January 1210)");

  atlas_timeline_set_date (fixture->timeline, day_of ("1210-06"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (events_label)), ==, "");
  g_assert_null (gtk_widget_get_tooltip_text (events_label));
}

static void
test_play (Fixture       *fixture,
           gconstpointer  data)
{
  atlas_timeline_set_date (fixture->timeline, day_of ("1209-05-01"));
  atlas_time_bar_set_speed (fixture->bar, 10);
  g_assert_cmpfloat (atlas_time_bar_get_speed (fixture->bar), ==, 10);

  /* Paused, time does not move. */
  atlas_time_bar_advance (fixture->bar, 1);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-05-01"));

  atlas_time_bar_set_playing (fixture->bar, TRUE);
  g_assert_true (atlas_time_bar_get_playing (fixture->bar));
  atlas_time_bar_advance (fixture->bar, 1);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-05-11"));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1209-05-11"));

  /* Frames shorter than a day add up. */
  for (int i = 0; i < 10; i++)
    atlas_time_bar_advance (fixture->bar, 0.05);
  g_assert_cmpint (date (fixture), ==, day_of ("1209-05-16"));

  /* A drag while playing: play goes on from where the thumb was left. */
  gtk_range_set_value (fixture->slider, day_of ("1220-01-01"));
  atlas_time_bar_advance (fixture->bar, 0.5);
  g_assert_cmpint (date (fixture), ==, day_of ("1220-01-06"));

  /* Playing stops on the last day. */
  atlas_time_bar_advance (fixture->bar, 10000);
  g_assert_cmpint (date (fixture), ==, day_of ("1227-12-31"));
  g_assert_false (atlas_time_bar_get_playing (fixture->bar));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "December 1227");

  /* Playing from the end starts over. */
  activate (fixture, "time.play");
  g_assert_true (atlas_time_bar_get_playing (fixture->bar));
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
  activate (fixture, "time.play");
  g_assert_false (atlas_time_bar_get_playing (fixture->bar));
  atlas_time_bar_advance (fixture->bar, 1);
  g_assert_cmpint (date (fixture), ==, day_of ("1205-01-01"));
}

static void
test_new_document (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AtlasDocument) other = load_document ();
  GtkAdjustment *adjustment = gtk_range_get_adjustment (fixture->slider);

  atlas_timeline_set_date (fixture->timeline, day_of ("1220-03"));
  atlas_time_bar_set_playing (fixture->bar, TRUE);
  atlas_timeline_set_document (fixture->timeline, other);
  g_assert_false (atlas_time_bar_get_playing (fixture->bar));
  g_assert_cmpfloat (gtk_range_get_value (fixture->slider), ==, day_of ("1205-01-01"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "January 1205");

  atlas_timeline_set_document (fixture->timeline, NULL);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->slider)));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "");
  atlas_time_bar_set_playing (fixture->bar, TRUE);
  g_assert_false (atlas_time_bar_get_playing (fixture->bar));
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *events_label = gtk_widget_get_next_sibling (GTK_WIDGET (fixture->date_label));

  gtk_test_accessible_assert_role (fixture->slider, GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_LABEL, "Timeline");
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "January 1205");
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, (double) day_of ("1205"));
  gtk_test_accessible_assert_property (fixture->slider, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) day_of ("1227-12-31"));
  gtk_test_accessible_assert_relation (fixture->slider, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                       fixture->date_label, events_label, NULL);
  gtk_test_accessible_assert_role (fixture->date_label, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
test_play_button (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *controls = gtk_widget_get_first_child (GTK_WIDGET (fixture->bar));
  GtkWidget *play_button = gtk_widget_get_next_sibling (gtk_widget_get_first_child (controls));

  g_assert_true (GTK_IS_BUTTON (play_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (play_button)), ==, "time.play");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (play_button), ==, "Play");
  gtk_test_accessible_assert_property (play_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");

  atlas_time_bar_set_playing (fixture->bar, TRUE);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (play_button), ==, "Pause");
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play_button)), ==, "media-playback-pause-symbolic");
  gtk_test_accessible_assert_property (play_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Pause");
}

/* Shown in a window, the slider draws its bands, ticks and years, and
 * playback runs on the frame clock. */
static void
test_shown (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  AtlasDay start = day_of ("1209-05-01");
  gpointer painted = &painted;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 120);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fixture->bar));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->slider)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->slider)));
  g_signal_connect_swapped (gtk_widget_get_frame_clock (window), "after-paint",
                            G_CALLBACK (g_nullify_pointer), &painted);
  while (painted != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (painted);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->slider)), >, 0);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->slider));
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (GTK_WIDGET (fixture->slider)),
                          gtk_widget_get_height (GTK_WIDGET (fixture->slider)));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  atlas_timeline_set_date (fixture->timeline, start);
  atlas_time_bar_set_speed (fixture->bar, 365);
  atlas_time_bar_set_playing (fixture->bar, TRUE);
  while (date (fixture) == start && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (date (fixture), >, start);
  atlas_time_bar_set_playing (fixture->bar, FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The nodes of @type under @node, depth first; their number if @found
 * is NULL. */
static guint
find_nodes (GskRenderNode     *node,
            GskRenderNodeType  type,
            GskRenderNode    **found)
{
  guint n = 0;

  if (gsk_render_node_get_node_type (node) == type)
    {
      if (found)
        *found = node;
      n++;
    }

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += find_nodes (gsk_container_node_get_child (node, i), type, found);
      break;
    case GSK_TRANSFORM_NODE:
      n += find_nodes (gsk_transform_node_get_child (node), type, found);
      break;
    case GSK_CLIP_NODE:
      n += find_nodes (gsk_clip_node_get_child (node), type, found);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      n += find_nodes (gsk_rounded_clip_node_get_child (node), type, found);
      break;
    case GSK_OPACITY_NODE:
      n += find_nodes (gsk_opacity_node_get_child (node), type, found);
      break;
    case GSK_DEBUG_NODE:
      n += find_nodes (gsk_debug_node_get_child (node), type, found);
      break;
    default:
      break;
    }
  return n;
}

/* The slider as last painted, once a frame has gone by. */
static GskRenderNode *
paint_slider (Fixture   *fixture,
              GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gpointer painted = &painted;

  gtk_widget_queue_draw (GTK_WIDGET (fixture->slider));
  g_signal_connect_swapped (gtk_widget_get_frame_clock (window), "after-paint",
                            G_CALLBACK (g_nullify_pointer), &painted);
  while (painted != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), &painted);
  g_assert_null (painted);

  /* A widget's paintable pictures it as it was last painted. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->slider));
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (GTK_WIDGET (fixture->slider)),
                          gtk_widget_get_height (GTK_WIDGET (fixture->slider)));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The bands, event ticks and years are one picture, whatever their
 * number, drawn again for a new document but not for a new date: the
 * renderer would otherwise go through every mark on every frame. */
static void
test_marks_drawn_once (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(AtlasDocument) other = load_document ();
  g_autoptr(GskRenderNode) first = NULL;
  g_autoptr(GskRenderNode) later = NULL;
  g_autoptr(GskRenderNode) renewed = NULL;
  GskRenderNode *marks = NULL, *marks_later = NULL, *marks_renewed = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 120);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fixture->bar));
  gtk_window_present (GTK_WINDOW (window));

  first = paint_slider (fixture, window);
  g_assert_cmpuint (find_nodes (first, GSK_CAIRO_NODE, &marks), ==, 1);
  g_assert_cmpuint (find_nodes (first, GSK_TEXT_NODE, NULL), ==, 0);

  atlas_timeline_set_date (fixture->timeline, day_of ("1226-03-01"));
  later = paint_slider (fixture, window);
  g_assert_cmpuint (find_nodes (later, GSK_CAIRO_NODE, &marks_later), ==, 1);
  g_assert_true (marks_later == marks);

  atlas_timeline_set_document (fixture->timeline, other);
  renewed = paint_slider (fixture, window);
  g_assert_cmpuint (find_nodes (renewed, GSK_CAIRO_NODE, &marks_renewed), ==, 1);
  g_assert_true (marks_renewed != marks);

  atlas_timeline_set_document (fixture->timeline, fixture->document);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Over AT-SPI, as a screen reader would, under GTK_A11Y=atspi with a
 * session bus (dbus-run-session) to find the accessibility bus on.  GTK
 * answers on this same main context, so each call waits by iterating. */
static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GVariant *
call (GDBusConnection *bus,
      const char      *name,
      const char      *path,
      const char      *interface,
      const char      *method,
      GVariant        *parameters,
      const char      *reply_type)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_dbus_connection_call (bus, name, path, interface, method, parameters,
                          G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (bus, result, &error);
  g_assert_no_error (error);
  return reply;
}

static GVariant *
get_property (GDBusConnection *bus,
              const char      *name,
              const char      *path,
              const char      *interface,
              const char      *property)
{
  g_autoptr(GVariant) reply = call (bus, name, path, "org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", interface, property), "(v)");
  GVariant *value;

  g_variant_get (reply, "(v)", &value);
  return value;
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* The bus name this application has on the accessibility bus, once its
 * window has joined the registry. */
static char *
find_application (GDBusConnection *bus)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) apps = call (bus, "org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root",
                                       "org.a11y.atspi.Accessible", "GetChildren", NULL, "(a(so))");
      g_autoptr(GVariantIter) iter = NULL;
      const char *name, *path;
      gboolean waited = FALSE;

      g_variant_get (apps, "(a(so))", &iter);
      if (g_variant_iter_next (iter, "(&s&o)", &name, &path))
        return g_strdup (name);

      g_timeout_add_once (50, set_true, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
    }
  return NULL;
}

/* The object path of the first accessible under path with this role and
 * name, depth first, or NULL. */
static char *
find_accessible (GDBusConnection *bus,
                 const char      *name,
                 const char      *path,
                 const char      *role,
                 const char      *accessible_name)
{
  g_autoptr(GVariant) children = call (bus, name, path, "org.a11y.atspi.Accessible", "GetChildren",
                                       NULL, "(a(so))");
  g_autoptr(GVariantIter) iter = NULL;
  const char *child_name, *child_path;

  g_variant_get (children, "(a(so))", &iter);
  while (g_variant_iter_next (iter, "(&s&o)", &child_name, &child_path))
    {
      g_autoptr(GVariant) role_reply = call (bus, child_name, child_path, "org.a11y.atspi.Accessible",
                                             "GetRoleName", NULL, "(s)");
      g_autoptr(GVariant) child_accessible_name = get_property (bus, child_name, child_path,
                                                                "org.a11y.atspi.Accessible", "Name");
      const char *child_role;
      char *found;

      g_variant_get (role_reply, "(&s)", &child_role);
      if (g_str_equal (child_role, role) &&
          g_str_equal (g_variant_get_string (child_accessible_name, NULL), accessible_name))
        return g_strdup (child_path);

      found = find_accessible (bus, child_name, child_path, role, accessible_name);
      if (found)
        return found;
    }
  return NULL;
}

static double
get_double (GDBusConnection *bus,
            const char      *name,
            const char      *path,
            const char      *property)
{
  g_autoptr(GVariant) value = get_property (bus, name, path, "org.a11y.atspi.Value", property);

  return g_variant_get_double (value);
}

static void
test_atspi (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) session = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) address = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) description = NULL;
  g_autofree char *app = NULL;
  g_autofree char *slider = NULL;
  const char *bus_address;
  GtkWidget *window;

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "atspi") != 0)
    {
      g_test_skip ("needs GTK_A11Y=atspi and a session bus (dbus-run-session)");
      return;
    }

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  address = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                         "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (address, "(&s)", &bus_address);
  bus = g_dbus_connection_new_for_address_sync (bus_address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);

  atlas_timeline_set_date (fixture->timeline, day_of ("1209-05-20"));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fixture->bar));
  gtk_window_present (GTK_WINDOW (window));

  app = find_application (bus);
  g_assert_nonnull (app);
  slider = find_accessible (bus, app, "/org/a11y/atspi/accessible/root", "slider", "Timeline");
  g_assert_nonnull (slider);

  g_assert_cmpfloat (get_double (bus, app, slider, "MinimumValue"), ==, day_of ("1205"));
  g_assert_cmpfloat (get_double (bus, app, slider, "MaximumValue"), ==, day_of ("1227-12-31"));
  g_assert_cmpfloat (get_double (bus, app, slider, "CurrentValue"), ==, day_of ("1209-05-20"));

  /* Setting the value moves the date, as a drag does. */
  reply = call (bus, app, slider, "org.freedesktop.DBus.Properties", "Set",
                g_variant_new ("(ssv)", "org.a11y.atspi.Value", "CurrentValue",
                               g_variant_new_double (day_of ("1211-02-15"))),
                "()");
  g_assert_cmpint (date (fixture), ==, day_of ("1211-02-15"));
  g_assert_cmpstr (gtk_label_get_text (fixture->date_label), ==, "February 1211");

  /* The labels that describe the slider give the date in words. */
  description = get_property (bus, app, slider, "org.a11y.atspi.Accessible", "Description");
  g_assert_true (g_str_has_prefix (g_variant_get_string (description, NULL), "February 1211"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test backend keeps each widget's accessible properties where
   * gtk_test_accessible_assert_property() reads them, with no bus; the
   * AT-SPI test asks for the real thing. */
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "atspi") != 0)
    g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/time-bar/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("slider-spans-period", test_slider_spans_period);
  ADD ("slider-sets-date", test_slider_sets_date);
  ADD ("date-moves-slider", test_date_moves_slider);
  ADD ("slider-keys", test_slider_keys);
  ADD ("month-actions", test_month_actions);
  ADD ("event-actions", test_event_actions);
  ADD ("events-under-way", test_events_under_way);
  ADD ("play", test_play);
  ADD ("new-document", test_new_document);
  ADD ("accessible", test_accessible);
  ADD ("play-button", test_play_button);
  ADD ("shown", test_shown);
  ADD ("marks-drawn-once", test_marks_drawn_once);
  ADD ("atspi", test_atspi);
#undef ADD

  return g_test_run ();
}
