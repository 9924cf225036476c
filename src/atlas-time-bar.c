/* atlas-time-bar.c: the controls that move through the atlas's period
 *
 * Buttons, a speed and a slider over one AtlasTimeline; all of them act
 * through the "time." actions, which a window can bind to keys, and all
 * of them show the date the timeline notifies, whoever changed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "atlas-time-bar.h"
#include "atlas-time-slider.h"

#define DAYS_PER_MONTH (365.2425 / 12)

/* A frame late by more than this plays as if it were on time, so that
 * a stall does not leap over months. */
#define MAX_FRAME_SECONDS 0.25

/* The speed selector's choices, in days a second, in the order of its
 * items in atlas-time-bar.ui. */
static const double speeds[] = {
  DAYS_PER_MONTH,
  3 * DAYS_PER_MONTH,
  6 * DAYS_PER_MONTH,
  12 * DAYS_PER_MONTH,
};

#define DEFAULT_SPEED_INDEX 1

struct _AtlasTimeBar
{
  GtkWidget parent_instance;

  AtlasTimeline *timeline;
  gboolean playing;
  double speed;                 /* days per second */
  double play_day;              /* the date while playing, with its fraction */
  guint tick_id;
  gint64 last_frame_time;       /* 0 until the first frame of a play */

  GtkWidget *play_button;
  GtkWidget *date_label;
  GtkWidget *events_label;
  GtkWidget *speed_dropdown;
  GtkWidget *slider;
};

G_DEFINE_FINAL_TYPE (AtlasTimeBar, atlas_time_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMELINE,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AtlasDocument *
get_document (AtlasTimeBar *self)
{
  return self->timeline ? atlas_timeline_get_document (self->timeline) : NULL;
}

static void
update_actions (AtlasTimeBar *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AtlasDocument *document = get_document (self);
  gboolean after_start = FALSE, before_end = FALSE;

  if (document)
    {
      AtlasDay date = atlas_timeline_get_date (self->timeline);

      after_start = date > atlas_document_get_first_day (document);
      before_end = date < atlas_document_get_last_day (document);
    }

  gtk_widget_action_set_enabled (widget, "time.play", document != NULL);
  gtk_widget_action_set_enabled (widget, "time.start", after_start);
  gtk_widget_action_set_enabled (widget, "time.previous-month", after_start);
  gtk_widget_action_set_enabled (widget, "time.previous-event",
                                 document && atlas_timeline_find_event_day (self->timeline, -1) != ATLAS_DAY_INVALID);
  gtk_widget_action_set_enabled (widget, "time.next-event",
                                 document && atlas_timeline_find_event_day (self->timeline, 1) != ATLAS_DAY_INVALID);
  gtk_widget_action_set_enabled (widget, "time.next-month", before_end);
  gtk_widget_action_set_enabled (widget, "time.end", before_end);
}

/* Latest begun first: what has just started is the news of the month,
 * the long wars under way are its background. */
static gint
compare_latest_first (gconstpointer a,
                      gconstpointer b)
{
  AtlasDay day_a = atlas_event_get_first_day (*(AtlasEvent **) a);
  AtlasDay day_b = atlas_event_get_first_day (*(AtlasEvent **) b);

  return (day_a < day_b) - (day_a > day_b);
}

static void
update_labels (AtlasTimeBar *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  g_autofree char *date = NULL;

  if (get_document (self) == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->date_label), "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->date_label),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_label_set_text (GTK_LABEL (self->events_label), "");
      gtk_widget_set_tooltip_text (self->events_label, NULL);
      return;
    }

  date = atlas_day_format (atlas_timeline_get_date (self->timeline),
                           ATLAS_DATE_PRECISION_MONTH, FALSE);
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->date_label)), date) != 0)
    {
      gtk_label_set_text (GTK_LABEL (self->date_label), date);
      /* GTK 4.8 builds the slider's description from the descriptions,
       * not the texts, of the widgets that describe it; and it offers
       * assistive tools no value text, only the day number. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, date,
                                      -1);
    }

  events = g_ptr_array_copy (atlas_timeline_get_events_under_way (self->timeline), NULL, NULL);
  g_ptr_array_sort (events, compare_latest_first);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      g_autofree char *dates = atlas_event_format_dates (event);

      if (i > 0)
        {
          /* TRANSLATORS: between the titles of the events under way */
          g_string_append (titles, _(" · "));
          g_string_append_c (tooltip, '\n');
        }
      g_string_append (titles, atlas_event_get_title (event));
      /* TRANSLATORS: an event under way and its dates, in a tooltip */
      g_string_append_printf (tooltip, _("%s (%s)"), atlas_event_get_title (event), dates);
    }

  gtk_label_set_text (GTK_LABEL (self->events_label), titles->str);
  gtk_widget_set_tooltip_text (self->events_label, events->len > 0 ? tooltip->str : NULL);
}

static void
on_date_changed (AtlasTimeBar *self)
{
  update_labels (self);
  update_actions (self);
}

static void
on_document_changed (AtlasTimeBar *self)
{
  atlas_time_bar_set_playing (self, FALSE);
  on_date_changed (self);
}

static void
update_play_button (AtlasTimeBar *self)
{
  const char *label = self->playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            self->playing ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  /* Time counts from the first frame, not from the press of the button. */
  if (self->last_frame_time != 0)
    atlas_time_bar_advance (self, MIN ((now - self->last_frame_time) / (double) G_USEC_PER_SEC,
                                       MAX_FRAME_SECONDS));
  self->last_frame_time = now;

  /* Stopping removes this callback. */
  return G_SOURCE_CONTINUE;
}

static void
on_speed_selected (AtlasTimeBar *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_dropdown));

  if (selected < G_N_ELEMENTS (speeds))
    atlas_time_bar_set_speed (self, speeds[selected]);
}

static void
step_months (AtlasTimeBar *self,
             int           months)
{
  if (get_document (self))
    atlas_timeline_step_months (self->timeline, months);
}

static void
time_previous_month (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  step_months (ATLAS_TIME_BAR (widget), -1);
}

static void
time_next_month (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  step_months (ATLAS_TIME_BAR (widget), 1);
}

static void
step_event (AtlasTimeBar *self,
            int           direction)
{
  if (get_document (self) != NULL)
    atlas_timeline_step_event (self->timeline, direction);
}

static void
time_previous_event (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  step_event (ATLAS_TIME_BAR (widget), -1);
}

static void
time_next_event (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  step_event (ATLAS_TIME_BAR (widget), 1);
}

static void
time_start (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (widget);
  AtlasDocument *document = get_document (self);

  if (document)
    atlas_timeline_set_date (self->timeline, atlas_document_get_first_day (document));
}

static void
time_end (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (widget);
  AtlasDocument *document = get_document (self);

  if (document)
    atlas_timeline_set_date (self->timeline, atlas_document_get_last_day (document));
}

static void
atlas_time_bar_dispose (GObject *object)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (object);
  GtkWidget *child;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);

  /* The template's rows have no ids, so they are not disposed with it. */
  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_TIME_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atlas_time_bar_parent_class)->dispose (object);
}

static void
atlas_time_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_time_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtlasTimeBar *self = ATLAS_TIME_BAR (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      atlas_time_bar_set_timeline (self, g_value_get_object (value));
      break;
    case PROP_PLAYING:
      atlas_time_bar_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      atlas_time_bar_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_time_bar_class_init (AtlasTimeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_time_bar_dispose;
  object_class->get_property = atlas_time_bar_get_property;
  object_class->set_property = atlas_time_bar_set_property;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, G_MINDOUBLE, G_MAXDOUBLE,
                         speeds[DEFAULT_SPEED_INDEX],
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "time.play", "playing");
  gtk_widget_class_install_action (widget_class, "time.start", NULL, time_start);
  gtk_widget_class_install_action (widget_class, "time.previous-event", NULL, time_previous_event);
  gtk_widget_class_install_action (widget_class, "time.previous-month", NULL, time_previous_month);
  gtk_widget_class_install_action (widget_class, "time.next-month", NULL, time_next_month);
  gtk_widget_class_install_action (widget_class, "time.next-event", NULL, time_next_event);
  gtk_widget_class_install_action (widget_class, "time.end", NULL, time_end);

  g_type_ensure (ATLAS_TYPE_TIME_SLIDER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-time-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasTimeBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, AtlasTimeBar, date_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasTimeBar, events_label);
  gtk_widget_class_bind_template_child (widget_class, AtlasTimeBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtlasTimeBar, slider);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);

  gtk_widget_class_set_css_name (widget_class, "timebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atlas_time_bar_init (AtlasTimeBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->speed = speeds[DEFAULT_SPEED_INDEX];
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), DEFAULT_SPEED_INDEX);

  /* A screen reader on the slider hears the date and what is under way. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->slider),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->date_label, self->events_label, NULL,
                                  -1);
  update_actions (self);
}

GtkWidget *
atlas_time_bar_new (void)
{
  return g_object_new (ATLAS_TYPE_TIME_BAR, NULL);
}

AtlasTimeline *
atlas_time_bar_get_timeline (AtlasTimeBar *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_BAR (self), NULL);
  return self->timeline;
}

void
atlas_time_bar_set_timeline (AtlasTimeBar  *self,
                             AtlasTimeline *timeline)
{
  g_return_if_fail (ATLAS_IS_TIME_BAR (self));
  g_return_if_fail (timeline == NULL || ATLAS_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;

  atlas_time_bar_set_playing (self, FALSE);
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

  atlas_time_slider_set_timeline (ATLAS_TIME_SLIDER (self->slider), timeline);
  on_date_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

GtkWidget *
atlas_time_bar_get_slider (AtlasTimeBar *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_BAR (self), NULL);
  return self->slider;
}

GtkWidget *
atlas_time_bar_get_date_label (AtlasTimeBar *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_BAR (self), NULL);
  return self->date_label;
}

gboolean
atlas_time_bar_get_playing (AtlasTimeBar *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_BAR (self), FALSE);
  return self->playing;
}

/* Playing needs a document; playing from the end of the period starts
 * over from its beginning. */
void
atlas_time_bar_set_playing (AtlasTimeBar *self,
                            gboolean      playing)
{
  AtlasDocument *document;

  g_return_if_fail (ATLAS_IS_TIME_BAR (self));

  document = get_document (self);
  playing = playing && document != NULL;
  if (self->playing == playing)
    return;

  self->playing = playing;
  if (playing)
    {
      if (atlas_timeline_get_date (self->timeline) >= atlas_document_get_last_day (document))
        atlas_timeline_set_date (self->timeline, atlas_document_get_first_day (document));
      self->play_day = atlas_timeline_get_date (self->timeline);
      self->last_frame_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
atlas_time_bar_get_speed (AtlasTimeBar *self)
{
  g_return_val_if_fail (ATLAS_IS_TIME_BAR (self), 0);
  return self->speed;
}

/* Any speed plays; the selector shows it when it is one of its choices. */
void
atlas_time_bar_set_speed (AtlasTimeBar *self,
                          double        days_per_second)
{
  guint selected = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (ATLAS_IS_TIME_BAR (self));
  g_return_if_fail (days_per_second > 0);

  if (self->speed == days_per_second)
    return;

  self->speed = days_per_second;
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == days_per_second)
      selected = i;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), selected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/* Plays on by the given time, as a frame does: the speed times the
 * seconds, in days, stopping on the last day of the period. */
void
atlas_time_bar_advance (AtlasTimeBar *self,
                        double        seconds)
{
  AtlasDay date, last_day;

  g_return_if_fail (ATLAS_IS_TIME_BAR (self));
  g_return_if_fail (seconds >= 0);

  if (!self->playing)
    return;

  date = atlas_timeline_get_date (self->timeline);
  last_day = atlas_document_get_last_day (get_document (self));

  /* Someone moved the date meanwhile (a drag, a key): play on from there. */
  if ((AtlasDay) floor (self->play_day) != date)
    self->play_day = date;

  self->play_day = MIN (self->play_day + self->speed * seconds, (double) last_day);
  atlas_timeline_set_date (self->timeline, (AtlasDay) floor (self->play_day));
  if (self->play_day >= last_day)
    atlas_time_bar_set_playing (self, FALSE);
}
