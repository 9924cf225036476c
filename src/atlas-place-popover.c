/* atlas-place-popover.c: what the atlas knows of one place
 *
 * Names, where it is and how sure we are, who holds it at the current
 * date, and every event there in date order with its sides, commanders,
 * strengths, losses and outcome.  "Read in the article" only says which
 * section to show: the window moves the article.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-place-popover.h"

struct _AtlasPlacePopover
{
  GtkPopover parent_instance;

  GtkWidget *content_box;
  GtkLabel *title_label;
  GtkLabel *kind_label;
  GtkWidget *status_box;
  GtkLabel *status_swatch_label;
  GtkLabel *status_label;
  GtkGrid *facts_grid;
  GtkLabel *note_label;
  GtkWidget *place_article_button;
  GtkWidget *events_heading;
  GtkWidget *events_box;

  AtlasPlace *place;
  AtlasTimeline *timeline;
  char *text;
};

G_DEFINE_FINAL_TYPE (AtlasPlacePopover, atlas_place_popover, GTK_TYPE_POPOVER)

enum {
  READ_IN_ARTICLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
swatch_markup (AtlasFaction *faction)
{
  return g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", atlas_faction_get_color (faction));
}

/* The first section whose text links to @target. */
static AtlasSection *
find_section_mentioning (AtlasDocument *document,
                         gpointer       target)
{
  GPtrArray *sections = atlas_document_get_all_sections (document);

  for (guint i = 0; i < sections->len; i++)
    {
      AtlasSection *section = g_ptr_array_index (sections, i);
      GPtrArray *paragraphs = atlas_section_get_paragraphs (section);

      for (guint j = 0; j < paragraphs->len; j++)
        {
          GPtrArray *runs = g_ptr_array_index (paragraphs, j);

          for (guint k = 0; k < runs->len; k++)
            if (((AtlasRun *) g_ptr_array_index (runs, k))->target == target)
              return section;
        }
    }
  return NULL;
}

static void
read_in_article_cb (GtkButton         *button,
                    AtlasPlacePopover *self)
{
  AtlasSection *section = g_object_get_data (G_OBJECT (button), "atlas-section");

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[READ_IN_ARTICLE], 0, section);
}

static void
set_section_button (AtlasPlacePopover *self,
                    GtkWidget         *button,
                    AtlasSection      *section)
{
  g_object_set_data (G_OBJECT (button), "atlas-section", section);
  gtk_widget_set_visible (button, section != NULL);
}

static GtkWidget *
read_in_article_button_new (AtlasPlacePopover *self,
                            AtlasSection      *section)
{
  GtkWidget *button = gtk_button_new_with_label (_("Read in the article"));

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "link");
  gtk_widget_add_css_class (button, "read-in-article");
  g_signal_connect (button, "clicked", G_CALLBACK (read_in_article_cb), self);
  set_section_button (self, button, section);
  return button;
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

/* A row of a key/value grid; the value is markup. */
static void
grid_add_row (GtkGrid    *grid,
              const char *key,
              const char *value_markup)
{
  GtkWidget *key_label = gtk_label_new (key);
  GtkWidget *value_label = gtk_label_new (NULL);
  int row = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid)); child;
       child = gtk_widget_get_next_sibling (child))
    row++;
  row /= 2;

  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_label_set_yalign (GTK_LABEL (key_label), 0);
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_widget_add_css_class (key_label, "fact-name");

  gtk_label_set_markup (GTK_LABEL (value_label), value_markup);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_widget_set_hexpand (value_label, TRUE);

  gtk_grid_attach (grid, key_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

static gboolean
is_chinese (const AtlasPlaceName *name)
{
  return name->lang && (g_str_equal (name->lang, "zh") || g_str_has_prefix (name->lang, "zh-"));
}

/* Appends the names of one kind to @markup, comma-separated; the Chinese
 * ones tagged so that Pango picks a Chinese font. */
static guint
append_names (AtlasPlace    *place,
              AtlasNameType  type,
              gboolean       chinese,
              GString       *markup)
{
  guint count = 0;

  for (guint i = 0; i < atlas_place_get_n_names (place); i++)
    {
      const AtlasPlaceName *name = atlas_place_get_name_at (place, i);
      g_autofree char *escaped = NULL;

      if (is_chinese (name) != chinese || (!chinese && name->type != type))
        continue;

      escaped = g_markup_escape_text (name->text, -1);
      if (count++ > 0)
        g_string_append (markup, ", ");
      if (chinese)
        g_string_append_printf (markup, "<span lang=\"%s\">%s</span>", name->lang, escaped);
      else
        g_string_append (markup, escaped);
    }
  return count;
}

static void
add_names_row (AtlasPlacePopover *self,
               AtlasNameType      type,
               gboolean           chinese,
               const char        *singular,
               const char        *plural)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  guint count = append_names (self->place, type, chinese, markup);

  if (count > 0)
    grid_add_row (self->facts_grid, count == 1 ? singular : plural, markup->str);
}

static void
fill_facts (AtlasPlacePopover *self)
{
  AtlasPlace *place = self->place;
  double radius = atlas_place_get_radius_km (place);
  g_autofree char *certainty = NULL;
  g_autofree char *escaped = NULL;

  remove_all_children (GTK_WIDGET (self->facts_grid));

  add_names_row (self, ATLAS_NAME_HISTORICAL, FALSE, _("Historical name"), _("Historical names"));
  add_names_row (self, ATLAS_NAME_MODERN, FALSE, _("Modern name"), _("Modern names"));
  add_names_row (self, ATLAS_NAME_VARIANT, FALSE, _("Also called"), _("Also called"));
  add_names_row (self, ATLAS_NAME_VARIANT, TRUE, _("Chinese"), _("Chinese"));

  switch (atlas_place_get_certainty (place))
    {
    case ATLAS_CERTAINTY_APPROXIMATE:
      certainty = radius > 0
        ? g_strdup_printf (_("approximate location (±%g km)"), radius)
        : g_strdup (_("approximate location"));
      break;
    case ATLAS_CERTAINTY_DEBATED:
      certainty = g_strdup (_("site debated"));
      break;
    case ATLAS_CERTAINTY_EXACT:
    default:
      break;
    }
  if (certainty)
    {
      escaped = g_markup_escape_text (certainty, -1);
      grid_add_row (self->facts_grid, _("Location"), escaped);
    }

  for (guint i = 0; i < atlas_place_get_n_alts (place); i++)
    {
      const AtlasPlaceAlt *alt = atlas_place_get_alt_at (place, i);
      g_autofree char *note = g_markup_escape_text (alt->note ? alt->note : "", -1);
      /* Translators: a latitude then a longitude, as "39.20° N, 106.45° E" */
      g_autofree char *where = g_strdup_printf (_("%.2f° %s, %.2f° %s"),
                                                ABS (alt->lat), alt->lat >= 0 ? _("N") : _("S"),
                                                ABS (alt->lon), alt->lon >= 0 ? _("E") : _("W"));
      g_autofree char *markup = alt->note
        ? g_strdup_printf ("%s\n<small>%s</small>", note, where)
        : g_strdup (where);

      grid_add_row (self->facts_grid, _("Other site"), markup);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->facts_grid),
                          gtk_widget_get_first_child (GTK_WIDGET (self->facts_grid)) != NULL);
}

static void
update_status (AtlasPlacePopover *self)
{
  AtlasPlaceStatus status;
  g_autofree char *description = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  atlas_timeline_get_place_status (self->timeline, self->place, &status);

  /* A river or a desert that nobody holds has nothing to say here. */
  if (status.holder == NULL && status.event == NULL)
    {
      gtk_widget_set_visible (self->status_box, FALSE);
      return;
    }

  description = atlas_place_status_describe (&status);
  date = atlas_day_format (atlas_timeline_get_date (self->timeline), ATLAS_DATE_PRECISION_DAY, FALSE);
  /* Translators: the current date, then what the place is then, as in
   * "1 June 1227: besieged by Mongol Empire" */
  text = g_strdup_printf (_("%s: %s"), date, description);
  gtk_label_set_text (self->status_label, text);

  if (status.holder)
    {
      g_autofree char *swatch = swatch_markup (status.holder);

      gtk_label_set_markup (self->status_swatch_label, swatch);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_swatch_label), status.holder != NULL);
  gtk_widget_set_visible (self->status_box, TRUE);
}

static AtlasFaction *
side_note_faction (const AtlasSideNote *note)
{
  if (note->faction)
    return note->faction;
  return note->person ? atlas_person_get_faction (note->person) : NULL;
}

static const char *
side_note_text (const AtlasSideNote *note)
{
  return note->person ? atlas_person_get_name (note->person) : note->text;
}

/* Whether a note belongs to @side; with @side NULL, whether it belongs
 * to neither side of the event. */
static gboolean
side_note_matches (const AtlasSideNote *note,
                   AtlasFaction        *side,
                   AtlasEvent          *event)
{
  AtlasFaction *faction = side_note_faction (note);
  AtlasFaction *attacker = atlas_event_get_attacker (event);
  AtlasFaction *defender = atlas_event_get_defender (event);

  if (side)
    return faction == side;
  return faction == NULL || (faction != attacker && faction != defender);
}

/* One line of notes: "Led by A; B"; strengths and losses of the other
 * participants name their faction. */
static void
append_side_notes (GString      *markup,
                   GArray       *notes,
                   AtlasFaction *side,
                   AtlasEvent   *event,
                   const char   *format,
                   const char   *format_with_faction)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  AtlasFaction *named = NULL;

  for (guint i = 0; i < notes->len; i++)
    {
      const AtlasSideNote *note = &g_array_index (notes, AtlasSideNote, i);
      g_autofree char *escaped = NULL;

      if (!side_note_matches (note, side, event) || side_note_text (note) == NULL)
        continue;

      escaped = g_markup_escape_text (side_note_text (note), -1);
      if (joined->len > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, escaped);
      if (side == NULL && named == NULL)
        named = side_note_faction (note);
    }

  if (joined->len == 0)
    return;

  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  if (named && format_with_faction)
    {
      g_autofree char *faction = g_markup_escape_text (atlas_faction_get_name (named), -1);

      g_string_append_printf (markup, format_with_faction, faction, joined->str);
    }
  else
    {
      g_string_append_printf (markup, format, joined->str);
    }
}

/* The grid row of one side of an event: its faction, then who led it,
 * how strong it was and what it lost.  With @side NULL, everyone else. */
static void
add_side_row (GtkGrid      *grid,
              AtlasEvent   *event,
              AtlasFaction *side,
              const char   *key)
{
  g_autoptr(GString) markup = g_string_new (NULL);

  if (side)
    {
      g_autofree char *swatch = swatch_markup (side);
      g_autofree char *name = g_markup_escape_text (atlas_faction_get_name (side), -1);

      g_string_append_printf (markup, "%s <b>%s</b>", swatch, name);
    }

  append_side_notes (markup, atlas_event_get_commanders (event), side, event,
                     side ? _("Led by %s") : "%s", NULL);
  /* Translators: %s is a number of troops, as written in the document */
  append_side_notes (markup, atlas_event_get_strengths (event), side, event,
                     _("Strength: %s"),
                     /* Translators: a faction, then its number of troops */
                     _("Strength (%s): %s"));
  append_side_notes (markup, atlas_event_get_casualties (event), side, event,
                     _("Casualties: %s"),
                     /* Translators: a faction, then what it lost */
                     _("Casualties (%s): %s"));

  if (markup->len > 0)
    grid_add_row (grid, key, markup->str);
}

static GtkWidget *
event_widget_new (AtlasPlacePopover *self,
                  AtlasEvent        *event)
{
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);
  AtlasFaction *attacker = atlas_event_get_attacker (event);
  AtlasFaction *defender = atlas_event_get_defender (event);
  AtlasOutcome outcome = atlas_event_get_outcome (event);
  AtlasSection *section = NULL;
  g_autofree char *dates = atlas_event_format_dates (event);
  g_autofree char *duration = atlas_event_format_duration (event);
  g_autofree char *meta = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *meta_label;
  GtkWidget *title_label = gtk_label_new (atlas_event_get_title (event));
  GtkWidget *grid = gtk_grid_new ();

  meta = duration
    ? g_strdup_printf ("%s · %s · %s", atlas_event_type_describe (atlas_event_get_event_type (event)), dates, duration)
    : g_strdup_printf ("%s · %s", atlas_event_type_describe (atlas_event_get_event_type (event)), dates);
  meta_label = gtk_label_new (meta);
  gtk_label_set_wrap (GTK_LABEL (meta_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meta_label), 0);
  gtk_widget_add_css_class (meta_label, "caption");
  gtk_widget_add_css_class (meta_label, "dim-label");
  gtk_box_append (GTK_BOX (box), meta_label);

  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_box_append (GTK_BOX (box), title_label);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "event-facts");
  if (attacker)
    add_side_row (GTK_GRID (grid), event, attacker, _("Attacker"));
  if (defender)
    add_side_row (GTK_GRID (grid), event, defender, _("Defender"));
  add_side_row (GTK_GRID (grid), event, NULL,
                attacker || defender ? _("Others") : _("People"));
  if (outcome != ATLAS_OUTCOME_NONE)
    {
      g_autofree char *escaped = g_markup_escape_text (atlas_outcome_describe (outcome), -1);

      grid_add_row (GTK_GRID (grid), _("Outcome"), escaped);
    }
  gtk_widget_set_visible (grid, gtk_widget_get_first_child (grid) != NULL);
  gtk_box_append (GTK_BOX (box), grid);

  if (atlas_event_get_summary (event))
    {
      GtkWidget *summary = gtk_label_new (atlas_event_get_summary (event));

      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_xalign (GTK_LABEL (summary), 0);
      gtk_widget_add_css_class (summary, "event-summary");
      gtk_box_append (GTK_BOX (box), summary);
    }

  if (document)
    {
      section = find_section_mentioning (document, event);
      if (section == NULL)
        section = find_section_mentioning (document, self->place);
    }
  gtk_box_append (GTK_BOX (box), read_in_article_button_new (self, section));

  gtk_widget_add_css_class (box, "place-event");
  return box;
}

static void
fill_events (AtlasPlacePopover *self)
{
  GPtrArray *events = atlas_place_get_events (self->place);
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);

  remove_all_children (self->events_box);

  for (guint i = 0; events && i < events->len; i++)
    {
      if (i > 0)
        gtk_box_append (GTK_BOX (self->events_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (GTK_BOX (self->events_box), event_widget_new (self, g_ptr_array_index (events, i)));
    }

  gtk_widget_set_visible (self->events_heading, events && events->len > 0);
  gtk_widget_set_visible (self->events_box, events && events->len > 0);

  /* Without events, the place itself may still be in the article. */
  set_section_button (self, self->place_article_button,
                      (events == NULL || events->len == 0) && document
                      ? find_section_mentioning (document, self->place) : NULL);
}

static void
fill (AtlasPlacePopover *self)
{
  const char *note = atlas_place_get_note (self->place);

  gtk_label_set_text (self->title_label, atlas_place_get_name (self->place));
  gtk_label_set_text (self->kind_label, atlas_place_kind_describe (atlas_place_get_kind (self->place)));
  fill_facts (self);
  update_status (self);
  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  fill_events (self);
}

static void
timeline_date_changed_cb (AtlasPlacePopover *self)
{
  update_status (self);
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static void
atlas_place_popover_dispose (GObject *object)
{
  AtlasPlacePopover *self = ATLAS_PLACE_POPOVER (object);

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  g_clear_object (&self->place);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_PLACE_POPOVER);

  G_OBJECT_CLASS (atlas_place_popover_parent_class)->dispose (object);
}

static void
atlas_place_popover_finalize (GObject *object)
{
  AtlasPlacePopover *self = ATLAS_PLACE_POPOVER (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (atlas_place_popover_parent_class)->finalize (object);
}

static void
atlas_place_popover_class_init (AtlasPlacePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_place_popover_dispose;
  object_class->finalize = atlas_place_popover_finalize;

  signals[READ_IN_ARTICLE] =
    g_signal_new ("read-in-article", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATLAS_TYPE_SECTION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-place-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, content_box);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, title_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, kind_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, status_box);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, status_swatch_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, status_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, note_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, place_article_button);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, events_heading);
  gtk_widget_class_bind_template_child (widget_class, AtlasPlacePopover, events_box);
  gtk_widget_class_bind_template_callback (widget_class, read_in_article_cb);
}

static void
atlas_place_popover_init (AtlasPlacePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
atlas_place_popover_new (void)
{
  return g_object_new (ATLAS_TYPE_PLACE_POPOVER, NULL);
}

AtlasPlace *
atlas_place_popover_get_place (AtlasPlacePopover *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_POPOVER (self), NULL);
  return self->place;
}

/* Shows @place as @timeline has it; the holder follows the date while
 * the popover is up. */
void
atlas_place_popover_set_place (AtlasPlacePopover *self,
                               AtlasPlace        *place,
                               AtlasTimeline     *timeline)
{
  g_return_if_fail (ATLAS_IS_PLACE_POPOVER (self));
  g_return_if_fail (ATLAS_IS_PLACE (place));
  g_return_if_fail (ATLAS_IS_TIMELINE (timeline));

  if (self->timeline != timeline)
    {
      if (self->timeline)
        g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_set_object (&self->timeline, timeline);
      g_signal_connect_object (timeline, "notify::date",
                               G_CALLBACK (timeline_date_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_set_object (&self->place, place);
  fill (self);
}

/* Every visible text of the popover, a line each. */
const char *
atlas_place_popover_get_text (AtlasPlacePopover *self)
{
  GString *text;

  g_return_val_if_fail (ATLAS_IS_PLACE_POPOVER (self), NULL);

  text = g_string_new (NULL);
  collect_text (self->content_box, text);
  g_free (self->text);
  self->text = g_string_free (text, FALSE);
  return self->text;
}
