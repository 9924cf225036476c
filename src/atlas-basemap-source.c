/* atlas-basemap-source.c
 *
 * Tiles are drawn with cairo in a pool of worker threads, one per core,
 * shared by every source, and handed to the map on the main thread as
 * AtlasTilePaintables.  Requests for a tile that is already being drawn
 * wait for that drawing rather than start another, so a view prefetched
 * before the map lays out costs nothing twice.  Recently drawn tiles are
 * kept in a small LRU cache so that panning back and zooming in and out
 * is instant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "atlas-basemap-source.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atlas-tile-paintable.h"

/* 128 tiles of 256 px take 32 MiB. */
#define CACHE_CAPACITY 128

#define MIN_ZOOM 0
#define MAX_ZOOM ATLAS_BASEMAP_DETAIL_ZOOM
#define TILE_SIZE 256

/* Every render thread keeps its own font setup (about 1.5 MiB), and a
 * window's worth of tiles gains little from more threads than this. */
#define MAX_RENDER_THREADS 8

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
  AtlasTilePaintable *paintable;
} CacheEntry;

/* One tile being drawn, and the requests waiting for it.  Everything but
 * requests is fixed before the job reaches a worker; requests and the
 * source's jobs table are guarded by the source's lock.  The job owns a
 * reference to the source, released on the main context. */
typedef struct
{
  AtlasBasemapSource *source;
  AtlasBasemap *basemap;
  GMainContext *context;
  TileKey key;
  gboolean prefetched;          /* drawn even if every request is cancelled */
  GPtrArray *requests;          /* GTask*, each with its ShumateTile as data */
  cairo_surface_t *surface;     /* the drawing, once done */
} RenderJob;

struct _AtlasBasemapSource
{
  ShumateMapSource parent_instance;

  AtlasBasemap *basemap;

  GMutex lock;
  GHashTable *cache;   /* TileKey* → GList* link in lru */
  GQueue lru;          /* CacheEntry*, most recently used first */
  GHashTable *jobs;    /* TileKey* → RenderJob*, the tiles being drawn */

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
  g_clear_object (&entry->paintable);
  g_free (entry);
}

/* Both cache functions are called with the lock held. */
static AtlasTilePaintable *
cache_lookup (AtlasBasemapSource *self,
              const TileKey      *key)
{
  GList *link = g_hash_table_lookup (self->cache, key);
  CacheEntry *entry;

  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  entry = link->data;
  return g_object_ref (entry->paintable);
}

static void
cache_insert (AtlasBasemapSource *self,
              const TileKey      *key,
              AtlasTilePaintable *paintable)
{
  CacheEntry *entry;

  entry = g_new0 (CacheEntry, 1);
  entry->key = *key;
  entry->paintable = g_object_ref (paintable);
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
  g_clear_pointer (&job->requests, g_ptr_array_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->basemap);
  g_clear_object (&job->source);
  g_free (job);
}

static void
finish_tile (ShumateTile        *tile,
             AtlasTilePaintable *paintable)
{
  shumate_tile_set_paintable (tile, GDK_PAINTABLE (paintable));
  /* Offline tiles arrive at once; fading them in would only flicker. */
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
}

static void
finish_request (AtlasBasemapSource *self,
                GTask              *task,
                AtlasTilePaintable *paintable,
                cairo_status_t      status)
{
  g_atomic_int_add (&self->n_pending, -1);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (paintable == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not draw map tile: %s"), cairo_status_to_string (status));
      return;
    }

  finish_tile (g_task_get_task_data (task), paintable);
  g_atomic_int_inc (&self->n_filled);
  g_task_return_boolean (task, TRUE);
}

/* On the main context, once a worker is done with a job. */
static gboolean
finish_job (gpointer data)
{
  RenderJob *job = data;
  AtlasBasemapSource *self = job->source;
  g_autoptr(AtlasTilePaintable) paintable = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;

  if (job->surface != NULL)
    {
      status = cairo_surface_status (job->surface);
      if (status == CAIRO_STATUS_SUCCESS)
        paintable = atlas_tile_paintable_new (job->surface);
    }

  g_mutex_lock (&self->lock);
  /* A job nobody wanted any more has left the table already. */
  if (g_hash_table_lookup (self->jobs, &job->key) == job)
    g_hash_table_remove (self->jobs, &job->key);
  if (paintable != NULL)
    cache_insert (self, &job->key, paintable);
  requests = g_steal_pointer (&job->requests);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < requests->len; i++)
    finish_request (self, g_ptr_array_index (requests, i), paintable, status);

  render_job_free (job);
  return G_SOURCE_REMOVE;
}

/* Whether anyone still wants the job's tile.  If not, the job leaves the
 * table, so that a later request starts a new one. */
static gboolean
claim_job (RenderJob *job)
{
  AtlasBasemapSource *self = job->source;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (job->prefetched)
    return TRUE;
  for (guint i = 0; i < job->requests->len; i++)
    if (!g_cancellable_is_cancelled (g_task_get_cancellable (g_ptr_array_index (job->requests, i))))
      return TRUE;

  g_hash_table_remove (self->jobs, &job->key);
  return FALSE;
}

/* In a worker thread. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  RenderJob *job = data;
  GSource *idle;

  if (claim_job (job))
    {
      cairo_t *cr;

      job->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->key.size, job->key.size);
      cr = cairo_create (job->surface);
      atlas_basemap_render_tile (job->basemap, cr, job->key.zoom, job->key.x, job->key.y, job->key.size);
      cairo_destroy (cr);
      cairo_surface_flush (job->surface);
    }

  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, finish_job, job, NULL);
  g_source_set_static_name (idle, "[xia-atlas] basemap tile drawn");
  g_source_attach (idle, job->context);
  g_source_unref (idle);
}

/* Created on first use and kept for the life of the process, so that
 * each thread sets up its fonts once. */
static GThreadPool *
get_render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      guint n_threads = CLAMP (g_get_num_processors (), 1, MAX_RENDER_THREADS);
      g_autoptr(GError) error = NULL;
      GThreadPool *new_pool = g_thread_pool_new (run_job, NULL, (int) n_threads, TRUE, &error);

      if (new_pool == NULL)
        g_error ("Cannot start the basemap render threads: %s", error->message);
      g_once_init_leave (&pool, new_pool);
    }

  return pool;
}

/* Called with the lock held; the caller pushes the job to the pool once
 * the lock is released. */
static RenderJob *
add_job (AtlasBasemapSource *self,
         const TileKey      *key)
{
  RenderJob *job = g_new0 (RenderJob, 1);

  job->source = g_object_ref (self);
  job->basemap = g_object_ref (self->basemap);
  job->context = g_main_context_ref_thread_default ();
  job->key = *key;
  job->requests = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_insert (self->jobs, &job->key, job);
  return job;
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
  g_autoptr(AtlasTilePaintable) paintable = NULL;
  RenderJob *new_job = NULL;
  TileKey key;

  g_return_if_fail (self->basemap != NULL);
  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atlas_basemap_source_fill_tile_async);
  g_task_set_task_data (task, g_object_ref (tile), g_object_unref);

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

  g_mutex_lock (&self->lock);
  paintable = cache_lookup (self, &key);
  if (paintable == NULL && !g_cancellable_is_cancelled (cancellable))
    {
      RenderJob *job = g_hash_table_lookup (self->jobs, &key);

      if (job == NULL)
        job = new_job = add_job (self, &key);
      g_ptr_array_add (job->requests, g_steal_pointer (&task));
      g_atomic_int_inc (&self->n_pending);
    }
  g_mutex_unlock (&self->lock);

  if (new_job != NULL)
    g_thread_pool_push (get_render_pool (), new_job, NULL);
  if (task == NULL)
    return;

  if (paintable == NULL)
    {
      g_task_return_error_if_cancelled (task);
      return;
    }

  finish_tile (tile, paintable);
  g_atomic_int_inc (&self->n_filled);
  g_task_return_boolean (task, TRUE);
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

/* Every job holds a reference, so none is left by now. */
static void
atlas_basemap_source_finalize (GObject *object)
{
  AtlasBasemapSource *self = (AtlasBasemapSource *) object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->lru, (GDestroyNotify) cache_entry_free);
  g_mutex_clear (&self->lock);

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
  g_mutex_init (&self->lock);
  self->cache = g_hash_table_new (tile_key_hash, tile_key_equal);
  self->jobs = g_hash_table_new (tile_key_hash, tile_key_equal);
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
 * atlas_basemap_source_prefetch:
 * @self: an #AtlasBasemapSource
 * @latitude: latitude of the centre of the view
 * @longitude: longitude of the centre of the view
 * @zoom_level: zoom level of the view
 * @width: width of the map in pixels
 * @height: height of the map in pixels
 *
 * Starts drawing the tiles a map of this size asks for when it shows
 * this view, so that a window's first map is ready sooner: a map asks
 * for its tiles only once it is laid out.  The tiles go to the cache,
 * and requests for them meanwhile wait for the drawing already under way.
 */
void
atlas_basemap_source_prefetch (AtlasBasemapSource *self,
                               double              latitude,
                               double              longitude,
                               double              zoom_level,
                               int                 width,
                               int                 height)
{
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (self);
  g_autoptr(GPtrArray) new_jobs = g_ptr_array_new ();
  int zoom, n_tiles, west, north, east, south;
  double centre_x, centre_y;

  g_return_if_fail (ATLAS_IS_BASEMAP_SOURCE (self));
  g_return_if_fail (self->basemap != NULL);

  if (width <= 0 || height <= 0)
    return;

  /* The grid libshumate's map layer asks for: the tiles on screen, at the
   * whole zoom level at or below the view's, and a ring round them. */
  zoom = (int) floor (CLAMP (zoom_level, MIN_ZOOM, MAX_ZOOM));
  n_tiles = 1 << zoom;
  centre_x = shumate_map_source_get_x (source, zoom, longitude);
  centre_y = shumate_map_source_get_y (source, zoom, latitude);
  west = (int) floor ((centre_x - width / 2) / TILE_SIZE);
  north = (int) floor ((centre_y - height / 2) / TILE_SIZE);
  east = (int) ceil ((centre_x + width / 2) / TILE_SIZE);
  south = (int) ceil ((centre_y + height / 2) / TILE_SIZE);

  g_mutex_lock (&self->lock);
  /* The tiles on screen first, then the ring. */
  for (int ring = 0; ring < 2; ring++)
    for (int row = MAX (north - 1, 0); row < MIN (south + 1, n_tiles); row++)
      for (int column = west - 1; column < MIN (east + 1, west - 1 + n_tiles); column++)
        {
          gboolean on_screen = column >= west && column < east && row >= north && row < south;
          /* Columns wrap round the world, as the map's do. */
          TileKey key = { (guint) zoom, (guint) (((column % n_tiles) + n_tiles) % n_tiles), (guint) row, TILE_SIZE };
          RenderJob *job;

          if (on_screen != (ring == 0) || g_hash_table_contains (self->cache, &key))
            continue;

          job = g_hash_table_lookup (self->jobs, &key);
          if (job == NULL)
            {
              job = add_job (self, &key);
              g_ptr_array_add (new_jobs, job);
            }
          job->prefetched = TRUE;
        }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < new_jobs->len; i++)
    g_thread_pool_push (get_render_pool (), g_ptr_array_index (new_jobs, i), NULL);
}

/**
 * atlas_basemap_source_get_n_pending:
 * @self: an #AtlasBasemapSource
 *
 * Returns: how many tile requests are waiting for their tile to be drawn
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
