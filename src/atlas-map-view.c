/* atlas-map-view.c
 *
 * The map follows the timeline through its layers; this widget only
 * puts them together, moves the view and shows a place's details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "atlas-basemap-source.h"
#include "atlas-legend.h"
#include "atlas-map-view.h"
#include "atlas-place-layer.h"
#include "atlas-place-popover.h"
#include "atlas-projection.h"
#include "atlas-route-layer.h"

struct _AtlasMapView
{
  GtkWidget parent_instance;

  GtkOverlay *overlay;
  ShumateSimpleMap *simple_map;
  GtkRevealer *legend_revealer;
  AtlasLegend *legend;

  AtlasTimeline *timeline;
  AtlasPlaceLayer *place_layer;
  AtlasRouteLayer *route_layer;
  AtlasPlacePopover *popover;
  AtlasPlace *popover_place;

  ShumateMapSource *offline_source;
  ShumateMapSource *online_source;
  AtlasBasemapKind basemap;
  gboolean prefetched;
};

G_DEFINE_FINAL_TYPE (AtlasMapView, atlas_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

enum {
  READ_IN_ARTICLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static ShumateViewport *
get_viewport (AtlasMapView *self)
{
  return shumate_simple_map_get_viewport (self->simple_map);
}

/* Points the details popover at its place, or hides it once the place
 * has left the view. */
static void
update_popover_position (AtlasMapView *self)
{
  ShumateMap *map = shumate_simple_map_get_map (self->simple_map);
  double x, y, mx, my;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->popover_place == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return;

  shumate_viewport_location_to_widget_coords (get_viewport (self), GTK_WIDGET (map),
                                              atlas_place_get_latitude (self->popover_place),
                                              atlas_place_get_longitude (self->popover_place),
                                              &x, &y);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (map), GTK_WIDGET (self), x, y, &mx, &my) ||
      mx < 0 || my < 0 || mx > width || my > height)
    {
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      return;
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) mx - 6, (int) my - 6, 12, 12 });
}

static void
open_popover (AtlasMapView *self,
              AtlasPlace   *place)
{
  g_set_object (&self->popover_place, place);
  atlas_place_popover_set_place (self->popover, place, self->timeline);
  atlas_place_layer_set_selected_place (self->place_layer, place);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  update_popover_position (self);
}

static void
on_place_activated (AtlasMapView *self,
                    AtlasPlace   *place)
{
  open_popover (self, place);
}

static void
on_popover_closed (AtlasMapView *self)
{
  atlas_place_layer_set_selected_place (self->place_layer, NULL);
  g_clear_object (&self->popover_place);
}

static void
on_read_in_article (AtlasMapView *self,
                    AtlasSection *section)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[READ_IN_ARTICLE], 0, section);
}

static void
on_viewport_changed (AtlasMapView *self)
{
  update_popover_position (self);
}

/* The details follow the date while they are open. */
static void
on_date_changed (AtlasMapView *self)
{
  if (self->popover_place && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    atlas_place_popover_set_place (self->popover, self->popover_place, self->timeline);
}

static void
on_document_changed (AtlasMapView *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  atlas_map_view_reset_view (self);
}

static void
atlas_map_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  AtlasMapView *self = ATLAS_MAP_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* No layout manager: the popover child must be presented here. */
static void
atlas_map_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  AtlasMapView *self = ATLAS_MAP_VIEW (widget);

  /* libshumate asks for its tiles only after the frame that first lays
   * the map out; the basemap can start on them now. */
  if (!self->prefetched && self->basemap == ATLAS_BASEMAP_OFFLINE)
    {
      ShumateViewport *viewport = get_viewport (self);

      self->prefetched = TRUE;
      atlas_basemap_source_prefetch (ATLAS_BASEMAP_SOURCE (self->offline_source),
                                     shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                     shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                     shumate_viewport_get_zoom_level (viewport),
                                     width, height);
    }

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);
  update_popover_position (self);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
atlas_map_view_dispose (GObject *object)
{
  AtlasMapView *self = ATLAS_MAP_VIEW (object);

  if (self->popover)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  atlas_map_view_set_timeline (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_MAP_VIEW);
  g_clear_object (&self->popover_place);
  g_clear_object (&self->offline_source);
  g_clear_object (&self->online_source);

  G_OBJECT_CLASS (atlas_map_view_parent_class)->dispose (object);
}

static void
atlas_map_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtlasMapView *self = ATLAS_MAP_VIEW (object);

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
atlas_map_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtlasMapView *self = ATLAS_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      atlas_map_view_set_timeline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_map_view_class_init (AtlasMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_map_view_dispose;
  object_class->get_property = atlas_map_view_get_property;
  object_class->set_property = atlas_map_view_set_property;
  widget_class->measure = atlas_map_view_measure;
  widget_class->size_allocate = atlas_map_view_size_allocate;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The details of a place asked to show the article paragraph. */
  signals[READ_IN_ARTICLE] =
    g_signal_new ("read-in-article", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATLAS_TYPE_SECTION);

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  g_type_ensure (ATLAS_TYPE_LEGEND);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, AtlasMapView, simple_map);
  gtk_widget_class_bind_template_child (widget_class, AtlasMapView, legend_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtlasMapView, legend);
  gtk_widget_class_set_css_name (widget_class, "atlas-map-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atlas_map_view_init (AtlasMapView *self)
{
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);

  {
    g_autoptr(AtlasBasemap) basemap = atlas_basemap_new_default ();
    self->offline_source = SHUMATE_MAP_SOURCE (atlas_basemap_source_new (basemap));
  }
  self->basemap = ATLAS_BASEMAP_OFFLINE;
  shumate_simple_map_set_map_source (self->simple_map, self->offline_source);

  viewport = get_viewport (self);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);

  self->popover = ATLAS_PLACE_POPOVER (atlas_place_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_RIGHT);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "read-in-article", G_CALLBACK (on_read_in_article), self, G_CONNECT_SWAPPED);
}

AtlasMapView *
atlas_map_view_new (AtlasTimeline *timeline)
{
  return g_object_new (ATLAS_TYPE_MAP_VIEW, "timeline", timeline, NULL);
}

AtlasTimeline *
atlas_map_view_get_timeline (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), NULL);
  return self->timeline;
}

void
atlas_map_view_set_timeline (AtlasMapView  *self,
                             AtlasTimeline *timeline)
{
  ShumateViewport *viewport;

  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));

  if (self->timeline == timeline)
    return;

  if (self->timeline)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      shumate_simple_map_remove_overlay_layer (self->simple_map, SHUMATE_LAYER (self->place_layer));
      shumate_simple_map_remove_overlay_layer (self->simple_map, SHUMATE_LAYER (self->route_layer));
      self->place_layer = NULL;
      self->route_layer = NULL;
    }
  g_set_object (&self->timeline, timeline);

  if (timeline)
    {
      viewport = get_viewport (self);
      self->route_layer = atlas_route_layer_new (viewport, timeline);
      self->place_layer = atlas_place_layer_new (viewport, timeline);
      atlas_place_layer_set_landscape_labels (self->place_layer, self->basemap != ATLAS_BASEMAP_OFFLINE);
      shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->route_layer));
      shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->place_layer));
      g_signal_connect_object (self->place_layer, "place-activated",
                               G_CALLBACK (on_place_activated), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (timeline, "notify::date", G_CALLBACK (on_date_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (timeline, "notify::document", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
      atlas_legend_set_timeline (self->legend, timeline);
      atlas_map_view_reset_view (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

ShumateMap *
atlas_map_view_get_map (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), NULL);
  return shumate_simple_map_get_map (self->simple_map);
}

GtkWidget *
atlas_map_view_get_place_layer (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), NULL);
  return GTK_WIDGET (self->place_layer);
}

GtkWidget *
atlas_map_view_get_place_popover (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), NULL);
  return GTK_WIDGET (self->popover);
}

/* The online map comes from libshumate's registry and is made only when
 * asked for, so the offline default never touches the network. */
void
atlas_map_view_set_basemap (AtlasMapView     *self,
                            AtlasBasemapKind  kind)
{
  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));

  if (self->basemap == kind)
    return;
  self->basemap = kind;

  if (kind == ATLAS_BASEMAP_OPENSTREETMAP && self->online_source == NULL)
    {
      g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
      ShumateMapSource *osm = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);

      self->online_source = osm ? g_object_ref (osm) : NULL;
    }

  shumate_simple_map_set_map_source (self->simple_map,
                                     kind == ATLAS_BASEMAP_OPENSTREETMAP && self->online_source
                                     ? self->online_source : self->offline_source);
  /* The offline basemap names deserts, ranges and rivers itself. */
  if (self->place_layer)
    atlas_place_layer_set_landscape_labels (self->place_layer, kind != ATLAS_BASEMAP_OFFLINE);
}

AtlasBasemapKind
atlas_map_view_get_basemap (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), ATLAS_BASEMAP_OFFLINE);
  return self->basemap;
}

void
atlas_map_view_set_legend_visible (AtlasMapView *self,
                                   gboolean      visible)
{
  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));
  gtk_revealer_set_reveal_child (self->legend_revealer, visible);
}

/* The document's own first view (meta/view). */
void
atlas_map_view_reset_view (AtlasMapView *self)
{
  AtlasDocument *document;
  ShumateViewport *viewport = get_viewport (self);
  double lat, lon, zoom;

  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));

  if (self->timeline == NULL || (document = atlas_timeline_get_document (self->timeline)) == NULL)
    return;

  atlas_document_get_view (document, &lat, &lon, &zoom);
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (shumate_simple_map_get_map (self->simple_map), lat, lon);
}

/* Centres on a place (keeping the zoom, or closing in on a wide view) and
 * optionally opens its details. */
void
atlas_map_view_show_place (AtlasMapView *self,
                           AtlasPlace   *place,
                           gboolean      details)
{
  ShumateMap *map;
  double zoom;

  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));
  g_return_if_fail (ATLAS_IS_PLACE (place));

  map = shumate_simple_map_get_map (self->simple_map);
  zoom = MAX (shumate_viewport_get_zoom_level (get_viewport (self)), 6.0);
  shumate_map_stop_go_to (map);
  shumate_map_go_to_full_with_duration (map,
                                        atlas_place_get_latitude (place),
                                        atlas_place_get_longitude (place),
                                        zoom,
                                        gtk_widget_get_mapped (GTK_WIDGET (self)) ? 400 : 0);
  if (details)
    open_popover (self, place);
}

/* Fits the view around the places (e.g. those a section mentions). */
void
atlas_map_view_fit_places (AtlasMapView *self,
                           GPtrArray    *places)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double width, height, zoom, lon, lat;
  ShumateMap *map;

  g_return_if_fail (ATLAS_IS_MAP_VIEW (self));

  if (places == NULL || places->len == 0)
    return;

  /* Work in world pixels at zoom 0, where the world is 256 px wide. */
  for (guint i = 0; i < places->len; i++)
    {
      AtlasPlace *place = g_ptr_array_index (places, i);
      double x, y;

      atlas_projection_lonlat_to_pixel (atlas_place_get_longitude (place),
                                        atlas_place_get_latitude (place), 0, &x, &y);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
    }

  width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 400) * 0.8;
  height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 300) * 0.8;
  zoom = log2 (MIN (width / MAX (max_x - min_x, 1e-6), height / MAX (max_y - min_y, 1e-6)));
  zoom = CLAMP (zoom, 3.0, 9.0);

  atlas_projection_pixel_to_lonlat ((min_x + max_x) / 2, (min_y + max_y) / 2, 0, &lon, &lat);
  map = shumate_simple_map_get_map (self->simple_map);
  shumate_map_stop_go_to (map);
  shumate_map_go_to_full_with_duration (map, lat, lon, zoom,
                                        gtk_widget_get_mapped (GTK_WIDGET (self)) ? 500 : 0);
}

/* TRUE once every basemap tile asked for so far has been drawn, and the
 * routes of the date: a raster of many routes comes from a worker some
 * frames after the date changes. */
gboolean
atlas_map_view_is_drawn (AtlasMapView *self)
{
  g_return_val_if_fail (ATLAS_IS_MAP_VIEW (self), FALSE);

  if (self->route_layer && !atlas_route_layer_is_drawn (self->route_layer))
    return FALSE;
  if (self->basemap != ATLAS_BASEMAP_OFFLINE)
    return TRUE;
  return atlas_basemap_source_get_n_pending (ATLAS_BASEMAP_SOURCE (self->offline_source)) == 0 &&
         atlas_basemap_source_get_n_filled (ATLAS_BASEMAP_SOURCE (self->offline_source)) > 0;
}
