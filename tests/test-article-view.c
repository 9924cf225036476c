/* test-article-view.c: the article panel and the place popover
 *
 * Run under a display (xvfb-run -a) with GSK_RENDERER=cairo and
 * GTK_A11Y=none.  The document is XIA_ATLAS_DATA_DIR/western-xia.atlas.xml
 * when that is set, else the one built into the resources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "atlas-article-view.h"
#include "atlas-place-popover.h"

/* Long enough for a slow machine, short enough to fail rather than hang. */
#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  AtlasDocument *document;
  AtlasTimeline *timeline;
  GtkWidget *window;
  AtlasArticleView *view;
} Fixture;

typedef struct
{
  guint count;
  gpointer object;
  int day;
} Recorder;

static AtlasDocument *
load_document (void)
{
  const char *dir = g_getenv ("XIA_ATLAS_DATA_DIR");
  g_autoptr(GError) error = NULL;
  AtlasDocument *document;

  if (dir)
    {
      g_autofree char *path = g_build_filename (dir, "western-xia.atlas.xml", NULL);

      document = atlas_document_new_from_path (path, &error);
    }
  else
    {
      document = atlas_document_new_default (&error);
    }
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

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done says so; a timer keeps the loop from
 * blocking when nothing else happens. */
static void
wait_until (gboolean (*done) (gpointer data),
            gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  guint timer = g_timeout_add (10, wake_up, NULL);

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timer);
}

static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->document = load_document ();
  fixture->timeline = atlas_timeline_new (fixture->document);
  fixture->view = ATLAS_ARTICLE_VIEW (atlas_article_view_new (fixture->timeline));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (is_laid_out, fixture->view);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wait_until (is_null, &fixture->view);

  g_clear_object (&fixture->timeline);
  g_clear_object (&fixture->document);
}

static void
record_object (gpointer  emitter,
               gpointer  object,
               Recorder *recorder)
{
  recorder->count++;
  recorder->object = object;
}

static void
record_day (gpointer  emitter,
            int       day,
            Recorder *recorder)
{
  recorder->count++;
  recorder->day = day;
}

static AtlasSection *
section (Fixture    *fixture,
         const char *id)
{
  gpointer object = atlas_document_lookup (fixture->document, id);

  g_assert_true (ATLAS_IS_SECTION (object));
  return object;
}

static gboolean
is_in_sight (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0 &&
         gtk_widget_compute_bounds (widget, viewport, &bounds) &&
         bounds.origin.y < gtk_widget_get_height (viewport) && bounds.origin.y + bounds.size.height > 0;
}

/* A rounded clip over a tint exactly at @bounds, somewhere in @node. */
static gboolean
has_highlight_at (GskRenderNode         *node,
                  const graphene_rect_t *bounds)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_ROUNDED_CLIP_NODE:
      {
        GskRenderNode *child = gsk_rounded_clip_node_get_child (node);

        if (graphene_rect_equal (&gsk_rounded_clip_node_get_clip (node)->bounds, bounds) &&
            gsk_render_node_get_node_type (child) == GSK_CONTAINER_NODE &&
            gsk_render_node_get_node_type (gsk_container_node_get_child (child, 0)) == GSK_COLOR_NODE)
          return TRUE;
        return has_highlight_at (child, bounds);
      }
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (has_highlight_at (gsk_container_node_get_child (node, i), bounds))
          return TRUE;
      return FALSE;
    case GSK_CLIP_NODE:
      return has_highlight_at (gsk_clip_node_get_child (node), bounds);
    case GSK_DEBUG_NODE:
      return has_highlight_at (gsk_debug_node_get_child (node), bounds);
    default:
      return FALSE;
    }
}

/* Whether the sections' picture marks @section as the active one, once
 * scrolled into sight and painted: only the sections in sight are
 * drawn. */
static gboolean
is_highlighted (Fixture      *fixture,
                AtlasSection *section)
{
  GtkWidget *widget = atlas_article_view_get_section_widget (fixture->view, section);
  GtkWidget *sections = gtk_widget_get_parent (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gpointer painted = &painted;
  graphene_rect_t bounds;

  atlas_article_view_scroll_to_section (fixture->view, section, FALSE);
  wait_until (is_in_sight, widget);
  gtk_widget_queue_draw (fixture->window);
  g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (g_nullify_pointer), &painted);
  wait_until (is_null, &painted);
  g_signal_handlers_disconnect_by_data (clock, &painted);

  g_assert_true (gtk_widget_compute_bounds (widget, sections, &bounds));
  paintable = gtk_widget_paintable_new (sections);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (sections), gtk_widget_get_height (sections));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL && has_highlight_at (node, &bounds);
}

static void
test_highlight_follows_date (Fixture       *fixture,
                             gconstpointer  data)
{
  static const struct
  {
    const char *date;
    const char *section;
  } cases[] = {
    { "1209-10-01", "first-invasion" },
    { "1227-08-01", "death-of-genghis" },
    { "1215-01-01", "vassalage" },
  };
  AtlasSection *previous = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AtlasSection *expected = section (fixture, cases[i].section);
      GtkWidget *widget;

      atlas_timeline_set_date (fixture->timeline, day_of (cases[i].date));

      g_assert_true (atlas_article_view_get_highlighted_section (fixture->view) ==
                     atlas_timeline_get_active_section (fixture->timeline));
      g_assert_true (atlas_article_view_get_highlighted_section (fixture->view) == expected);

      widget = atlas_article_view_get_section_widget (fixture->view, expected);
      g_assert_nonnull (widget);
      g_assert_true (is_highlighted (fixture, expected));
      if (previous)
        g_assert_false (is_highlighted (fixture, previous));
      previous = expected;
    }
}

static void
test_every_section_shown (Fixture       *fixture,
                          gconstpointer  data)
{
  GPtrArray *sections = atlas_document_get_all_sections (fixture->document);

  g_assert_cmpuint (sections->len, >, 0);
  for (guint i = 0; i < sections->len; i++)
    {
      AtlasSection *each = g_ptr_array_index (sections, i);
      GtkWidget *widget = atlas_article_view_get_section_widget (fixture->view, each);
      GtkWidget *heading;

      g_assert_nonnull (widget);
      g_assert_true (gtk_widget_is_ancestor (widget, GTK_WIDGET (fixture->view)));
      heading = gtk_widget_get_first_child (widget);
      g_assert_true (GTK_IS_BUTTON (heading));
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (heading)), ==,
                       GTK_ACCESSIBLE_ROLE_BUTTON);
    }
}

/* The markup of the section's paragraphs, one after the other. */
static char *
section_markup (Fixture    *fixture,
                const char *id)
{
  GtkWidget *widget = atlas_article_view_get_section_widget (fixture->view, section (fixture, id));
  GString *markup = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      g_string_append (markup, gtk_label_get_label (GTK_LABEL (child)));
  return g_string_free (markup, FALSE);
}

static void
test_paragraph_markup (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *first = section_markup (fixture, "first-invasion");
  g_autofree char *death = section_markup (fixture, "death-of-genghis");
  g_autofree char *aftermath = section_markup (fixture, "aftermath");

  g_assert_nonnull (strstr (first, "<a href=\"place:yinchuan\""));
  g_assert_nonnull (strstr (first, "<a href=\"event:siege-yinchuan-1209\""));
  g_assert_nonnull (strstr (first, "<a href=\"date:1209-05-01\">May</a>"));
  g_assert_nonnull (strstr (death, "<a href=\"person:genghis\">Genghis Khan</a>"));
  g_assert_nonnull (strstr (death, "<i>Galician–Volhynian Chronicle</i>"));
  g_assert_nonnull (strstr (aftermath, "“There is a case"));
  g_assert_nonnull (strstr (aftermath, "ethnocide.”"));
  /* Text is escaped: the document's apostrophes come through as entities. */
  g_assert_null (strstr (first, "Mongols' first"));
  g_assert_nonnull (strstr (first, "Mongols&apos; first"));
}

static void
test_links_emit (Fixture       *fixture,
                 gconstpointer  data)
{
  Recorder places = { 0 }, events = { 0 }, dates = { 0 };
  AtlasDay date = atlas_timeline_get_date (fixture->timeline);

  g_signal_connect (fixture->view, "place-activated", G_CALLBACK (record_object), &places);
  g_signal_connect (fixture->view, "event-activated", G_CALLBACK (record_object), &events);
  g_signal_connect (fixture->view, "date-activated", G_CALLBACK (record_day), &dates);

  g_assert_true (atlas_article_view_activate_link (fixture->view, "place:yinchuan"));
  g_assert_cmpuint (places.count, ==, 1);
  g_assert_true (places.object == atlas_document_lookup (fixture->document, "yinchuan"));
  g_assert_cmpstr (atlas_place_get_name (places.object), ==, "Yinchuan");

  g_assert_true (atlas_article_view_activate_link (fixture->view, "event:siege-yinchuan-1209"));
  g_assert_cmpuint (events.count, ==, 1);
  g_assert_true (events.object == atlas_document_lookup (fixture->document, "siege-yinchuan-1209"));

  g_assert_true (atlas_article_view_activate_link (fixture->view, "date:1209-05-01"));
  g_assert_cmpuint (dates.count, ==, 1);
  g_assert_cmpint (dates.day, ==, atlas_day_from_ymd (1209, 5, 1));

  /* Links that lead nowhere do nothing. */
  g_assert_false (atlas_article_view_activate_link (fixture->view, "place:atlantis"));
  g_assert_false (atlas_article_view_activate_link (fixture->view, "event:yinchuan"));
  g_assert_false (atlas_article_view_activate_link (fixture->view, "date:May"));
  g_assert_cmpuint (places.count + events.count + dates.count, ==, 3);

  /* The view only says what was asked; the window moves the date. */
  g_assert_cmpint (atlas_timeline_get_date (fixture->timeline), ==, date);
}

static void
test_heading_emits_section (Fixture       *fixture,
                            gconstpointer  data)
{
  Recorder sections = { 0 };
  AtlasSection *expected = section (fixture, "second-invasion");
  GtkWidget *heading = gtk_widget_get_first_child (atlas_article_view_get_section_widget (fixture->view, expected));

  g_signal_connect (fixture->view, "section-activated", G_CALLBACK (record_object), &sections);
  g_signal_emit_by_name (heading, "clicked");
  g_assert_cmpuint (sections.count, ==, 1);
  g_assert_true (sections.object == expected);
}

/* The labels under @widget, a line each. */
static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}


static void
test_person_popover (Fixture       *fixture,
                     gconstpointer  data)
{
  AtlasPerson *genghis = atlas_document_lookup (fixture->document, "genghis");
  g_autofree char *life = atlas_person_format_life (genghis);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *popover = NULL;

  g_assert_true (atlas_article_view_activate_link (fixture->view, "person:genghis"));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->view)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  g_assert_nonnull (popover);
  wait_until (is_laid_out, popover);

  collect_labels (popover, text);
  g_assert_nonnull (life);
  g_assert_nonnull (strstr (text->str, atlas_person_get_name (genghis)));
  g_assert_nonnull (strstr (text->str, "Mongol Empire"));
  g_assert_nonnull (strstr (text->str, life));
  g_assert_nonnull (strstr (text->str, "1162"));

  gtk_popover_popdown (GTK_POPOVER (popover));
}

static GtkAdjustment *
view_adjustment (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (fixture->view));

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* Where the adjustment must go for the section's top to show, a little
 * below the top edge of the panel. */
static double
expected_scroll (Fixture      *fixture,
                 AtlasSection *target)
{
  GtkAdjustment *adjustment = view_adjustment (fixture);
  GtkWidget *widget = atlas_article_view_get_section_widget (fixture->view, target);
  GtkWidget *content = gtk_widget_get_parent (gtk_widget_get_parent (widget));
  graphene_point_t top;

  g_assert_true (gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &top));
  return CLAMP (top.y - 12, gtk_adjustment_get_lower (adjustment),
                gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

typedef struct
{
  Fixture *fixture;
  AtlasSection *section;
} Scroll;

/* Asked again each time: the sections built below the one scrolled to
 * may let it go higher, until they fill the panel. */
static gboolean
has_scrolled_to (gpointer data)
{
  Scroll *scroll = data;

  return G_APPROX_VALUE (gtk_adjustment_get_value (view_adjustment (scroll->fixture)),
                         expected_scroll (scroll->fixture, scroll->section), 0.5);
}

static void
test_scroll (Fixture       *fixture,
             gconstpointer  data)
{
  AtlasSection *vassalage = section (fixture, "vassalage");
  AtlasSection *death = section (fixture, "death-of-genghis");
  Scroll scroll = { fixture, vassalage };

  /* A section the build has not come to yet is built when asked for,
   * and laid out in the next frame. */
  wait_until (is_laid_out, atlas_article_view_get_section_widget (fixture->view, vassalage));
  g_assert_cmpfloat (expected_scroll (fixture, vassalage), >, 0);
  atlas_article_view_scroll_to_section (fixture->view, vassalage, FALSE);
  wait_until (has_scrolled_to, &scroll);

  /* A date in another section scrolls there, animated. */
  atlas_timeline_set_date (fixture->timeline, day_of ("1227-08-10"));
  g_assert_true (atlas_article_view_get_highlighted_section (fixture->view) == death);
  scroll.section = death;
  wait_until (is_laid_out, atlas_article_view_get_section_widget (fixture->view, death));
  g_assert_cmpfloat (expected_scroll (fixture, death), >, 0);
  wait_until (has_scrolled_to, &scroll);
}

/* 200 dated sections, a year each, to time the highlight. */
static AtlasDocument *
many_sections_document (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AtlasDocument *document;

  g_string_append (xml,
                   "<?xml version='1.0' encoding='UTF-8'?>\n"
                   "<atlas xmlns='urn:xia-atlas:1' version='1' xml:lang='en'>\n"
                   " <meta><title>Many</title><period from='1000' to='1199'/><view lat='38' lon='106' zoom='5'/></meta>\n"
                   " <factions><faction id='xia' color='#a4262c'>Western Xia</faction></factions>\n"
                   " <places><place id='city' kind='city' faction='xia' lat='38' lon='106'><name>City</name></place></places>\n"
                   " <events><event id='founding' type='other' place='city' when='1000'><title>Founding</title></event></events>\n"
                   " <article>\n");
  for (int i = 0; i < 200; i++)
    g_string_append_printf (xml,
                            "  <section id='s%d' when='%d'><title>Year %d</title>"
                            "<p>In <date when='%d'>%d</date> <place ref='city'>the city</place> stood.</p></section>\n",
                            i, 1000 + i, 1000 + i, 1000 + i, 1000 + i);
  g_string_append (xml, " </article>\n</atlas>\n");

  bytes = g_bytes_new (xml->str, xml->len);
  document = atlas_document_new_from_bytes (bytes, "many.xml", &error);
  g_assert_no_error (error);
  return document;
}

static void
test_highlight_is_cheap (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(AtlasDocument) many = many_sections_document ();
  const int n_changes = 400;
  gint64 start;
  double per_change_us;

  /* A new document rebuilds the view. */
  atlas_timeline_set_document (fixture->timeline, many);
  g_assert_cmpuint (atlas_document_get_all_sections (many)->len, ==, 200);
  g_assert_nonnull (atlas_article_view_get_section_widget (fixture->view, atlas_document_lookup (many, "s199")));
  g_assert_null (atlas_article_view_get_section_widget (fixture->view, section (fixture, "vassalage")));

  start = g_get_monotonic_time ();
  for (int i = 0; i < n_changes; i++)
    atlas_timeline_set_date (fixture->timeline, atlas_day_from_ymd (1000 + (i * 37) % 200, 6, 1));
  per_change_us = (double) (g_get_monotonic_time () - start) / n_changes;

  g_assert_true (atlas_article_view_get_highlighted_section (fixture->view) ==
                 atlas_timeline_get_active_section (fixture->timeline));
  g_test_message ("highlight update: %.1f µs per date change", per_change_us);
  g_assert_cmpfloat (per_change_us, <, 1000);
}

/* The text nodes under @node, in drawing order. */
static void
collect_text_nodes (GskRenderNode *node,
                    GPtrArray     *found)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      g_ptr_array_add (found, gsk_render_node_ref (node));
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_text_nodes (gsk_container_node_get_child (node, i), found);
      break;
    case GSK_TRANSFORM_NODE:
      collect_text_nodes (gsk_transform_node_get_child (node), found);
      break;
    case GSK_CLIP_NODE:
      collect_text_nodes (gsk_clip_node_get_child (node), found);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_text_nodes (gsk_rounded_clip_node_get_child (node), found);
      break;
    case GSK_OPACITY_NODE:
      collect_text_nodes (gsk_opacity_node_get_child (node), found);
      break;
    case GSK_DEBUG_NODE:
      collect_text_nodes (gsk_debug_node_get_child (node), found);
      break;
    default:
      break;
    }
}

/* The text nodes of @widget as last painted, once a frame has gone by;
 * a widget never drawn has none.  A widget's picture is shared with its
 * parent's, so the same node in two pictures is the same drawing. */
static GPtrArray *
painted_text_nodes (Fixture   *fixture,
                    GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gpointer painted = &painted;

  gtk_widget_queue_draw (fixture->window);
  g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (g_nullify_pointer), &painted);
  wait_until (is_null, &painted);
  g_signal_handlers_disconnect_by_data (clock, &painted);

  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node)
    collect_text_nodes (node, found);
  return found;
}

static gboolean
has_every_section (gpointer data)
{
  GtkWidget *sections = data;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (sections); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n == 200;
}

/* A long article shows at once: the first frame builds about a screenful
 * and the rest comes a step a frame, unasked.  Only the sections in sight
 * are drawn, so that a frame costs the same at any length. */
static void
test_long_article (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AtlasDocument) many = many_sections_document ();
  AtlasSection *first = atlas_document_lookup (many, "s0");
  AtlasSection *late = atlas_document_lookup (many, "s150");
  g_autoptr(GPtrArray) first_text = NULL;
  g_autoptr(GPtrArray) late_text = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) scrolled = NULL;
  Scroll scroll = { fixture, late };
  GtkWidget *sections;

  atlas_timeline_set_document (fixture->timeline, many);
  sections = gtk_widget_get_parent (atlas_article_view_get_section_widget (fixture->view, first));
  g_assert_false (has_every_section (sections));
  wait_until (has_every_section, sections);

  first_text = painted_text_nodes (fixture, atlas_article_view_get_section_widget (fixture->view, first));
  top = painted_text_nodes (fixture, GTK_WIDGET (fixture->view));
  late_text = painted_text_nodes (fixture, atlas_article_view_get_section_widget (fixture->view, late));
  g_assert_cmpuint (first_text->len, >, 0);
  g_assert_true (g_ptr_array_find (top, g_ptr_array_index (first_text, 0), NULL));
  g_assert_cmpuint (top->len, <, 20 * first_text->len);
  g_assert_cmpuint (late_text->len, ==, 0);

  /* Scrolled far down, what comes into sight is drawn, and only that. */
  atlas_article_view_scroll_to_section (fixture->view, late, FALSE);
  wait_until (has_scrolled_to, &scroll);
  g_clear_pointer (&late_text, g_ptr_array_unref);
  late_text = painted_text_nodes (fixture, atlas_article_view_get_section_widget (fixture->view, late));
  scrolled = painted_text_nodes (fixture, GTK_WIDGET (fixture->view));
  g_assert_cmpuint (late_text->len, >, 0);
  g_assert_true (g_ptr_array_find (scrolled, g_ptr_array_index (late_text, 0), NULL));
  g_assert_false (g_ptr_array_find (scrolled, g_ptr_array_index (first_text, 0), NULL));
  g_assert_cmpuint (scrolled->len, <, 20 * first_text->len);
}

/* The first section whose paragraphs link to @target. */
static AtlasSection *
first_section_mentioning (AtlasDocument *document,
                          gpointer       target)
{
  GPtrArray *sections = atlas_document_get_all_sections (document);

  for (guint i = 0; i < sections->len; i++)
    {
      GPtrArray *paragraphs = atlas_section_get_paragraphs (g_ptr_array_index (sections, i));

      for (guint j = 0; j < paragraphs->len; j++)
        {
          GPtrArray *runs = g_ptr_array_index (paragraphs, j);

          for (guint k = 0; k < runs->len; k++)
            if (((AtlasRun *) g_ptr_array_index (runs, k))->target == target)
              return g_ptr_array_index (sections, i);
        }
    }
  return NULL;
}

/* The "Read in the article" button of the event block titled @title. */
static GtkWidget *
find_event_button (GtkWidget  *widget,
                   const char *title)
{
  if (GTK_IS_BOX (widget))
    {
      gboolean has_title = FALSE;
      GtkWidget *button = NULL;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_text (GTK_LABEL (child)), title))
            has_title = TRUE;
          if (GTK_IS_BUTTON (child))
            button = child;
        }
      if (has_title && button)
        return button;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_event_button (child, title);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_place_popover (Fixture       *fixture,
                    gconstpointer  data)
{
  AtlasPlace *yinchuan = atlas_document_lookup (fixture->document, "yinchuan");
  AtlasEvent *first_siege = atlas_document_lookup (fixture->document, "siege-yinchuan-1209");
  GPtrArray *events = atlas_place_get_events (yinchuan);
  g_autofree char *duration = atlas_event_format_duration (first_siege);
  g_autoptr(AtlasPlacePopover) popover = g_object_ref_sink (ATLAS_PLACE_POPOVER (atlas_place_popover_new ()));
  Recorder sections = { 0 };
  const char *text;
  const char *previous = NULL;
  GtkWidget *button;

  atlas_timeline_set_date (fixture->timeline, day_of ("1227-06-01"));
  atlas_place_popover_set_place (popover, yinchuan, fixture->timeline);
  g_assert_true (atlas_place_popover_get_place (popover) == yinchuan);
  text = atlas_place_popover_get_text (popover);

  g_assert_nonnull (strstr (text, "Yinchuan"));
  g_assert_nonnull (strstr (text, "Capital"));
  g_assert_nonnull (strstr (text, "Xingqing"));
  g_assert_nonnull (strstr (text, "興慶府"));
  g_assert_nonnull (strstr (text, "besieged"));
  g_assert_nonnull (strstr (text, "Siege"));
  g_assert_nonnull (strstr (text, "1209"));
  g_assert_cmpstr (duration, ==, "about 9 months");
  g_assert_nonnull (strstr (text, duration));
  g_assert_nonnull (strstr (text, "Mongol Empire"));
  g_assert_nonnull (strstr (text, "Western Xia"));
  g_assert_nonnull (strstr (text, "Genghis Khan"));
  g_assert_nonnull (strstr (text, "150,000"));
  g_assert_nonnull (strstr (text, "Surrendered"));
  g_assert_nonnull (strstr (text, atlas_event_get_summary (first_siege)));

  /* Every event of the place, in date order. */
  g_assert_cmpuint (events->len, >, 3);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      const char *at = strstr (text, atlas_event_get_title (event));
      g_autofree char *dates = atlas_event_format_dates (event);
      g_autofree char *event_duration = atlas_event_format_duration (event);

      g_assert_nonnull (at);
      g_assert_true (previous == NULL || at > previous);
      if (i > 0)
        g_assert_cmpint (atlas_event_get_first_day (g_ptr_array_index (events, i - 1)), <=,
                         atlas_event_get_first_day (event));
      if (event_duration)
        {
          g_autofree char *when = g_strdup_printf ("%s · %s", dates, event_duration);

          g_assert_nonnull (strstr (text, when));
        }
      previous = at;
    }

  /* The holder follows the date. */
  atlas_timeline_set_date (fixture->timeline, day_of ("1215-01-01"));
  text = atlas_place_popover_get_text (popover);
  g_assert_null (strstr (text, "besieged by"));
  g_assert_nonnull (strstr (text, "vassal of Mongol Empire"));

  /* "Read in the article" names the first section telling of the event. */
  g_signal_connect (popover, "read-in-article", G_CALLBACK (record_object), &sections);
  button = find_event_button (GTK_WIDGET (popover), atlas_event_get_title (first_siege));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (sections.count, ==, 1);
  g_assert_nonnull (sections.object);
  g_assert_true (sections.object == first_section_mentioning (fixture->document, first_siege));
}

static void
test_place_popover_certainty (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AtlasPlacePopover) popover = g_object_ref_sink (ATLAS_PLACE_POPOVER (atlas_place_popover_new ()));
  const char *text;

  atlas_place_popover_set_place (popover, atlas_document_lookup (fixture->document, "xia-tombs"), fixture->timeline);
  text = atlas_place_popover_get_text (popover);
  g_assert_nonnull (strstr (text, "approximate location (±5 km)"));

  atlas_place_popover_set_place (popover, atlas_document_lookup (fixture->document, "kiemen"), fixture->timeline);
  text = atlas_place_popover_get_text (popover);
  g_assert_nonnull (strstr (text, "site debated"));
  g_assert_nonnull (strstr (text, "Keyimen"));
  g_assert_nonnull (strstr (text, "Shizuishan"));
  g_assert_null (strstr (text, "±5 km"));
}

static void
test_place_popover_shows (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *popover = atlas_place_popover_new ();

  gtk_widget_set_parent (popover, GTK_WIDGET (fixture->view));
  atlas_place_popover_set_place (ATLAS_PLACE_POPOVER (popover),
                                 atlas_document_lookup (fixture->document, "yinchuan"),
                                 fixture->timeline);
  gtk_popover_popup (GTK_POPOVER (popover));
  wait_until (is_laid_out, popover);

  /* Scrollable rather than taller than the screen. */
  g_assert_cmpint (gtk_widget_get_height (popover), <=, 600);
  g_assert_cmpint (gtk_widget_get_width (popover), >=, 360);

  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_unparent (popover);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/article-view/highlight-follows-date", test_highlight_follows_date);
  ADD ("/article-view/every-section-shown", test_every_section_shown);
  ADD ("/article-view/paragraph-markup", test_paragraph_markup);
  ADD ("/article-view/links-emit", test_links_emit);
  ADD ("/article-view/heading-emits-section", test_heading_emits_section);
  ADD ("/article-view/person-popover", test_person_popover);
  ADD ("/article-view/scroll", test_scroll);
  ADD ("/article-view/highlight-is-cheap", test_highlight_is_cheap);
  ADD ("/article-view/long-article", test_long_article);
  ADD ("/place-popover/yinchuan", test_place_popover);
  ADD ("/place-popover/certainty", test_place_popover_certainty);
  ADD ("/place-popover/shows", test_place_popover_shows);
#undef ADD

  return g_test_run ();
}
