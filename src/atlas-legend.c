/* atlas-legend.c: what the map's symbols, marks and colours mean
 *
 * Every swatch is drawn by the same functions the map layers use, so the
 * legend cannot drift from the map.  The kinds and factions listed are
 * those of the timeline's document, rebuilt when the document changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-legend.h"
#include "atlas-place-layer.h"
#include "atlas-route-layer.h"

#define SWATCH_WIDTH 40
#define SWATCH_HEIGHT 26
#define N_KINDS (ATLAS_PLACE_KIND_OTHER + 1)

typedef enum
{
  SWATCH_SYMBOL,
  SWATCH_UNCERTAIN,
  SWATCH_DEBATED,
  SWATCH_MARCH,
  SWATCH_PAST_MARCH,
} SwatchType;

typedef struct
{
  SwatchType type;
  AtlasPlaceKind kind;
  AtlasPlaceState state;
  GdkRGBA fill;
  GdkRGBA ring;
  gboolean has_ring;
} Swatch;

struct _AtlasLegend
{
  GtkWidget parent_instance;

  AtlasTimeline *timeline;

  GtkGrid *kinds_grid;
  GtkGrid *states_grid;
  GtkGrid *routes_grid;
  GtkWidget *factions_heading;
  GtkGrid *factions_grid;
};

G_DEFINE_FINAL_TYPE (AtlasLegend, atlas_legend, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Examples for the states: any holder, any attacker or overlord. */
static const GdkRGBA example_holder = { 0.56, 0.56, 0.55, 1.0 };
static const GdkRGBA example_other = { 0.24, 0.22, 0.27, 1.0 };
static const GdkRGBA example_army = { 0.17, 0.34, 0.59, 1.0 };

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const Swatch *swatch = data;
  double cx = width / 2.0, cy = height / 2.0;

  switch (swatch->type)
    {
    case SWATCH_SYMBOL:
      if (atlas_place_kind_is_settlement (swatch->kind) || swatch->state != ATLAS_PLACE_STATE_HELD)
        {
          double size = atlas_place_layer_kind_symbol_size (swatch->kind);

          /* States are shown on a city, whose marks must fit the swatch. */
          if (swatch->state != ATLAS_PLACE_STATE_HELD)
            size = MIN (size, 9);
          cairo_translate (cr, cx, cy);
          atlas_place_layer_draw_symbol (cr, swatch->kind, swatch->state, &swatch->fill,
                                         swatch->has_ring ? &swatch->ring : NULL, size);
        }
      else
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
          int text_width, text_height;

          /* TRANSLATORS: sample text showing the type face of a kind of place */
          atlas_place_layer_layout_label (layout, swatch->kind, C_("legend sample", "Aa"));
          pango_layout_get_pixel_size (layout, &text_width, &text_height);
          cairo_move_to (cr, cx - text_width / 2.0, cy - text_height / 2.0);
          atlas_place_layer_draw_label (cr, layout, swatch->kind, FALSE);
        }
      break;

    case SWATCH_UNCERTAIN:
      cairo_translate (cr, cx, cy);
      atlas_place_layer_draw_uncertainty (cr, &swatch->fill, height / 2.0 - 1);
      atlas_place_layer_draw_symbol (cr, ATLAS_PLACE_KIND_TOWN, ATLAS_PLACE_STATE_HELD, &swatch->fill, NULL,
                                     atlas_place_layer_kind_symbol_size (ATLAS_PLACE_KIND_TOWN));
      break;

    case SWATCH_DEBATED:
      atlas_place_layer_draw_alternative (cr, 9, cy, width - 7, cy, &swatch->fill, 4.5);
      cairo_translate (cr, 9, cy);
      atlas_place_layer_draw_symbol (cr, ATLAS_PLACE_KIND_CITY, ATLAS_PLACE_STATE_HELD, &swatch->fill, NULL, 9);
      break;

    case SWATCH_MARCH:
    case SWATCH_PAST_MARCH:
      {
        gboolean finished = swatch->type == SWATCH_PAST_MARCH;
        graphene_point_t points[2] = {
          GRAPHENE_POINT_INIT (3, cy + 4),
          GRAPHENE_POINT_INIT (finished ? width - 3 : width - 10, cy - 2),
        };
        double length = graphene_point_distance (&points[0], &points[1], NULL, NULL);

        atlas_route_layer_draw_line (cr, points, G_N_ELEMENTS (points), &swatch->fill, finished);
        if (!finished)
          atlas_route_layer_draw_head (cr, points[1].x, points[1].y,
                                       (points[1].x - points[0].x) / length,
                                       (points[1].y - points[0].y) / length,
                                       &swatch->fill);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Adds a swatch and its caption at the next free cell of a grid laid out
 * in two columns of pairs. */
static void
add_entry (GtkGrid      *grid,
           guint        *count,
           const Swatch *swatch,
           const char   *caption,
           const char   *tooltip)
{
  GtkWidget *area = g_object_new (GTK_TYPE_DRAWING_AREA,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  "content-width", SWATCH_WIDTH,
                                  "content-height", SWATCH_HEIGHT,
                                  NULL);
  GtkWidget *label = gtk_label_new (caption);
  int column = (*count % 2) * 2;
  int row = *count / 2;

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch,
                                  g_memdup2 (swatch, sizeof *swatch), g_free);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (tooltip)
    {
      gtk_widget_set_tooltip_text (area, tooltip);
      gtk_widget_set_tooltip_text (label, tooltip);
    }
  gtk_grid_attach (grid, area, column, row, 1, 1);
  gtk_grid_attach (grid, label, column + 1, row, 1, 1);
  (*count)++;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))))
    gtk_grid_remove (grid, child);
}

static void
faction_color (AtlasFaction *faction,
               GdkRGBA      *color)
{
  double red, green, blue;

  atlas_faction_get_rgb (faction, &red, &green, &blue);
  *color = (GdkRGBA) { red, green, blue, 1.0 };
}

static void
build_kinds (AtlasLegend   *self,
             AtlasDocument *document)
{
  gboolean used[N_KINDS] = { FALSE };
  gboolean any_approximate = FALSE, any_debated = FALSE;
  guint count = 0;

  if (document)
    {
      GPtrArray *places = atlas_document_get_places (document);

      for (guint i = 0; i < places->len; i++)
        {
          AtlasPlace *place = g_ptr_array_index (places, i);
          AtlasCertainty certainty = atlas_place_get_certainty (place);

          used[atlas_place_get_kind (place)] = TRUE;
          any_approximate |= certainty == ATLAS_CERTAINTY_APPROXIMATE && atlas_place_get_radius_km (place) > 0;
          any_debated |= certainty == ATLAS_CERTAINTY_DEBATED && atlas_place_get_n_alts (place) > 0;
        }
    }
  else
    {
      for (guint kind = 0; kind < N_KINDS; kind++)
        used[kind] = TRUE;
    }

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      Swatch swatch = { SWATCH_SYMBOL, kind, ATLAS_PLACE_STATE_HELD, example_holder };

      if (used[kind])
        add_entry (self->kinds_grid, &count, &swatch, atlas_place_kind_describe (kind), NULL);
    }

  if (any_approximate)
    {
      Swatch swatch = { SWATCH_UNCERTAIN, .fill = example_holder };

      add_entry (self->kinds_grid, &count, &swatch, _("Approximate"),
                 _("The dashed circle shows how far off the position may be"));
    }
  if (any_debated)
    {
      Swatch swatch = { SWATCH_DEBATED, .fill = example_holder };

      add_entry (self->kinds_grid, &count, &swatch, _("Debated"),
                 _("Select the place to see the other positions proposed for it"));
    }
}

static void
build_states (AtlasLegend *self)
{
  static const struct
  {
    AtlasPlaceState state;
    const char *caption;
    const char *tooltip;
  } states[] = {
    { ATLAS_PLACE_STATE_HELD, N_("Held"), N_("Filled with the holder’s colour") },
    { ATLAS_PLACE_STATE_BESIEGED, N_("Besieged"), N_("Ringed, with siege ticks, in the besieger’s colour") },
    { ATLAS_PLACE_STATE_RAIDED, N_("Raided"), N_("Dashed ring in the raider’s colour") },
    { ATLAS_PLACE_STATE_BATTLE, N_("Battle"), N_("Crossed swords in the attacker’s colour") },
    { ATLAS_PLACE_STATE_VASSAL, N_("Vassal"), N_("Its own colour, ringed in the overlord’s") },
    { ATLAS_PLACE_STATE_CAPTURED, N_("Captured"), N_("Filled with the captor’s colour, flag raised") },
    { ATLAS_PLACE_STATE_DESTROYED, N_("Destroyed"), N_("Greyed out and crossed") },
  };
  guint count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      Swatch swatch = {
        SWATCH_SYMBOL, ATLAS_PLACE_KIND_CITY, states[i].state,
        example_holder, example_other, TRUE,
      };

      add_entry (self->states_grid, &count, &swatch, _(states[i].caption), _(states[i].tooltip));
    }
}

static void
build_routes (AtlasLegend *self)
{
  Swatch march = { SWATCH_MARCH, .fill = example_army };
  Swatch past = { SWATCH_PAST_MARCH, .fill = example_army };
  guint count = 0;

  add_entry (self->routes_grid, &count, &march, _("On the march"),
             _("The route so far, and where the army stands at the date"));
  add_entry (self->routes_grid, &count, &past, _("Past campaign"), NULL);
}

static void
build_factions (AtlasLegend   *self,
                AtlasDocument *document)
{
  GPtrArray *factions = document ? atlas_document_get_factions (document) : NULL;
  gboolean unclaimed = FALSE;
  guint count = 0;

  for (guint i = 0; factions && i < factions->len; i++)
    {
      AtlasFaction *faction = g_ptr_array_index (factions, i);
      Swatch swatch = { SWATCH_SYMBOL, ATLAS_PLACE_KIND_CITY, ATLAS_PLACE_STATE_HELD };

      faction_color (faction, &swatch.fill);
      add_entry (self->factions_grid, &count, &swatch, atlas_faction_get_name (faction), NULL);
    }

  if (document)
    {
      GPtrArray *places = atlas_document_get_places (document);

      for (guint i = 0; i < places->len && !unclaimed; i++)
        {
          AtlasPlace *place = g_ptr_array_index (places, i);

          unclaimed = atlas_place_kind_is_settlement (atlas_place_get_kind (place)) &&
                      atlas_place_get_faction (place) == NULL;
        }
    }
  if (unclaimed)
    {
      Swatch swatch = { SWATCH_SYMBOL, ATLAS_PLACE_KIND_CITY, ATLAS_PLACE_STATE_HELD, example_holder };

      add_entry (self->factions_grid, &count, &swatch, _("No holder"), NULL);
    }

  gtk_widget_set_visible (self->factions_heading, count > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->factions_grid), count > 0);
}

static void
rebuild (AtlasLegend *self)
{
  AtlasDocument *document = self->timeline ? atlas_timeline_get_document (self->timeline) : NULL;

  clear_grid (self->kinds_grid);
  clear_grid (self->states_grid);
  clear_grid (self->routes_grid);
  clear_grid (self->factions_grid);

  build_kinds (self, document);
  build_states (self);
  build_routes (self);
  build_factions (self, document);
}

static void
atlas_legend_dispose (GObject *object)
{
  AtlasLegend *self = ATLAS_LEGEND (object);
  GtkWidget *child;

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATLAS_TYPE_LEGEND);
  /* The template's box has no name to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atlas_legend_parent_class)->dispose (object);
}

static void
atlas_legend_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AtlasLegend *self = ATLAS_LEGEND (object);

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
atlas_legend_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AtlasLegend *self = ATLAS_LEGEND (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      atlas_legend_set_timeline (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_legend_class_init (AtlasLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atlas_legend_dispose;
  object_class->get_property = atlas_legend_get_property;
  object_class->set_property = atlas_legend_set_property;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/XiaAtlas/ui/atlas-legend.ui");
  gtk_widget_class_bind_template_child (widget_class, AtlasLegend, kinds_grid);
  gtk_widget_class_bind_template_child (widget_class, AtlasLegend, states_grid);
  gtk_widget_class_bind_template_child (widget_class, AtlasLegend, routes_grid);
  gtk_widget_class_bind_template_child (widget_class, AtlasLegend, factions_heading);
  gtk_widget_class_bind_template_child (widget_class, AtlasLegend, factions_grid);

  gtk_widget_class_set_css_name (widget_class, "legend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atlas_legend_init (AtlasLegend *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map legend"),
                                  -1);
  rebuild (self);
}

AtlasLegend *
atlas_legend_new (AtlasTimeline *timeline)
{
  g_return_val_if_fail (timeline == NULL || ATLAS_IS_TIMELINE (timeline), NULL);

  return g_object_new (ATLAS_TYPE_LEGEND, "timeline", timeline, NULL);
}

AtlasTimeline *
atlas_legend_get_timeline (AtlasLegend *self)
{
  g_return_val_if_fail (ATLAS_IS_LEGEND (self), NULL);
  return self->timeline;
}

void
atlas_legend_set_timeline (AtlasLegend   *self,
                           AtlasTimeline *timeline)
{
  g_return_if_fail (ATLAS_IS_LEGEND (self));
  g_return_if_fail (timeline == NULL || ATLAS_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;

  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  if (timeline)
    g_signal_connect_object (timeline, "notify::document", G_CALLBACK (rebuild),
                             self, G_CONNECT_SWAPPED);

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}
