/* atlas-route-layer.c: the armies' routes, as far as they have come at the date
 *
 * Each route is drawn from its first stop to where its army stands at the
 * timeline's date, as straight lines between the projected stops, with
 * arrows giving the direction of the march.  While the army is under way
 * (marching, or still at its last stop) its head is marked; afterwards the
 * route stays on the map, thinner and faded, as the trace of a past
 * campaign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "atlas-route-layer.h"

/* Distance between direction arrows along a route, in pixels. */
#define ARROW_SPACING 80.0
/* How far outside the widget a route's box may end and still be drawn. */
#define CULL_MARGIN 12.0

struct _AtlasRouteLayer
{
  ShumateLayer parent_instance;

  AtlasTimeline *timeline;
};

G_DEFINE_FINAL_TYPE (AtlasRouteLayer, atlas_route_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GdkRGBA casing_color = { 1.0, 1.0, 1.0, 0.8 };
static const GdkRGBA neutral_color = { 0.35, 0.34, 0.37, 1.0 };

/**
 * atlas_route_layer_collect_points:
 * @route: a route
 * @day: the date
 * @points: (element-type AtlasRouteLayerPoint): emptied, then filled with
 *   the points drawn at @day
 *
 * The part of @route drawn at @day: nothing before the march starts; the
 * stops reached so far and, while the army is between two stops, its
 * position; every stop once it has arrived at the last one.
 *
 * Returns: the number of points
 */
guint
atlas_route_layer_collect_points (AtlasRoute *route,
                                  AtlasDay    day,
                                  GArray     *points)
{
  AtlasRoutePosition position;
  guint last;

  g_return_val_if_fail (ATLAS_IS_ROUTE (route), 0);
  g_return_val_if_fail (points != NULL, 0);
  g_return_val_if_fail (g_array_get_element_size (points) == sizeof (AtlasRouteLayerPoint), 0);

  g_array_set_size (points, 0);
  if (atlas_route_get_n_stops (route) < 2)
    return 0;

  atlas_route_get_position (route, day, &position);
  if (!position.started)
    return 0;

  last = position.finished ? atlas_route_get_n_stops (route) - 1 : position.segment;
  for (guint i = 0; i <= last; i++)
    {
      const AtlasRouteStop *stop = atlas_route_get_stop (route, i);
      AtlasRouteLayerPoint point = { stop->lat, stop->lon };

      g_array_append_val (points, point);
    }

  if (!position.finished)
    {
      const AtlasRouteStop *stop = atlas_route_get_stop (route, last);

      if (position.lat != stop->lat || position.lon != stop->lon)
        {
          AtlasRouteLayerPoint head = { position.lat, position.lon };

          g_array_append_val (points, head);
        }
    }
  return points->len;
}

/**
 * atlas_route_layer_is_under_way:
 * @route: a route
 * @day: the date
 *
 * Whether the army is on this route at @day: it has set out and has not
 * yet left its last stop, where it may stay for a siege.
 *
 * Returns: %TRUE while the route is under way
 */
gboolean
atlas_route_layer_is_under_way (AtlasRoute *route,
                                AtlasDay    day)
{
  guint n_stops;

  g_return_val_if_fail (ATLAS_IS_ROUTE (route), FALSE);

  n_stops = atlas_route_get_n_stops (route);
  if (n_stops == 0)
    return FALSE;
  return day >= atlas_route_get_stop (route, 0)->arrival &&
         day <= atlas_route_get_stop (route, n_stops - 1)->departure;
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_arrow (cairo_t       *cr,
            double         x,
            double         y,
            double         dx,
            double         dy,
            double         size,
            const GdkRGBA *color,
            double         alpha)
{
  /* A filled chevron pointing along (dx, dy), a unit vector. */
  cairo_new_path (cr);
  cairo_move_to (cr, x + dx * size, y + dy * size);
  cairo_line_to (cr, x - dx * size - dy * size, y - dy * size + dx * size);
  cairo_line_to (cr, x - dx * size * 0.45, y - dy * size * 0.45);
  cairo_line_to (cr, x - dx * size + dy * size, y - dy * size - dx * size);
  cairo_close_path (cr);
  set_color (cr, &casing_color, alpha);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  set_color (cr, color, alpha);
  cairo_fill (cr);
}

/**
 * atlas_route_layer_draw_line:
 * @cr: where to draw
 * @points: (array length=n_points): the route's points in @cr's coordinates
 * @n_points: how many
 * @color: the faction's colour
 * @finished: whether the march is over, which draws it thinner and faded
 *
 * Draws a route as the map does, with its direction arrows; the legend
 * uses it too.
 */
void
atlas_route_layer_draw_line (cairo_t                *cr,
                             const graphene_point_t *points,
                             guint                   n_points,
                             const GdkRGBA          *color,
                             gboolean                finished)
{
  double width = finished ? 2.2 : 3.4;
  double alpha = finished ? 0.45 : 0.95;
  double next_arrow = ARROW_SPACING / 2;
  double travelled = 0;
  double total = 0;

  if (n_points < 2)
    return;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_new_path (cr);
  cairo_move_to (cr, points[0].x, points[0].y);
  for (guint i = 1; i < n_points; i++)
    {
      cairo_line_to (cr, points[i].x, points[i].y);
      total += graphene_point_distance (&points[i - 1], &points[i], NULL, NULL);
    }
  set_color (cr, &casing_color, alpha);
  cairo_set_line_width (cr, width + 3);
  cairo_stroke_preserve (cr);
  set_color (cr, color, alpha);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);

  /* A short route still gets one arrow, half-way. */
  if (total < ARROW_SPACING)
    next_arrow = total / 2;

  for (guint i = 1; i < n_points; i++)
    {
      double length = graphene_point_distance (&points[i - 1], &points[i], NULL, NULL);

      if (length <= 0)
        continue;
      while (next_arrow <= travelled + length)
        {
          double t = (next_arrow - travelled) / length;
          double dx = (points[i].x - points[i - 1].x) / length;
          double dy = (points[i].y - points[i - 1].y) / length;

          /* No arrow right at the end, where the head or the last stop is. */
          if (total - next_arrow > 10)
            draw_arrow (cr,
                        points[i - 1].x + (points[i].x - points[i - 1].x) * t,
                        points[i - 1].y + (points[i].y - points[i - 1].y) * t,
                        dx, dy, width + 2.5, color, alpha);
          next_arrow += ARROW_SPACING;
        }
      travelled += length;
    }

  cairo_restore (cr);
}

/**
 * atlas_route_layer_draw_head:
 * @cr: where to draw
 * @x: the army's position
 * @y: the army's position
 * @dx: the direction of its march, a unit vector
 * @dy: the direction of its march, a unit vector
 * @color: the faction's colour
 *
 * Marks where an army stands: a disc in its colour, ringed white, with a
 * white arrowhead showing which way it marches, so that it cannot be taken
 * for a town of the same colour.
 */
void
atlas_route_layer_draw_head (cairo_t       *cr,
                             double         x,
                             double         y,
                             double         dx,
                             double         dy,
                             const GdkRGBA *color)
{
  const double radius = 7.5;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.1, 0.09, 0.12, 0.75);
  cairo_set_line_width (cr, 5.5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  set_color (cr, color, 1);
  cairo_fill (cr);

  cairo_move_to (cr, x + dx * 4.5, y + dy * 4.5);
  cairo_line_to (cr, x - dx * 3.5 - dy * 4, y - dy * 3.5 + dx * 4);
  cairo_line_to (cr, x - dx * 1.5, y - dy * 1.5);
  cairo_line_to (cr, x - dx * 3.5 + dy * 4, y - dy * 3.5 - dx * 4);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
route_color (AtlasRoute *route,
             GdkRGBA    *color)
{
  AtlasFaction *faction = atlas_route_get_faction (route);
  double red, green, blue;

  if (faction == NULL)
    {
      *color = neutral_color;
      return;
    }
  atlas_faction_get_rgb (faction, &red, &green, &blue);
  *color = (GdkRGBA) { red, green, blue, 1 };
}

/* Projects the points; FALSE if the route's box misses the widget. */
static gboolean
project_route (AtlasRouteLayer *self,
               GArray          *points,
               GArray          *projected)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  g_array_set_size (projected, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const AtlasRouteLayerPoint *point = &g_array_index (points, AtlasRouteLayerPoint, i);
      graphene_point_t *out = &g_array_index (projected, graphene_point_t, i);
      double x, y;

      shumate_viewport_location_to_widget_coords (viewport, widget, point->lat, point->lon, &x, &y);
      out->x = x;
      out->y = y;
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x);
      max_y = MAX (max_y, y);
    }

  return max_x >= -CULL_MARGIN && max_y >= -CULL_MARGIN &&
         min_x <= gtk_widget_get_width (widget) + CULL_MARGIN &&
         min_y <= gtk_widget_get_height (widget) + CULL_MARGIN;
}

static void
draw_routes (AtlasRouteLayer *self,
             cairo_t         *cr,
             GPtrArray       *routes,
             AtlasDay         day)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (AtlasRouteLayerPoint));
  g_autoptr(GArray) projected = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

  /* Past campaigns first, so that the routes under way lie on top. */
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean want_under_way = pass == 1;

      for (guint i = 0; i < routes->len; i++)
        {
          AtlasRoute *route = g_ptr_array_index (routes, i);
          gboolean under_way = atlas_route_layer_is_under_way (route, day);
          GdkRGBA color;

          if (under_way != want_under_way ||
              atlas_route_layer_collect_points (route, day, points) == 0 ||
              !project_route (self, points, projected))
            continue;

          route_color (route, &color);
          atlas_route_layer_draw_line (cr, (const graphene_point_t *) (gpointer) projected->data,
                                       projected->len, &color, !under_way);
          if (under_way)
            {
              const graphene_point_t *head = &g_array_index (projected, graphene_point_t, projected->len - 1);
              double dx = 1, dy = 0;

              /* The direction of the last step that moved. */
              for (guint j = projected->len - 1; j-- > 0;)
                {
                  const graphene_point_t *from = &g_array_index (projected, graphene_point_t, j);
                  double length = graphene_point_distance (from, head, NULL, NULL);

                  if (length > 0.5)
                    {
                      dx = (head->x - from->x) / length;
                      dy = (head->y - from->y) / length;
                      break;
                    }
                }
              atlas_route_layer_draw_head (cr, head->x, head->y, dx, dy, &color);
            }
        }
    }
}

static void
atlas_route_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GPtrArray *routes;
  cairo_t *cr;

  if (document == NULL || width <= 0 || height <= 0 ||
      shumate_viewport_get_reference_map_source (viewport) == NULL)
    return;

  routes = atlas_document_get_routes (document);
  if (routes->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_routes (self, cr, routes, atlas_timeline_get_date (self->timeline));
  cairo_destroy (cr);
}

static void
atlas_route_layer_constructed (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);
  ShumateViewport *viewport;
  static const char * const redraw_on[] = {
    "notify::latitude", "notify::longitude", "notify::zoom-level",
    "notify::rotation", "notify::reference-map-source",
  };

  G_OBJECT_CLASS (atlas_route_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_return_if_fail (viewport != NULL && self->timeline != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (redraw_on); i++)
    g_signal_connect_object (viewport, redraw_on[i], G_CALLBACK (gtk_widget_queue_draw),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::date", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::document", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
}

static void
atlas_route_layer_dispose (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);

  G_OBJECT_CLASS (atlas_route_layer_parent_class)->dispose (object);
}

static void
atlas_route_layer_finalize (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (atlas_route_layer_parent_class)->finalize (object);
}

static void
atlas_route_layer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

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
atlas_route_layer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      self->timeline = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_route_layer_class_init (AtlasRouteLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = atlas_route_layer_constructed;
  object_class->dispose = atlas_route_layer_dispose;
  object_class->finalize = atlas_route_layer_finalize;
  object_class->get_property = atlas_route_layer_get_property;
  object_class->set_property = atlas_route_layer_set_property;

  widget_class->snapshot = atlas_route_layer_snapshot;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "routelayer");
}

static void
atlas_route_layer_init (AtlasRouteLayer *self)
{
  /* Routes are a picture only; clicks go through to the places and map. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Army routes"),
                                  -1);
}

AtlasRouteLayer *
atlas_route_layer_new (ShumateViewport *viewport,
                       AtlasTimeline   *timeline)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (ATLAS_IS_TIMELINE (timeline), NULL);

  return g_object_new (ATLAS_TYPE_ROUTE_LAYER,
                       "viewport", viewport,
                       "timeline", timeline,
                       NULL);
}

AtlasTimeline *
atlas_route_layer_get_timeline (AtlasRouteLayer *self)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE_LAYER (self), NULL);
  return self->timeline;
}
