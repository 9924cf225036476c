/* atlas-time-slider.c: the period as a slider, with its sections, events and years
 *
 * A GtkScale, so that the pointer, the keys and assistive tools (GTK 4.8
 * implements the accessible Value interface for ranges only) all move the
 * date the same way: through the adjustment, whose value is the day
 * number and follows the timeline's date both ways.
 *
 * The year labels are drawn here rather than added as scale marks: a
 * scale's minimum width is all its mark labels side by side, which with
 * a label a year would hold the window wide, whatever room it has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "atlas-time-slider.h"

#define DAYS_PER_YEAR 365.2425
#define STEP_DAYS 30.0
#define PAGE_DAYS 365.0
#define MONTHS_PER_PAGE 12

/* Geometry around the trough, in pixels. */
#define BAND_HALF_HEIGHT 8
#define BAND_RADIUS 3
#define TICK_HEIGHT 5
#define TICK_ROOM 6             /* added above the trough for the event ticks */
#define YEAR_TICK_HEIGHT 4
#define YEAR_LABEL_ROOM 6       /* added below the trough, besides the label */
#define YEAR_LABEL_GAP 16       /* at least this much between two year labels */
#define MINOR_YEAR_SPACING 6    /* unlabelled years get a tick from this spacing */
#define POINTER_REACH 4         /* how near an event tick names it in the tooltip */
#define TOOLTIP_EVENTS 6

/* How translucent each part is over the theme's colours: enough to read,
 * not so much that the thumb stops being the thing to look at. */
#define BAND_ALPHA 0.11
#define BAND_ALT_ALPHA 0.25
#define TICK_ALPHA 0.55
#define YEAR_ALPHA 0.75

/* Where the days fall along the widget, for drawing and for the pointer. */
typedef struct
{
  AtlasDocument *document;
  double lower;
  double upper;
  double start_x;               /* the thumb's centre at lower */
  double end_x;                 /* the thumb's centre at upper */
  double trough_start;          /* the trough's edge on the lower side */
  double trough_end;
  double middle;                /* the trough's vertical centre */
} Geometry;

struct _AtlasTimeSlider
{
  GtkScale parent_instance;

  AtlasTimeline *timeline;
  gboolean syncing;             /* the value is being set from the timeline */

  /* The bands, ticks and years as one picture, drawn again only when
   * what it shows changes: as thousands of small nodes, they would cost
   * the renderer on every frame, even where the thumb alone moved. */
  GskRenderNode *marks;
  Geometry marks_geometry;
  int marks_width;
  int marks_scale;
};

G_DEFINE_FINAL_TYPE (AtlasTimeSlider, atlas_time_slider, GTK_TYPE_SCALE)

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AtlasDocument *
get_document (AtlasTimeSlider *self)
{
  return self->timeline ? atlas_timeline_get_document (self->timeline) : NULL;
}

/* GTK keeps the thumb widget private but its width sets how far its
 * centre travels, so find it by its CSS name. */
static int
thumb_width (AtlasTimeSlider *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!g_str_equal (gtk_widget_get_css_name (child), "trough"))
        continue;
      for (GtkWidget *part = gtk_widget_get_first_child (child);
           part != NULL;
           part = gtk_widget_get_next_sibling (part))
        {
          int width;

          if (!g_str_equal (gtk_widget_get_css_name (part), "slider"))
            continue;
          gtk_widget_measure (part, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
          return width;
        }
    }
  return 0;
}

/* The same test GtkRange makes: a horizontal scale runs right to left
 * when inverted, or when flippable in a right-to-left locale. */
static gboolean
runs_backwards (AtlasTimeSlider *self)
{
  GtkRange *range = GTK_RANGE (self);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  return gtk_range_get_inverted (range) != (gtk_range_get_flippable (range) && rtl);
}

static gboolean
get_geometry (AtlasTimeSlider *self,
              Geometry        *geometry)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self));
  GdkRectangle trough;
  double half_thumb;

  geometry->document = get_document (self);
  if (geometry->document == NULL)
    return FALSE;

  gtk_range_get_range_rect (GTK_RANGE (self), &trough);
  half_thumb = thumb_width (self) / 2.0;
  geometry->lower = gtk_adjustment_get_lower (adjustment);
  geometry->upper = gtk_adjustment_get_upper (adjustment);
  geometry->start_x = trough.x + half_thumb;
  geometry->end_x = trough.x + trough.width - half_thumb;
  geometry->trough_start = trough.x;
  geometry->trough_end = trough.x + trough.width;
  geometry->middle = trough.y + trough.height / 2.0;

  if (runs_backwards (self))
    {
      double x = geometry->start_x;

      geometry->start_x = geometry->end_x;
      geometry->end_x = x;
      x = geometry->trough_start;
      geometry->trough_start = geometry->trough_end;
      geometry->trough_end = x;
    }
  return TRUE;
}

static double
day_to_x (const Geometry *geometry,
          double          day)
{
  double span = geometry->upper - geometry->lower;
  double fraction = span > 0 ? (day - geometry->lower) / span : 0;

  return geometry->start_x + fraction * (geometry->end_x - geometry->start_x);
}

static double
x_to_day (const Geometry *geometry,
          double          x)
{
  double width = geometry->end_x - geometry->start_x;
  double fraction = width != 0 ? (x - geometry->start_x) / width : 0;

  return geometry->lower + CLAMP (fraction, 0, 1) * (geometry->upper - geometry->lower);
}

/* A tick one pixel wide, on the pixel grid so it stays sharp.  Each is
 * filled on its own, so that ticks falling on the same pixel darken it. */
static void
draw_tick (cairo_t *cr,
           double   x,
           double   top,
           double   height)
{
  cairo_rectangle (cr, floor (x), top, 1, height);
  cairo_fill (cr);
}

/* Corners shrink as GSK's do, when the sides are too short for them. */
static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static PangoLayout *
create_year_layout (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attributes);
  return layout;
}

static int
year_label_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = create_year_layout (widget);
  int height;

  pango_layout_set_text (layout, "0123456789", -1);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* A dated top-level section's days inside the period, if any. */
static gboolean
section_days (AtlasSection   *section,
              const Geometry *geometry,
              double         *from,
              double         *to)
{
  if (!atlas_section_is_dated (section))
    return FALSE;

  *from = MAX (atlas_section_get_first_day (section), geometry->lower);
  *to = MIN (atlas_section_get_last_day (section), geometry->upper);
  return *from <= *to;
}

/* The sections as translucent bands behind the trough, in two tones by
 * turns, so that one span reads apart from the next. */
static void
draw_bands (cairo_t        *cr,
            const Geometry *geometry,
            const GdkRGBA  *foreground,
            const GdkRGBA  *accent)
{
  GPtrArray *sections = atlas_document_get_sections (geometry->document);
  GdkRGBA tones[2] = { *foreground, *accent };
  guint drawn = 0;

  tones[0].alpha *= BAND_ALPHA;
  tones[1].alpha *= BAND_ALT_ALPHA;

  for (guint i = 0; i < sections->len; i++)
    {
      double from, to, x0, x1;

      if (!section_days (g_ptr_array_index (sections, i), geometry, &from, &to))
        continue;

      /* A band that reaches an end of the period fills the trough to its
       * end, past the thumb's centre; between two bands, a pixel of gap. */
      x0 = from > geometry->lower ? day_to_x (geometry, from) : geometry->trough_start;
      x1 = to < geometry->upper ? day_to_x (geometry, to + 1) : geometry->trough_end;
      rounded_rectangle (cr, MIN (x0, x1) + 0.5, geometry->middle - BAND_HALF_HEIGHT,
                         MAX (fabs (x1 - x0) - 1, 1), 2 * BAND_HALF_HEIGHT, BAND_RADIUS);
      gdk_cairo_set_source_rgba (cr, &tones[drawn % 2]);
      cairo_fill (cr);
      drawn++;
    }
}

/* A tick above the trough where each event begins. */
static void
draw_events (cairo_t        *cr,
             const Geometry *geometry,
             const GdkRGBA  *foreground)
{
  GPtrArray *events = atlas_document_get_events (geometry->document);
  GdkRGBA color = *foreground;
  double top = geometry->middle - BAND_HALF_HEIGHT - 1 - TICK_HEIGHT;

  color.alpha *= TICK_ALPHA;
  gdk_cairo_set_source_rgba (cr, &color);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasDay day = atlas_event_get_first_day (g_ptr_array_index (events, i));

      if (day >= geometry->lower && day <= geometry->upper)
        draw_tick (cr, day_to_x (geometry, day), top, TICK_HEIGHT);
    }
}

/* How many years apart the labels must be to keep clear of each other:
 * the smallest round step that leaves the gap. */
static int
year_label_step (double pixels_per_year,
                 int    label_width)
{
  static const int steps[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * pixels_per_year >= label_width + YEAR_LABEL_GAP)
      return steps[i];
  return 0;
}

/* Years below the trough: a tick at each new year, as many labels as fit. */
static void
draw_years (AtlasTimeSlider *self,
            cairo_t         *cr,
            const Geometry  *geometry,
            const GdkRGBA   *foreground)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) layout = create_year_layout (widget);
  g_autofree char *widest = NULL;
  GdkRGBA color = *foreground;
  double pixels_per_year, tick_top;
  int first_year, last_year, label_width, step, unused;

  if (geometry->upper <= geometry->lower)
    return;

  atlas_day_to_ymd ((AtlasDay) geometry->lower, &first_year, &unused, &unused);
  atlas_day_to_ymd ((AtlasDay) geometry->upper, &last_year, &unused, &unused);
  widest = g_strdup_printf ("%d", last_year);
  pango_layout_set_text (layout, widest, -1);
  pango_layout_get_pixel_size (layout, &label_width, NULL);

  pixels_per_year = fabs (geometry->end_x - geometry->start_x) * DAYS_PER_YEAR /
                    (geometry->upper - geometry->lower);
  step = year_label_step (pixels_per_year, label_width);
  tick_top = geometry->middle + BAND_HALF_HEIGHT + 1;
  color.alpha *= YEAR_ALPHA;
  gdk_cairo_set_source_rgba (cr, &color);

  for (int year = first_year; year <= last_year; year++)
    {
      AtlasDay day = atlas_day_from_ymd (year, 1, 1);
      g_autofree char *text = NULL;
      double x;
      int width;

      if (day < geometry->lower || day > geometry->upper)
        continue;

      x = day_to_x (geometry, day);
      if (step == 0 || year % step != 0)
        {
          if (pixels_per_year >= MINOR_YEAR_SPACING)
            draw_tick (cr, x, tick_top, YEAR_TICK_HEIGHT / 2);
          continue;
        }

      draw_tick (cr, x, tick_top, YEAR_TICK_HEIGHT);

      /* Centred on its tick, but kept inside the widget at either end. */
      text = g_strdup_printf ("%d", year);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      x = CLAMP (round (x - width / 2.0), 0, MAX (gtk_widget_get_width (widget) - width, 0));

      cairo_move_to (cr, x, tick_top + YEAR_TICK_HEIGHT);
      pango_cairo_show_layout (cr, layout);
    }
}

/* GTK 4.8 has no gtk_widget_get_color (), so the colours come from the
 * style context. */
static void
get_colors (GtkWidget *widget,
            GdkRGBA   *foreground,
            GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    *accent = *foreground;
}

static gboolean
same_geometry (const Geometry *a,
               const Geometry *b)
{
  return a->document == b->document &&
         a->lower == b->lower && a->upper == b->upper &&
         a->start_x == b->start_x && a->end_x == b->end_x &&
         a->trough_start == b->trough_start && a->trough_end == b->trough_end &&
         a->middle == b->middle;
}

/* The marks drawn once into an image, held by a cairo node: the cairo
 * renderer then copies pixels on each frame rather than filling shapes,
 * and the GL renderer uploads the picture once.  The image spans the
 * widget's width, and from the event ticks above the trough to the years
 * below it, which may reach into the scale's padding. */
static GskRenderNode *
render_marks (AtlasTimeSlider *self,
              const Geometry  *geometry,
              int              width,
              int              scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int top = floor (geometry->middle - BAND_HALF_HEIGHT - 1 - TICK_HEIGHT);
  int bottom = ceil (geometry->middle + BAND_HALF_HEIGHT + 1 + YEAR_TICK_HEIGHT) + year_label_height (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, (bottom - top) * scale);
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, top, width, bottom - top));
  GdkRGBA foreground, accent;
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  get_colors (widget, &foreground, &accent);
  cr = cairo_create (surface);
  cairo_translate (cr, 0, -top);
  draw_bands (cr, geometry, &foreground, &accent);
  draw_years (self, cr, geometry, &foreground);
  draw_events (cr, geometry, &foreground);
  cairo_destroy (cr);

  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, surface, 0, top);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return node;
}

static void
clear_marks (AtlasTimeSlider *self)
{
  g_clear_pointer (&self->marks, gsk_render_node_unref);
}

/* Everything is drawn before the scale itself, so the thumb stays on top. */
static void
atlas_time_slider_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (widget);
  int width = gtk_widget_get_width (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  Geometry geometry;

  if (width > 0 && get_geometry (self, &geometry))
    {
      if (self->marks == NULL || !same_geometry (&geometry, &self->marks_geometry) ||
          width != self->marks_width || scale != self->marks_scale)
        {
          clear_marks (self);
          self->marks = render_marks (self, &geometry, width, scale);
          self->marks_geometry = geometry;
          self->marks_width = width;
          self->marks_scale = scale;
        }
      gtk_snapshot_append_node (snapshot, self->marks);
    }

  GTK_WIDGET_CLASS (atlas_time_slider_parent_class)->snapshot (widget, snapshot);
}

/* Colours and fonts come from the style, and from the system settings. */
static void
atlas_time_slider_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (atlas_time_slider_parent_class)->css_changed (widget, change);
  clear_marks (ATLAS_TIME_SLIDER (widget));
}

static void
atlas_time_slider_system_setting_changed (GtkWidget        *widget,
                                          GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (atlas_time_slider_parent_class)->system_setting_changed (widget, setting);
  clear_marks (ATLAS_TIME_SLIDER (widget));
}

/* The tooltip names what lies under the pointer: the section, the month,
 * and the events that begin there. */
static gboolean
atlas_time_slider_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (widget);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *date = NULL;
  GPtrArray *sections, *events;
  Geometry geometry;
  AtlasDay day;
  guint listed = 0;

  if (keyboard_mode || !get_geometry (self, &geometry))
    return FALSE;

  day = (AtlasDay) lround (x_to_day (&geometry, x));
  sections = atlas_document_get_sections (geometry.document);
  for (guint i = 0; i < sections->len; i++)
    {
      AtlasSection *section = g_ptr_array_index (sections, i);
      double from, to;

      if (section_days (section, &geometry, &from, &to) && from <= day && day <= to)
        {
          g_autofree char *title = g_markup_escape_text (atlas_section_get_title (section), -1);

          g_string_append_printf (markup, "<b>%s</b>\n", title);
          break;
        }
    }

  date = atlas_day_format (day, ATLAS_DATE_PRECISION_MONTH, FALSE);
  g_string_append (markup, date);

  events = atlas_document_get_events (geometry.document);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      AtlasDay first_day = atlas_event_get_first_day (event);
      g_autofree char *title = NULL;

      if (first_day < geometry.lower || first_day > geometry.upper ||
          fabs (day_to_x (&geometry, first_day) - x) > POINTER_REACH)
        continue;
      if (listed++ == TOOLTIP_EVENTS)
        {
          g_string_append (markup, "\n…");
          break;
        }
      title = g_markup_escape_text (atlas_event_get_title (event), -1);
      g_string_append_c (markup, '\n');
      /* TRANSLATORS: an event in a list, in the time slider's tooltip */
      g_string_append_printf (markup, _("• %s"), title);
    }

  gtk_tooltip_set_markup (tooltip, markup->str);
  return TRUE;
}

/* Room above the trough for the event ticks, below it for the years. */
static void
atlas_time_slider_get_range_border (GtkRange  *range,
                                    GtkBorder *border)
{
  GTK_RANGE_CLASS (atlas_time_slider_parent_class)->get_range_border (range, border);
  border->top += TICK_ROOM;
  border->bottom += year_label_height (GTK_WIDGET (range)) + YEAR_LABEL_ROOM;
}

/* The arrow and page keys step by calendar months and years, which the
 * adjustment's fixed increments in days cannot do. */
static gboolean
atlas_time_slider_change_value (GtkRange      *range,
                                GtkScrollType  scroll,
                                double         value)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (range);
  double current = gtk_range_get_value (range);
  int months;

  switch (scroll)
    {
    case GTK_SCROLL_STEP_BACKWARD:
    case GTK_SCROLL_STEP_FORWARD:
    case GTK_SCROLL_STEP_UP:
    case GTK_SCROLL_STEP_DOWN:
    case GTK_SCROLL_STEP_LEFT:
    case GTK_SCROLL_STEP_RIGHT:
      months = 1;
      break;
    case GTK_SCROLL_PAGE_BACKWARD:
    case GTK_SCROLL_PAGE_FORWARD:
    case GTK_SCROLL_PAGE_UP:
    case GTK_SCROLL_PAGE_DOWN:
    case GTK_SCROLL_PAGE_LEFT:
    case GTK_SCROLL_PAGE_RIGHT:
      months = MONTHS_PER_PAGE;
      break;
    case GTK_SCROLL_NONE:
    case GTK_SCROLL_JUMP:
    case GTK_SCROLL_START:
    case GTK_SCROLL_END:
    default:
      return GTK_RANGE_CLASS (atlas_time_slider_parent_class)->change_value (range, scroll, value);
    }

  if (get_document (self) == NULL)
    return GTK_RANGE_CLASS (atlas_time_slider_parent_class)->change_value (range, scroll, value);
  if (value != current)
    atlas_timeline_step_months (self->timeline, value < current ? -months : months);
  return TRUE;
}

/* Every change of value that did not come from the timeline is a new
 * date: a drag, a key, a click in the trough, an assistive tool. */
static void
atlas_time_slider_value_changed (GtkRange *range)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (range);

  GTK_RANGE_CLASS (atlas_time_slider_parent_class)->value_changed (range);

  if (self->syncing || get_document (self) == NULL)
    return;
  atlas_timeline_set_date (self->timeline, (AtlasDay) lround (gtk_range_get_value (range)));
}

/* A date outside the period leaves the thumb at the nearer end; the
 * slider does not write the clamped value back. */
static void
on_date_changed (AtlasTimeSlider *self)
{
  AtlasDay date = atlas_timeline_get_date (self->timeline);
  g_autofree char *text = NULL;

  if (get_document (self) == NULL)
    return;

  if (lround (gtk_range_get_value (GTK_RANGE (self))) != date)
    {
      self->syncing = TRUE;
      gtk_range_set_value (GTK_RANGE (self), date);
      self->syncing = FALSE;
    }

  text = atlas_day_format (date, ATLAS_DATE_PRECISION_MONTH, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
on_document_changed (AtlasTimeSlider *self)
{
  AtlasDocument *document = get_document (self);
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self));
  double lower = document ? atlas_document_get_first_day (document) : 0;
  double upper = document ? atlas_document_get_last_day (document) : 0;
  double value = self->timeline ? atlas_timeline_get_date (self->timeline) : 0;

  self->syncing = TRUE;
  gtk_adjustment_configure (adjustment, CLAMP (value, lower, upper), lower, upper,
                            STEP_DAYS, PAGE_DAYS, 0);
  self->syncing = FALSE;

  if (document == NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
  gtk_widget_set_sensitive (GTK_WIDGET (self), document != NULL);
  clear_marks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
atlas_time_slider_dispose (GObject *object)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (object);

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  clear_marks (self);

  G_OBJECT_CLASS (atlas_time_slider_parent_class)->dispose (object);
}

static void
atlas_time_slider_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (object);

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
atlas_time_slider_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AtlasTimeSlider *self = ATLAS_TIME_SLIDER (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      atlas_time_slider_set_timeline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_time_slider_class_init (AtlasTimeSliderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkRangeClass *range_class = GTK_RANGE_CLASS (klass);

  object_class->dispose = atlas_time_slider_dispose;
  object_class->get_property = atlas_time_slider_get_property;
  object_class->set_property = atlas_time_slider_set_property;

  widget_class->snapshot = atlas_time_slider_snapshot;
  widget_class->css_changed = atlas_time_slider_css_changed;
  widget_class->system_setting_changed = atlas_time_slider_system_setting_changed;
  widget_class->query_tooltip = atlas_time_slider_query_tooltip;

  range_class->get_range_border = atlas_time_slider_get_range_border;
  range_class->change_value = atlas_time_slider_change_value;
  range_class->value_changed = atlas_time_slider_value_changed;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_time_slider_init (AtlasTimeSlider *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_range_set_adjustment (GTK_RANGE (self),
                            gtk_adjustment_new (0, 0, 0, STEP_DAYS, PAGE_DAYS, 0));
  gtk_scale_set_draw_value (GTK_SCALE (self), FALSE);
  /* Drags land on whole days. */
  gtk_range_set_round_digits (GTK_RANGE (self), 0);
  gtk_widget_set_sensitive (widget, FALSE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_add_css_class (widget, "time-slider");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
}

GtkWidget *
atlas_time_slider_new (void)
{
  return g_object_new (ATLAS_TYPE_TIME_SLIDER, NULL);
}

AtlasTimeline *
atlas_time_slider_get_timeline (AtlasTimeSlider *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_SLIDER (self), NULL);
  return self->timeline;
}

void
atlas_time_slider_set_timeline (AtlasTimeSlider *self,
                                AtlasTimeline   *timeline)
{
  g_return_if_fail (ATLAS_IS_TIME_SLIDER (self));
  g_return_if_fail (timeline == NULL || ATLAS_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  if (timeline)
    {
      g_signal_connect_object (timeline, "notify::document",
                               G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (timeline, "notify::date",
                               G_CALLBACK (on_date_changed), self, G_CONNECT_SWAPPED);
    }

  on_document_changed (self);
  if (timeline)
    on_date_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}
