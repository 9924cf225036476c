/* atlas-route-layer.c: the armies' routes, as far as they have come at the date
 *
 * Each route is drawn from its first stop to where its army stands at the
 * timeline's date, as straight lines between the projected stops, with
 * arrows giving the direction of the march.  While the army is under way
 * (marching, or still at its last stop) its head is marked; afterwards the
 * route stays on the map as the trace of a past campaign, thinner and
 * fainter, and fades out over the ten years after the army left its last
 * stop, so that a long period does not pile up a century of lines.
 *
 * A thousand routes take seconds to stroke, far too long for a frame, so
 * the layer keeps a raster: the past routes and the stretches already
 * marched of the routes under way, drawn at the current zoom over the view
 * and a margin around it.  Rasters with much to draw are drawn in a worker
 * thread at a low priority, from an immutable copy of the routes in world
 * coordinates; the last raster stays on screen meanwhile, moved with the map while it pans
 * and scaled while it zooms.  Only the last stretch of each route under
 * way, up to its army, and the armies themselves are drawn at every frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#endif

#include <glib/gi18n.h>

#include "atlas-route-layer.h"

/* Distance between direction arrows along a route under way, in pixels;
 * past routes get a third as many. */
#define ARROW_SPACING 80.0
#define PAST_ARROW_SPACING (3 * ARROW_SPACING)
/* How far outside the view a route's box may end and still be drawn:
 * its casing, its arrows and the ring of its head. */
#define CULL_MARGIN 12.0

#define UNDER_WAY_WIDTH 3.4
#define UNDER_WAY_ALPHA 0.95
#define PAST_WIDTH 2.0
#define PAST_ALPHA 0.6

/* A past route is gone this many years after the army left its last
 * stop: in the Western Xia atlas the invasion of 1209 stays, ever
 * fainter, through the ten years of vassalage it began. */
#define FADE_YEARS 10
#define DAYS_PER_YEAR 365.2425

/* The raster covers the view and this much around it, in pixels, so that
 * a pan shows drawn routes while the next raster is made. */
#define RASTER_MARGIN 256
/* How much the thread drawing rasters yields to the others where it
 * cannot wait for idle cores. */
#define RASTER_NICE 10
/* Zooming redraws the raster only once the zoom has stayed put so long. */
#define ZOOM_SETTLE_MS 150
/* A raster with up to this many pixels of line to draw is drawn at once,
 * in the frame: a few milliseconds, and no frame shows the routes of
 * another date.  Casings and arrows count double. */
#define SYNC_PIXELS_MAX 12000.0
/* The work of a frame is bounded: each route under way draws at most
 * this many segments, the rest of its line coming with the next raster;
 * with more routes under way than this, or more pixels of line, at the
 * zoom, than this (a wide cased line takes about a millisecond for three
 * thousand), their lines go into the raster too and only the armies are
 * drawn at every frame. */
#define LIVE_SEGMENTS_MAX 2
#define LIVE_ROUTES_MAX 48
#define LIVE_PIXELS_MAX 3000.0
/* An army's mark is copied from a sprite made for its colour and for its
 * direction, turned in this many steps, rather than drawn as paths (disc,
 * two rings, arrowhead) at every frame. */
#define HEAD_DIRECTIONS 64
/* The sprite holds the disc (radius 7.5) and its widest ring (5.5). */
#define HEAD_SPRITE_SIZE 22
/* With more sprites than this, the cache starts again: 32 colours in
 * every direction, 2 KiB each at scale 1. */
#define HEAD_SPRITES_MAX 2048

typedef enum
{
  TRACE_NONE,
  TRACE_UNDER_WAY,
  TRACE_PAST,
} TraceKind;

/* A point in Web Mercator, the whole world being 1 × 1. */
typedef struct
{
  double x;
  double y;
} WorldPoint;

typedef struct
{
  GdkRGBA color;
  guint first;                  /* index of its first stop in RouteSet.stops */
  guint n_stops;
} RouteShape;

/* The document's routes as drawn, shared with the workers: never changed
 * once made, so a worker reads neither the model nor the layer. */
typedef struct
{
  guint n_routes;
  RouteShape *routes;
  WorldPoint *stops;
} RouteSet;

/* Where a route stands at the date. */
typedef struct
{
  TraceKind kind;
  guint n_reached;              /* stops reached */
  guint years_past;             /* past: whole years since it ended */
  gboolean between;             /* under way, between two stops */
  WorldPoint head;              /* under way: where the army stands */
} Trace;

/* What a raster holds of one route: its first stops and, when the
 * routes under way are too many to draw at every frame, the way on to
 * the army. */
typedef struct
{
  guint route;
  guint n_stops;
  TraceKind kind;
  guint years_past;
  gboolean to_head;
  WorldPoint head;
} RasterItem;

/* A raster, to draw or drawn: what it holds, at which zoom, over which
 * area.  Sizes are in device pixels. */
typedef struct
{
  RouteSet *set;
  GArray *items;                /* of RasterItem; never changed */
  guint *n_held;                /* per route of the set: stops held */
  double zoom;
  int scale;
  double world_size;            /* the world's width at the zoom */
  int x;                        /* the area, in the world at the zoom */
  int y;
  int width;
  int height;
} RasterJob;

/* A drawn raster: an image over part of its job's area, or nothing when
 * no route crosses the area. */
typedef struct
{
  cairo_surface_t *surface;
  int x;                        /* relative to the job's area */
  int y;
} RasterImage;

/* The widget as a window on the world, at the current zoom, in widget
 * pixels. */
typedef struct
{
  int width;
  int height;
  int scale;
  double zoom;
  double rotation;
  double world_size;
  double origin_x;              /* the world point at the widget's (0, 0) */
  double origin_y;              /* when unrotated */
  graphene_rect_t box;          /* what the rotated widget shows, unrotated */
} View;

struct _AtlasRouteLayer
{
  ShumateLayer parent_instance;

  AtlasTimeline *timeline;

  RouteSet *set;                /* NULL until the layer draws */
  GArray *traces;               /* of Trace, per route of the set */
  AtlasDay traces_day;
  guint n_under_way;
  double live_length;           /* of the lines drawn live, in the world */
  GArray *items;                /* what the raster should hold at traces_day */
  gboolean live_lines;          /* routes under way drawn at every frame */

  RasterJob *shown;             /* what the raster on screen holds */
  GskRenderNode *raster_node;   /* its image, NULL if empty */
  int raster_x;                 /* in the world, at the raster's zoom */
  int raster_y;

  RasterJob *drawing;           /* the raster a worker is drawing */
  GCancellable *cancellable;
  guint settle_id;              /* while zooming */

  GHashTable *head_sprites;     /* colour and direction → cairo_surface_t */
  int head_sprites_scale;
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

/* Whole years from the day the army left the last stop of a past route. */
static guint
years_past (AtlasRoute *route,
            AtlasDay    day)
{
  const AtlasRouteStop *last = atlas_route_get_stop (route, atlas_route_get_n_stops (route) - 1);

  return (guint) MIN (floor ((day - last->departure) / DAYS_PER_YEAR), FADE_YEARS);
}

/* Slow at first, so that a campaign reads clearly for some years, then
 * faster down to nothing. */
static double
past_opacity (guint years)
{
  double fraction = (double) years / FADE_YEARS;

  return 1 - fraction * fraction;
}

/**
 * atlas_route_layer_get_opacity:
 * @route: a route
 * @day: the date
 *
 * How strongly @route is drawn at @day, relative to its style: not at
 * all before the march, fully while under way, then less every year
 * after the army left its last stop, until it is gone ten years later.
 *
 * Returns: the opacity, from 0 to 1
 */
double
atlas_route_layer_get_opacity (AtlasRoute *route,
                               AtlasDay    day)
{
  g_return_val_if_fail (ATLAS_IS_ROUTE (route), 0);

  if (atlas_route_get_n_stops (route) < 2 || day < atlas_route_get_first_day (route))
    return 0;
  if (atlas_route_layer_is_under_way (route, day))
    return 1;
  return past_opacity (years_past (route, day));
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Adds a chevron pointing along (dx, dy), a unit vector. */
static void
add_arrow (cairo_t *cr,
           double   x,
           double   y,
           double   dx,
           double   dy,
           double   size)
{
  cairo_move_to (cr, x + dx * size, y + dy * size);
  cairo_line_to (cr, x - dx * size - dy * size, y - dy * size + dx * size);
  cairo_line_to (cr, x - dx * size * 0.45, y - dy * size * 0.45);
  cairo_line_to (cr, x - dx * size + dy * size, y - dy * size - dx * size);
  cairo_close_path (cr);
}

/* Draws part of a route: @points begin @start pixels along it, and reach
 * its drawn end if @ends.  Arrows sit every spacing from half a spacing
 * after the route's first stop, wherever the route is cut into parts; a
 * short route still gets one arrow, half-way, and none comes right at the
 * end, where the head or the last stop is.  A part @joined to the one
 * before it has flat ends, as a round cap would lay its casing over the
 * line it continues. */
static void
draw_trace (cairo_t                *cr,
            const graphene_point_t *points,
            guint                   n_points,
            const GdkRGBA          *color,
            gboolean                past,
            double                  opacity,
            double                  start,
            gboolean                ends,
            gboolean                joined)
{
  double width = past ? PAST_WIDTH : UNDER_WAY_WIDTH;
  double alpha = (past ? PAST_ALPHA : UNDER_WAY_ALPHA) * opacity;
  double spacing = past ? PAST_ARROW_SPACING : ARROW_SPACING;
  double next_arrow = spacing / 2;
  double travelled = start;
  double length = 0;
  gboolean any_arrow = FALSE;

  if (n_points < 2 || alpha <= 0)
    return;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, joined ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  set_color (cr, color, alpha);
  cairo_set_line_width (cr, width);

  for (guint i = 1; i < n_points; i++)
    length += graphene_point_distance (&points[i - 1], &points[i], NULL, NULL);
  if (past)
    {
      /* Past routes go without casing, stroked segment by segment with
       * coarser antialiasing: in the thousand-route benchmark that draws
       * a raster in half the time of whole routes at the default
       * antialiasing.  The round caps overlap into a slightly darker dot
       * at each stop, and the antialiasing does not show on lines this
       * thin. */
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      for (guint i = 1; i < n_points; i++)
        {
          cairo_move_to (cr, points[i - 1].x, points[i - 1].y);
          cairo_line_to (cr, points[i].x, points[i].y);
          cairo_stroke (cr);
        }
    }
  else
    {
      cairo_new_path (cr);
      cairo_move_to (cr, points[0].x, points[0].y);
      for (guint i = 1; i < n_points; i++)
        cairo_line_to (cr, points[i].x, points[i].y);
      set_color (cr, &casing_color, alpha);
      cairo_set_line_width (cr, width + 3);
      cairo_stroke_preserve (cr);
      set_color (cr, color, alpha);
      cairo_set_line_width (cr, width);
      cairo_stroke (cr);
    }

  if (start == 0 && ends && length < spacing)
    next_arrow = length / 2;
  else if (start > next_arrow)
    next_arrow += ceil ((start - next_arrow) / spacing) * spacing;

  /* All the arrows make one path, filled at once: a stroke and a fill
   * per arrow cost more than the line itself. */
  for (guint i = 1; i < n_points; i++)
    {
      double segment = graphene_point_distance (&points[i - 1], &points[i], NULL, NULL);

      if (segment <= 0)
        continue;
      while (next_arrow <= travelled + segment)
        {
          double t = (next_arrow - travelled) / segment;

          if (!ends || start + length - next_arrow > 10)
            {
              add_arrow (cr,
                         points[i - 1].x + (points[i].x - points[i - 1].x) * t,
                         points[i - 1].y + (points[i].y - points[i - 1].y) * t,
                         (points[i].x - points[i - 1].x) / segment,
                         (points[i].y - points[i - 1].y) / segment,
                         past ? width + 2 : width + 2.5);
              any_arrow = TRUE;
            }
          next_arrow += spacing;
        }
      travelled += segment;
    }
  if (any_arrow)
    {
      if (!past)
        {
          set_color (cr, &casing_color, alpha);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke_preserve (cr);
        }
      set_color (cr, color, alpha);
      cairo_fill (cr);
    }

  cairo_restore (cr);
}

/**
 * atlas_route_layer_draw_line:
 * @cr: where to draw
 * @points: (array length=n_points): the route's points in @cr's coordinates
 * @n_points: how many
 * @color: the faction's colour
 * @finished: whether the march is over, which draws it as a past route:
 *   thinner, fainter, without casing and with fewer arrows
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
  draw_trace (cr, points, n_points, color, finished, 1, 0, TRUE, FALSE);
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

/* The route set ----------------------------------------------------------- */

static WorldPoint
world_point (ShumateMapSource *source,
             double            lat,
             double            lon)
{
  /* The source's own projection, scaled to its world at zoom 0. */
  double size = shumate_map_source_get_x (source, 0, 180.0);

  return (WorldPoint) {
    shumate_map_source_get_x (source, 0, lon) / size,
    shumate_map_source_get_y (source, 0, lat) / size,
  };
}

static void
route_set_clear (gpointer data)
{
  RouteSet *set = data;

  g_free (set->routes);
  g_free (set->stops);
}

static void
route_set_unref (RouteSet *set)
{
  g_atomic_rc_box_release_full (set, route_set_clear);
}

static RouteSet *
route_set_new (GPtrArray        *routes,
               ShumateMapSource *source)
{
  RouteSet *set = g_atomic_rc_box_new0 (RouteSet);
  guint n_stops = 0;

  for (guint i = 0; i < routes->len; i++)
    n_stops += atlas_route_get_n_stops (g_ptr_array_index (routes, i));

  set->n_routes = routes->len;
  set->routes = g_new (RouteShape, routes->len);
  set->stops = g_new (WorldPoint, n_stops);
  n_stops = 0;
  for (guint i = 0; i < routes->len; i++)
    {
      AtlasRoute *route = g_ptr_array_index (routes, i);
      RouteShape *shape = &set->routes[i];

      route_color (route, &shape->color);
      shape->first = n_stops;
      shape->n_stops = atlas_route_get_n_stops (route);
      for (guint j = 0; j < shape->n_stops; j++)
        {
          const AtlasRouteStop *stop = atlas_route_get_stop (route, j);

          set->stops[n_stops++] = world_point (source, stop->lat, stop->lon);
        }
    }
  return set;
}

/* Rasters ------------------------------------------------------------------- */

static void
raster_job_clear (gpointer data)
{
  RasterJob *job = data;

  route_set_unref (job->set);
  g_array_unref (job->items);
  g_free (job->n_held);
}

static void
raster_job_unref (RasterJob *job)
{
  g_atomic_rc_box_release_full (job, raster_job_clear);
}

static void
raster_image_free (RasterImage *image)
{
  g_clear_pointer (&image->surface, cairo_surface_destroy);
  g_free (image);
}

static gboolean
items_equal (GArray *a,
             GArray *b)
{
  if (a == b)
    return TRUE;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const RasterItem *x = &g_array_index (a, RasterItem, i);
      const RasterItem *y = &g_array_index (b, RasterItem, i);

      if (x->route != y->route || x->n_stops != y->n_stops || x->kind != y->kind ||
          x->years_past != y->years_past || x->to_head != y->to_head ||
          (x->to_head && (x->head.x != y->head.x || x->head.y != y->head.y)))
        return FALSE;
    }
  return TRUE;
}

/* Projects an item into @points, relative to the job's area and in
 * widget pixels, and says whether it can show in the area. */
static gboolean
project_item (const RasterJob  *job,
              const RasterItem *item,
              GArray           *points)
{
  const RouteShape *shape = &job->set->routes[item->route];
  double margin = CULL_MARGIN * job->scale;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  g_array_set_size (points, item->n_stops + (item->to_head ? 1 : 0));
  for (guint i = 0; i < points->len; i++)
    {
      const WorldPoint *world = i < item->n_stops ? &job->set->stops[shape->first + i] : &item->head;
      graphene_point_t *point = &g_array_index (points, graphene_point_t, i);
      double x = world->x * job->world_size - job->x;
      double y = world->y * job->world_size - job->y;

      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x);
      max_y = MAX (max_y, y);
      point->x = x / job->scale;
      point->y = y / job->scale;
    }
  return max_x >= -margin && max_y >= -margin &&
         min_x <= job->width + margin && min_y <= job->height + margin;
}

/* Draws a raster, in any thread: it reads the job alone.  NULL if
 * cancelled. */
static RasterImage *
draw_raster (const RasterJob *job,
             GCancellable    *cancellable)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (guint));
  RasterImage *image = g_new0 (RasterImage, 1);
  double margin = CULL_MARGIN * job->scale;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  int x0, y0, x1, y1;
  cairo_t *cr;

  /* The image covers only what the routes cross, often little. */
  for (guint i = 0; i < job->items->len; i++)
    {
      if (!project_item (job, &g_array_index (job->items, RasterItem, i), points))
        continue;
      g_array_append_val (visible, i);
      for (guint j = 0; j < points->len; j++)
        {
          const graphene_point_t *point = &g_array_index (points, graphene_point_t, j);

          min_x = MIN (min_x, point->x * job->scale);
          min_y = MIN (min_y, point->y * job->scale);
          max_x = MAX (max_x, point->x * job->scale);
          max_y = MAX (max_y, point->y * job->scale);
        }
    }
  if (visible->len == 0)
    return image;

  x0 = (int) floor (MAX (min_x - margin, 0));
  y0 = (int) floor (MAX (min_y - margin, 0));
  x1 = (int) ceil (MIN (max_x + margin, job->width));
  y1 = (int) ceil (MIN (max_y + margin, job->height));
  if (x1 <= x0 || y1 <= y0)
    return image;

  image->x = x0;
  image->y = y0;
  image->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0);
  cr = cairo_create (image->surface);
  cairo_translate (cr, -x0, -y0);
  cairo_scale (cr, job->scale, job->scale);

  for (guint i = 0; i < visible->len; i++)
    {
      const RasterItem *item = &g_array_index (job->items, RasterItem, g_array_index (visible, guint, i));
      const RouteShape *shape = &job->set->routes[item->route];
      gboolean past = item->kind == TRACE_PAST;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      project_item (job, item, points);
      draw_trace (cr, (const graphene_point_t *) (gpointer) points->data, points->len, &shape->color,
                  past, past ? past_opacity (item->years_past) : 1, 0,
                  item->to_head || item->n_stops == shape->n_stops, FALSE);
    }

  cairo_destroy (cr);
  cairo_surface_flush (image->surface);
  if (g_cancellable_is_cancelled (cancellable))
    g_clear_pointer (&image, raster_image_free);
  return image;
}

static void
draw_raster_in_thread (gpointer data,
                       gpointer user_data)
{
  g_autoptr(GTask) task = data;
  RasterImage *image;

#ifdef __linux__
  /* Linux schedules each thread on its own.  On a machine with few cores
   * a raster drawn beside the main thread holds it and the display server
   * back, and so the frames drawn meanwhile, even at a low priority: the
   * thread runs only on a core nothing else wants, or failing that at a
   * low priority. */
  {
    struct sched_param idle = { 0 };

    if (sched_setscheduler (0, SCHED_IDLE, &idle) != 0)
      setpriority (PRIO_PROCESS, 0, RASTER_NICE);
  }
#endif
  image = draw_raster (g_task_get_task_data (task), g_task_get_cancellable (task));
  if (image)
    g_task_return_pointer (task, image, (GDestroyNotify) raster_image_free);
  else
    g_task_return_error_if_cancelled (task);
}

/* The thread that draws the rasters of every layer, one at a time: a
 * thread of its own, as GTask's are shared with work that should not run
 * at a lower priority. */
static GThreadPool *
raster_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (draw_raster_in_thread, NULL, 1, TRUE, NULL));
  return pool;
}

/* The view -------------------------------------------------------------------- */

static gboolean
get_view (AtlasRouteLayer *self,
          View            *view)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double cos_r, sin_r, half_width, half_height;

  view->width = gtk_widget_get_width (widget);
  view->height = gtk_widget_get_height (widget);
  if (source == NULL || view->width <= 0 || view->height <= 0)
    return FALSE;

  view->scale = gtk_widget_get_scale_factor (widget);
  view->zoom = shumate_viewport_get_zoom_level (viewport);
  view->rotation = shumate_viewport_get_rotation (viewport);
  view->world_size = shumate_map_source_get_x (source, view->zoom, 180.0);
  view->origin_x = shumate_map_source_get_x (source, view->zoom,
                                             shumate_location_get_longitude (SHUMATE_LOCATION (viewport)))
                   - view->width / 2.0;
  view->origin_y = shumate_map_source_get_y (source, view->zoom,
                                             shumate_location_get_latitude (SHUMATE_LOCATION (viewport)))
                   - view->height / 2.0;

  /* Drawn unrotated, then turned about the centre as libshumate does. */
  cos_r = fabs (cos (view->rotation));
  sin_r = fabs (sin (view->rotation));
  half_width = (view->width * cos_r + view->height * sin_r) / 2;
  half_height = (view->width * sin_r + view->height * cos_r) / 2;
  view->box = GRAPHENE_RECT_INIT (view->width / 2.0 - half_width, view->height / 2.0 - half_height,
                                  2 * half_width, 2 * half_height);
  return TRUE;
}

static graphene_point_t
to_widget (const View       *view,
           const WorldPoint *point)
{
  return GRAPHENE_POINT_INIT (point->x * view->world_size - view->origin_x,
                              point->y * view->world_size - view->origin_y);
}

/* Traces ---------------------------------------------------------------------- */

static void
reset (AtlasRouteLayer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->drawing, raster_job_unref);
  g_clear_pointer (&self->shown, raster_job_unref);
  g_clear_pointer (&self->raster_node, gsk_render_node_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->traces, g_array_unref);
  g_clear_pointer (&self->set, route_set_unref);
}

/* The length, in the world, of the line a frame draws for a route under
 * way: its last segments up to its army. */
static double
live_length (const RouteSet *set,
             guint           route,
             const Trace    *trace)
{
  const WorldPoint *stops = &set->stops[set->routes[route].first];
  guint first = trace->n_reached > LIVE_SEGMENTS_MAX ? trace->n_reached - LIVE_SEGMENTS_MAX : 0;
  double length = 0;

  for (guint j = first + 1; j < trace->n_reached; j++)
    length += hypot (stops[j].x - stops[j - 1].x, stops[j].y - stops[j - 1].y);
  if (trace->between)
    length += hypot (trace->head.x - stops[trace->n_reached - 1].x, trace->head.y - stops[trace->n_reached - 1].y);
  return length;
}

/* Where each route stands at @day; what the raster holds is made anew. */
static void
update_traces (AtlasRouteLayer  *self,
               GPtrArray        *routes,
               ShumateMapSource *source,
               AtlasDay          day)
{
  self->n_under_way = 0;
  self->live_length = 0;
  for (guint i = 0; i < routes->len; i++)
    {
      AtlasRoute *route = g_ptr_array_index (routes, i);
      Trace *trace = &g_array_index (self->traces, Trace, i);
      AtlasRoutePosition position;
      guint n_stops = atlas_route_get_n_stops (route);

      *trace = (Trace) { TRACE_NONE };
      if (n_stops < 2)
        continue;
      atlas_route_get_position (route, day, &position);
      if (!position.started)
        continue;
      if (atlas_route_layer_is_under_way (route, day))
        {
          const AtlasRouteStop *stop;

          trace->kind = TRACE_UNDER_WAY;
          trace->n_reached = position.finished ? n_stops : position.segment + 1;
          stop = atlas_route_get_stop (route, trace->n_reached - 1);
          trace->between = !position.finished && (position.lat != stop->lat || position.lon != stop->lon);
          trace->head = trace->between ? world_point (source, position.lat, position.lon)
                                       : self->set->stops[self->set->routes[i].first + trace->n_reached - 1];
          self->n_under_way++;
          self->live_length += live_length (self->set, i, trace);
        }
      else
        {
          trace->kind = TRACE_PAST;
          trace->n_reached = n_stops;
          trace->years_past = years_past (route, day);
        }
    }
  self->traces_day = day;
  g_clear_pointer (&self->items, g_array_unref);
}

/* What the raster should hold: the past routes and, unless the frames
 * draw them, the lines of the routes under way up to their armies. */
static void
update_items (AtlasRouteLayer *self,
              gboolean         live_lines)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (RasterItem));

  /* Past routes first, so that the routes under way lie on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->traces->len; i++)
      {
        const Trace *trace = &g_array_index (self->traces, Trace, i);
        RasterItem item = { i, trace->n_reached, trace->kind, trace->years_past };

        if (trace->kind != (pass == 0 ? TRACE_PAST : TRACE_UNDER_WAY) ||
            (trace->kind == TRACE_PAST && trace->years_past >= FADE_YEARS))
          continue;
        if (trace->kind == TRACE_UNDER_WAY && !live_lines && trace->between)
          {
            item.to_head = TRUE;
            item.head = trace->head;
          }
        if (item.n_stops + (item.to_head ? 1 : 0) >= 2)
          g_array_append_val (items, item);
      }

  g_clear_pointer (&self->items, g_array_unref);
  self->items = items;
  self->live_lines = live_lines;
}

/* Brings the traces to the date and the raster's items to the date and
 * the view; FALSE if there is nothing to draw. */
static gboolean
ensure_traces (AtlasRouteLayer *self,
               const View      *view)
{
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  AtlasDay day = atlas_timeline_get_date (self->timeline);
  GPtrArray *routes;
  gboolean live_lines;

  if (document == NULL || source == NULL)
    return FALSE;
  routes = atlas_document_get_routes (document);
  if (routes->len == 0)
    return FALSE;

  if (self->set == NULL)
    {
      self->set = route_set_new (routes, source);
      self->traces = g_array_new (FALSE, TRUE, sizeof (Trace));
      g_array_set_size (self->traces, routes->len);
    }
  if (self->items == NULL || day != self->traces_day)
    update_traces (self, routes, source, day);

  live_lines = self->n_under_way <= LIVE_ROUTES_MAX &&
               self->live_length * view->world_size <= LIVE_PIXELS_MAX;
  if (self->items == NULL || live_lines != self->live_lines)
    update_items (self, live_lines);
  return TRUE;
}

/* Raster requests ------------------------------------------------------------- */

/* Whether @job holds what the layer shows now over the whole view: the
 * same routes, at the current zoom unless it is still changing. */
static gboolean
raster_fits (AtlasRouteLayer *self,
             const RasterJob *job,
             const View      *view)
{
  int scale = view->scale;

  if (job->set != self->set || job->scale != scale || !items_equal (job->items, self->items))
    return FALSE;
  if (self->settle_id != 0)
    return TRUE;
  if (job->zoom != view->zoom)
    return FALSE;

  /* Its area against the view's box, in device pixels of the same world. */
  return job->x <= (view->origin_x + view->box.origin.x) * scale + 1 &&
         job->y <= (view->origin_y + view->box.origin.y) * scale + 1 &&
         job->x + job->width >= (view->origin_x + view->box.origin.x + view->box.size.width) * scale - 1 &&
         job->y + job->height >= (view->origin_y + view->box.origin.y + view->box.size.height) * scale - 1;
}

static RasterJob *
raster_job_new (AtlasRouteLayer *self,
                const View      *view)
{
  RasterJob *job = g_atomic_rc_box_new0 (RasterJob);
  int scale = view->scale;

  job->set = g_atomic_rc_box_acquire (self->set);
  job->items = g_array_ref (self->items);
  job->n_held = g_new0 (guint, self->set->n_routes);
  for (guint i = 0; i < self->items->len; i++)
    {
      const RasterItem *item = &g_array_index (self->items, RasterItem, i);

      job->n_held[item->route] = item->n_stops;
    }
  job->zoom = view->zoom;
  job->scale = scale;
  job->world_size = view->world_size * scale;
  job->x = (int) floor ((view->origin_x + view->box.origin.x - RASTER_MARGIN) * scale);
  job->y = (int) floor ((view->origin_y + view->box.origin.y - RASTER_MARGIN) * scale);
  job->width = (int) ceil ((view->box.size.width + 2 * RASTER_MARGIN) * scale);
  job->height = (int) ceil ((view->box.size.height + 2 * RASTER_MARGIN) * scale);
  return job;
}

/* Takes @job and @image, the raster now on screen.  Its node is kept
 * from frame to frame: the cairo renderer then sees nothing to redraw
 * where the map has not moved, and the GL renderer keeps its texture. */
static void
show_raster (AtlasRouteLayer *self,
             RasterJob       *job,
             RasterImage     *image)
{
  g_clear_pointer (&self->shown, raster_job_unref);
  g_clear_pointer (&self->raster_node, gsk_render_node_unref);
  self->shown = job;

  if (image->surface)
    {
      int width = cairo_image_surface_get_width (image->surface);
      int height = cairo_image_surface_get_height (image->surface);
      cairo_t *cr;

      cairo_surface_set_device_scale (image->surface, job->scale, job->scale);
      self->raster_node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, (double) width / job->scale,
                                                                  (double) height / job->scale));
      cr = gsk_cairo_node_get_draw_context (self->raster_node);
      cairo_set_source_surface (cr, image->surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      self->raster_x = job->x + image->x;
      self->raster_y = job->y + image->y;
    }
  raster_image_free (image);
}

static void
raster_drawn_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);
  RasterImage *image = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled when the document changed or the layer went. */
  if (image == NULL)
    return;

  show_raster (self, g_steal_pointer (&self->drawing), image);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* How much line a job has to draw in its area, roughly: no segment
 * shows longer than the area's diagonal. */
static double
estimate_pixels (const RasterJob *job)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  graphene_rect_t area = GRAPHENE_RECT_INIT (0, 0, (double) job->width / job->scale,
                                             (double) job->height / job->scale);
  double diagonal = hypot (area.size.width, area.size.height);
  double pixels = 0;

  for (guint i = 0; i < job->items->len; i++)
    {
      const RasterItem *item = &g_array_index (job->items, RasterItem, i);

      if (!project_item (job, item, points))
        continue;
      for (guint j = 1; j < points->len; j++)
        {
          const graphene_point_t *a = &g_array_index (points, graphene_point_t, j - 1);
          const graphene_point_t *b = &g_array_index (points, graphene_point_t, j);
          /* A pixel wider, as a level or upright segment has an empty box. */
          graphene_rect_t box = GRAPHENE_RECT_INIT (MIN (a->x, b->x) - 1, MIN (a->y, b->y) - 1,
                                                    fabs (b->x - a->x) + 2, fabs (b->y - a->y) + 2);

          if (graphene_rect_intersection (&box, &area, NULL))
            pixels += MIN (graphene_point_distance (a, b, NULL, NULL), diagonal) *
                      (item->kind == TRACE_PAST ? 1 : 2);
        }
    }
  return pixels;
}

/* Starts the raster the view needs, unless the one on screen will do or
 * one is being drawn: one at a time, the next from the view as it is
 * when that one is done. */
static void
request_raster (AtlasRouteLayer *self,
                const View      *view)
{
  RasterJob *job;

  if ((self->shown && raster_fits (self, self->shown, view)) || self->drawing)
    return;

  job = raster_job_new (self, view);
  if (estimate_pixels (job) <= SYNC_PIXELS_MAX)
    {
      show_raster (self, job, draw_raster (job, NULL));
    }
  else
    {
      g_autoptr(GTask) task = NULL;

      if (self->cancellable == NULL)
        self->cancellable = g_cancellable_new ();
      task = g_task_new (self, self->cancellable, raster_drawn_cb, NULL);
      g_task_set_source_tag (task, request_raster);
      g_task_set_task_data (task, g_atomic_rc_box_acquire (job), (GDestroyNotify) raster_job_unref);
      self->drawing = job;
      g_thread_pool_push (raster_pool (), g_object_ref (task), NULL);
    }
}

/* Drawing --------------------------------------------------------------------- */

static void
snapshot_raster (AtlasRouteLayer *self,
                 GtkSnapshot     *snapshot,
                 const View      *view)
{
  const RasterJob *job = self->shown;
  double ratio, x, y;

  if (self->raster_node == NULL)
    return;

  /* Widget pixels now per widget pixel of the raster. */
  ratio = view->world_size * job->scale / job->world_size;
  x = (double) self->raster_x / job->scale * ratio - view->origin_x;
  y = (double) self->raster_y / job->scale * ratio - view->origin_y;
  gtk_snapshot_save (snapshot);
  if (job->zoom == view->zoom && job->scale == view->scale)
    {
      /* On whole pixels, the raster is copied rather than resampled. */
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x * view->scale) / view->scale,
                                                              round (y * view->scale) / view->scale));
    }
  else
    {
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_scale (snapshot, ratio, ratio);
    }
  gtk_snapshot_append_node (snapshot, self->raster_node);
  gtk_snapshot_restore (snapshot);
}

/* The direction of the last step that moved, towards the head. */
static void
head_direction (const View      *view,
                const RouteSet  *set,
                guint            route,
                const Trace     *trace,
                graphene_point_t head,
                double          *dx,
                double          *dy)
{
  const RouteShape *shape = &set->routes[route];

  *dx = 1;
  *dy = 0;
  for (guint j = trace->n_reached; j-- > 0;)
    {
      graphene_point_t from = to_widget (view, &set->stops[shape->first + j]);
      double length = graphene_point_distance (&from, &head, NULL, NULL);

      if (length > 0.5)
        {
          *dx = (head.x - from.x) / length;
          *dy = (head.y - from.y) / length;
          return;
        }
    }
}

/* Colour and direction in one key: 8 bits a channel, then the step. */
static gint64
head_sprite_key (const GdkRGBA *color,
                 guint          direction)
{
  const float channels[] = { color->red, color->green, color->blue, color->alpha };
  gint64 key = 0;

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    key = key << 8 | (gint64) lround (CLAMP (channels[i], 0.0, 1.0) * 255);
  return key << 8 | direction;
}

/* Paints the mark of an army at (@x, @y) marching along (@dx, @dy). */
static void
paint_head (AtlasRouteLayer *self,
            cairo_t         *cr,
            int              scale,
            double           x,
            double           y,
            double           dx,
            double           dy,
            const GdkRGBA   *color)
{
  guint direction = (guint) lround (atan2 (dy, dx) / (2 * G_PI) * HEAD_DIRECTIONS + HEAD_DIRECTIONS) % HEAD_DIRECTIONS;
  gint64 key = head_sprite_key (color, direction);
  double half = HEAD_SPRITE_SIZE / 2.0;
  cairo_surface_t *sprite;

  if (scale != self->head_sprites_scale || g_hash_table_size (self->head_sprites) >= HEAD_SPRITES_MAX)
    {
      g_hash_table_remove_all (self->head_sprites);
      self->head_sprites_scale = scale;
    }

  sprite = g_hash_table_lookup (self->head_sprites, &key);
  if (sprite == NULL)
    {
      double angle = direction * 2 * G_PI / HEAD_DIRECTIONS;
      cairo_t *sprite_cr;

      sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, HEAD_SPRITE_SIZE * scale, HEAD_SPRITE_SIZE * scale);
      cairo_surface_set_device_scale (sprite, scale, scale);
      sprite_cr = cairo_create (sprite);
      atlas_route_layer_draw_head (sprite_cr, half, half, cos (angle), sin (angle), color);
      cairo_destroy (sprite_cr);
      g_hash_table_insert (self->head_sprites, g_memdup2 (&key, sizeof key), sprite);
    }

  /* On whole device pixels, the sprite is copied rather than resampled. */
  x = round ((x - half) * scale) / scale;
  y = round ((y - half) * scale) / scale;
  cairo_set_source_surface (cr, sprite, x, y);
  cairo_rectangle (cr, x, y, HEAD_SPRITE_SIZE, HEAD_SPRITE_SIZE);
  cairo_fill (cr);
}

/* What a frame draws of a route under way: its points from stop
 * `first`, found in the frame's points from `offset`. */
typedef struct
{
  guint route;
  guint first;
  guint offset;
  guint n_points;
} LivePart;

/* The last stretch of each route under way, beyond what the raster on
 * screen holds, and the armies. */
static void
snapshot_live (AtlasRouteLayer *self,
               GtkSnapshot     *snapshot,
               const View      *view)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (LivePart));
  graphene_rect_t cull, bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  cairo_t *cr;

  graphene_rect_inset_r (&view->box, -CULL_MARGIN, -CULL_MARGIN, &cull);

  /* The points of every part first, as the node needs its bounds. */
  for (guint i = 0; i < self->traces->len; i++)
    {
      const Trace *trace = &g_array_index (self->traces, Trace, i);
      const RouteShape *shape = &self->set->routes[i];
      guint held = self->shown ? self->shown->n_held[i] : 0;
      LivePart part = { i, 0, points->len, 0 };
      graphene_point_t head;
      graphene_rect_t box;

      if (trace->kind != TRACE_UNDER_WAY)
        continue;

      if (self->live_lines)
        {
          if (held > 1)
            part.first = MIN (held, trace->n_reached) - 1;
          if (trace->n_reached - part.first > LIVE_SEGMENTS_MAX)
            part.first = trace->n_reached - LIVE_SEGMENTS_MAX;
          for (guint j = part.first; j < trace->n_reached; j++)
            {
              graphene_point_t point = to_widget (view, &self->set->stops[shape->first + j]);

              g_array_append_val (points, point);
            }
        }
      head = to_widget (view, &trace->head);
      if (trace->between || points->len == part.offset)
        g_array_append_val (points, head);
      part.n_points = points->len - part.offset;

      graphene_rect_init (&box, head.x, head.y, 0, 0);
      for (guint j = part.offset; j < points->len; j++)
        graphene_rect_expand (&box, &g_array_index (points, graphene_point_t, j), &box);
      graphene_rect_inset (&box, -CULL_MARGIN, -CULL_MARGIN);
      if (!graphene_rect_intersection (&box, &cull, &box))
        {
          g_array_set_size (points, part.offset);
          continue;
        }
      if (parts->len == 0)
        bounds = box;
      else
        graphene_rect_union (&bounds, &box, &bounds);
      g_array_append_val (parts, part);
    }
  if (parts->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  for (guint p = 0; p < parts->len; p++)
    {
      const LivePart *part = &g_array_index (parts, LivePart, p);
      const RouteShape *shape = &self->set->routes[part->route];
      double start = 0;

      if (part->n_points < 2)
        continue;
      /* The arrows go on from where the raster's stopped. */
      for (guint j = 1; j <= part->first; j++)
        {
          graphene_point_t a = to_widget (view, &self->set->stops[shape->first + j - 1]);
          graphene_point_t b = to_widget (view, &self->set->stops[shape->first + j]);

          start += graphene_point_distance (&a, &b, NULL, NULL);
        }
      draw_trace (cr, &g_array_index (points, graphene_point_t, part->offset), part->n_points,
                  &shape->color, FALSE, 1, start, TRUE, part->first > 0);
    }
  for (guint p = 0; p < parts->len; p++)
    {
      const LivePart *part = &g_array_index (parts, LivePart, p);
      const Trace *trace = &g_array_index (self->traces, Trace, part->route);
      graphene_point_t head = to_widget (view, &trace->head);
      double dx, dy;

      head_direction (view, self->set, part->route, trace, head, &dx, &dy);
      paint_head (self, cr, view->scale, head.x, head.y, dx, dy, &self->set->routes[part->route].color);
    }
  cairo_destroy (cr);
}

static void
atlas_route_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (widget);
  View view;

  if (!get_view (self, &view) || !ensure_traces (self, &view))
    return;

  request_raster (self, &view);

  gtk_snapshot_save (snapshot);
  if (view.rotation != 0)
    {
      graphene_point_t centre = GRAPHENE_POINT_INIT (view.width / 2.0, view.height / 2.0);

      gtk_snapshot_translate (snapshot, &centre);
      gtk_snapshot_rotate (snapshot, view.rotation * 180 / G_PI);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-centre.x, -centre.y));
    }
  snapshot_raster (self, snapshot, &view);
  snapshot_live (self, snapshot, &view);
  gtk_snapshot_restore (snapshot);
}

/* Changes ----------------------------------------------------------------------- */

static gboolean
zoom_settled_cb (gpointer user_data)
{
  AtlasRouteLayer *self = user_data;

  self->settle_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
on_zoom_changed (AtlasRouteLayer *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  /* With nothing on screen yet, there is nothing to wait with. */
  if (self->shown)
    self->settle_id = g_timeout_add (ZOOM_SETTLE_MS, zoom_settled_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_document_changed (AtlasRouteLayer *self)
{
  reset (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * atlas_route_layer_is_drawn:
 * @self: a route layer
 *
 * Whether the layer's raster holds the routes of the date at the current
 * zoom, over the whole view, so that its frames show them all, rather
 * than an older raster while the new one is drawn.
 *
 * Returns: %TRUE once the raster is that of the view and the date
 */
gboolean
atlas_route_layer_is_drawn (AtlasRouteLayer *self)
{
  View view;

  g_return_val_if_fail (ATLAS_IS_ROUTE_LAYER (self), FALSE);

  if (!get_view (self, &view) || !ensure_traces (self, &view))
    return TRUE;
  return self->shown && self->settle_id == 0 && raster_fits (self, self->shown, &view);
}

/* Out of its window the layer keeps no raster, nor a worker busy. */
static void
atlas_route_layer_unroot (GtkWidget *widget)
{
  reset (ATLAS_ROUTE_LAYER (widget));
  GTK_WIDGET_CLASS (atlas_route_layer_parent_class)->unroot (widget);
}

static void
atlas_route_layer_constructed (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);
  ShumateViewport *viewport;
  static const char * const redraw_on[] = {
    "notify::latitude", "notify::longitude", "notify::rotation", "notify::reference-map-source",
  };

  G_OBJECT_CLASS (atlas_route_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_return_if_fail (viewport != NULL && self->timeline != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (redraw_on); i++)
    g_signal_connect_object (viewport, redraw_on[i], G_CALLBACK (gtk_widget_queue_draw),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_zoom_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::date", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::document", G_CALLBACK (on_document_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
atlas_route_layer_dispose (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  reset (self);

  G_OBJECT_CLASS (atlas_route_layer_parent_class)->dispose (object);
}

static void
atlas_route_layer_finalize (GObject *object)
{
  AtlasRouteLayer *self = ATLAS_ROUTE_LAYER (object);

  g_clear_object (&self->timeline);
  g_clear_pointer (&self->head_sprites, g_hash_table_unref);

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
  widget_class->unroot = atlas_route_layer_unroot;

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
  self->head_sprites = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) cairo_surface_destroy);
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
