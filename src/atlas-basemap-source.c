/* atlas-basemap-source.c
 *
 * Tiles are drawn with cairo in a worker thread and handed to the map as
 * GdkTextures on the main thread.  Recently drawn tiles are kept in a small
 * LRU cache so that panning back and zooming in and out is instant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atlas-basemap-source.h"

#include <glib/gi18n.h>

/* 128 tiles of 256 px take 32 MiB. */
#define CACHE_CAPACITY 128

#define MIN_ZOOM 0
#define MAX_ZOOM ATLAS_BASEMAP_DETAIL_ZOOM
#define TILE_SIZE 256

typedef struct
{
  guint zoom;
  guint x;
  guint y;
  guint size;
} TileKey;

typedef struct
{
  TileKey key;
  GdkTexture *texture;
} CacheEntry;

/* What the worker thread needs; it never touches the ShumateTile. */
typedef struct
{
  AtlasBasemap *basemap;
  TileKey key;
} RenderJob;

/* What finishing on the main thread needs. */
typedef struct
{
  ShumateTile *tile;
  TileKey key;
} FillData;

struct _AtlasBasemapSource
{
  ShumateMapSource parent_instance;

  AtlasBasemap *basemap;

  GMutex cache_lock;
  GHashTable *cache;   /* TileKey* → GList* link in lru */
  GQueue lru;          /* CacheEntry*, most recently used first */

  /* Progress, for views and tests that wait for the map to be drawn. */
  int n_pending;
  int n_filled;
};

G_DEFINE_FINAL_TYPE (AtlasBasemapSource, atlas_basemap_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_BASEMAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ cache */

static guint
tile_key_hash (gconstpointer data)
{
  const TileKey *key = data;

  return ((key->zoom * 2654435761u) ^ (key->x * 40503u) ^ (key->y * 2246822519u)) + key->size;
}

static gboolean
tile_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TileKey *ka = a, *kb = b;

  return ka->zoom == kb->zoom && ka->x == kb->x && ka->y == kb->y && ka->size == kb->size;
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry);
}

static GdkTexture *
cache_lookup (AtlasBasemapSource *self,
              const TileKey      *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->cache_lock);
  GList *link = g_hash_table_lookup (self->cache, key);
  CacheEntry *entry;

  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  entry = link->data;
  return g_object_ref (entry->texture);
}

static void
cache_insert (AtlasBasemapSource *self,
              const TileKey      *key,
              GdkTexture         *texture)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->cache_lock);
  CacheEntry *entry;

  /* Two requests for one tile may both have rendered it. */
  if (g_hash_table_contains (self->cache, key))
    return;

  entry = g_new0 (CacheEntry, 1);
  entry->key = *key;
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->cache, &entry->key, self->lru.head);

  while (self->lru.length > CACHE_CAPACITY)
    {
      CacheEntry *oldest = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->cache, &oldest->key);
      cache_entry_free (oldest);
    }
}

/* -------------------------------------------------------------- rendering */

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->basemap);
  g_free (job);
}

static void
fill_data_free (FillData *data)
{
  g_clear_object (&data->tile);
  g_free (data);
}

static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  /* The texture keeps the surface alive and reads its pixels in place. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) height * (gsize) stride,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 layout on either byte order. */
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
render_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  RenderJob *job = task_data;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (g_task_return_error_if_cancelled (task))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->key.size, job->key.size);
  cr = cairo_create (surface);
  atlas_basemap_render_tile (job->basemap, cr, job->key.zoom, job->key.x, job->key.y, job->key.size);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Could not draw map tile: %s"),
                             cairo_status_to_string (cairo_surface_status (surface)));
  else
    g_task_return_pointer (task, texture_for_surface (surface), g_object_unref);

  cairo_surface_destroy (surface);
}

static void
finish_tile (ShumateTile *tile,
             GdkTexture  *texture)
{
  shumate_tile_set_paintable (tile, GDK_PAINTABLE (texture));
  /* Offline tiles arrive at once; fading them in would only flicker. */
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
}

static void
on_tile_rendered (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AtlasBasemapSource *self = ATLAS_BASEMAP_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  FillData *data = g_task_get_task_data (task);
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  g_atomic_int_add (&self->n_pending, -1);

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cache_insert (self, &data->key, texture);
  if (g_task_return_error_if_cancelled (task))
    return;

  finish_tile (data->tile, texture);
  g_atomic_int_inc (&self->n_filled);
  g_task_return_boolean (task, TRUE);
}

static void
atlas_basemap_source_fill_tile_async (ShumateMapSource    *source,
                                      ShumateTile         *tile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  AtlasBasemapSource *self = ATLAS_BASEMAP_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) render = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  TileKey key;
  FillData *data;
  RenderJob *job;

  g_return_if_fail (self->basemap != NULL);
  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atlas_basemap_source_fill_tile_async);

  key.zoom = shumate_tile_get_zoom_level (tile);
  key.x = shumate_tile_get_x (tile);
  key.y = shumate_tile_get_y (tile);
  key.size = shumate_tile_get_size (tile);
  if (key.zoom > ATLAS_BASEMAP_MAX_ZOOM || key.x >= (1u << key.zoom) || key.y >= (1u << key.zoom) ||
      key.size == 0 || key.size > 4096)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("There is no map tile %u/%u/%u"), key.zoom, key.x, key.y);
      return;
    }

  texture = cache_lookup (self, &key);
  if (texture != NULL)
    {
      finish_tile (tile, texture);
      g_atomic_int_inc (&self->n_filled);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_new0 (FillData, 1);
  data->tile = g_object_ref (tile);
  data->key = key;
  g_task_set_task_data (task, data, (GDestroyNotify) fill_data_free);

  job = g_new0 (RenderJob, 1);
  job->basemap = g_object_ref (self->basemap);
  job->key = key;
  render = g_task_new (self, cancellable, on_tile_rendered, g_steal_pointer (&task));
  g_task_set_source_tag (render, render_in_thread);
  g_task_set_task_data (render, job, (GDestroyNotify) render_job_free);
  g_atomic_int_inc (&self->n_pending);
  g_task_run_in_thread (render, render_in_thread);
}

static gboolean
atlas_basemap_source_fill_tile_finish (ShumateMapSource  *source,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------- GObject */

static void
atlas_basemap_source_constructed (GObject *object)
{
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (object);

  G_OBJECT_CLASS (atlas_basemap_source_parent_class)->constructed (object);

  shumate_map_source_set_id (source, ATLAS_BASEMAP_SOURCE_ID);
  shumate_map_source_set_name (source, _("Historical Atlas (offline)"));
  shumate_map_source_set_license (source, _("Natural Earth (public domain)"));
  shumate_map_source_set_license_uri (source, "https://www.naturalearthdata.com/about/terms-of-use/");
  shumate_map_source_set_min_zoom_level (source, MIN_ZOOM);
  shumate_map_source_set_max_zoom_level (source, MAX_ZOOM);
  shumate_map_source_set_tile_size (source, TILE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
}

static void
atlas_basemap_source_dispose (GObject *object)
{
  AtlasBasemapSource *self = (AtlasBasemapSource *) object;

  g_clear_object (&self->basemap);

  G_OBJECT_CLASS (atlas_basemap_source_parent_class)->dispose (object);
}

static void
atlas_basemap_source_finalize (GObject *object)
{
  AtlasBasemapSource *self = (AtlasBasemapSource *) object;

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->lru, (GDestroyNotify) cache_entry_free);
  g_mutex_clear (&self->cache_lock);

  G_OBJECT_CLASS (atlas_basemap_source_parent_class)->finalize (object);
}

static void
atlas_basemap_source_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AtlasBasemapSource *self = ATLAS_BASEMAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      g_value_set_object (value, self->basemap);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_basemap_source_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AtlasBasemapSource *self = ATLAS_BASEMAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      self->basemap = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_basemap_source_class_init (AtlasBasemapSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = atlas_basemap_source_constructed;
  object_class->dispose = atlas_basemap_source_dispose;
  object_class->finalize = atlas_basemap_source_finalize;
  object_class->get_property = atlas_basemap_source_get_property;
  object_class->set_property = atlas_basemap_source_set_property;

  source_class->fill_tile_async = atlas_basemap_source_fill_tile_async;
  source_class->fill_tile_finish = atlas_basemap_source_fill_tile_finish;

  properties[PROP_BASEMAP] =
    g_param_spec_object ("basemap", NULL, NULL,
                         ATLAS_TYPE_BASEMAP,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_basemap_source_init (AtlasBasemapSource *self)
{
  g_mutex_init (&self->cache_lock);
  self->cache = g_hash_table_new (tile_key_hash, tile_key_equal);
  g_queue_init (&self->lru);
}

/**
 * atlas_basemap_source_new:
 * @basemap: the basemap to draw
 *
 * Returns: (transfer full): a map source for libshumate
 */
AtlasBasemapSource *
atlas_basemap_source_new (AtlasBasemap *basemap)
{
  g_return_val_if_fail (ATLAS_IS_BASEMAP (basemap), NULL);

  return g_object_new (ATLAS_TYPE_BASEMAP_SOURCE,
                       "basemap", basemap,
                       NULL);
}

/**
 * atlas_basemap_source_get_basemap:
 * @self: an #AtlasBasemapSource
 *
 * Returns: (transfer none): the basemap the source draws
 */
AtlasBasemap *
atlas_basemap_source_get_basemap (AtlasBasemapSource *self)
{
  g_return_val_if_fail (ATLAS_IS_BASEMAP_SOURCE (self), NULL);

  return self->basemap;
}

/**
 * atlas_basemap_source_get_n_pending:
 * @self: an #AtlasBasemapSource
 *
 * Returns: how many tiles are being drawn right now
 */
guint
atlas_basemap_source_get_n_pending (AtlasBasemapSource *self)
{
  g_return_val_if_fail (ATLAS_IS_BASEMAP_SOURCE (self), 0);

  return (guint) g_atomic_int_get (&self->n_pending);
}

/**
 * atlas_basemap_source_get_n_filled:
 * @self: an #AtlasBasemapSource
 *
 * Returns: how many tiles the source has filled so far, from its cache or
 *   freshly drawn
 */
guint
atlas_basemap_source_get_n_filled (AtlasBasemapSource *self)
{
  g_return_val_if_fail (ATLAS_IS_BASEMAP_SOURCE (self), 0);

  return (guint) g_atomic_int_get (&self->n_filled);
}
