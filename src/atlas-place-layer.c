/* atlas-place-layer.c: every place of the document, as it stands at the date
 *
 * The layer paints symbols and labels itself rather than with a widget
 * per place: each distinct symbol and each label is drawn once into a
 * sprite, and a frame only places sprites, so thousands of places stay
 * smooth.  The rest of a frame's work is kept small too: places are
 * projected once per document, so that a frame only scales and shifts
 * them; a date change looks again only at places whose status it can
 * change; and where minor symbols crowd, those that would lie under
 * another are left out.  Widgets are kept only where the keyboard and
 * screen readers need them: a pool of AtlasPlaceMarker buttons over the
 * most important places on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pixman.h>

#include "atlas-place-layer.h"
#include "atlas-place-marker.h"
#include "atlas-projection.h"

/* How far a symbol may lie outside the widget and still be drawn. */
#define SYMBOL_MARGIN 24.0
/* Clicks this close to a symbol's centre hit it. */
#define HIT_RADIUS 10.0
/* An uncertainty circle smaller than this would hide under its symbol. */
#define MIN_UNCERTAINTY_RADIUS 8.0
/* Larger circles are drawn directly rather than cached. */
#define MAX_SPRITE_RADIUS 64.0
/* Labels tried, and symbols that labels avoid, per frame. */
#define MAX_LABEL_CANDIDATES 400
#define MAX_LABELS 160
#define MAX_LABEL_OBSTACLES 300
/* Memory for the sprite caches, symbols and labels, at scale 1; past it
 * the sprites used least recently go.  Changing dates over the largest
 * documents keeps a few thousand symbols in use. */
#define MAX_SYMBOL_SPRITE_BYTES (16 << 20)
#define MAX_LABEL_SPRITE_BYTES (8 << 20)
/* Symbols drawn ahead while the main loop is idle (see prepare_step())
 * take up to this part of the cache's memory, in steps of this long. */
#define PREPARED_SHARE 0.75
#define PREPARE_STEP_US 2000
/* At most one minor symbol is drawn per square cell of this size, about
 * a symbol's width: one more would lie mostly under the first. */
#define THINNING_CELL 12.0
/* Kinds come in tiers of importance, from capitals to label-only kinds;
 * a place's rank is twice its tier, less two in a fight. */
#define MAX_TIER 4
#define MIN_RANK (-2)
#define MAX_RANK (2 * MAX_TIER)

typedef struct
{
  AtlasPlace *place;
  AtlasPlaceStatus status;
  AtlasPlaceStyle style;
  AtlasPlaceKind kind;
  int rank;                     /* lower is more important */
  /* The status holds from valid_from up to, not including, valid_until. */
  AtlasDay valid_from;
  AtlasDay valid_until;
  /* The place's periods, in the layer's array of them. */
  guint first_period;
  guint n_periods;
  guint changed_at;             /* the update of statuses that last changed it */
  /* Web Mercator at zoom 0: pixels of a world ATLAS_PROJECTION_TILE_SIZE
   * wide. */
  double world_x;
  double world_y;
  /* The radius of uncertainty in metres over the cosine of the latitude,
   * by which Mercator stretches it; 0 for an exact place. */
  double stretched_radius;
} PlaceEntry;

/* A stretch of days over which a place's status, and so its look, stays
 * the same: from its first day up to the next period's. */
typedef struct
{
  AtlasDay from;
  AtlasPlaceStatus status;
  AtlasPlaceStyle style;
  int rank;
} StatusPeriod;

typedef struct
{
  guint entry;
  double x;
  double y;
  double uncertainty;           /* radius in pixels, 0 for none */
  gboolean hidden;              /* a minor symbol under another one */
} ShownPlace;

typedef struct
{
  guint entry;
  graphene_rect_t rect;
} PlacedLabel;

/* From world coordinates to the widget's, as the last layout found them:
 * libshumate's projection, without a call into it per place. */
typedef struct
{
  double scale;                 /* widget pixels per world pixel */
  double origin_x;              /* the widget's top left corner, scaled */
  double origin_y;
  double centre_x;              /* the widget's centre, turned about */
  double centre_y;
  double cos_rotation;
  double sin_rotation;
  double metres_per_pixel;      /* at the equator */
} Projection;

/* A picture drawn once and placed many times: a symbol in one style, or
 * a place's label. */
typedef struct
{
  cairo_surface_t *surface;
  GdkTexture *texture;          /* made from the surface on first use */
  pixman_image_t *image;        /* the surface's pixels, made on first use */
  double x;                     /* the top left corner from the point */
  double y;                     /* the sprite is placed at */
  double width;
  double height;
  gpointer key;                 /* owned by the cache's table */
  GList link;                   /* in the cache's queue */
  guint prepared_in;            /* the last pass of drawing ahead to count it */
} Sprite;

/* Sprites by key, and in the order of their last use, so that the cache
 * can stay within its memory by dropping the one used longest ago. */
typedef struct
{
  GHashTable *table;            /* key → Sprite, owning both */
  GQueue queue;                 /* of Sprite, the most recently used first */
  gsize bytes;
  gsize max_bytes;
} SpriteCache;

/* In software, the image a frame's sprites are composited into.  Sprites
 * go in through pixman directly, a third of the cost of a cairo paint
 * each, which counts with thousands a frame; the rest is drawn with
 * cairo, and the two hand the pixels over as cairo asks. */
typedef struct
{
  cairo_t *cr;
  pixman_image_t *image;
  int scale_factor;
  gboolean in_cairo;            /* cairo drew last */
} Canvas;

typedef struct
{
  AtlasPlace *place;
  gboolean faded;
  int scale_factor;
} LabelKey;

/* A label's logical size. */
typedef struct
{
  int width;
  int height;
} LabelSize;

struct _AtlasPlaceLayer
{
  ShumateLayer parent_instance;

  AtlasTimeline *timeline;
  AtlasPlace *selected;
  gboolean landscape_labels;

  /* Every place with its state at the date, in document order. */
  GArray *entries;              /* of PlaceEntry */
  GArray *periods;              /* of StatusPeriod, each place's in turn */
  GArray *order;                /* entry indices, most important first */
  GHashTable *entry_for_place;  /* AtlasPlace → entry index + 1 */
  guint n_status_updates;       /* since the layer was made */

  /* The entries near the screen at the last layout, most important
   * first. */
  GArray *shown;                /* of ShownPlace */
  Projection projection;
  double symbol_scale;
  GByteArray *occupied;         /* the thinning grid's cells */
  int scale_factor;             /* the frame's, read once: GTK walks up to
                                 * the surface for it */

  /* The labels the last frame placed, so that they can be clicked too. */
  GArray *labels;               /* of PlacedLabel */
  GHashTable *label_sizes;      /* AtlasPlace → LabelSize */
  SpriteCache label_sprites;    /* by LabelKey */
  SpriteCache symbol_sprites;   /* by SpriteKey */

  /* Drawing symbols ahead: the entry and period up to which they are
   * drawn, the memory they take, and at which size. */
  guint prepare_id;
  guint prepare_pass;
  guint prepare_entry;
  guint prepare_period;
  gsize prepared_bytes;
  double prepared_scale;
  int prepared_scale_factor;

  GPtrArray *markers;           /* the pool; every one is a child */
  GPtrArray *free_markers;      /* those standing for no place */
  GHashTable *marker_for_place; /* AtlasPlace → marker in use */

  double press_x;               /* where the last click started */
  double press_y;
};

G_DEFINE_FINAL_TYPE (AtlasPlaceLayer, atlas_place_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_TIMELINE,
  PROP_SELECTED_PLACE,
  PROP_LANDSCAPE_LABELS,
  N_PROPS
};

enum {
  SIGNAL_PLACE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GdkRGBA neutral_color = { 0.56, 0.56, 0.55, 1.0 };
static const GdkRGBA outline_color = { 0.11, 0.1, 0.13, 0.9 };
static const GdkRGBA halo_color = { 1.0, 1.0, 1.0, 0.85 };
/* How far a label's halo reaches beyond its glyphs, and in how many
 * copies of them it is drawn. */
#define HALO_RADIUS 1.6
#define HALO_STEPS 8
static const GdkRGBA selection_color = { 0.208, 0.518, 0.894, 1.0 };

/* --- Style: what a state looks like ------------------------------------ */

static void
faction_color (AtlasFaction *faction,
               GdkRGBA      *color)
{
  double red, green, blue;

  if (faction == NULL)
    {
      *color = neutral_color;
      return;
    }
  atlas_faction_get_rgb (faction, &red, &green, &blue);
  *color = (GdkRGBA) { red, green, blue, 1.0 };
}

/**
 * atlas_place_layer_style_for_status:
 * @place: the place
 * @status: its status at some date
 * @style: (out): how to paint it
 *
 * The body takes the colour of whoever holds the place in its own right:
 * the captor of a captured place, but the place's own faction for a vassal,
 * whose overlord shows as a ring instead.  Under attack, the ring takes the
 * attacker's colour.  A destroyed place keeps its owner's colour, which
 * atlas_place_layer_draw_symbol() greys out.
 */
void
atlas_place_layer_style_for_status (AtlasPlace             *place,
                                    const AtlasPlaceStatus *status,
                                    AtlasPlaceStyle        *style)
{
  AtlasFaction *body = status->holder;
  AtlasFaction *ring = NULL;

  g_return_if_fail (ATLAS_IS_PLACE (place));
  g_return_if_fail (status != NULL && style != NULL);

  switch (status->state)
    {
    case ATLAS_PLACE_STATE_BESIEGED:
    case ATLAS_PLACE_STATE_RAIDED:
    case ATLAS_PLACE_STATE_BATTLE:
      ring = status->event ? atlas_event_get_attacker (status->event) : NULL;
      /* A vassal under attack is still painted in its own colour. */
      if (status->event)
        {
          AtlasPlaceStatus before;

          atlas_place_status_at (place, atlas_event_get_first_day (status->event) - 1, &before);
          if (before.state == ATLAS_PLACE_STATE_VASSAL)
            body = atlas_place_get_faction (place);
        }
      break;
    case ATLAS_PLACE_STATE_VASSAL:
      body = atlas_place_get_faction (place);
      ring = status->holder;
      break;
    case ATLAS_PLACE_STATE_DESTROYED:
      body = atlas_place_get_faction (place);
      break;
    case ATLAS_PLACE_STATE_CAPTURED:
    case ATLAS_PLACE_STATE_HELD:
    default:
      break;
    }

  style->state = status->state;
  faction_color (body, &style->fill);
  style->has_ring = status->state != ATLAS_PLACE_STATE_HELD &&
                    status->state != ATLAS_PLACE_STATE_CAPTURED &&
                    status->state != ATLAS_PLACE_STATE_DESTROYED;
  if (ring)
    faction_color (ring, &style->ring);
  else
    style->ring = (GdkRGBA) { 0.24, 0.22, 0.27, 1.0 };
}

/* The nominal diameter of a kind's symbol, in pixels at scale 1. */
double
atlas_place_layer_kind_symbol_size (AtlasPlaceKind kind)
{
  switch (kind)
    {
    case ATLAS_PLACE_KIND_CAPITAL:
      return 17;
    case ATLAS_PLACE_KIND_CITY:
      return 12;
    case ATLAS_PLACE_KIND_FORTRESS:
    case ATLAS_PLACE_KIND_PASS:
    case ATLAS_PLACE_KIND_CAMP:
      return 13;
    case ATLAS_PLACE_KIND_TOWN:
      return 7;
    case ATLAS_PLACE_KIND_TOMB:
    case ATLAS_PLACE_KIND_OTHER:
      return 11;
    default:
      return 10;
    }
}

static int
kind_tier (AtlasPlaceKind kind)
{
  switch (kind)
    {
    case ATLAS_PLACE_KIND_CAPITAL:
      return 0;
    case ATLAS_PLACE_KIND_CITY:
    case ATLAS_PLACE_KIND_FORTRESS:
    case ATLAS_PLACE_KIND_PASS:
      return 1;
    case ATLAS_PLACE_KIND_TOWN:
      return 2;
    case ATLAS_PLACE_KIND_TOMB:
    case ATLAS_PLACE_KIND_CAMP:
    case ATLAS_PLACE_KIND_OTHER:
      return 3;
    default:
      return MAX_TIER;
    }
}

static gboolean
state_is_fighting (AtlasPlaceState state)
{
  return state == ATLAS_PLACE_STATE_BESIEGED ||
         state == ATLAS_PLACE_STATE_RAIDED ||
         state == ATLAS_PLACE_STATE_BATTLE;
}

/* --- Drawing, shared with the legend ----------------------------------- */

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
fill_and_outline (cairo_t       *cr,
                  const GdkRGBA *fill)
{
  set_color (cr, fill);
  cairo_fill_preserve (cr);
  set_color (cr, &outline_color);
  cairo_set_line_width (cr, 1.1);
  cairo_stroke (cr);
}

static void
star_path (cairo_t *cr,
           double   outer,
           double   inner)
{
  for (int i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double r = (i % 2) ? inner : outer;

      if (i == 0)
        cairo_move_to (cr, r * cos (angle), r * sin (angle));
      else
        cairo_line_to (cr, r * cos (angle), r * sin (angle));
    }
  cairo_close_path (cr);
}

static void
crenellated_path (cairo_t *cr,
                  double   half)
{
  double step = 2 * half / 5;
  double notch = half * 0.5;

  cairo_move_to (cr, -half, half);
  cairo_line_to (cr, -half, -half);
  for (int i = 1; i < 5; i++)
    {
      double x = -half + i * step;
      /* Merlons stand at the odd fifths, notches between them. */
      if (i % 2)
        {
          cairo_line_to (cr, x, -half);
          cairo_line_to (cr, x, -half + notch);
        }
      else
        {
          cairo_line_to (cr, x, -half + notch);
          cairo_line_to (cr, x, -half);
        }
    }
  cairo_line_to (cr, half, -half);
  cairo_line_to (cr, half, half);
  cairo_close_path (cr);
}

static void
draw_body (cairo_t        *cr,
           AtlasPlaceKind  kind,
           const GdkRGBA  *fill,
           double          size)
{
  double r = size / 2;
  const GdkRGBA white = { 1, 1, 1, 0.95 };

  cairo_new_path (cr);
  switch (kind)
    {
    case ATLAS_PLACE_KIND_CAPITAL:
      cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
      fill_and_outline (cr, fill);
      star_path (cr, r * 0.68, r * 0.28);
      set_color (cr, &white);
      cairo_fill (cr);
      break;

    case ATLAS_PLACE_KIND_CITY:
      cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
      fill_and_outline (cr, fill);
      cairo_arc (cr, 0, 0, r * 0.3, 0, 2 * G_PI);
      set_color (cr, &white);
      cairo_fill (cr);
      break;

    case ATLAS_PLACE_KIND_FORTRESS:
      crenellated_path (cr, r * 0.85);
      fill_and_outline (cr, fill);
      break;

    case ATLAS_PLACE_KIND_PASS:
      {
        /* ")(": two arcs bowing towards each other, as passes are drawn on
         * printed maps; a thin dark edge keeps light colours visible. */
        double bow = r * 1.3;
        double span = 0.75;
        double width = MAX (2.2, size * 0.2);

        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        for (int pass = 0; pass < 2; pass++)
          {
            cairo_new_path (cr);
            cairo_arc (cr, -r * 1.6, 0, bow, -span, span);
            cairo_new_sub_path (cr);
            cairo_arc (cr, r * 1.6, 0, bow, G_PI - span, G_PI + span);
            cairo_set_line_width (cr, pass == 0 ? width + 2 : width);
            set_color (cr, pass == 0 ? &outline_color : fill);
            cairo_stroke (cr);
          }
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      }
      break;

    case ATLAS_PLACE_KIND_TOWN:
      cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
      fill_and_outline (cr, fill);
      break;

    case ATLAS_PLACE_KIND_CAMP:
      cairo_move_to (cr, 0, -r);
      cairo_line_to (cr, r * 1.1, r * 0.8);
      cairo_line_to (cr, -r * 1.1, r * 0.8);
      cairo_close_path (cr);
      fill_and_outline (cr, fill);
      cairo_move_to (cr, -r * 0.32, r * 0.8);
      cairo_line_to (cr, 0, r * 0.05);
      cairo_line_to (cr, r * 0.32, r * 0.8);
      cairo_close_path (cr);
      set_color (cr, &white);
      cairo_fill (cr);
      break;

    case ATLAS_PLACE_KIND_TOMB:
      /* A tumulus: a mound on a ground line. */
      cairo_arc (cr, 0, r * 0.45, r, G_PI, 2 * G_PI);
      cairo_close_path (cr);
      fill_and_outline (cr, fill);
      cairo_move_to (cr, -r * 1.3, r * 0.45);
      cairo_line_to (cr, r * 1.3, r * 0.45);
      set_color (cr, &outline_color);
      cairo_set_line_width (cr, 1.4);
      cairo_stroke (cr);
      break;

    case ATLAS_PLACE_KIND_OTHER:
      cairo_move_to (cr, 0, -r);
      cairo_line_to (cr, r, 0);
      cairo_line_to (cr, 0, r);
      cairo_line_to (cr, -r, 0);
      cairo_close_path (cr);
      fill_and_outline (cr, fill);
      break;

    case ATLAS_PLACE_KIND_REGION:
    case ATLAS_PLACE_KIND_RIVER:
    case ATLAS_PLACE_KIND_MOUNTAINS:
    case ATLAS_PLACE_KIND_DESERT:
    default:
      break;
    }
}

/* A line drawn twice, white and wide under coloured and narrow, so that it
 * stands out from any map colour. */
static void
stroke_cased (cairo_t       *cr,
              const GdkRGBA *color,
              double         width)
{
  set_color (cr, &halo_color);
  cairo_set_line_width (cr, width + 2.4);
  cairo_stroke_preserve (cr);
  set_color (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_swords (cairo_t       *cr,
             const GdkRGBA *color,
             double         reach)
{
  /* Two blades crossing over the symbol, each with a cross-guard near its
   * hilt at the bottom. */
  for (int side = -1; side <= 1; side += 2)
    {
      double tip_x = -side * reach, tip_y = -reach;
      double hilt_x = side * reach, hilt_y = reach;
      double length = hypot (hilt_x - tip_x, hilt_y - tip_y);
      double dx = (hilt_x - tip_x) / length, dy = (hilt_y - tip_y) / length;
      double guard_x = tip_x + (hilt_x - tip_x) * 0.72;
      double guard_y = tip_y + (hilt_y - tip_y) * 0.72;
      double g = reach * 0.38;

      cairo_new_path (cr);
      cairo_move_to (cr, tip_x, tip_y);
      cairo_line_to (cr, hilt_x, hilt_y);
      cairo_move_to (cr, guard_x - dy * g, guard_y + dx * g);
      cairo_line_to (cr, guard_x + dy * g, guard_y - dx * g);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      stroke_cased (cr, color, 2.2);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
}

static void
draw_flag (cairo_t       *cr,
           const GdkRGBA *color,
           double         r)
{
  double pole_x = r * 0.55, pole_top = -r - 9, pole_bottom = -r * 0.4;

  cairo_new_path (cr);
  cairo_move_to (cr, pole_x, pole_bottom);
  cairo_line_to (cr, pole_x, pole_top);
  set_color (cr, &outline_color);
  cairo_set_line_width (cr, 1.3);
  cairo_stroke (cr);

  cairo_move_to (cr, pole_x, pole_top);
  cairo_line_to (cr, pole_x + 8, pole_top + 2.8);
  cairo_line_to (cr, pole_x, pole_top + 5.6);
  cairo_close_path (cr);
  fill_and_outline (cr, color);
}

/**
 * atlas_place_layer_draw_symbol:
 * @cr: where to draw, with the symbol's centre at the origin
 * @kind: the kind of place, which gives the shape
 * @state: the place's state, which gives the marks around it
 * @fill: the body colour
 * @ring: (nullable): the attacker's or overlord's colour
 * @size: the body's diameter in pixels
 *
 * Draws a place symbol as the map does; the legend uses it too, so the two
 * cannot disagree.  Label-only kinds draw nothing but their state's marks.
 */
void
atlas_place_layer_draw_symbol (cairo_t         *cr,
                               AtlasPlaceKind   kind,
                               AtlasPlaceState  state,
                               const GdkRGBA   *fill,
                               const GdkRGBA   *ring,
                               double           size)
{
  double r = size / 2;
  GdkRGBA body = *fill;
  GdkRGBA mark = ring ? *ring : outline_color;

  cairo_save (cr);

  if (state == ATLAS_PLACE_STATE_DESTROYED)
    {
      /* Washed towards grey: still recognisable, clearly no longer alive. */
      double grey = (fill->red + fill->green + fill->blue) / 3;

      body.red = 0.3 * fill->red + 0.7 * (0.55 + grey * 0.2);
      body.green = 0.3 * fill->green + 0.7 * (0.55 + grey * 0.2);
      body.blue = 0.3 * fill->blue + 0.7 * (0.55 + grey * 0.2);
      body.alpha = 0.85;
    }

  /* Rings go under the body so that the body's outline stays crisp. */
  switch (state)
    {
    case ATLAS_PLACE_STATE_BESIEGED:
      {
        double ring_r = r + 4.5;

        cairo_new_path (cr);
        cairo_arc (cr, 0, 0, ring_r, 0, 2 * G_PI);
        stroke_cased (cr, &mark, 3.2);
        /* Siege works: short ticks pointing inwards from outside the ring. */
        for (int i = 0; i < 8; i++)
          {
            double angle = i * G_PI / 4 + G_PI / 8;

            cairo_move_to (cr, (ring_r + 5) * cos (angle), (ring_r + 5) * sin (angle));
            cairo_line_to (cr, (ring_r + 1) * cos (angle), (ring_r + 1) * sin (angle));
          }
        set_color (cr, &mark);
        cairo_set_line_width (cr, 2);
        cairo_stroke (cr);
      }
      break;

    case ATLAS_PLACE_STATE_RAIDED:
      {
        static const double dashes[] = { 3.5, 2.5 };

        cairo_new_path (cr);
        cairo_arc (cr, 0, 0, r + 4, 0, 2 * G_PI);
        set_color (cr, &halo_color);
        cairo_set_line_width (cr, 4.2);
        cairo_stroke_preserve (cr);
        cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        set_color (cr, &mark);
        cairo_set_line_width (cr, 2.2);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
      }
      break;

    case ATLAS_PLACE_STATE_VASSAL:
      cairo_new_path (cr);
      cairo_arc (cr, 0, 0, r + 3, 0, 2 * G_PI);
      stroke_cased (cr, &mark, 2.6);
      break;

    case ATLAS_PLACE_STATE_HELD:
    case ATLAS_PLACE_STATE_BATTLE:
    case ATLAS_PLACE_STATE_CAPTURED:
    case ATLAS_PLACE_STATE_DESTROYED:
    default:
      break;
    }

  draw_body (cr, kind, &body, size);

  /* Marks over the body. */
  switch (state)
    {
    case ATLAS_PLACE_STATE_BATTLE:
      draw_swords (cr, &mark, r + 4);
      break;

    case ATLAS_PLACE_STATE_CAPTURED:
      draw_flag (cr, &body, r);
      break;

    case ATLAS_PLACE_STATE_DESTROYED:
      {
        const GdkRGBA ruin = { 0.14, 0.12, 0.16, 0.95 };
        double d = MAX (r + 1, 5);

        cairo_new_path (cr);
        cairo_move_to (cr, -d, -d);
        cairo_line_to (cr, d, d);
        cairo_move_to (cr, d, -d);
        cairo_line_to (cr, -d, d);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        stroke_cased (cr, &ruin, 1.8);
      }
      break;

    case ATLAS_PLACE_STATE_HELD:
    case ATLAS_PLACE_STATE_BESIEGED:
    case ATLAS_PLACE_STATE_RAIDED:
    case ATLAS_PLACE_STATE_VASSAL:
    default:
      break;
    }

  cairo_restore (cr);
}

/**
 * atlas_place_layer_draw_uncertainty:
 * @cr: where to draw, centred on the place
 * @color: the place's colour
 * @radius: the radius of uncertainty in pixels
 *
 * A faint dashed circle for a place whose position is only approximate.
 */
void
atlas_place_layer_draw_uncertainty (cairo_t       *cr,
                                    const GdkRGBA *color,
                                    double         radius)
{
  static const double dashes[] = { 5, 4 };

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, 0, 0, radius, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.07);
  cairo_fill_preserve (cr);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_set_line_width (cr, 1.3);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.6);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * atlas_place_layer_draw_alternative:
 * @cr: where to draw
 * @from_x: the place's main position
 * @from_y: the place's main position
 * @x: a position some accounts give instead
 * @y: a position some accounts give instead
 * @color: the place's colour
 * @radius: the radius of the place's symbol
 *
 * A hollow ring at an alternative position, joined by a dotted line to the
 * position the map uses.
 */
void
atlas_place_layer_draw_alternative (cairo_t       *cr,
                                    double         from_x,
                                    double         from_y,
                                    double         x,
                                    double         y,
                                    const GdkRGBA *color,
                                    double         radius)
{
  static const double dots[] = { 0.1, 4 };

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_move_to (cr, from_x, from_y);
  cairo_line_to (cr, x, y);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
  set_color (cr, &halo_color);
  cairo_set_line_width (cr, 4.5);
  cairo_stroke_preserve (cr);
  set_color (cr, &outline_color);
  cairo_set_line_width (cr, 2.2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_arc (cr, x, y, MAX (radius, 4), 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.7);
  cairo_fill_preserve (cr);
  stroke_cased (cr, color, 2);
  cairo_restore (cr);
}

/**
 * atlas_place_layer_layout_label:
 * @layout: a layout made for the widget that will show the label
 * @kind: the kind of place, which gives the type face
 * @text: the name
 *
 * Sets @layout up as the map labels a place of @kind: settlements upright
 * and heavier by rank, regions and deserts in spaced capitals, rivers and
 * mountains in italics.
 */
void
atlas_place_layer_layout_label (PangoLayout    *layout,
                                AtlasPlaceKind  kind,
                                const char     *text)
{
  const PangoFontDescription *base = pango_context_get_font_description (pango_layout_get_context (layout));
  g_autoptr(PangoFontDescription) font = base ? pango_font_description_copy (base)
                                              : pango_font_description_from_string ("Sans");
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *upper = NULL;
  double size = 11.5;
  PangoWeight weight = PANGO_WEIGHT_NORMAL;
  PangoStyle style = PANGO_STYLE_NORMAL;

  switch (kind)
    {
    case ATLAS_PLACE_KIND_CAPITAL:
      size = 14;
      weight = PANGO_WEIGHT_BOLD;
      break;
    case ATLAS_PLACE_KIND_CITY:
    case ATLAS_PLACE_KIND_FORTRESS:
    case ATLAS_PLACE_KIND_PASS:
      size = 12.5;
      weight = PANGO_WEIGHT_SEMIBOLD;
      break;
    case ATLAS_PLACE_KIND_REGION:
    case ATLAS_PLACE_KIND_DESERT:
      size = 11.5;
      weight = PANGO_WEIGHT_SEMIBOLD;
      upper = g_utf8_strup (text, -1);
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
      break;
    case ATLAS_PLACE_KIND_RIVER:
    case ATLAS_PLACE_KIND_MOUNTAINS:
      size = 11.5;
      style = PANGO_STYLE_ITALIC;
      break;
    case ATLAS_PLACE_KIND_TOWN:
    case ATLAS_PLACE_KIND_TOMB:
    case ATLAS_PLACE_KIND_CAMP:
    case ATLAS_PLACE_KIND_OTHER:
    default:
      break;
    }

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, upper ? upper : text, -1);
}

static void
label_color (AtlasPlaceKind  kind,
             gboolean        faded,
             GdkRGBA        *color)
{
  if (faded)
    {
      *color = (GdkRGBA) { 0.4, 0.39, 0.42, 1.0 };
      return;
    }

  switch (kind)
    {
    case ATLAS_PLACE_KIND_REGION:
      *color = (GdkRGBA) { 0.37, 0.33, 0.4, 1.0 };
      break;
    case ATLAS_PLACE_KIND_DESERT:
      *color = (GdkRGBA) { 0.55, 0.38, 0.2, 1.0 };
      break;
    case ATLAS_PLACE_KIND_RIVER:
      *color = (GdkRGBA) { 0.1, 0.37, 0.71, 1.0 };
      break;
    case ATLAS_PLACE_KIND_MOUNTAINS:
      *color = (GdkRGBA) { 0.45, 0.3, 0.17, 1.0 };
      break;
    default:
      *color = (GdkRGBA) { 0.1, 0.09, 0.12, 1.0 };
      break;
    }
}

/**
 * atlas_place_layer_draw_label:
 * @cr: where to draw, with the label's top left corner at the current point
 * @layout: a layout prepared by atlas_place_layer_layout_label()
 * @kind: the kind of place
 * @faded: whether the place is destroyed
 *
 * Draws a label with a white halo, so that it reads over any map.
 */
void
atlas_place_layer_draw_label (cairo_t        *cr,
                              PangoLayout    *layout,
                              AtlasPlaceKind  kind,
                              gboolean        faded)
{
  GdkRGBA color;
  double x, y;

  label_color (kind, faded, &color);

  cairo_save (cr);
  cairo_get_current_point (cr, &x, &y);

  /* The halo is the text itself, drawn opaque at points round a circle
   * and laid down at the halo's alpha as one: as round as a stroke of
   * the glyphs' outlines, which cost some 0.6 ms a label, for the price
   * of a few more glyph copies. */
  cairo_push_group (cr);
  cairo_set_source_rgb (cr, halo_color.red, halo_color.green, halo_color.blue);
  for (guint i = 0; i < HALO_STEPS; i++)
    {
      double angle = 2 * G_PI * i / HALO_STEPS;

      cairo_move_to (cr, x + HALO_RADIUS * cos (angle), y + HALO_RADIUS * sin (angle));
      pango_cairo_show_layout (cr, layout);
    }
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, halo_color.alpha);

  set_color (cr, &color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* --- Sprites ------------------------------------------------------------ */

static gsize
sprite_bytes (Sprite *sprite)
{
  return (gsize) cairo_image_surface_get_stride (sprite->surface) *
         cairo_image_surface_get_height (sprite->surface);
}

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  g_clear_pointer (&sprite->image, pixman_image_unref);
  cairo_surface_destroy (sprite->surface);
  g_clear_object (&sprite->texture);
  g_free (sprite);
}

/* A blank sprite of the given logical size, with its top left corner at
 * (@x, @y) from the point it is placed at, and a context to draw it with
 * that point at the origin. */
static Sprite *
sprite_new (double    x,
            double    y,
            double    width,
            double    height,
            int       scale_factor,
            cairo_t **cr)
{
  Sprite *sprite = g_new0 (Sprite, 1);

  sprite->x = x;
  sprite->y = y;
  sprite->width = width;
  sprite->height = height;
  sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                (int) ceil (width * scale_factor),
                                                (int) ceil (height * scale_factor));
  cairo_surface_set_device_scale (sprite->surface, scale_factor, scale_factor);
  sprite->link.data = sprite;
  *cr = cairo_create (sprite->surface);
  cairo_translate (*cr, -x, -y);
  return sprite;
}

/* Cuts the sprite down to the pixels drawn on: a symbol's square leaves
 * room for marks most states do not have, and compositing empty pixels,
 * thousands of times a frame, costs as much as any others. */
static void
sprite_trim (Sprite *sprite)
{
  cairo_surface_t *surface = sprite->surface;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int left = width, right = -1, top = height, bottom = -1;
  double scale_x, scale_y;
  const guchar *data;
  cairo_t *cr;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          /* Alpha is the top byte of a native ARGB32 pixel. */
          if (row[x] >> 24 == 0)
            continue;
          left = MIN (left, x);
          right = MAX (right, x);
          top = MIN (top, y);
          bottom = y;
        }
    }
  if (right < left)
    return;

  cairo_surface_get_device_scale (surface, &scale_x, &scale_y);
  sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, right - left + 1, bottom - top + 1);
  cairo_surface_set_device_scale (sprite->surface, scale_x, scale_y);
  cr = cairo_create (sprite->surface);
  cairo_set_source_surface (cr, surface, -left / scale_x, -top / scale_y);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  sprite->x += left / scale_x;
  sprite->y += top / scale_y;
  sprite->width = (right - left + 1) / scale_x;
  sprite->height = (bottom - top + 1) / scale_y;
}

static GdkTexture *
sprite_get_texture (Sprite *sprite)
{
  if (sprite->texture == NULL)
    {
      int height = cairo_image_surface_get_height (sprite->surface);
      int stride = cairo_image_surface_get_stride (sprite->surface);
      g_autoptr(GBytes) bytes = NULL;

      cairo_surface_flush (sprite->surface);
      bytes = g_bytes_new (cairo_image_surface_get_data (sprite->surface), (gsize) stride * height);
      /* Cairo's ARGB32 is GDK's default memory format on either byte order. */
      sprite->texture = gdk_memory_texture_new (cairo_image_surface_get_width (sprite->surface), height,
                                                GDK_MEMORY_DEFAULT, bytes, stride);
    }
  return sprite->texture;
}

static pixman_image_t *
sprite_get_image (Sprite *sprite)
{
  if (sprite->image == NULL)
    {
      cairo_surface_flush (sprite->surface);
      /* Cairo's ARGB32 is pixman's a8r8g8b8, premultiplied, native-endian. */
      sprite->image = pixman_image_create_bits (PIXMAN_a8r8g8b8,
                                                cairo_image_surface_get_width (sprite->surface),
                                                cairo_image_surface_get_height (sprite->surface),
                                                (uint32_t *) (gpointer) cairo_image_surface_get_data (sprite->surface),
                                                cairo_image_surface_get_stride (sprite->surface));
    }
  return sprite->image;
}

/* The canvas's cairo context, for drawing that is not a sprite. */
static cairo_t *
canvas_cairo (Canvas *canvas)
{
  if (!canvas->in_cairo)
    {
      cairo_surface_mark_dirty (cairo_get_target (canvas->cr));
      canvas->in_cairo = TRUE;
    }
  return canvas->cr;
}

/* At the point (@x, @y): into the frame's canvas when there is one (the
 * software renderer, where one image is far cheaper than thousands of
 * texture nodes), else as a texture node (GPU renderers, where it is the
 * other way round).  Whole pixels keep sprites sharp. */
static void
paint_sprite (GtkSnapshot *snapshot,
              Canvas      *canvas,
              Sprite      *sprite,
              double       x,
              double       y)
{
  x = round (x) + sprite->x;
  y = round (y) + sprite->y;
  if (canvas)
    {
      pixman_image_t *image = sprite_get_image (sprite);

      if (canvas->in_cairo)
        {
          cairo_surface_flush (cairo_get_target (canvas->cr));
          canvas->in_cairo = FALSE;
        }
      pixman_image_composite32 (PIXMAN_OP_OVER, image, NULL, canvas->image, 0, 0, 0, 0,
                                (int) lround (x * canvas->scale_factor), (int) lround (y * canvas->scale_factor),
                                pixman_image_get_width (image), pixman_image_get_height (image));
    }
  else
    {
      gtk_snapshot_append_texture (snapshot, sprite_get_texture (sprite),
                                   &GRAPHENE_RECT_INIT (x, y, sprite->width, sprite->height));
    }
}

static void
sprite_cache_init (SpriteCache *cache,
                   GHashFunc    hash,
                   GEqualFunc   equal,
                   gsize        max_bytes)
{
  cache->table = g_hash_table_new_full (hash, equal, g_free, sprite_free);
  g_queue_init (&cache->queue);
  cache->bytes = 0;
  cache->max_bytes = max_bytes;
}

static void
sprite_cache_remove_all (SpriteCache *cache)
{
  if (cache->table)
    g_hash_table_remove_all (cache->table);
  g_queue_init (&cache->queue);
  cache->bytes = 0;
}

static void
sprite_cache_clear (SpriteCache *cache)
{
  sprite_cache_remove_all (cache);
  g_clear_pointer (&cache->table, g_hash_table_unref);
}

static Sprite *
sprite_cache_lookup (SpriteCache   *cache,
                     gconstpointer  key)
{
  Sprite *sprite = g_hash_table_lookup (cache->table, key);

  if (sprite)
    {
      g_queue_unlink (&cache->queue, &sprite->link);
      g_queue_push_head_link (&cache->queue, &sprite->link);
    }
  return sprite;
}

/* Takes the sprite, with a copy of its key, and keeps within the cache's
 * memory by dropping the sprites used longest ago.  A frame that painted
 * one of them keeps its own reference. */
static void
sprite_cache_insert (SpriteCache   *cache,
                     gconstpointer  key,
                     gsize          key_size,
                     Sprite        *sprite)
{
  sprite->key = g_memdup2 (key, key_size);
  g_hash_table_insert (cache->table, sprite->key, sprite);
  g_queue_push_head_link (&cache->queue, &sprite->link);
  cache->bytes += sprite_bytes (sprite);

  while (cache->bytes > cache->max_bytes && cache->queue.tail != &sprite->link)
    {
      Sprite *oldest = cache->queue.tail->data;

      g_queue_unlink (&cache->queue, &oldest->link);
      cache->bytes -= sprite_bytes (oldest);
      g_hash_table_remove (cache->table, oldest->key);
    }
}

/* --- The model at the date --------------------------------------------- */

/* Places in a fight move up one tier: they are what the date is about. */
static int
rank_for_state (AtlasPlaceKind  kind,
                AtlasPlaceState state)
{
  return kind_tier (kind) * 2 + (state_is_fighting (state) ? -2 : 0);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  AtlasDay day_a = *(const AtlasDay *) a;
  AtlasDay day_b = *(const AtlasDay *) b;

  return (day_a > day_b) - (day_a < day_b);
}

static gboolean
same_status (const AtlasPlaceStatus *a,
             const AtlasPlaceStatus *b)
{
  return a->state == b->state && a->holder == b->holder && a->event == b->event;
}

/* Works the place's periods out once, so that a change of date finds its
 * status, look and rank by a search in a few periods rather than going
 * through its events again.  The status depends on the date only through
 * comparing it with each event's first and last days, so it can change
 * only on a first day, on a last day or on the day after one. */
static void
add_periods (AtlasPlaceLayer *self,
             PlaceEntry      *entry)
{
  GPtrArray *events = atlas_place_get_events (entry->place);
  g_autoptr(GArray) days = g_array_sized_new (FALSE, FALSE, sizeof (AtlasDay), 3 * events->len + 1);
  AtlasDay earliest = G_MININT32;

  g_array_append_val (days, earliest);
  for (guint i = 0; i < events->len; i++)
    {
      AtlasEvent *event = g_ptr_array_index (events, i);
      AtlasDay first = atlas_event_get_first_day (event);
      AtlasDay last = atlas_event_get_last_day (event);

      g_array_append_val (days, first);
      g_array_append_val (days, last);
      if (last < G_MAXINT32)
        {
          AtlasDay after = last + 1;

          g_array_append_val (days, after);
        }
    }
  g_array_sort (days, compare_days);

  entry->first_period = self->periods->len;
  entry->n_periods = 0;
  for (guint i = 0; i < days->len; i++)
    {
      StatusPeriod period = { g_array_index (days, AtlasDay, i) };
      const StatusPeriod *previous = entry->n_periods > 0
                                     ? &g_array_index (self->periods, StatusPeriod, self->periods->len - 1)
                                     : NULL;

      if (i > 0 && period.from == g_array_index (days, AtlasDay, i - 1))
        continue;
      atlas_place_status_at (entry->place, period.from, &period.status);
      if (previous && same_status (&period.status, &previous->status))
        continue;
      atlas_place_layer_style_for_status (entry->place, &period.status, &period.style);
      period.rank = rank_for_state (entry->kind, period.status.state);
      g_array_append_val (self->periods, period);
      entry->n_periods++;
    }
}

/* Takes the status, look and rank of the period holding @date, and the
 * days it holds for.  Returns whether the status differs from the one
 * the entry had. */
static gboolean
enter_period (AtlasPlaceLayer *self,
              PlaceEntry      *entry,
              AtlasDay         date)
{
  const StatusPeriod *periods = &g_array_index (self->periods, StatusPeriod, entry->first_period);
  guint low = 0, high = entry->n_periods;
  gboolean changed;

  /* The first period begins before any date. */
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (periods[middle].from <= date)
        low = middle;
      else
        high = middle;
    }

  entry->valid_from = periods[low].from;
  entry->valid_until = low + 1 < entry->n_periods ? periods[low + 1].from : G_MAXINT32;
  changed = !same_status (&entry->status, &periods[low].status);
  entry->status = periods[low].status;
  entry->style = periods[low].style;
  entry->rank = periods[low].rank;
  return changed;
}

/* By rank, and in document order within a rank, in one pass over the
 * entries. */
static void
sort_entries (AtlasPlaceLayer *self)
{
  guint start[MAX_RANK - MIN_RANK + 2] = { 0 };

  for (guint i = 0; i < self->entries->len; i++)
    start[g_array_index (self->entries, PlaceEntry, i).rank - MIN_RANK + 1]++;
  for (guint rank = 1; rank < G_N_ELEMENTS (start); rank++)
    start[rank] += start[rank - 1];

  g_array_set_size (self->order, self->entries->len);
  for (guint i = 0; i < self->entries->len; i++)
    g_array_index (self->order, guint, start[g_array_index (self->entries, PlaceEntry, i).rank - MIN_RANK]++) = i;
}

/* Brings the statuses to the timeline's date.  Places without events,
 * most of a large document, hold their status for ever and are never
 * looked at again.  Returns whether any status changed. */
static gboolean
update_statuses (AtlasPlaceLayer *self)
{
  AtlasDay date = atlas_timeline_get_date (self->timeline);
  gboolean changed = FALSE;
  gboolean reorder = FALSE;

  self->n_status_updates++;
  for (guint i = 0; i < self->entries->len; i++)
    {
      PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, i);
      int rank = entry->rank;

      if (date >= entry->valid_from && date < entry->valid_until)
        continue;
      if (enter_period (self, entry, date))
        {
          entry->changed_at = self->n_status_updates;
          changed = TRUE;
          reorder |= entry->rank != rank;
        }
    }

  if (reorder)
    sort_entries (self);
  return changed;
}

static void
rebuild_entries (AtlasPlaceLayer *self)
{
  AtlasDocument *document = atlas_timeline_get_document (self->timeline);
  AtlasDay date = atlas_timeline_get_date (self->timeline);
  GPtrArray *places;

  /* Shown places and labels point into the entries. */
  g_array_set_size (self->shown, 0);
  g_array_set_size (self->labels, 0);
  g_array_set_size (self->entries, 0);
  g_array_set_size (self->periods, 0);
  g_array_set_size (self->order, 0);
  g_hash_table_remove_all (self->entry_for_place);
  if (document == NULL)
    return;

  places = atlas_document_get_places (document);
  g_array_set_size (self->entries, places->len);
  for (guint i = 0; i < places->len; i++)
    {
      PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, i);
      double lat;

      entry->place = g_ptr_array_index (places, i);
      entry->kind = atlas_place_get_kind (entry->place);
      lat = atlas_projection_clamp_latitude (atlas_place_get_latitude (entry->place));
      atlas_projection_lonlat_to_pixel (atlas_place_get_longitude (entry->place), lat, 0,
                                        &entry->world_x, &entry->world_y);
      if (atlas_place_get_certainty (entry->place) == ATLAS_CERTAINTY_APPROXIMATE &&
          atlas_place_get_radius_km (entry->place) > 0)
        entry->stretched_radius = atlas_place_get_radius_km (entry->place) * 1000 / cos (lat * G_PI / 180);
      add_periods (self, entry);
      enter_period (self, entry, date);
      g_hash_table_insert (self->entry_for_place, entry->place, GUINT_TO_POINTER (i + 1));
    }
  sort_entries (self);
}

static PlaceEntry *
lookup_entry (AtlasPlaceLayer *self,
              AtlasPlace      *place)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->entry_for_place, place));

  return index ? &g_array_index (self->entries, PlaceEntry, index - 1) : NULL;
}

/* Label-only kinds show only the marks of a state other than held. */
static gboolean
kind_has_symbol (AtlasPlaceKind  kind,
                 AtlasPlaceState state)
{
  return atlas_place_kind_is_settlement (kind) || state != ATLAS_PLACE_STATE_HELD;
}

static gboolean
has_symbol (const PlaceEntry *entry)
{
  return kind_has_symbol (entry->kind, entry->status.state);
}

/* --- Layout: projection and markers ------------------------------------ */

/* Symbols grow a little as the map zooms in, in steps so that a smooth
 * zoom reuses the same sprites. */
static double
scale_for_zoom (double zoom)
{
  return round (CLAMP (0.8 + (zoom - 4) * 0.1, 0.8, 1.2) * 20) / 20;
}

/* Takes the viewport's centre, zoom and rotation for the frame.  The
 * world's size comes from the map source, so that it matches libshumate
 * at any tile size and between whole zoom levels. */
static gboolean
update_projection (AtlasPlaceLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  Projection *projection = &self->projection;
  ShumateMapSource *source = viewport ? shumate_viewport_get_reference_map_source (viewport) : NULL;
  double zoom, world_size, rotation, centre_x, centre_y;

  if (source == NULL)
    return FALSE;
  zoom = shumate_viewport_get_zoom_level (viewport);
  world_size = shumate_map_source_get_x (source, zoom, SHUMATE_MAX_LONGITUDE);
  if (world_size <= 0)
    return FALSE;

  atlas_projection_lonlat_to_pixel (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                    shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                    0, &centre_x, &centre_y);
  rotation = shumate_viewport_get_rotation (viewport);
  projection->scale = world_size / ATLAS_PROJECTION_TILE_SIZE;
  projection->centre_x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  projection->centre_y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  projection->origin_x = centre_x * projection->scale - projection->centre_x;
  projection->origin_y = centre_y * projection->scale - projection->centre_y;
  projection->cos_rotation = cos (rotation);
  projection->sin_rotation = sin (rotation);
  projection->metres_per_pixel = shumate_map_source_get_meters_per_pixel (source, zoom, 0, 0);
  self->symbol_scale = scale_for_zoom (zoom);
  return projection->metres_per_pixel > 0;
}

/* As shumate_viewport_location_to_widget_coords(), turning about the
 * widget's centre as libshumate does. */
static void
world_to_widget (const Projection *projection,
                 double            world_x,
                 double            world_y,
                 double           *x,
                 double           *y)
{
  double dx = world_x * projection->scale - projection->origin_x - projection->centre_x;
  double dy = world_y * projection->scale - projection->origin_y - projection->centre_y;

  *x = projection->cos_rotation * dx - projection->sin_rotation * dy + projection->centre_x;
  *y = projection->sin_rotation * dx + projection->cos_rotation * dy + projection->centre_y;
}

static void
project_places (AtlasPlaceLayer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);

  g_array_set_size (self->shown, 0);
  if (width <= 0 || height <= 0 || !update_projection (self))
    return;

  for (guint i = 0; i < self->order->len; i++)
    {
      guint index = g_array_index (self->order, guint, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, index);
      ShownPlace shown = { index, 0, 0, 0, FALSE };
      double margin = SYMBOL_MARGIN;

      world_to_widget (&self->projection, entry->world_x, entry->world_y, &shown.x, &shown.y);
      if (entry->stretched_radius > 0)
        {
          shown.uncertainty = entry->stretched_radius / self->projection.metres_per_pixel;
          margin = MAX (margin, shown.uncertainty);
        }

      if (shown.x < -margin || shown.y < -margin ||
          shown.x > width + margin || shown.y > height + margin)
        continue;
      g_array_append_val (self->shown, shown);
    }
}

static gboolean
is_on_screen (AtlasPlaceLayer  *self,
              const ShownPlace *shown)
{
  return shown->x >= 0 && shown->y >= 0 &&
         shown->x <= gtk_widget_get_width (GTK_WIDGET (self)) &&
         shown->y <= gtk_widget_get_height (GTK_WIDGET (self));
}

/* Any place but a capital, unless in a fight, may be thinned out; so may
 * not the selected place, nor one a marker stands for, so that every
 * place the keyboard reaches shows. */
static gboolean
can_thin (AtlasPlaceLayer  *self,
          const PlaceEntry *entry)
{
  return kind_tier (entry->kind) >= 1 && !state_is_fighting (entry->status.state) &&
         entry->place != self->selected && !g_hash_table_contains (self->marker_for_place, entry->place);
}

/* Where symbols crowd, as on a zoomed-out view of a large document, a
 * minor one in a cell of a grid already holding a symbol would lie
 * almost wholly under it and is left out: that saves painting thousands.
 * Symbols come most important first, so the most important in a cell
 * stays.  The cells are fixed on the map rather than on the widget, so
 * that panning leaves out the same symbols throughout. */
static void
thin_symbols (AtlasPlaceLayer *self)
{
  const Projection *projection = &self->projection;
  double half_width = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 + SYMBOL_MARGIN;
  double half_height = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 + SYMBOL_MARGIN;
  double cos_rotation = fabs (projection->cos_rotation);
  double sin_rotation = fabs (projection->sin_rotation);
  double reach_x = cos_rotation * half_width + sin_rotation * half_height;
  double reach_y = sin_rotation * half_width + cos_rotation * half_height;
  double centre_x = projection->origin_x + projection->centre_x;
  double centre_y = projection->origin_y + projection->centre_y;
  double left, top;
  guint columns, rows;

  if (self->shown->len == 0)
    return;

  /* The bounds, in scaled world pixels, of all that may show. */
  left = floor ((centre_x - reach_x) / THINNING_CELL);
  top = floor ((centre_y - reach_y) / THINNING_CELL);
  columns = (guint) (floor ((centre_x + reach_x) / THINNING_CELL) - left) + 1;
  rows = (guint) (floor ((centre_y + reach_y) / THINNING_CELL) - top) + 1;
  g_byte_array_set_size (self->occupied, columns * rows);
  memset (self->occupied->data, 0, self->occupied->len);

  for (guint i = 0; i < self->shown->len; i++)
    {
      ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
      double column = floor (entry->world_x * projection->scale / THINNING_CELL) - left;
      double row = floor (entry->world_y * projection->scale / THINNING_CELL) - top;
      guint8 *cell;

      /* Beyond the bounds lie only uncertainty circles of places off
       * screen. */
      if (!has_symbol (entry) || column < 0 || row < 0 || column >= columns || row >= rows)
        continue;

      cell = &self->occupied->data[(guint) row * columns + (guint) column];
      if (*cell && can_thin (self, entry))
        shown->hidden = TRUE;
      *cell = TRUE;
    }
}

static void
update_marker_description (AtlasPlaceLayer  *self,
                           AtlasPlaceMarker *marker)
{
  PlaceEntry *entry = lookup_entry (self, atlas_place_marker_get_place (marker));
  g_autofree char *description = NULL;

  if (entry == NULL)
    return;
  description = atlas_place_status_describe (&entry->status);
  atlas_place_marker_set_description (marker, description);
}

/* Hidden with gtk_widget_set_child_visible(), which unlike
 * gtk_widget_set_visible() queues no resize: markers come and go during
 * the layer's allocation. */
static void
release_marker (AtlasPlaceLayer  *self,
                AtlasPlaceMarker *marker)
{
  gtk_widget_set_child_visible (GTK_WIDGET (marker), FALSE);
  atlas_place_marker_set_place (marker, NULL);
  atlas_place_marker_set_description (marker, NULL);
  g_ptr_array_add (self->free_markers, marker);
}

static void
release_markers (AtlasPlaceLayer *self)
{
  GHashTableIter iter;
  gpointer marker;

  g_hash_table_iter_init (&iter, self->marker_for_place);
  while (g_hash_table_iter_next (&iter, NULL, &marker))
    release_marker (self, marker);
  g_hash_table_remove_all (self->marker_for_place);
}

static void
marker_activate_cb (AtlasPlaceMarker *marker,
                    AtlasPlaceLayer  *self)
{
  AtlasPlace *place = atlas_place_marker_get_place (marker);

  if (place)
    g_signal_emit (self, signals[SIGNAL_PLACE_ACTIVATED], 0, place);
}

/* Makes the pool as large as the document can use, outside any
 * allocation: parenting a widget queues a resize, which during the map's
 * allocation would leave the map without a current one. */
static void
grow_marker_pool (AtlasPlaceLayer *self)
{
  guint wanted = MIN (self->entries->len, ATLAS_PLACE_LAYER_MAX_MARKERS);

  while (self->markers->len < wanted)
    {
      GtkWidget *marker = atlas_place_marker_new ();

      g_signal_connect_object (marker, "activate", G_CALLBACK (marker_activate_cb), self, 0);
      /* The focused place's label is always drawn. */
      g_signal_connect_object (marker, "notify::has-focus", G_CALLBACK (gtk_widget_queue_draw),
                               self, G_CONNECT_SWAPPED);
      gtk_widget_set_child_visible (marker, FALSE);
      gtk_widget_set_parent (marker, GTK_WIDGET (self));
      g_ptr_array_add (self->markers, marker);
      g_ptr_array_add (self->free_markers, marker);
    }
}

/* The places that get a marker: the selected one, then by importance. */
static void
assign_markers (AtlasPlaceLayer *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer place, marker;

  for (guint i = 0; i < self->shown->len && self->selected; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);

      if (g_array_index (self->entries, PlaceEntry, shown->entry).place == self->selected)
        {
          if (is_on_screen (self, shown))
            g_ptr_array_add (order, self->selected);
          break;
        }
    }
  for (guint i = 0; i < self->shown->len && order->len < ATLAS_PLACE_LAYER_MAX_MARKERS; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      AtlasPlace *shown_place = g_array_index (self->entries, PlaceEntry, shown->entry).place;

      if (shown_place != self->selected && is_on_screen (self, shown))
        g_ptr_array_add (order, shown_place);
    }
  for (guint i = 0; i < order->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (order, i));

  /* Markers whose place stays keep it, so focus survives panning. */
  g_hash_table_iter_init (&iter, self->marker_for_place);
  while (g_hash_table_iter_next (&iter, &place, &marker))
    {
      if (g_hash_table_contains (wanted, place))
        continue;
      release_marker (self, marker);
      g_hash_table_iter_remove (&iter);
    }

  /* Those kept already tell the state at the date; see date_changed_cb(). */
  for (guint i = 0; i < order->len && self->free_markers->len > 0; i++)
    {
      AtlasPlace *wanted_place = g_ptr_array_index (order, i);
      AtlasPlaceMarker *assigned;

      if (g_hash_table_contains (self->marker_for_place, wanted_place))
        continue;
      assigned = g_ptr_array_steal_index_fast (self->free_markers, self->free_markers->len - 1);
      atlas_place_marker_set_place (assigned, wanted_place);
      update_marker_description (self, assigned);
      g_hash_table_insert (self->marker_for_place, wanted_place, assigned);
      gtk_widget_set_child_visible (GTK_WIDGET (assigned), TRUE);
    }
}

static void
update_layout (AtlasPlaceLayer *self)
{
  /* Label positions are found again by the next frame. */
  g_array_set_size (self->labels, 0);
  project_places (self);
  assign_markers (self);
  thin_symbols (self);
}

static void
relayout (AtlasPlaceLayer *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
date_changed_cb (AtlasPlaceLayer *self)
{
  GHashTableIter iter;
  gpointer place, marker;

  if (!update_statuses (self))
    return;

  /* Screen readers hear of the new states at once, not at the next
   * frame. */
  g_hash_table_iter_init (&iter, self->marker_for_place);
  while (g_hash_table_iter_next (&iter, &place, &marker))
    {
      PlaceEntry *entry = lookup_entry (self, place);

      if (entry && entry->changed_at == self->n_status_updates)
        update_marker_description (self, marker);
    }
  relayout (self);
}

static void
document_changed_cb (AtlasPlaceLayer *self)
{
  release_markers (self);
  g_hash_table_remove_all (self->label_sizes);
  sprite_cache_remove_all (&self->label_sprites);
  atlas_place_layer_set_selected_place (self, NULL);

  rebuild_entries (self);
  grow_marker_pool (self);
  /* The next frame draws the new places' symbols ahead. */
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  self->prepared_scale = 0;
  relayout (self);
}

/* Only hands places to markers already in the pool and moves them; see
 * grow_marker_pool(). */
static void
atlas_place_layer_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (widget);
  GHashTableIter iter;
  gpointer place, marker;

  update_layout (self);

  g_hash_table_iter_init (&iter, self->marker_for_place);
  while (g_hash_table_iter_next (&iter, &place, &marker))
    {
      PlaceEntry *entry = lookup_entry (self, place);
      double x, y;

      world_to_widget (&self->projection, entry->world_x, entry->world_y, &x, &y);
      gtk_widget_size_allocate (marker,
                                &(GtkAllocation) {
                                  round (x) - ATLAS_PLACE_MARKER_SIZE / 2,
                                  round (y) - ATLAS_PLACE_MARKER_SIZE / 2,
                                  ATLAS_PLACE_MARKER_SIZE,
                                  ATLAS_PLACE_MARKER_SIZE,
                                },
                                -1);
    }
}

static void
atlas_place_layer_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  /* The map gives every layer its whole area; the markers need none. */
  *minimum = *natural = 0;
}

/* --- Drawing the layer ------------------------------------------------- */

static double
symbol_radius (AtlasPlaceLayer  *self,
               const PlaceEntry *entry)
{
  return atlas_place_layer_kind_symbol_size (entry->kind) * self->symbol_scale / 2;
}

/* Labels by zoom: only capitals on a whole-continent view, then cities,
 * then everything.  Rivers, mountains and deserts may be left to a
 * basemap that names them already. */
static gboolean
wants_label (AtlasPlaceLayer  *self,
             const PlaceEntry *entry,
             double            zoom)
{
  gboolean fighting = state_is_fighting (entry->status.state);
  int max_rank;

  switch (entry->kind)
    {
    case ATLAS_PLACE_KIND_REGION:
      return zoom >= 4.5 || fighting;
    case ATLAS_PLACE_KIND_DESERT:
      return (self->landscape_labels && zoom >= 4.5) || fighting;
    case ATLAS_PLACE_KIND_RIVER:
    case ATLAS_PLACE_KIND_MOUNTAINS:
      return (self->landscape_labels && zoom >= 5.5) || fighting;
    default:
      break;
    }

  if (zoom < 4)
    max_rank = 0;
  else if (zoom < 5.5)
    max_rank = 2;
  else if (zoom < 6.5)
    max_rank = 4;
  else
    max_rank = G_MAXINT;
  return entry->rank <= max_rank;
}

/* Measured once per place and document: a few bytes each, while the
 * sprites, far larger, come and go. */
static const LabelSize *
measure_label (AtlasPlaceLayer  *self,
               PangoLayout      *layout,
               const PlaceEntry *entry)
{
  LabelSize *size = g_hash_table_lookup (self->label_sizes, entry->place);

  if (size == NULL)
    {
      PangoRectangle logical;

      atlas_place_layer_layout_label (layout, entry->kind, atlas_place_get_name (entry->place));
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      size = g_new (LabelSize, 1);
      size->width = logical.width;
      size->height = logical.height;
      g_hash_table_insert (self->label_sizes, entry->place, size);
    }
  return size;
}

static guint
label_key_hash (gconstpointer data)
{
  const LabelKey *key = data;

  return g_direct_hash (key->place) ^ (guint) key->faded ^ (guint) key->scale_factor << 1;
}

static gboolean
label_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const LabelKey *key_a = a;
  const LabelKey *key_b = b;

  return key_a->place == key_b->place && key_a->faded == key_b->faded &&
         key_a->scale_factor == key_b->scale_factor;
}

/* Room around a label for its halo and for italics leaning out. */
#define LABEL_PADDING 4

static Sprite *
label_sprite (AtlasPlaceLayer  *self,
              PangoLayout      *layout,
              const PlaceEntry *entry)
{
  LabelKey key = {
    entry->place,
    entry->status.state == ATLAS_PLACE_STATE_DESTROYED,
    self->scale_factor,
  };
  Sprite *sprite = sprite_cache_lookup (&self->label_sprites, &key);

  if (sprite == NULL)
    {
      const LabelSize *size = measure_label (self, layout, entry);
      cairo_t *cr;

      sprite = sprite_new (-LABEL_PADDING, -LABEL_PADDING,
                           size->width + 2 * LABEL_PADDING, size->height + 2 * LABEL_PADDING,
                           key.scale_factor, &cr);
      atlas_place_layer_layout_label (layout, entry->kind, atlas_place_get_name (entry->place));
      cairo_move_to (cr, 0, 0);
      atlas_place_layer_draw_label (cr, layout, entry->kind, key.faded);
      cairo_destroy (cr);
      sprite_cache_insert (&self->label_sprites, &key, sizeof key, sprite);
    }
  return sprite;
}

/* The symbols and labels that labels avoid, binned into square cells so
 * that a label is tested only against those near it: with hundreds of
 * each, testing against all of them took a good part of a frame. */
#define RECT_CELL 64.0

typedef struct
{
  graphene_rect_t rect;
  guint owner;                  /* the shown place of a symbol */
  int next;                     /* in the same cell, or -1 */
} RectLink;

typedef struct
{
  GArray *links;                /* of RectLink */
  GArray *heads;                /* of int: a cell's first link, or -1 */
  int columns;
  int rows;
} RectGrid;

/* Rectangles beyond the edges fall into the outermost cells. */
static void
rect_grid_init (RectGrid *grid,
                double    width,
                double    height)
{
  grid->columns = MAX (1, (int) ceil (width / RECT_CELL));
  grid->rows = MAX (1, (int) ceil (height / RECT_CELL));
  grid->links = g_array_new (FALSE, FALSE, sizeof (RectLink));
  grid->heads = g_array_sized_new (FALSE, FALSE, sizeof (int), grid->columns * grid->rows);
  g_array_set_size (grid->heads, grid->columns * grid->rows);
  for (guint i = 0; i < grid->heads->len; i++)
    g_array_index (grid->heads, int, i) = -1;
}

static void
rect_grid_clear (RectGrid *grid)
{
  g_clear_pointer (&grid->links, g_array_unref);
  g_clear_pointer (&grid->heads, g_array_unref);
}

static int
rect_grid_cell (double position,
                int    n_cells)
{
  return (int) CLAMP (floor (position / RECT_CELL), 0, n_cells - 1);
}

/* The cells, first and last of each way, that @rect lies over. */
static void
rect_grid_span (const RectGrid        *grid,
                const graphene_rect_t *rect,
                int                   *left,
                int                   *right,
                int                   *top,
                int                   *bottom)
{
  *left = rect_grid_cell (rect->origin.x, grid->columns);
  *right = rect_grid_cell (rect->origin.x + rect->size.width, grid->columns);
  *top = rect_grid_cell (rect->origin.y, grid->rows);
  *bottom = rect_grid_cell (rect->origin.y + rect->size.height, grid->rows);
}

static void
rect_grid_add (RectGrid              *grid,
               const graphene_rect_t *rect,
               guint                  owner)
{
  int left, right, top, bottom;

  rect_grid_span (grid, rect, &left, &right, &top, &bottom);

  for (int row = top; row <= bottom; row++)
    for (int column = left; column <= right; column++)
      {
        int *head = &g_array_index (grid->heads, int, row * grid->columns + column);
        RectLink link = { *rect, owner, *head };

        *head = grid->links->len;
        g_array_append_val (grid->links, link);
      }
}

/* Whether @rect overlaps nothing in the grid but the symbol of @owner. */
static gboolean
rect_is_free (const RectGrid        *grid,
              const graphene_rect_t *rect,
              guint                  owner)
{
  int left, right, top, bottom;

  rect_grid_span (grid, rect, &left, &right, &top, &bottom);

  for (int row = top; row <= bottom; row++)
    for (int column = left; column <= right; column++)
      for (int i = g_array_index (grid->heads, int, row * grid->columns + column); i >= 0;)
        {
          const RectLink *link = &g_array_index (grid->links, RectLink, i);

          if (link->owner != owner && graphene_rect_intersection (rect, &link->rect, NULL))
            return FALSE;
          i = link->next;
        }
  return TRUE;
}

static void
try_place_label (AtlasPlaceLayer  *self,
                 PangoLayout      *layout,
                 guint             shown_index,
                 RectGrid         *taken,
                 gboolean          forced)
{
  const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, shown_index);
  const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
  const LabelSize *label = measure_label (self, layout, entry);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double r = symbol_radius (self, entry) + 3;
  double w = label->width, h = label->height;
  graphene_rect_t candidates[4];
  guint n_candidates;
  PlacedLabel placed = { shown->entry };

  if (!has_symbol (entry))
    {
      /* A name standing for an area sits on its point. */
      graphene_rect_init (&candidates[0], shown->x - w / 2, shown->y - h / 2, w, h);
      n_candidates = 1;
    }
  else
    {
      if (entry->status.state != ATLAS_PLACE_STATE_HELD)
        r += 6;
      graphene_rect_init (&candidates[0], shown->x + r, shown->y - h / 2, w, h);
      graphene_rect_init (&candidates[1], shown->x - r - w, shown->y - h / 2, w, h);
      graphene_rect_init (&candidates[2], shown->x - w / 2, shown->y - r - h + 2, w, h);
      graphene_rect_init (&candidates[3], shown->x - w / 2, shown->y + r - 2, w, h);
      n_candidates = 4;
    }

  for (guint i = 0; i < n_candidates; i++)
    {
      const graphene_rect_t *rect = &candidates[i];

      if (rect->origin.x + w < 0 || rect->origin.y + h < 0 ||
          rect->origin.x > width || rect->origin.y > height)
        continue;
      if (!forced && !rect_is_free (taken, rect, shown_index))
        continue;

      placed.rect = *rect;
      /* Labels have no owner: none may overlap another. */
      rect_grid_add (taken, rect, G_MAXUINT);
      g_array_append_val (self->labels, placed);
      return;
    }
}

static AtlasPlace *
focused_place (AtlasPlaceLayer *self)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self));

  if (focus && ATLAS_IS_PLACE_MARKER (focus) && gtk_widget_has_focus (focus))
    return atlas_place_marker_get_place (ATLAS_PLACE_MARKER (focus));
  return NULL;
}

/* Places labels in order of importance, each at the first of four spots
 * around its symbol that overlaps no label placed before it and no more
 * important symbol; a label with no free spot is left out. */
static void
place_labels (AtlasPlaceLayer *self,
              PangoLayout     *layout,
              double           zoom)
{
  AtlasPlace *focused = focused_place (self);
  guint tried = 0;
  RectGrid taken;

  g_array_set_size (self->labels, 0);
  rect_grid_init (&taken, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));

  /* Label-only places and thinned-out symbols take no room. */
  for (guint i = 0; i < self->shown->len && i < MAX_LABEL_OBSTACLES; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
      double r = symbol_radius (self, entry);

      if (atlas_place_kind_is_settlement (entry->kind) && !shown->hidden)
        rect_grid_add (&taken, &GRAPHENE_RECT_INIT (shown->x - r, shown->y - r, 2 * r, 2 * r), i);
    }

  /* The selected and the focused place always get their label. */
  for (guint i = 0; i < self->shown->len; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      AtlasPlace *place = g_array_index (self->entries, PlaceEntry, shown->entry).place;

      if (place == self->selected || place == focused)
        try_place_label (self, layout, i, &taken, TRUE);
    }

  for (guint i = 0; i < self->shown->len; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);

      if (self->labels->len >= MAX_LABELS || tried >= MAX_LABEL_CANDIDATES)
        break;
      if (entry->place == self->selected || entry->place == focused || shown->hidden ||
          !wants_label (self, entry, zoom))
        continue;
      tried++;
      try_place_label (self, layout, i, &taken, FALSE);
    }
  rect_grid_clear (&taken);
}

static void
draw_alternatives (AtlasPlaceLayer  *self,
                   cairo_t          *cr,
                   const ShownPlace *shown)
{
  const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
  guint n_alts = atlas_place_get_n_alts (entry->place);

  for (guint i = 0; i < n_alts; i++)
    {
      const AtlasPlaceAlt *alt = atlas_place_get_alt_at (entry->place, i);
      double world_x, world_y, x, y;

      atlas_projection_lonlat_to_pixel (alt->lon, alt->lat, 0, &world_x, &world_y);
      world_to_widget (&self->projection, world_x, world_y, &x, &y);
      atlas_place_layer_draw_alternative (cr, shown->x, shown->y, x, y, &entry->style.fill,
                                          symbol_radius (self, entry));
    }
}

static void
draw_selection (AtlasPlaceLayer  *self,
                cairo_t          *cr,
                const ShownPlace *shown)
{
  const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
  double r = symbol_radius (self, entry) + (entry->status.state == ATLAS_PLACE_STATE_HELD ? 5 : 12);

  cairo_new_path (cr);
  cairo_arc (cr, shown->x, shown->y, r, 0, 2 * G_PI);
  stroke_cased (cr, &selection_color, 2.5);
}

/* Sprites: each distinct symbol is drawn once into a texture, and the
 * frame only places textures, which stays fast with thousands of places. */
typedef struct
{
  guint32 fill;
  guint32 ring;
  guint16 size;                 /* in eighths of a pixel; a circle's radius
                                 * in pixels */
  guint8 kind;
  guint8 state;
  guint8 has_ring;
  guint8 scale_factor;
  guint8 circle;                /* an uncertainty circle, not a symbol */
} SpriteKey;

static guint32
pack_color (const GdkRGBA *color)
{
  return (guint32) (color->red * 255 + 0.5) << 24 | (guint32) (color->green * 255 + 0.5) << 16 |
         (guint32) (color->blue * 255 + 0.5) << 8 | (guint32) (color->alpha * 255 + 0.5);
}

static guint
sprite_key_hash (gconstpointer data)
{
  const SpriteKey *key = data;

  return key->fill * 31 + key->ring * 17 + key->size * 7 + key->circle +
         (key->kind << 24 | key->state << 16 | key->has_ring << 8 | key->scale_factor);
}

static gboolean
sprite_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const SpriteKey *key_a = a;
  const SpriteKey *key_b = b;

  return key_a->fill == key_b->fill && key_a->ring == key_b->ring && key_a->size == key_b->size &&
         key_a->kind == key_b->kind && key_a->state == key_b->state &&
         key_a->has_ring == key_b->has_ring && key_a->scale_factor == key_b->scale_factor &&
         key_a->circle == key_b->circle;
}

static Sprite *
render_symbol (AtlasPlaceKind         kind,
               const AtlasPlaceStyle *style,
               double                 size,
               int                    scale_factor)
{
  /* Room around the body for the widest state mark: the siege ticks. */
  double half = ceil (size / 2 + 14);
  cairo_t *cr;
  Sprite *sprite = sprite_new (-half, -half, 2 * half, 2 * half, scale_factor, &cr);

  atlas_place_layer_draw_symbol (cr, kind, style->state, &style->fill, style->has_ring ? &style->ring : NULL, size);
  cairo_destroy (cr);
  sprite_trim (sprite);
  return sprite;
}

static Sprite *
render_circle (const GdkRGBA *color,
               double         radius,
               int            scale_factor)
{
  double half = ceil (radius + 2);
  cairo_t *cr;
  Sprite *sprite = sprite_new (-half, -half, 2 * half, 2 * half, scale_factor, &cr);

  atlas_place_layer_draw_uncertainty (cr, color, radius);
  cairo_destroy (cr);
  return sprite;
}

/* The sprite for @key, drawn now if the cache has none: a symbol of
 * @kind in @style, or an uncertainty circle in its fill. */
static Sprite *
cached_sprite (AtlasPlaceLayer       *self,
               const SpriteKey       *key,
               AtlasPlaceKind         kind,
               const AtlasPlaceStyle *style,
               double                 size)
{
  Sprite *sprite = sprite_cache_lookup (&self->symbol_sprites, key);

  if (sprite == NULL)
    {
      sprite = key->circle ? render_circle (&style->fill, size, key->scale_factor)
                           : render_symbol (kind, style, size, key->scale_factor);
      sprite_cache_insert (&self->symbol_sprites, key, sizeof *key, sprite);
    }
  return sprite;
}

static Sprite *
symbol_sprite (AtlasPlaceLayer       *self,
               AtlasPlaceKind         kind,
               const AtlasPlaceStyle *style)
{
  double size = atlas_place_layer_kind_symbol_size (kind) * self->symbol_scale;
  SpriteKey key;

  memset (&key, 0, sizeof key);
  key.fill = pack_color (&style->fill);
  key.ring = style->has_ring ? pack_color (&style->ring) : 0;
  key.size = (guint16) (size * 8 + 0.5);
  key.kind = kind;
  key.state = style->state;
  key.has_ring = style->has_ring;
  key.scale_factor = (guint8) self->scale_factor;
  return cached_sprite (self, &key, kind, style, size);
}

/* Radii are rounded to whole pixels, so that a few sprites serve all the
 * approximate places of a view. */
static Sprite *
circle_sprite (AtlasPlaceLayer  *self,
               const PlaceEntry *entry,
               double            radius)
{
  SpriteKey key;

  memset (&key, 0, sizeof key);
  key.fill = pack_color (&entry->style.fill);
  key.size = (guint16) round (radius);
  key.scale_factor = (guint8) self->scale_factor;
  key.circle = TRUE;
  return cached_sprite (self, &key, entry->kind, &entry->style, key.size);
}

/* Scrubbing through a large document brings places into looks no frame
 * has drawn yet, and drawing a few dozen new sprites makes a frame late.
 * Every look a place will take is known from its periods, so their
 * symbols are drawn ahead, at the frame's size, a step at a time while
 * the main loop is idle, for as long as the cache has room to spare. */
static gboolean
prepare_step (gpointer data)
{
  AtlasPlaceLayer *self = data;
  gint64 deadline = g_get_monotonic_time () + PREPARE_STEP_US;

  for (; self->prepare_entry < self->entries->len; self->prepare_entry++, self->prepare_period = 0)
    {
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, self->prepare_entry);

      for (; self->prepare_period < entry->n_periods; self->prepare_period++)
        {
          const StatusPeriod *period = &g_array_index (self->periods, StatusPeriod,
                                                       entry->first_period + self->prepare_period);

          if (self->prepared_bytes > self->symbol_sprites.max_bytes * PREPARED_SHARE)
            goto done;
          if (g_get_monotonic_time () >= deadline)
            return G_SOURCE_CONTINUE;
          /* Sprites of other sizes go first as the cache makes room. */
          if (kind_has_symbol (entry->kind, period->status.state))
            {
              Sprite *sprite = symbol_sprite (self, entry->kind, &period->style);

              if (sprite->prepared_in != self->prepare_pass)
                {
                  sprite->prepared_in = self->prepare_pass;
                  self->prepared_bytes += sprite_bytes (sprite);
                }
            }
        }
    }

done:
  self->prepare_id = 0;
  return G_SOURCE_REMOVE;
}

/* Starts drawing symbols ahead over again, for the size of the frame just
 * drawn, unless that is the size they are drawn at already. */
static void
prepare_sprites (AtlasPlaceLayer *self)
{
  if (self->prepared_scale == self->symbol_scale && self->prepared_scale_factor == self->scale_factor)
    return;

  self->prepared_scale = self->symbol_scale;
  self->prepared_scale_factor = self->scale_factor;
  self->prepare_pass++;
  self->prepare_entry = 0;
  self->prepare_period = 0;
  self->prepared_bytes = 0;
  if (self->prepare_id == 0)
    self->prepare_id = g_idle_add_full (G_PRIORITY_LOW, prepare_step, self, NULL);
}

/* A context for what is drawn directly under the symbols: the frame's
 * canvas, or else a cairo node over the whole layer. */
static cairo_t *
underlay_cairo (AtlasPlaceLayer *self,
                GtkSnapshot     *snapshot,
                Canvas          *canvas)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (canvas)
    return cairo_reference (canvas_cairo (canvas));
  return gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                                                   gtk_widget_get_width (widget),
                                                                   gtk_widget_get_height (widget)));
}

/* What lies under the symbols: uncertainty circles, and the alternative
 * positions of the selected place.  Large circles and the alternatives
 * are drawn directly, into @cr or else into a cairo node made for them. */
static void
draw_underlay (AtlasPlaceLayer  *self,
               GtkSnapshot      *snapshot,
               Canvas           *canvas,
               const ShownPlace *selected)
{
  cairo_t *direct = NULL;

  for (guint i = 0; i < self->shown->len; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
      double radius = shown->uncertainty;

      /* A thinned-out place shows nothing at all. */
      if (radius < MIN_UNCERTAINTY_RADIUS || shown->hidden)
        continue;
      if (radius <= MAX_SPRITE_RADIUS)
        {
          Sprite *sprite = circle_sprite (self, entry, radius);

          paint_sprite (snapshot, canvas, sprite, shown->x, shown->y);
          continue;
        }
      if (direct == NULL)
        direct = underlay_cairo (self, snapshot, canvas);
      cairo_save (direct);
      cairo_translate (direct, shown->x, shown->y);
      atlas_place_layer_draw_uncertainty (direct, &entry->style.fill, radius);
      cairo_restore (direct);
    }

  if (selected)
    {
      if (direct == NULL)
        direct = underlay_cairo (self, snapshot, canvas);
      draw_alternatives (self, direct, selected);
    }

  g_clear_pointer (&direct, cairo_destroy);
}

static void
draw_symbols (AtlasPlaceLayer *self,
              GtkSnapshot     *snapshot,
              Canvas          *canvas)
{
  /* Least important first, so that the important ones end up on top. */
  for (guint i = self->shown->len; i-- > 0;)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);

      if (shown->hidden || !has_symbol (entry))
        continue;
      paint_sprite (snapshot, canvas, symbol_sprite (self, entry->kind, &entry->style), shown->x, shown->y);
    }
}

static void
draw_labels (AtlasPlaceLayer *self,
             GtkSnapshot     *snapshot,
             Canvas          *canvas,
             PangoLayout     *layout)
{
  for (guint i = 0; i < self->labels->len; i++)
    {
      const PlacedLabel *label = &g_array_index (self->labels, PlacedLabel, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, label->entry);

      paint_sprite (snapshot, canvas, label_sprite (self, layout, entry), label->rect.origin.x, label->rect.origin.y);
    }
}

static gboolean
renders_in_software (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer == NULL || GSK_IS_CAIRO_RENDERER (renderer);
}

/* In software, the frame's sprites are composited at once into an image
 * of the layer's own, which a cairo node then paints in one go: a node
 * recording thousands of small paints to replay them later costs several
 * times as much, and GTK would convert a texture node's image pixel by
 * pixel. */
static void
begin_canvas (Canvas *canvas,
              int     width,
              int     height,
              int     scale_factor)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         width * scale_factor, height * scale_factor);

  cairo_surface_set_device_scale (surface, scale_factor, scale_factor);
  canvas->cr = cairo_create (surface);
  canvas->image = pixman_image_create_bits (PIXMAN_a8r8g8b8,
                                            cairo_image_surface_get_width (surface),
                                            cairo_image_surface_get_height (surface),
                                            (uint32_t *) (gpointer) cairo_image_surface_get_data (surface),
                                            cairo_image_surface_get_stride (surface));
  canvas->scale_factor = scale_factor;
  canvas->in_cairo = TRUE;
  cairo_surface_destroy (surface);
}

static void
end_canvas (GtkSnapshot *snapshot,
            Canvas      *canvas,
            int          width,
            int          height)
{
  cairo_t *node_cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  cairo_set_source_surface (node_cr, cairo_get_target (canvas_cairo (canvas)), 0, 0);
  cairo_paint (node_cr);
  cairo_destroy (node_cr);
  pixman_image_unref (canvas->image);
  cairo_destroy (canvas->cr);
}

static void
atlas_place_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const ShownPlace *selected = NULL;

  if (self->shown->len > 0 && width > 0 && height > 0)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
      Canvas frame_canvas;
      Canvas *canvas = NULL;

      /* Sprites take the square of the scale in memory, and a frame needs
       * as many at any scale. */
      self->scale_factor = gtk_widget_get_scale_factor (widget);
      self->symbol_sprites.max_bytes = (gsize) MAX_SYMBOL_SPRITE_BYTES * self->scale_factor * self->scale_factor;
      self->label_sprites.max_bytes = (gsize) MAX_LABEL_SPRITE_BYTES * self->scale_factor * self->scale_factor;
      for (guint i = 0; i < self->shown->len && self->selected; i++)
        {
          const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);

          if (g_array_index (self->entries, PlaceEntry, shown->entry).place == self->selected)
            selected = shown;
        }

      if (renders_in_software (widget))
        {
          canvas = &frame_canvas;
          begin_canvas (canvas, width, height, self->scale_factor);
        }
      draw_underlay (self, snapshot, canvas, selected);
      draw_symbols (self, snapshot, canvas);

      if (selected)
        {
          /* Without a frame canvas, a small node just for the ring. */
          graphene_rect_t around = GRAPHENE_RECT_INIT (selected->x - 40, selected->y - 40, 80, 80);
          cairo_t *ring_cr = canvas ? cairo_reference (canvas_cairo (canvas)) : gtk_snapshot_append_cairo (snapshot, &around);

          draw_selection (self, ring_cr, selected);
          cairo_destroy (ring_cr);
        }

      place_labels (self, layout, shumate_viewport_get_zoom_level (viewport));
      draw_labels (self, snapshot, canvas, layout);
      if (canvas)
        end_canvas (snapshot, canvas, width, height);
      prepare_sprites (self);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* --- Picking and input ------------------------------------------------- */

/**
 * atlas_place_layer_pick:
 * @self: the layer
 * @x: a point in the layer's coordinates
 * @y: a point in the layer's coordinates
 *
 * The place whose symbol is nearest to the point, within a few pixels, or
 * failing that the place whose label is under it.  Symbols thinned out
 * under others are not drawn, and cannot be hit.
 *
 * Returns: (transfer none) (nullable): the place, or %NULL
 */
AtlasPlace *
atlas_place_layer_pick (AtlasPlaceLayer *self,
                        double           x,
                        double           y)
{
  AtlasPlace *best = NULL;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), NULL);

  for (guint i = 0; i < self->shown->len; i++)
    {
      const ShownPlace *shown = &g_array_index (self->shown, ShownPlace, i);
      const PlaceEntry *entry = &g_array_index (self->entries, PlaceEntry, shown->entry);
      double reach = MAX (HIT_RADIUS, symbol_radius (self, entry) + 3);
      double distance;

      if (shown->hidden)
        continue;
      distance = hypot (shown->x - x, shown->y - y);

      /* Ties go to the more important place, which comes first. */
      if (distance <= reach && distance < best_distance - 0.5)
        {
          best = entry->place;
          best_distance = distance;
        }
    }
  if (best)
    return best;

  for (guint i = self->labels->len; i-- > 0;)
    {
      const PlacedLabel *label = &g_array_index (self->labels, PlacedLabel, i);

      if (graphene_rect_contains_point (&label->rect, &GRAPHENE_POINT_INIT (x, y)))
        return g_array_index (self->entries, PlaceEntry, label->entry).place;
    }
  return NULL;
}

/* Only symbols and labels catch the pointer; the rest of the map stays
 * free for dragging and for the layers below. */
static gboolean
atlas_place_layer_contains (GtkWidget *widget,
                            double     x,
                            double     y)
{
  return atlas_place_layer_pick (ATLAS_PLACE_LAYER (widget), x, y) != NULL;
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  AtlasPlaceLayer *self)
{
  self->press_x = x;
  self->press_y = y;
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   AtlasPlaceLayer *self)
{
  GtkWidget *target;
  AtlasPlace *place;

  /* After a drag the map has moved, and another place may lie under the
   * pointer; the layer itself stays put, so its coordinates tell. */
  if (n_press != 1 || hypot (x - self->press_x, y - self->press_y) > ATLAS_PLACE_MARKER_DRAG_THRESHOLD)
    return;

  /* A marker under the pointer activates itself. */
  target = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  if (target && ATLAS_IS_PLACE_MARKER (target))
    return;

  place = atlas_place_layer_pick (self, x, y);
  if (place == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[SIGNAL_PLACE_ACTIVATED], 0, place);
}

static gboolean
query_tooltip_cb (AtlasPlaceLayer *self,
                  int              x,
                  int              y,
                  gboolean         keyboard_mode,
                  GtkTooltip      *tooltip)
{
  AtlasPlace *place = NULL;
  PlaceEntry *entry;
  g_autofree char *state = NULL;
  g_autofree char *markup = NULL;

  if (keyboard_mode)
    place = focused_place (self);
  else
    place = atlas_place_layer_pick (self, x, y);
  if (place == NULL || (entry = lookup_entry (self, place)) == NULL)
    return FALSE;

  state = atlas_place_status_describe (&entry->status);
  markup = g_markup_printf_escaped ("<b>%s</b>\n%s, %s",
                                    atlas_place_get_name (place),
                                    atlas_place_kind_describe (entry->kind),
                                    state);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* --- GObject ----------------------------------------------------------- */

static void
atlas_place_layer_constructed (GObject *object)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (object);
  ShumateViewport *viewport;
  static const char * const viewport_properties[] = {
    "notify::latitude", "notify::longitude", "notify::zoom-level",
    "notify::rotation", "notify::reference-map-source",
  };

  G_OBJECT_CLASS (atlas_place_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_return_if_fail (viewport != NULL && self->timeline != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (viewport_properties); i++)
    g_signal_connect_object (viewport, viewport_properties[i], G_CALLBACK (relayout),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::date", G_CALLBACK (date_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::document", G_CALLBACK (document_changed_cb),
                           self, G_CONNECT_SWAPPED);

  rebuild_entries (self);
  grow_marker_pool (self);
}

static void
atlas_place_layer_dispose (GObject *object)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (object);

  if (self->markers)
    {
      for (guint i = 0; i < self->markers->len; i++)
        gtk_widget_unparent (g_ptr_array_index (self->markers, i));
      g_ptr_array_set_size (self->markers, 0);
      g_ptr_array_set_size (self->free_markers, 0);
    }
  if (self->marker_for_place)
    g_hash_table_remove_all (self->marker_for_place);
  if (self->timeline)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->selected);
  g_clear_handle_id (&self->prepare_id, g_source_remove);

  G_OBJECT_CLASS (atlas_place_layer_parent_class)->dispose (object);
}

static void
atlas_place_layer_finalize (GObject *object)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (object);

  g_clear_object (&self->timeline);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->entry_for_place, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->occupied, g_byte_array_unref);
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->label_sizes, g_hash_table_unref);
  sprite_cache_clear (&self->label_sprites);
  sprite_cache_clear (&self->symbol_sprites);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->free_markers, g_ptr_array_unref);
  g_clear_pointer (&self->marker_for_place, g_hash_table_unref);

  G_OBJECT_CLASS (atlas_place_layer_parent_class)->finalize (object);
}

static void
atlas_place_layer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    case PROP_SELECTED_PLACE:
      g_value_set_object (value, self->selected);
      break;
    case PROP_LANDSCAPE_LABELS:
      g_value_set_boolean (value, self->landscape_labels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_layer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AtlasPlaceLayer *self = ATLAS_PLACE_LAYER (object);

  switch (prop_id)
    {
    case PROP_TIMELINE:
      self->timeline = g_value_dup_object (value);
      break;
    case PROP_SELECTED_PLACE:
      atlas_place_layer_set_selected_place (self, g_value_get_object (value));
      break;
    case PROP_LANDSCAPE_LABELS:
      atlas_place_layer_set_landscape_labels (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_place_layer_class_init (AtlasPlaceLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = atlas_place_layer_constructed;
  object_class->dispose = atlas_place_layer_dispose;
  object_class->finalize = atlas_place_layer_finalize;
  object_class->get_property = atlas_place_layer_get_property;
  object_class->set_property = atlas_place_layer_set_property;

  widget_class->measure = atlas_place_layer_measure;
  widget_class->size_allocate = atlas_place_layer_size_allocate;
  widget_class->snapshot = atlas_place_layer_snapshot;
  widget_class->contains = atlas_place_layer_contains;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, ATLAS_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PLACE] =
    g_param_spec_object ("selected-place", NULL, NULL, ATLAS_TYPE_PLACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether rivers, mountains and deserts are named; a basemap that names
   * them itself wants this off. */
  properties[PROP_LANDSCAPE_LABELS] =
    g_param_spec_boolean ("landscape-labels", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AtlasPlaceLayer::place-activated:
   * @self: the layer
   * @place: the place clicked, or whose marker was activated
   */
  signals[SIGNAL_PLACE_ACTIVATED] =
    g_signal_new ("place-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATLAS_TYPE_PLACE);

  gtk_widget_class_set_css_name (widget_class, "placelayer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atlas_place_layer_init (AtlasPlaceLayer *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->entries = g_array_new (FALSE, TRUE, sizeof (PlaceEntry));
  self->periods = g_array_new (FALSE, FALSE, sizeof (StatusPeriod));
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->entry_for_place = g_hash_table_new (NULL, NULL);
  self->shown = g_array_new (FALSE, FALSE, sizeof (ShownPlace));
  self->occupied = g_byte_array_new ();
  self->labels = g_array_new (FALSE, FALSE, sizeof (PlacedLabel));
  self->label_sizes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sprite_cache_init (&self->label_sprites, label_key_hash, label_key_equal, MAX_LABEL_SPRITE_BYTES);
  sprite_cache_init (&self->symbol_sprites, sprite_key_hash, sprite_key_equal, MAX_SYMBOL_SPRITE_BYTES);
  self->markers = g_ptr_array_new ();
  self->free_markers = g_ptr_array_new ();
  self->marker_for_place = g_hash_table_new (NULL, NULL);
  self->symbol_scale = 1;
  self->scale_factor = 1;
  self->landscape_labels = TRUE;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (click_pressed_cb), self, 0);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Places"),
                                  -1);
}

/* --- Public API -------------------------------------------------------- */

AtlasPlaceLayer *
atlas_place_layer_new (ShumateViewport *viewport,
                       AtlasTimeline   *timeline)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (ATLAS_IS_TIMELINE (timeline), NULL);

  return g_object_new (ATLAS_TYPE_PLACE_LAYER,
                       "viewport", viewport,
                       "timeline", timeline,
                       NULL);
}

AtlasTimeline *
atlas_place_layer_get_timeline (AtlasPlaceLayer *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), NULL);
  return self->timeline;
}

AtlasPlace *
atlas_place_layer_get_selected_place (AtlasPlaceLayer *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), NULL);
  return self->selected;
}

/* The selected place is ringed, always labelled, and if debated shows
 * where else it might have been. */
void
atlas_place_layer_set_selected_place (AtlasPlaceLayer *self,
                                      AtlasPlace      *place)
{
  g_return_if_fail (ATLAS_IS_PLACE_LAYER (self));
  g_return_if_fail (place == NULL || ATLAS_IS_PLACE (place));

  if (!g_set_object (&self->selected, place))
    return;

  relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PLACE]);
}

gboolean
atlas_place_layer_get_landscape_labels (AtlasPlaceLayer *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), FALSE);
  return self->landscape_labels;
}

void
atlas_place_layer_set_landscape_labels (AtlasPlaceLayer *self,
                                        gboolean         landscape_labels)
{
  g_return_if_fail (ATLAS_IS_PLACE_LAYER (self));

  landscape_labels = !!landscape_labels;
  if (self->landscape_labels == landscape_labels)
    return;

  self->landscape_labels = landscape_labels;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANDSCAPE_LABELS]);
}

/**
 * atlas_place_layer_get_marker_for_place:
 * @self: the layer
 * @place: a place of the document
 *
 * Returns: (transfer none) (nullable): the marker standing for @place, or
 *   %NULL if the place is off screen or too minor to have one
 */
GtkWidget *
atlas_place_layer_get_marker_for_place (AtlasPlaceLayer *self,
                                        AtlasPlace      *place)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), NULL);
  return g_hash_table_lookup (self->marker_for_place, place);
}

/* The number of marker widgets, in use or pooled. */
guint
atlas_place_layer_get_n_markers (AtlasPlaceLayer *self)
{
  g_return_val_if_fail (ATLAS_IS_PLACE_LAYER (self), 0);
  return self->markers->len;
}
