/* atlas-article-view.c: the article beside the map, as a navigable outline
 *
 * The view only reads the timeline and says what the reader asked for:
 * a click on a place, event, date or section heading becomes a signal,
 * and the window decides what the map and the date do about it.  The
 * one thing it answers itself is a person, with a small popover.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "atlas-article-view.h"

#define SCROLL_DURATION_MS 250
/* Room left above a section scrolled to the top, so its highlight shows. */
#define SCROLL_MARGIN 12
/* The article is built in two goes.  At once, what is about to show:
 * about a screenful of the panel, from the top of the article or from
 * the section scrolled to, with every section above it so that it stays
 * where the first frame shows it.  The screenful is counted in lines of
 * some sixty characters, and two for a heading. */
#define FIRST_SCREEN_LINES 60
#define LINE_BYTES 60
#define HEADING_LINES 2
/* The rest a step a frame: one section, or as many as fit in what the
 * last frame, the build aside, left of this much of a 60 Hz frame. */
#define FRAME_BUDGET_US 12000
/* A wrapped label's minimum width is its text laid out as narrow as it
 * goes: with PANGO_WRAP_WORD_CHAR, a line a character, which costs many
 * times the layout at the width it gets.  This many characters is still
 * narrower than the panel's least width. */
#define PARAGRAPH_MIN_CHARS 15

/* The sections, one under the other, of which only those in sight are
 * drawn: GTK's cairo renderer replays every node of the window on each
 * frame, clipped or not, and a long article is thousands of lines. */
#define ATLAS_TYPE_SECTION_BOX (atlas_section_box_get_type ())
G_DECLARE_FINAL_TYPE (AtlasSectionBox, atlas_section_box, ATLAS, SECTION_BOX, GtkBox)

struct _AtlasSectionBox
{
  GtkBox parent_instance;

  GtkWidget *highlighted;       /* the active section's child, or NULL */
};

G_DEFINE_FINAL_TYPE (AtlasSectionBox, atlas_section_box, GTK_TYPE_BOX)

/* The active section is marked by the box rather than by a style class
 * of its own: a class on a section restyles every paragraph and link in
 * it, a millisecond and more at each change of date in a long article.
 * The look is the one the stylesheet gave: a tint of the accent colour
 * with a bar of it down the left. */
#define HIGHLIGHT_RADIUS 8.0
#define HIGHLIGHT_BAR_WIDTH 3.0
#define HIGHLIGHT_TINT_ALPHA 0.1

static void
snapshot_highlight (GtkWidget             *widget,
                    const graphene_rect_t *bounds,
                    GtkSnapshot           *snapshot)
{
  /* Adwaita's accent, should the theme not name one. */
  GdkRGBA accent = { 0.208, 0.518, 0.894, 1.0 };
  GdkRGBA tint;
  GskRoundedRect outline;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS
  tint = accent;
  tint.alpha *= HIGHLIGHT_TINT_ALPHA;

  gsk_rounded_rect_init_from_rect (&outline, bounds, HIGHLIGHT_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &tint, bounds);
  gtk_snapshot_append_color (snapshot, &accent,
                             &GRAPHENE_RECT_INIT (bounds->origin.x, bounds->origin.y,
                                                  HIGHLIGHT_BAR_WIDTH, bounds->size.height));
  gtk_snapshot_pop (snapshot);
}

static void
atlas_section_box_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  AtlasSectionBox *self = ATLAS_SECTION_BOX (widget);
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  graphene_rect_t visible;

  if (viewport == NULL || !gtk_widget_compute_bounds (viewport, widget, &visible))
    visible = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  /* The sections go down the page in order. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (child, widget, &bounds) ||
          bounds.origin.y + bounds.size.height < visible.origin.y)
        continue;
      if (bounds.origin.y > visible.origin.y + visible.size.height)
        break;
      if (child == self->highlighted)
        snapshot_highlight (widget, &bounds, snapshot);
      gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

static void
atlas_section_box_set_highlighted (AtlasSectionBox *self,
                                   GtkWidget       *child)
{
  if (self->highlighted == child)
    return;
  self->highlighted = child;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
atlas_section_box_class_init (AtlasSectionBoxClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = atlas_section_box_snapshot;
}

static void
atlas_section_box_init (AtlasSectionBox *self)
{
}

struct _AtlasArticleView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkWidget *content_box;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkGrid *infobox_grid;
  GtkWidget *sections_box;
  GtkLabel *sources_label;
  GtkPopover *person_popover;
  GtkLabel *person_name_label;
  GtkWidget *person_faction_box;
  GtkLabel *person_swatch_label;
  GtkLabel *person_faction_label;
  GtkLabel *person_life_label;

  AtlasTimeline *timeline;
  AtlasDocument *document;
  GPtrArray *sections;          /* the document's, in reading order */
  guint n_built;                /* how many of them have their box yet */
  guint build_tick_id;
  GdkFrameClock *build_clock;   /* the clock whose frames the build times */
  gint64 frame_start;
  gint64 step_time;             /* the build's share of the frame under way */
  gint64 frame_rest;            /* the last frame's time, the build's aside */
  GHashTable *section_widgets;  /* AtlasSection → its box, owned by sections_box */
  AtlasSection *highlighted;
  AdwAnimation *scroll_animation;

  /* The last pointer position over the content, to point at a clicked
   * link: GtkLabel does not tell where a link is. */
  graphene_point_t pointer;
  gboolean has_pointer;

  /* A scroll waits for the next allocation, when the section is laid
   * out, and then for the end of that frame: moving the adjustment
   * during allocation would leave the viewport unallocated. */
  AtlasSection *pending_scroll;
  /* The section last brought to the top, kept there when a new width
   * reflows the text, unless the reader has scrolled away since. */
  AtlasSection *anchor_section;
  double anchor_value;
  /* The anchor stopped short of the top for want of text below it, and
   * sections built since may give it room. */
  gboolean anchor_short;
  gboolean sections_added;
  int allocated_width;
  gboolean pending_animate;
  guint scroll_idle_id;
};

G_DEFINE_FINAL_TYPE (AtlasArticleView, atlas_article_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PLACE_ACTIVATED,
  EVENT_ACTIVATED,
  DATE_ACTIVATED,
  SECTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
heading_style_for_depth (guint depth)
{
  switch (depth)
    {
    case 0:
      return "title-3";
    case 1:
      return "title-4";
    default:
      return "heading";
    }
}

static void
append_link_open (GString    *markup,
                  const char *scheme,
                  const char *id,
                  const char *title)
{
  g_autofree char *uri = g_strconcat (scheme, id, NULL);
  g_autofree char *escaped_uri = g_markup_escape_text (uri, -1);

  g_string_append_printf (markup, "<a href=\"%s\"", escaped_uri);
  if (title)
    {
      /* GtkLabel shows a link's title as tooltip markup, so it is parsed
       * twice: once here, once by the tooltip. */
      g_autofree char *once = g_markup_escape_text (title, -1);
      g_autofree char *twice = g_markup_escape_text (once, -1);

      g_string_append_printf (markup, " title=\"%s\"", twice);
    }
  g_string_append_c (markup, '>');
}

static char *
paragraph_markup (GPtrArray *paragraph)
{
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < paragraph->len; i++)
    {
      AtlasRun *run = g_ptr_array_index (paragraph, i);
      g_autofree char *text = g_markup_escape_text (run->text, -1);
      gboolean is_link = TRUE;

      if (run->style & ATLAS_RUN_STYLE_QUOTE)
        g_string_append (markup, "“");
      if (run->style & ATLAS_RUN_STYLE_EMPHASIS)
        g_string_append (markup, "<i>");

      switch (run->kind)
        {
        case ATLAS_RUN_PLACE:
          append_link_open (markup, "place:", atlas_place_get_id (ATLAS_PLACE (run->target)),
                            atlas_place_get_name (ATLAS_PLACE (run->target)));
          break;
        case ATLAS_RUN_PERSON:
          /* No tooltip: the click opens a popover with the name. */
          append_link_open (markup, "person:", atlas_person_get_id (ATLAS_PERSON (run->target)), NULL);
          break;
        case ATLAS_RUN_EVENT:
          append_link_open (markup, "event:", atlas_event_get_id (ATLAS_EVENT (run->target)),
                            atlas_event_get_title (ATLAS_EVENT (run->target)));
          break;
        case ATLAS_RUN_DATE:
          {
            g_autofree char *iso = atlas_day_to_iso (atlas_date_first_day (&run->date));

            append_link_open (markup, "date:", iso, NULL);
          }
          break;
        case ATLAS_RUN_TEXT:
        default:
          is_link = FALSE;
          break;
        }

      g_string_append (markup, text);
      if (is_link)
        g_string_append (markup, "</a>");
      if (run->style & ATLAS_RUN_STYLE_EMPHASIS)
        g_string_append (markup, "</i>");
      if (run->style & ATLAS_RUN_STYLE_QUOTE)
        g_string_append (markup, "”");
    }

  return g_string_free (markup, FALSE);
}

static gboolean
link_activated_cb (GtkLabel         *label,
                   const char       *uri,
                   AtlasArticleView *self);

static void
heading_clicked_cb (GtkButton        *button,
                    AtlasArticleView *self)
{
  AtlasSection *section = g_object_get_data (G_OBJECT (button), "atlas-section");

  g_signal_emit (self, signals[SECTION_ACTIVATED], 0, section);
}

static GtkWidget *
section_widget_new (AtlasArticleView *self,
                    AtlasSection     *section)
{
  guint depth = atlas_section_get_depth (section);
  g_autofree char *depth_class = g_strdup_printf ("depth-%u", MIN (depth, 3));
  GPtrArray *paragraphs = atlas_section_get_paragraphs (section);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_button_new ();
  GtkWidget *title = gtk_label_new (atlas_section_get_title (section));

  gtk_widget_add_css_class (box, "article-section");
  gtk_widget_add_css_class (box, depth_class);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, heading_style_for_depth (depth));
  gtk_button_set_child (GTK_BUTTON (heading), title);
  gtk_widget_add_css_class (heading, "flat");
  gtk_widget_add_css_class (heading, "section-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, atlas_section_get_title (section),
                                  -1);
  g_object_set_data (G_OBJECT (heading), "atlas-section", section);
  g_signal_connect (heading, "clicked", G_CALLBACK (heading_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), heading);

  for (guint i = 0; i < paragraphs->len; i++)
    {
      g_autofree char *markup = paragraph_markup (g_ptr_array_index (paragraphs, i));
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), PARAGRAPH_MIN_CHARS);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "article-paragraph");
      g_signal_connect (label, "activate-link", G_CALLBACK (link_activated_cb), self);
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

/* About how many lines of the panel the section takes. */
static guint
section_lines (AtlasSection *section)
{
  GPtrArray *paragraphs = atlas_section_get_paragraphs (section);
  guint lines = HEADING_LINES;

  for (guint i = 0; i < paragraphs->len; i++)
    {
      GPtrArray *runs = g_ptr_array_index (paragraphs, i);
      gsize length = 0;

      for (guint j = 0; j < runs->len; j++)
        length += strlen (((AtlasRun *) g_ptr_array_index (runs, j))->text);
      lines += 1 + length / LINE_BYTES;
    }
  return lines;
}

static void
frame_started_cb (AtlasArticleView *self)
{
  self->frame_start = g_get_monotonic_time ();
  self->step_time = 0;
}

static void
frame_painted_cb (AtlasArticleView *self)
{
  self->frame_rest = g_get_monotonic_time () - self->frame_start - self->step_time;
}

/* Until a whole frame of @clock is timed, frames count as full; the one
 * under way is timed from now. */
static void
time_frames (AtlasArticleView *self,
             GdkFrameClock    *clock)
{
  if (self->build_clock)
    {
      g_signal_handlers_disconnect_by_func (self->build_clock, frame_started_cb, self);
      g_signal_handlers_disconnect_by_func (self->build_clock, frame_painted_cb, self);
    }
  g_set_object (&self->build_clock, clock);
  if (clock)
    {
      g_signal_connect_swapped (clock, "before-paint", G_CALLBACK (frame_started_cb), self);
      g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (frame_painted_cb), self);
    }
  self->frame_start = g_get_monotonic_time ();
  self->step_time = 0;
  self->frame_rest = FRAME_BUDGET_US;
}

static void
stop_build (AtlasArticleView *self)
{
  if (self->build_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->build_tick_id);
  self->build_tick_id = 0;
  time_frames (self, NULL);
}

static GtkWidget *
build_next_section (AtlasArticleView *self)
{
  AtlasSection *section = g_ptr_array_index (self->sections, self->n_built++);
  GtkWidget *widget = section_widget_new (self, section);

  if (section == self->highlighted)
    atlas_section_box_set_highlighted (ATLAS_SECTION_BOX (self->sections_box), widget);
  g_hash_table_insert (self->section_widgets, section, widget);
  gtk_box_append (GTK_BOX (self->sections_box), widget);
  self->sections_added = TRUE;
  return widget;
}

/* Builds every section down to @section (the first if NULL), and on
 * until about @lines lines from its start are built; FALSE if @section
 * is not the document's.  Sections are only ever added below the built
 * ones, so that none of those moves. */
static gboolean
build_through (AtlasArticleView *self,
               AtlasSection     *section,
               guint             lines)
{
  guint index = 0;
  guint built_lines = 0;

  if (self->sections == NULL || (section && !g_ptr_array_find (self->sections, section, &index)))
    return FALSE;

  for (; index < self->sections->len; index++)
    {
      built_lines += section_lines (g_ptr_array_index (self->sections, index));
      if (built_lines >= lines)
        break;
    }
  while (self->n_built <= index && self->n_built < self->sections->len)
    build_next_section (self);
  if (self->n_built == self->sections->len)
    stop_build (self);
  return TRUE;
}

/* One step of the build, in a frame's update phase rather than between
 * frames: anything added between frames would leave the window without
 * a picture of itself until the next one, and a screenshot taken in
 * between would find nothing to save.  Each new section is measured
 * here, for the width it will get, so that the layout phase finds its
 * size cached. */
static gboolean
build_step (GtkWidget     *view,
            GdkFrameClock *frame_clock,
            gpointer       data)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (view);
  int width = gtk_widget_get_width (self->sections_box);
  gint64 start, deadline, now;
  gint64 last = 0;              /* the last section's time, likely the next one's */

  if (frame_clock != self->build_clock)
    time_frames (self, frame_clock);
  start = now = g_get_monotonic_time ();
  deadline = start + MAX (FRAME_BUDGET_US - self->frame_rest, 0);

  do
    {
      GtkWidget *widget = build_next_section (self);
      gint64 then = now;

      if (width > 0)
        gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
      now = g_get_monotonic_time ();
      last = now - then;
    }
  while (self->n_built < self->sections->len && now + last <= deadline);

  self->step_time = now - start;
  if (self->n_built < self->sections->len)
    return G_SOURCE_CONTINUE;
  self->build_tick_id = 0;
  time_frames (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
remove_all_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)))
    {
      if (GTK_IS_BOX (widget))
        gtk_box_remove (GTK_BOX (widget), child);
      else
        gtk_grid_remove (GTK_GRID (widget), child);
    }
}

static void
fill_infobox (AtlasArticleView *self,
              GArray           *fields)
{
  remove_all_children (GTK_WIDGET (self->infobox_grid));

  for (guint i = 0; fields && i < fields->len; i++)
    {
      AtlasInfoboxField *field = &g_array_index (fields, AtlasInfoboxField, i);
      GtkWidget *name = gtk_label_new (field->name);
      GtkWidget *value = gtk_label_new (field->value);

      /* A separator between rows, as in a boxed list. */
      if (i > 0)
        {
          GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

          gtk_grid_attach (self->infobox_grid, separator, 0, 2 * i - 1, 2, 1);
        }

      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 14);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "infobox-name");
      gtk_widget_add_css_class (name, "dim-label");

      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_yalign (GTK_LABEL (value), 0);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "infobox-value");

      gtk_grid_attach (self->infobox_grid, name, 0, 2 * i, 1, 1);
      gtk_grid_attach (self->infobox_grid, value, 1, 2 * i, 1, 1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->infobox_grid), fields && fields->len > 0);
}

static void
fill_sources (AtlasArticleView *self,
              GArray           *sources)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  for (guint i = 0; sources && i < sources->len; i++)
    {
      AtlasSource *source = &g_array_index (sources, AtlasSource, i);
      g_autofree char *text = g_markup_escape_text (source->text, -1);
      g_autofree char *credit = NULL;

      if (source->href)
        {
          g_autofree char *href = g_markup_escape_text (source->href, -1);
          g_autofree char *linked = g_strdup_printf ("<a href=\"%s\">%s</a>", href, text);

          g_free (text);
          text = g_steal_pointer (&linked);
        }

      if (source->license)
        {
          g_autofree char *license = g_markup_escape_text (source->license, -1);

          /* Translators: a source credit, then its licence */
          credit = g_strdup_printf (_("Source: %s, %s"), text, license);
        }
      else
        {
          credit = g_strdup_printf (_("Source: %s"), text);
        }

      if (markup->len > 0)
        g_string_append_c (markup, '\n');
      g_string_append (markup, credit);
    }

  gtk_label_set_markup (self->sources_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sources_label), markup->len > 0);
}

static void
set_label_or_hide (GtkLabel   *label,
                   const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text && *text);
}

static void
update_highlight (AtlasArticleView *self,
                  gboolean          scroll)
{
  AtlasSection *active = self->timeline ? atlas_timeline_get_active_section (self->timeline) : NULL;
  GtkWidget *widget;

  if (active == self->highlighted)
    return;

  self->highlighted = active;
  widget = active ? g_hash_table_lookup (self->section_widgets, active) : NULL;
  atlas_section_box_set_highlighted (ATLAS_SECTION_BOX (self->sections_box), widget);
  if (active == NULL)
    return;

  if (scroll)
    atlas_article_view_scroll_to_section (self, active, TRUE);
}

static void
rebuild (AtlasArticleView *self)
{
  AtlasDocument *document = self->timeline ? atlas_timeline_get_document (self->timeline) : NULL;

  gtk_popover_popdown (self->person_popover);
  adw_animation_reset (self->scroll_animation);
  self->highlighted = NULL;
  self->pending_scroll = NULL;
  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  stop_build (self);
  g_hash_table_remove_all (self->section_widgets);
  self->anchor_section = NULL;
  atlas_section_box_set_highlighted (ATLAS_SECTION_BOX (self->sections_box), NULL);
  remove_all_children (self->sections_box);
  g_set_object (&self->document, document);
  self->sections = document ? atlas_document_get_all_sections (document) : NULL;
  self->n_built = 0;

  set_label_or_hide (self->title_label, document ? atlas_document_get_title (document) : NULL);
  set_label_or_hide (self->subtitle_label, document ? atlas_document_get_subtitle (document) : NULL);
  fill_infobox (self, document ? atlas_document_get_infobox (document) : NULL);
  fill_sources (self, document ? atlas_document_get_sources (document) : NULL);

  /* A screenful from the top now; the rest after the next allocation,
   * which gives build_step the width to measure for. */
  build_through (self, NULL, FIRST_SCREEN_LINES);

  /* New content starts at its beginning. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
  update_highlight (self, FALSE);
}

static void
timeline_document_changed_cb (AtlasArticleView *self)
{
  rebuild (self);
}

static void
timeline_date_changed_cb (AtlasArticleView *self)
{
  update_highlight (self, TRUE);
}

/* Where a link popover points, in the view's coordinates: the pointer
 * when it is over the link's label, else the label itself, else the top
 * of the view. */
static void
get_link_rectangle (AtlasArticleView *self,
                    GtkWidget        *label,
                    GdkRectangle     *rect)
{
  graphene_rect_t bounds;
  graphene_point_t point;

  if (label && self->has_pointer &&
      gtk_widget_compute_bounds (label, self->content_box, &bounds) &&
      graphene_rect_contains_point (&bounds, &self->pointer) &&
      gtk_widget_compute_point (self->content_box, GTK_WIDGET (self), &self->pointer, &point))
    {
      *rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, 1 };
      return;
    }

  if (label && gtk_widget_compute_bounds (label, GTK_WIDGET (self), &bounds))
    {
      *rect = (GdkRectangle) {
        (int) bounds.origin.x, (int) bounds.origin.y,
        (int) bounds.size.width, (int) bounds.size.height,
      };
      return;
    }

  *rect = (GdkRectangle) { gtk_widget_get_width (GTK_WIDGET (self)) / 2, 0, 1, 1 };
}

static void
show_person (AtlasArticleView *self,
             AtlasPerson      *person,
             GtkWidget        *label)
{
  AtlasFaction *faction = atlas_person_get_faction (person);
  g_autofree char *life = atlas_person_format_life (person);
  GdkRectangle rect;

  gtk_label_set_text (self->person_name_label, atlas_person_get_name (person));
  if (faction)
    {
      g_autofree char *swatch = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>",
                                                         atlas_faction_get_color (faction));

      gtk_label_set_markup (self->person_swatch_label, swatch);
      gtk_label_set_text (self->person_faction_label, atlas_faction_get_name (faction));
    }
  gtk_widget_set_visible (self->person_faction_box, faction != NULL);
  set_label_or_hide (self->person_life_label, life);

  get_link_rectangle (self, label, &rect);
  gtk_popover_set_pointing_to (self->person_popover, &rect);
  gtk_popover_popup (self->person_popover);
}

static gboolean
activate_link (AtlasArticleView *self,
               const char       *uri,
               GtkWidget        *label)
{
  const char *colon = strchr (uri, ':');
  g_autofree char *scheme = NULL;
  const char *id;
  gpointer target;

  if (colon == NULL)
    return FALSE;
  scheme = g_strndup (uri, colon - uri);
  id = colon + 1;

  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
      return TRUE;
    }

  if (g_str_equal (scheme, "date"))
    {
      AtlasDate date;

      if (!atlas_date_parse (id, &date, NULL))
        return FALSE;
      g_signal_emit (self, signals[DATE_ACTIVATED], 0, (int) atlas_date_first_day (&date));
      return TRUE;
    }

  target = self->document ? atlas_document_lookup (self->document, id) : NULL;
  if (target == NULL)
    return FALSE;

  if (g_str_equal (scheme, "place") && ATLAS_IS_PLACE (target))
    g_signal_emit (self, signals[PLACE_ACTIVATED], 0, target);
  else if (g_str_equal (scheme, "event") && ATLAS_IS_EVENT (target))
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, target);
  else if (g_str_equal (scheme, "person") && ATLAS_IS_PERSON (target))
    show_person (self, target, label);
  else
    return FALSE;
  return TRUE;
}

/* Every link of the article is ours: nothing falls through to GTK's
 * default of opening the URI. */
static gboolean
link_activated_cb (GtkLabel         *label,
                   const char       *uri,
                   AtlasArticleView *self)
{
  activate_link (self, uri, GTK_WIDGET (label));
  return TRUE;
}

static void
pointer_moved_cb (AtlasArticleView *self,
                  double            x,
                  double            y)
{
  self->pointer = GRAPHENE_POINT_INIT (x, y);
  self->has_pointer = TRUE;
}

static void
pointer_left_cb (AtlasArticleView *self)
{
  self->has_pointer = FALSE;
}

static void
pointer_pressed_cb (AtlasArticleView *self,
                    int               n_press,
                    double            x,
                    double            y)
{
  pointer_moved_cb (self, x, y);
}

static gboolean
perform_scroll (gpointer data)
{
  AtlasArticleView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  AtlasSection *section = self->pending_scroll;
  GtkWidget *widget = g_hash_table_lookup (self->section_widgets, section);
  gboolean animate = self->pending_animate;
  graphene_point_t top;
  double target;

  self->scroll_idle_id = 0;
  self->pending_scroll = NULL;
  if (widget == NULL ||
      !gtk_widget_compute_point (widget, self->content_box, &GRAPHENE_POINT_INIT (0, 0), &top))
    return G_SOURCE_REMOVE;

  target = CLAMP (top.y - SCROLL_MARGIN,
                  gtk_adjustment_get_lower (adjustment),
                  gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  self->anchor_short = target < top.y - SCROLL_MARGIN - 0.5;
  self->sections_added = FALSE;

  adw_animation_reset (self->scroll_animation);
  /* The first scroll after the article is built jumps: a document
   * opened at a date shows its section at once. */
  animate = animate && self->anchor_section != NULL;
  self->anchor_section = section;
  self->anchor_value = target;
  if (animate)
    {
      AdwTimedAnimation *animation = ADW_TIMED_ANIMATION (self->scroll_animation);

      adw_timed_animation_set_value_from (animation, gtk_adjustment_get_value (adjustment));
      adw_timed_animation_set_value_to (animation, target);
      adw_animation_play (self->scroll_animation);
    }
  else
    {
      gtk_adjustment_set_value (adjustment, target);
    }
  return G_SOURCE_REMOVE;
}

/* Sections built while the scroll ran may give its section room to go
 * up to the top; size_allocate checks. */
static void
scroll_done_cb (AtlasArticleView *self)
{
  if (self->anchor_short && self->sections_added)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
atlas_article_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->scrolled_window), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
atlas_article_view_compute_expand (GtkWidget *widget,
                                   gboolean  *hexpand,
                                   gboolean  *vexpand)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (widget);

  *hexpand = gtk_widget_compute_expand (GTK_WIDGET (self->scrolled_window), GTK_ORIENTATION_HORIZONTAL);
  *vexpand = gtk_widget_compute_expand (GTK_WIDGET (self->scrolled_window), GTK_ORIENTATION_VERTICAL);
}

/* Allocated by hand rather than by a layout manager: the person popover
 * has to be presented again whenever the view moves or resizes, a
 * pending scroll needs the sections laid out, and the rest of the
 * article is built for the width given. */
static void
atlas_article_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->scrolled_window), width, height, baseline, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->person_popover)))
    gtk_popover_present (self->person_popover);
  if (self->anchor_section && self->pending_scroll == NULL &&
      (width != self->allocated_width || (self->anchor_short && self->sections_added)) &&
      adw_animation_get_state (self->scroll_animation) != ADW_ANIMATION_PLAYING &&
      G_APPROX_VALUE (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window)),
                      self->anchor_value, 0.5))
    {
      self->pending_scroll = self->anchor_section;
      self->pending_animate = FALSE;
    }
  self->allocated_width = width;
  if (self->pending_scroll && self->scroll_idle_id == 0)
    self->scroll_idle_id = g_idle_add (perform_scroll, self);
  if (self->sections && self->n_built < self->sections->len && self->build_tick_id == 0)
    self->build_tick_id = gtk_widget_add_tick_callback (widget, build_step, NULL, NULL);
}

static void
atlas_article_view_dispose (GObject *object)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (object);
  GtkWidget *child;

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  g_clear_object (&self->scroll_animation);
  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  stop_build (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_ARTICLE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atlas_article_view_parent_class)->dispose (object);
}

static void
atlas_article_view_finalize (GObject *object)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (object);

  g_clear_pointer (&self->section_widgets, g_hash_table_unref);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (atlas_article_view_parent_class)->finalize (object);
}

static void
atlas_article_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_article_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtlasArticleView *self = ATLAS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      atlas_article_view_set_timeline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_article_view_class_init (AtlasArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_article_view_dispose;
  object_class->finalize = atlas_article_view_finalize;
  object_class->get_property = atlas_article_view_get_property;
  object_class->set_property = atlas_article_view_set_property;

  widget_class->measure = atlas_article_view_measure;
  widget_class->size_allocate = atlas_article_view_size_allocate;
  widget_class->compute_expand = atlas_article_view_compute_expand;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PLACE_ACTIVATED] =
    g_signal_new ("place-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATLAS_TYPE_PLACE);
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATLAS_TYPE_EVENT);
  signals[DATE_ACTIVATED] =
    g_signal_new ("date-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SECTION_ACTIVATED] =
    g_signal_new ("section-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATLAS_TYPE_SECTION);

  g_type_ensure (ATLAS_TYPE_SECTION_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, content_box);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, title_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, infobox_grid);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, sources_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_popover);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_name_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_faction_box);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_swatch_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_faction_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasArticleView, person_life_label);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pointer_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, pointer_left_cb);
  gtk_widget_class_bind_template_callback (widget_class, pointer_pressed_cb);

  gtk_widget_class_set_css_name (widget_class, "article-view");
}

static void
atlas_article_view_init (AtlasArticleView *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->section_widgets = g_hash_table_new (NULL, NULL);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  self->scroll_animation =
    adw_timed_animation_new (GTK_WIDGET (self), 0, 0, SCROLL_DURATION_MS,
                             adw_property_animation_target_new (G_OBJECT (adjustment), "value"));
  adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->scroll_animation), ADW_EASE_OUT_CUBIC);
  g_signal_connect_swapped (self->scroll_animation, "done", G_CALLBACK (scroll_done_cb), self);

  /* Scrolling moves the sections without drawing them again, but
   * changes which of them are in sight. */
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (gtk_widget_queue_draw), self->sections_box, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed",
                           G_CALLBACK (gtk_widget_queue_draw), self->sections_box, G_CONNECT_SWAPPED);

  set_label_or_hide (self->title_label, NULL);
  set_label_or_hide (self->subtitle_label, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->infobox_grid), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sources_label), FALSE);
}

GtkWidget *
atlas_article_view_new (AtlasTimeline *timeline)
{
  return g_object_new (ATLAS_TYPE_ARTICLE_VIEW, "timeline", timeline, NULL);
}

AtlasTimeline *
atlas_article_view_get_timeline (AtlasArticleView *self)
{
  g_return_val_if_fail (ATLAS_IS_ARTICLE_VIEW (self), NULL);
  return self->timeline;
}

void
atlas_article_view_set_timeline (AtlasArticleView *self,
                                 AtlasTimeline    *timeline)
{
  g_return_if_fail (ATLAS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (timeline == NULL || ATLAS_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  if (timeline)
    {
      g_signal_connect_object (timeline, "notify::document",
                               G_CALLBACK (timeline_document_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (timeline, "notify::date",
                               G_CALLBACK (timeline_date_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

/* The section highlighted for the timeline's date, if any. */
AtlasSection *
atlas_article_view_get_highlighted_section (AtlasArticleView *self)
{
  g_return_val_if_fail (ATLAS_IS_ARTICLE_VIEW (self), NULL);
  return self->highlighted;
}

/* The box holding the section's heading and paragraphs, built now if
 * the build has not come to it yet. */
GtkWidget *
atlas_article_view_get_section_widget (AtlasArticleView *self,
                                       AtlasSection     *section)
{
  g_return_val_if_fail (ATLAS_IS_ARTICLE_VIEW (self), NULL);

  if (section == NULL || !build_through (self, section, 0))
    return NULL;
  return g_hash_table_lookup (self->section_widgets, section);
}

/* Does what a click on a link to @uri does; FALSE if the link leads
 * nowhere. */
gboolean
atlas_article_view_activate_link (AtlasArticleView *self,
                                  const char       *uri)
{
  g_return_val_if_fail (ATLAS_IS_ARTICLE_VIEW (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  return activate_link (self, uri, NULL);
}

/* Brings the section's heading to the top of the panel, at the next
 * allocation so that freshly built sections are laid out first. */
void
atlas_article_view_scroll_to_section (AtlasArticleView *self,
                                      AtlasSection     *section,
                                      gboolean          animate)
{
  g_return_if_fail (ATLAS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (ATLAS_IS_SECTION (section));

  /* With a screenful below it, so that it can go to the top. */
  if (!build_through (self, section, FIRST_SCREEN_LINES))
    return;

  self->pending_scroll = section;
  self->pending_animate = animate;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
