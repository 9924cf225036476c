/* atlas-place-marker.c: a focusable stand-in for one place symbol on the map
 *
 * The place layer paints every symbol itself, which is fast but invisible
 * to the keyboard and to screen readers.  For the places on screen it
 * keeps one of these small buttons over each symbol: it can take focus,
 * tells assistive technologies the place's name and state, and is
 * activated by a click, Enter or Space.  It paints nothing but its focus
 * ring, so the map looks the same with or without it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "atlas-place-marker.h"

struct _AtlasPlaceMarker
{
  GtkWidget parent_instance;

  AtlasPlace *place;
  char *description;
  double press_x;               /* in surface coordinates */
  double press_y;
};

G_DEFINE_FINAL_TYPE (AtlasPlaceMarker, atlas_place_marker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLACE,
  PROP_DESCRIPTION,
  N_PROPS
};

enum {
  SIGNAL_ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GNOME's accent blue, with a white edge so the ring shows on any map colour. */
static const GdkRGBA focus_color = { 0.208, 0.518, 0.894, 1.0 };
static const GdkRGBA focus_edge = { 1.0, 1.0, 1.0, 0.9 };

static void
atlas_place_marker_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = *natural = ATLAS_PLACE_MARKER_SIZE;
}

static void
append_ring (GtkSnapshot   *snapshot,
             double         inset,
             double         size,
             double         width,
             const GdkRGBA *color)
{
  GskRoundedRect ring;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&ring,
                                   &GRAPHENE_RECT_INIT (inset, inset, size - 2 * inset, size - 2 * inset),
                                   (size - 2 * inset) / 2);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
atlas_place_marker_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  double size = MIN (gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  if (!gtk_widget_has_visible_focus (widget) || size < 8)
    return;

  append_ring (snapshot, 0, size, 1.5, &focus_edge);
  append_ring (snapshot, 1.5, size, 2.5, &focus_color);
  append_ring (snapshot, 4, size, 1, &focus_edge);
}

/* Nothing in the style changes with focus, so GTK would not redraw the
 * ring on its own. */
static void
atlas_place_marker_state_flags_changed (GtkWidget     *widget,
                                        GtkStateFlags  previous)
{
  GtkStateFlags changed = previous ^ gtk_widget_get_state_flags (widget);

  if (changed & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);

  GTK_WIDGET_CLASS (atlas_place_marker_parent_class)->state_flags_changed (widget, previous);
}

static gboolean
event_position (GtkGesture *gesture,
                double     *x,
                double     *y)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));

  return event && gdk_event_get_position (event, x, y);
}

static void
click_pressed_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  AtlasPlaceMarker *self)
{
  if (!event_position (GTK_GESTURE (gesture), &self->press_x, &self->press_y))
    self->press_x = self->press_y = 0;
}

static void
click_released_cb (GtkGestureClick  *gesture,
                   int               n_press,
                   double            x,
                   double            y,
                   AtlasPlaceMarker *self)
{
  double release_x, release_y;

  if (n_press != 1)
    return;

  /* The marker moves with the map, so a drag that pans the map looks like
   * a click in the marker's own coordinates; the surface's tell them apart. */
  if (event_position (GTK_GESTURE (gesture), &release_x, &release_y) &&
      hypot (release_x - self->press_x, release_y - self->press_y) > ATLAS_PLACE_MARKER_DRAG_THRESHOLD)
    return;

  /* Claimed only on release, so a drag that starts here still pans the map. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate (GTK_WIDGET (self));
}

static void
atlas_place_marker_finalize (GObject *object)
{
  AtlasPlaceMarker *self = ATLAS_PLACE_MARKER (object);

  g_clear_object (&self->place);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (atlas_place_marker_parent_class)->finalize (object);
}

static void
atlas_place_marker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtlasPlaceMarker *self = ATLAS_PLACE_MARKER (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      g_value_set_object (value, self->place);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_marker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtlasPlaceMarker *self = ATLAS_PLACE_MARKER (object);

  switch (prop_id)
    {
    case PROP_PLACE:
      atlas_place_marker_set_place (self, g_value_get_object (value));
      break;
    case PROP_DESCRIPTION:
      atlas_place_marker_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_marker_class_init (AtlasPlaceMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = atlas_place_marker_finalize;
  object_class->get_property = atlas_place_marker_get_property;
  object_class->set_property = atlas_place_marker_set_property;

  widget_class->measure = atlas_place_marker_measure;
  widget_class->snapshot = atlas_place_marker_snapshot;
  widget_class->state_flags_changed = atlas_place_marker_state_flags_changed;

  properties[PROP_PLACE] =
    g_param_spec_object ("place", NULL, NULL, ATLAS_TYPE_PLACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AtlasPlaceMarker::activate:
   *
   * Emitted when the marker is clicked or activated from the keyboard.
   */
  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[SIGNAL_ACTIVATE]);

  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Return, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_ISO_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_space, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Space, 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "placemarker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
atlas_place_marker_init (AtlasPlaceMarker *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (click_pressed_cb), self, 0);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
atlas_place_marker_new (void)
{
  return g_object_new (ATLAS_TYPE_PLACE_MARKER, NULL);
}

AtlasPlace *
atlas_place_marker_get_place (AtlasPlaceMarker *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_MARKER (self), NULL);
  return self->place;
}

void
atlas_place_marker_set_place (AtlasPlaceMarker *self,
                              AtlasPlace       *place)
{
  g_return_if_fail (ATLAS_IS_PLACE_MARKER (self));
  g_return_if_fail (place == NULL || ATLAS_IS_PLACE (place));

  if (!g_set_object (&self->place, place))
    return;

  if (place)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, atlas_place_get_name (place),
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
}

const char *
atlas_place_marker_get_description (AtlasPlaceMarker *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_MARKER (self), NULL);
  return self->description;
}

void
atlas_place_marker_set_description (AtlasPlaceMarker *self,
                                    const char       *description)
{
  g_return_if_fail (ATLAS_IS_PLACE_MARKER (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);

  if (description)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}
