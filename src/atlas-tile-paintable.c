/* atlas-tile-paintable.c
 *
 * GTK 4.8's cairo renderer converts every pixel of a GdkTexture through
 * floats on every frame, which made tiles the costliest part of a map
 * frame.  A cairo node holding the tile's image surface is blitted
 * directly instead.  The node is kept for the size it was last drawn at,
 * so a still or panned map reuses it, and GL renderers, which cache the
 * textures they make from cairo nodes by node, upload each tile once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atlas-tile-paintable.h"

struct _AtlasTilePaintable
{
  GObject parent_instance;

  cairo_surface_t *surface;

  GskRenderNode *node;
  double node_width;
  double node_height;
};

static void atlas_tile_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtlasTilePaintable, atlas_tile_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, atlas_tile_paintable_paintable_init))

static GskRenderNode *
create_node (AtlasTilePaintable *self,
             double              width,
             double              height)
{
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  cairo_scale (cr,
               width / cairo_image_surface_get_width (self->surface),
               height / cairo_image_surface_get_height (self->surface));
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static void
atlas_tile_paintable_snapshot (GdkPaintable *paintable,
                               GdkSnapshot  *snapshot,
                               double        width,
                               double        height)
{
  AtlasTilePaintable *self = ATLAS_TILE_PAINTABLE (paintable);

  if (width <= 0 || height <= 0)
    return;

  if (self->node == NULL || self->node_width != width || self->node_height != height)
    {
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = create_node (self, width, height);
      self->node_width = width;
      self->node_height = height;
    }

  gtk_snapshot_append_node (GTK_SNAPSHOT (snapshot), self->node);
}

static GdkPaintableFlags
atlas_tile_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static int
atlas_tile_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return cairo_image_surface_get_width (ATLAS_TILE_PAINTABLE (paintable)->surface);
}

static int
atlas_tile_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return cairo_image_surface_get_height (ATLAS_TILE_PAINTABLE (paintable)->surface);
}

static void
atlas_tile_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = atlas_tile_paintable_snapshot;
  iface->get_flags = atlas_tile_paintable_get_flags;
  iface->get_intrinsic_width = atlas_tile_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = atlas_tile_paintable_get_intrinsic_height;
}

static void
atlas_tile_paintable_finalize (GObject *object)
{
  AtlasTilePaintable *self = (AtlasTilePaintable *) object;

  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (atlas_tile_paintable_parent_class)->finalize (object);
}

static void
atlas_tile_paintable_class_init (AtlasTilePaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_tile_paintable_finalize;
}

static void
atlas_tile_paintable_init (AtlasTilePaintable *self)
{
}

/**
 * atlas_tile_paintable_new:
 * @surface: a finished cairo image surface, never drawn to again
 *
 * Returns: (transfer full): a paintable of the size of @surface that
 *   shows it
 */
AtlasTilePaintable *
atlas_tile_paintable_new (cairo_surface_t *surface)
{
  AtlasTilePaintable *self;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);

  self = g_object_new (ATLAS_TYPE_TILE_PAINTABLE, NULL);
  self->surface = cairo_surface_reference (surface);
  return self;
}

/**
 * atlas_tile_paintable_get_surface:
 * @self: an #AtlasTilePaintable
 *
 * Returns: (transfer none): the image the paintable shows
 */
cairo_surface_t *
atlas_tile_paintable_get_surface (AtlasTilePaintable *self)
{
  g_return_val_if_fail (ATLAS_IS_TILE_PAINTABLE (self), NULL);

  return self->surface;
}
