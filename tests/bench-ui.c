/* bench-ui.c: how the window feels: first frame, memory, panning, dates,
 * playback
 *
 * Usage: bench-ui [LARGE.xml]   (needs a display, e.g. xvfb-run -a with
 * GSK_RENDERER=cairo; without LARGE.xml the 10,000-place document is made
 * with $XIA_ATLAS_GEN or the gen-large-atlas next to this program)
 *
 * The first frame is timed across a process boundary: the parent reads
 * CLOCK_MONOTONIC just before it starts a child (this program again, with
 * --first-frame-app or --first-frame-bare), and the child prints the same
 * clock at the moments of its start (main, document read, GTK started,
 * window realized, first frame, first frame with the whole basemap) and
 * its peak memory.  The bare GTK window is the baseline: the machine is
 * shared, so the ratio is the figure that holds.  A bare window of an
 * Adwaita application (--first-frame-adwaita) shows, besides, how much of
 * the rest the window chrome takes before the app draws anything.
 *
 * Every other figure is taken in this process, per frame, from the
 * window's frame clock: a frame runs from "before-paint" to the end of
 * "after-paint", split into update (ticks), layout and paint (snapshot and
 * render).  What the benchmark drives (the map's centre, the date) it
 * changes in a tick callback, that is in the frame's update phase, where
 * GTK also delivers a drag on the slider.  So "to painted frame" is the
 * time from the change to the end of the frame showing it, without the
 * wait for the frame clock's next slot.  Panning happens at the date the
 * document opens on; the same pan over a bare libshumate map with the
 * same basemap is its baseline.  A run whose frames are too slow to
 * finish in RUN_BUDGET_S is cut short, and says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "atlas-application.h"
#include "atlas-basemap-source.h"
#include "atlas-map-view.h"
#include "atlas-time-bar.h"
#include "atlas-window.h"

#define WIDTH 1280
#define HEIGHT 800

#define FIRST_FRAME_RUNS 7
#define CHILD_TIMEOUT_MS 30000

/* The pan goes round a circle of PAN_FRAMES steps of PAN_STEP pixels,
 * about 10° across at zoom 6, centred in East Asia. */
#define PAN_STEP 20.0
#define PAN_FRAMES 150
#define PAN_LAT 37.0
#define PAN_LON 104.0

#define DATE_CHANGES 200
#define PLAYBACK_SECONDS 5.0

/* No run goes on longer than this, however slow its frames: the whole
 * benchmark should finish in about two minutes. */
#define RUN_BUDGET_S 8

#define DRAWN_TIMEOUT_MS 15000
#define SETTLE_MS 300

#define FRAME_BUDGET_MS 16.0

/* Statistics -------------------------------------------------------------- */

typedef struct
{
  double median;
  double p95;
  guint n;
} Summary;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median, and the 95th percentile by nearest rank. */
static Summary
summarize (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  Summary summary = { 0, 0, values->len };
  guint n = values->len;

  if (n == 0)
    return summary;
  g_array_sort (sorted, compare_doubles);
  summary.median = n % 2 ? g_array_index (sorted, double, n / 2)
                         : (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
  summary.p95 = g_array_index (sorted, double, (guint) ceil (0.95 * n) - 1);
  return summary;
}

static double
median_of (GArray *values)
{
  return summarize (values).median;
}

static GArray *
samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
add_sample (GArray *samples,
            double  value)
{
  g_array_append_val (samples, value);
}

static double
us_to_ms (gint64 us)
{
  return us / 1000.0;
}

/* The peak resident size of this process so far, in KiB. */
static gint64
read_vm_hwm (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10);
}

/* Children: the first complete frame ------------------------------------------ */

/* Moments of a child's start, on CLOCK_MONOTONIC; 0 for a moment a
 * child does not have (the bare window reads no document, and its first
 * frame is its complete one).  The last one ends the time measured. */
typedef enum
{
  STAMP_MAIN,                   /* exec and dynamic linking done */
  STAMP_DOCUMENT,               /* the command line handled: the atlas read */
  STAMP_STARTUP,                /* GTK (and Adwaita) initialised */
  STAMP_REALIZED,               /* the window built, shown and realized */
  STAMP_FIRST_PAINT,            /* the end of the first frame */
  STAMP_COMPLETE,               /* the end of the first frame with the whole map */
  N_STAMPS
} Stamp;

static const char * const stamp_names[N_STAMPS] = {
  "exec to main", "document read", "GTK startup", "window built and realized",
  "first frame painted", "basemap complete",
};

static gint64 stamps[N_STAMPS];

static void
stamp (Stamp which)
{
  if (stamps[which] == 0)
    stamps[which] = g_get_monotonic_time ();
}

/* Printed by a child once; the parent looks for this line only, so
 * anything else a library prints does no harm. */
static void
report_first_frame (void)
{
  g_print ("first-frame %" G_GINT64_FORMAT, read_vm_hwm ());
  for (guint i = 0; i < N_STAMPS; i++)
    g_print (" %" G_GINT64_FORMAT, stamps[i]);
  g_print ("\n");
}

static gboolean
give_up (gpointer user_data)
{
  g_printerr ("bench-ui: no complete frame within %d ms\n", CHILD_TIMEOUT_MS);
  exit (1);
}

/* An application's child reports the frame just painted, and ends. */
static void
end_with_frame (GdkFrameClock *clock,
                GtkWidget     *window,
                gpointer       after_paint)
{
  report_first_frame ();
  g_signal_handlers_disconnect_by_func (clock, after_paint, window);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

/* The window is realized: from now on, @after_paint looks at each frame. */
static void
watch_frames (GtkWidget *window,
              GCallback  after_paint)
{
  stamp (STAMP_REALIZED);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", after_paint, window);
}

static void
app_after_paint (GdkFrameClock *clock,
                 GtkWidget     *window)
{
  AtlasMapView *map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (ATLAS_WINDOW (window)));

  stamp (STAMP_FIRST_PAINT);
  if (!atlas_map_view_is_drawn (map_view))
    return;
  stamp (STAMP_COMPLETE);
  end_with_frame (clock, window, app_after_paint);
}

static void
app_window_realized (GtkWidget *window)
{
  watch_frames (window, G_CALLBACK (app_after_paint));
}

static void
app_window_added (GtkApplication *application,
                  GtkWindow      *window)
{
  if (ATLAS_IS_WINDOW (window))
    g_signal_connect_after (window, "realize", G_CALLBACK (app_window_realized), NULL);
}

/* Runs after the application's own handler, which reads the document. */
static int
app_options_handled (GApplication *application,
                     GVariantDict *options)
{
  stamp (STAMP_DOCUMENT);
  return -1;
}

static void
app_started (GApplication *application)
{
  stamp (STAMP_STARTUP);
}

/* The application as a user starts it, with its embedded atlas, up to
 * the first frame after which every basemap tile is on screen. */
static int
first_frame_app (void)
{
  g_autoptr(AtlasApplication) application = atlas_application_new ();
  char size[32];
  char *args[] = { "xia-atlas", "--size", size, NULL };

  g_snprintf (size, sizeof size, "%dx%d", WIDTH, HEIGHT);
  g_signal_connect_after (application, "handle-local-options", G_CALLBACK (app_options_handled), NULL);
  g_signal_connect_after (application, "startup", G_CALLBACK (app_started), NULL);
  g_signal_connect (application, "window-added", G_CALLBACK (app_window_added), NULL);
  g_timeout_add (CHILD_TIMEOUT_MS, give_up, NULL);
  return g_application_run (G_APPLICATION (application), G_N_ELEMENTS (args) - 1, args);
}

static void
bare_after_paint (GdkFrameClock *clock,
                  gboolean      *done)
{
  if (*done)
    return;
  stamp (STAMP_FIRST_PAINT);
  report_first_frame ();
  *done = TRUE;
}

static void
bare_window_realized (GtkWidget *window,
                      gboolean  *done)
{
  stamp (STAMP_REALIZED);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (bare_after_paint), done);
}

static void
adwaita_started (GApplication *application)
{
  stamp (STAMP_STARTUP);
}

static void
adwaita_after_paint (GdkFrameClock *clock,
                     GtkWidget     *window)
{
  stamp (STAMP_FIRST_PAINT);
  end_with_frame (clock, window, adwaita_after_paint);
}

static void
adwaita_window_realized (GtkWidget *window)
{
  watch_frames (window, G_CALLBACK (adwaita_after_paint));
}

static void
adwaita_activated (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_title (GTK_WINDOW (window), "Xia Atlas");
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Xia Atlas"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  g_signal_connect_after (window, "realize", G_CALLBACK (adwaita_window_realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* The least an Adwaita application shows: a window with a header bar and a
 * label, from an application set up as the app's is (an id, not unique). */
static int
first_frame_adwaita (void)
{
  g_autoptr(AdwApplication) application = adw_application_new ("org.example.XiaAtlas.Bench",
                                                                G_APPLICATION_NON_UNIQUE);

  g_signal_connect_after (application, "startup", G_CALLBACK (adwaita_started), NULL);
  g_signal_connect (application, "activate", G_CALLBACK (adwaita_activated), NULL);
  g_timeout_add (CHILD_TIMEOUT_MS, give_up, NULL);
  return g_application_run (G_APPLICATION (application), 0, NULL);
}

/* The least a GTK program shows: a window with a label. */
static int
first_frame_bare (void)
{
  gboolean done = FALSE;
  GtkWidget *window;

  gtk_init ();
  stamp (STAMP_STARTUP);
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Xia Atlas");
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Xia Atlas"));
  g_signal_connect_after (window, "realize", G_CALLBACK (bare_window_realized), &done);
  g_timeout_add (CHILD_TIMEOUT_MS, give_up, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* Parent: first frame and peak memory ---------------------------------------- */

static char *
own_path (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_file_read_link ("/proc/self/exe", &error);

  if (path == NULL)
    g_error ("/proc/self/exe: %s", error->message);
  return path;
}

/* The runs of one child mode: the time from just before the start to its
 * first complete frame, its peak memory, and how long each stage took. */
typedef struct
{
  const char *mode;
  GArray *total_ms;
  GArray *peak_mib;
  GArray *stage_ms[N_STAMPS];
} ChildRuns;

static void
child_runs_init (ChildRuns  *runs,
                 const char *mode)
{
  runs->mode = mode;
  runs->total_ms = samples_new ();
  runs->peak_mib = samples_new ();
  for (guint i = 0; i < N_STAMPS; i++)
    runs->stage_ms[i] = samples_new ();
}

static void
child_runs_clear (ChildRuns *runs)
{
  g_array_unref (runs->total_ms);
  g_array_unref (runs->peak_mib);
  for (guint i = 0; i < N_STAMPS; i++)
    g_array_unref (runs->stage_ms[i]);
}

static gboolean
time_child (const char  *self_path,
            ChildRuns   *runs,
            gboolean     record,
            GError     **error)
{
  const char *argv[] = { self_path, runs->mode, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start, hwm, at[N_STAMPS];
  int wait_status;

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s %s: %s: ", self_path, runs->mode, err);
      return FALSE;
    }

  G_STATIC_ASSERT (N_STAMPS == 6);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (sscanf (lines[i], "first-frame %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                &hwm, &at[0], &at[1], &at[2], &at[3], &at[4], &at[5]) == 1 + N_STAMPS)
      {
        gint64 previous = start;

        if (!record)
          return TRUE;
        for (guint j = 0; j < N_STAMPS; j++)
          if (at[j] != 0)
            {
              add_sample (runs->stage_ms[j], us_to_ms (at[j] - previous));
              previous = at[j];
            }
        add_sample (runs->total_ms, us_to_ms (previous - start));
        add_sample (runs->peak_mib, hwm / 1024.0);
        return TRUE;
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s printed no first frame", self_path, runs->mode);
  return FALSE;
}

/* The kinds of run alternate, so that a busy spell on the machine hits
 * all alike; one of each runs first unrecorded, to warm the caches. */
static gboolean
measure_first_frames (ChildRuns  *app,
                      ChildRuns  *bare,
                      ChildRuns  *adwaita,
                      GError    **error)
{
  g_autofree char *self_path = own_path ();

  for (guint i = 0; i <= FIRST_FRAME_RUNS; i++)
    if (!time_child (self_path, app, i > 0, error) ||
        !time_child (self_path, bare, i > 0, error) ||
        !time_child (self_path, adwaita, i > 0, error))
      return FALSE;
  return TRUE;
}

/* In process: frames of a window ------------------------------------------------ */

typedef enum
{
  RUN_NONE,
  RUN_PAN,
  RUN_DATES,
  RUN_PLAYBACK,
} RunKind;

/* Per-frame figures of one run. */
typedef struct
{
  GArray *frame;                /* before-paint to end of after-paint */
  GArray *update;               /* ticks: the benchmark's change, animations */
  GArray *layout;               /* measure and allocate */
  GArray *paint;                /* snapshot and render */
  GArray *interval;             /* end of one recorded frame to the next */
  GArray *handlers;             /* dates: atlas_timeline_set_date () itself */
  GArray *latency;              /* dates: from set_date to the end of its frame */
  gboolean cut;                 /* stopped by RUN_BUDGET_S */
} Frames;

/* One window under test: the atlas's, or the bare basemap's, which has
 * no map view, timeline or time bar. */
typedef struct
{
  GtkWidget *window;
  AtlasTimeline *timeline;
  AtlasMapView *map_view;
  AtlasBasemapSource *source;
  AtlasTimeBar *time_bar;
  ShumateViewport *viewport;
  GtkWidget *map;
  GdkFrameClock *clock;
  GRand *rand;

  RunKind kind;
  Frames *frames;
  guint frames_left;            /* frames the run has still to drive */
  guint step;                   /* frames driven so far */
  gint64 deadline;
  gboolean recording;           /* the frame under way belongs to the run */
  gboolean previous_recorded;
  gint64 date_set_at;           /* 0 unless this frame changed the date */

  gint64 frame_start;
  gint64 update_end;
  gint64 layout_end;
  gint64 previous_end;
} Bench;

static void
frames_free (Frames *frames)
{
  GArray *arrays[] = {
    frames->frame, frames->update, frames->layout, frames->paint,
    frames->interval, frames->handlers, frames->latency,
  };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_array_unref (arrays[i]);
  g_free (frames);
}

static Frames *
frames_new (void)
{
  Frames *frames = g_new0 (Frames, 1);

  frames->frame = samples_new ();
  frames->update = samples_new ();
  frames->layout = samples_new ();
  frames->paint = samples_new ();
  frames->interval = samples_new ();
  frames->handlers = samples_new ();
  frames->latency = samples_new ();
  return frames;
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
  bench->update_end = 0;
  bench->layout_end = 0;
}

static void
on_update_done (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->update_end = g_get_monotonic_time ();
}

static void
on_layout_done (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->layout_end = g_get_monotonic_time ();
}

/* A phase that did not run this frame took no time. */
static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 end = g_get_monotonic_time ();
  gint64 update_end = bench->update_end ? bench->update_end : bench->frame_start;
  gint64 layout_end = bench->layout_end ? bench->layout_end : update_end;
  Frames *frames = bench->frames;

  if (bench->recording)
    {
      add_sample (frames->frame, us_to_ms (end - bench->frame_start));
      add_sample (frames->update, us_to_ms (update_end - bench->frame_start));
      add_sample (frames->layout, us_to_ms (layout_end - update_end));
      add_sample (frames->paint, us_to_ms (end - layout_end));
      if (bench->previous_recorded)
        add_sample (frames->interval, us_to_ms (end - bench->previous_end));
      if (bench->date_set_at)
        add_sample (frames->latency, us_to_ms (end - bench->date_set_at));
    }
  bench->previous_recorded = bench->recording;
  bench->previous_end = end;
  bench->recording = FALSE;
  bench->date_set_at = 0;
}

/* Moves the centre PAN_STEP pixels along the circle. */
static void
pan_step (Bench *bench)
{
  double angle = 2 * G_PI * bench->step / PAN_FRAMES;
  double x = gtk_widget_get_width (bench->map) / 2.0 + PAN_STEP * cos (angle);
  double y = gtk_widget_get_height (bench->map) / 2.0 + PAN_STEP * sin (angle);
  double lat, lon;

  shumate_viewport_widget_coords_to_location (bench->viewport, bench->map, x, y, &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (bench->viewport), lat, lon);
}

static void
date_step (Bench *bench)
{
  AtlasDocument *document = atlas_timeline_get_document (bench->timeline);
  AtlasDay day = g_rand_int_range (bench->rand, atlas_document_get_first_day (document),
                                   atlas_document_get_last_day (document) + 1);
  gint64 start = g_get_monotonic_time ();

  atlas_timeline_set_date (bench->timeline, day);
  add_sample (bench->frames->handlers, us_to_ms (g_get_monotonic_time () - start));
  bench->date_set_at = start;
}

static gboolean
run_tick (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  Bench *bench = user_data;

  if (g_get_monotonic_time () >= bench->deadline)
    {
      bench->frames->cut = TRUE;
      if (bench->kind == RUN_PLAYBACK)
        atlas_time_bar_set_playing (bench->time_bar, FALSE);
      bench->kind = RUN_NONE;
      return G_SOURCE_REMOVE;
    }

  if (bench->kind == RUN_PLAYBACK)
    {
      bench->recording = atlas_time_bar_get_playing (bench->time_bar);
      if (!bench->recording)
        bench->kind = RUN_NONE;
      return bench->recording;
    }

  if (bench->kind == RUN_PAN)
    pan_step (bench);
  else
    date_step (bench);
  bench->recording = TRUE;
  bench->step++;
  if (--bench->frames_left > 0)
    return G_SOURCE_CONTINUE;
  bench->kind = RUN_NONE;
  return G_SOURCE_REMOVE;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_drawn (Bench *bench)
{
  if (bench->map_view)
    return atlas_map_view_is_drawn (bench->map_view);
  return atlas_basemap_source_get_n_pending (bench->source) == 0 &&
         atlas_basemap_source_get_n_filled (bench->source) > 0;
}

/* Waits for the basemap to be complete, then lets animations end. */
static gboolean
wait_drawn (Bench *bench)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (DRAWN_TIMEOUT_MS, set_flag, &timed_out);

  while (!timed_out && !is_drawn (bench))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  iterate_for (SETTLE_MS);
  return !timed_out;
}

/* Drives the frames of a run and records them; the run is over once the
 * frame of its last change has been painted, or its time is up.
 * Playback drives itself, from the time bar's tick, which comes after
 * this one. */
static void
run (Bench   *bench,
     RunKind  kind,
     guint    n_frames,
     Frames  *frames)
{
  bench->kind = kind;
  bench->frames = frames;
  bench->frames_left = n_frames;
  bench->step = 0;
  bench->deadline = g_get_monotonic_time () + RUN_BUDGET_S * G_USEC_PER_SEC;
  bench->recording = FALSE;
  bench->previous_recorded = FALSE;
  gtk_widget_add_tick_callback (bench->window, run_tick, bench, NULL);
  if (kind == RUN_PLAYBACK)
    atlas_time_bar_set_playing (bench->time_bar, TRUE);
  while (bench->kind != RUN_NONE || bench->recording)
    g_main_context_iteration (NULL, TRUE);
}

/* Shows the window and follows the phases of its frames. */
static void
present (Bench *bench,
         int    width,
         int    height)
{
  gtk_window_set_default_size (GTK_WINDOW (bench->window), width, height);
  gtk_window_present (GTK_WINDOW (bench->window));
  while (!gtk_widget_get_realized (bench->window))
    g_main_context_iteration (NULL, TRUE);

  bench->clock = gtk_widget_get_frame_clock (bench->window);
  g_signal_connect (bench->clock, "before-paint", G_CALLBACK (on_before_paint), bench);
  g_signal_connect_after (bench->clock, "update", G_CALLBACK (on_update_done), bench);
  g_signal_connect_after (bench->clock, "layout", G_CALLBACK (on_layout_done), bench);
  g_signal_connect (bench->clock, "after-paint", G_CALLBACK (on_after_paint), bench);
}

/* The pan starts from a complete basemap at each zoom. */
static gboolean
pan (Bench  *bench,
     Frames *frames)
{
  static const double zooms[] = { 6, 5 };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      shumate_viewport_set_zoom_level (bench->viewport, zooms[i]);
      shumate_map_center_on (SHUMATE_MAP (bench->map), PAN_LAT, PAN_LON);
      if (!wait_drawn (bench))
        return FALSE;
      run (bench, RUN_PAN, PAN_FRAMES, frames);
    }
  return TRUE;
}

static void
set_not_drawn_error (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "the map was not drawn within %d ms", DRAWN_TIMEOUT_MS);
}

typedef struct
{
  Frames *pan;
  Frames *dates;
  Frames *playback;
  guint n_places;
  int map_width;
  int map_height;
} DocumentFigures;

static gboolean
measure_document (GtkApplication   *application,
                  AtlasDocument    *document,
                  DocumentFigures  *figures,
                  GError          **error)
{
  Bench bench = { 0 };
  AtlasDay first_day = atlas_document_get_first_day (document);
  AtlasDay last_day = atlas_document_get_last_day (document);
  gboolean drawn = TRUE;

  figures->n_places = atlas_document_get_places (document)->len;
  figures->pan = frames_new ();
  figures->dates = frames_new ();
  figures->playback = frames_new ();

  bench.window = GTK_WIDGET (atlas_window_new (application, document));
  bench.timeline = atlas_window_get_timeline (ATLAS_WINDOW (bench.window));
  bench.map_view = ATLAS_MAP_VIEW (atlas_window_get_map_view (ATLAS_WINDOW (bench.window)));
  bench.time_bar = ATLAS_TIME_BAR (atlas_window_get_time_bar (ATLAS_WINDOW (bench.window)));
  bench.map = GTK_WIDGET (atlas_map_view_get_map (bench.map_view));
  bench.viewport = shumate_map_get_viewport (SHUMATE_MAP (bench.map));
  bench.rand = g_rand_new_with_seed (1227);

  present (&bench, WIDTH, HEIGHT);
  drawn = pan (&bench, figures->pan);
  figures->map_width = gtk_widget_get_width (bench.map);
  figures->map_height = gtk_widget_get_height (bench.map);
  if (drawn)
    {
      atlas_timeline_set_date (bench.timeline, first_day);
      iterate_for (SETTLE_MS);
      run (&bench, RUN_DATES, DATE_CHANGES, figures->dates);

      atlas_timeline_set_date (bench.timeline, first_day);
      iterate_for (SETTLE_MS);
      atlas_time_bar_set_speed (bench.time_bar, MAX (last_day - first_day, 1) / PLAYBACK_SECONDS);
      run (&bench, RUN_PLAYBACK, 0, figures->playback);
    }
  else
    set_not_drawn_error (error);

  /* As the window test does: GTK 4.8 polls the pointer for an open
   * popover once more after its surface is gone. */
  g_signal_handlers_disconnect_by_data (bench.clock, &bench);
  gtk_popover_popdown (GTK_POPOVER (atlas_map_view_get_place_popover (bench.map_view)));
  iterate_for (100);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  iterate_for (50);
  g_rand_free (bench.rand);
  return drawn;
}

/* The baseline for panning: libshumate with the same basemap in a window
 * of its own, at the size the atlas gives its map, and no layers. */
static gboolean
measure_basemap_only (int       width,
                      int       height,
                      Frames   *frames,
                      GError  **error)
{
  g_autoptr(AtlasBasemap) basemap = atlas_basemap_new_default ();
  g_autoptr(AtlasBasemapSource) source = atlas_basemap_source_new (basemap);
  ShumateSimpleMap *simple_map = shumate_simple_map_new ();
  Bench bench = { 0 };
  gboolean drawn;

  shumate_simple_map_set_map_source (simple_map, SHUMATE_MAP_SOURCE (source));
  bench.window = gtk_window_new ();
  bench.source = source;
  bench.map = GTK_WIDGET (shumate_simple_map_get_map (simple_map));
  bench.viewport = shumate_simple_map_get_viewport (simple_map);
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (simple_map));

  present (&bench, width, height);
  drawn = pan (&bench, frames);
  if (!drawn)
    set_not_drawn_error (error);

  g_signal_handlers_disconnect_by_data (bench.clock, &bench);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  iterate_for (50);
  return drawn;
}

/* The large document ---------------------------------------------------------- */

static AtlasDocument *
load_large_document (const char  *path,
                     GError     **error)
{
  g_autofree char *generator = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *self_path = NULL;
  AtlasDocument *document;
  int wait_status;

  if (path)
    return atlas_document_new_from_path (path, error);

  if (g_getenv ("XIA_ATLAS_GEN"))
    generator = g_strdup (g_getenv ("XIA_ATLAS_GEN"));
  else
    {
      g_autofree char *bindir = NULL;

      self_path = own_path ();
      bindir = g_path_get_dirname (self_path);
      generator = g_build_filename (bindir, "gen-large-atlas", NULL);
    }

  directory = g_dir_make_tmp ("bench-ui-XXXXXX", error);
  if (directory == NULL)
    return NULL;
  generated = g_build_filename (directory, "large.atlas.xml", NULL);
  {
    const char *argv[] = { generator, generated, NULL };

    document = NULL;
    if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                      NULL, NULL, &wait_status, error) &&
        g_spawn_check_wait_status (wait_status, error))
      document = atlas_document_new_from_path (generated, error);
  }
  g_unlink (generated);
  g_rmdir (directory);
  return document;
}

/* Report ------------------------------------------------------------------------ */

/* 10000 as "10,000", as the figures are named. */
static char *
group_thousands (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *grouped = g_string_new (NULL);
  size_t len = strlen (digits);

  for (size_t i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (grouped, ',');
      g_string_append_c (grouped, digits[i]);
    }
  return g_string_free (grouped, FALSE);
}

static const char *
verdict (double value,
         double target)
{
  return value <= target ? "" : "  MISSED";
}

static void
print_stages (const char *what,
              ChildRuns  *runs)
{
  const char *separator = "";

  g_print ("    %s stages (medians, ms):", what);
  for (guint i = 0; i < N_STAMPS; i++)
    if (runs->stage_ms[i]->len > 0)
      {
        g_print ("%s %s %.1f", separator, stamp_names[i], median_of (runs->stage_ms[i]));
        separator = ",";
      }
  g_print ("\n");
}

static const char *
cut_note (Frames *frames)
{
  return frames->cut ? " (run cut short at " G_STRINGIFY (RUN_BUDGET_S) " s)" : "";
}

static void
print_phases (Frames *frames)
{
  Summary interval = summarize (frames->interval);

  g_print ("    phases (medians): update %.1f ms, layout %.1f ms, paint %.1f ms;"
           " frame interval median %.1f ms, p95 %.1f ms\n",
           median_of (frames->update), median_of (frames->layout), median_of (frames->paint),
           interval.median, interval.p95);
}

/* A baseline has no target of its own. */
static void
print_frames (const char *what,
              const char *label,
              Frames     *frames,
              gboolean    baseline)
{
  Summary frame = summarize (frames->frame);

  g_print ("%s frames (%s): median %.1f ms, p95 %.1f ms over %u frames%s%s\n",
           what, label, frame.median, frame.p95, frame.n, cut_note (frames),
           baseline ? "" : verdict (frame.p95, FRAME_BUDGET_MS));
  print_phases (frames);
}

static void
print_dates (const char *label,
             Frames     *frames)
{
  Summary handlers = summarize (frames->handlers);
  Summary latency = summarize (frames->latency);

  g_print ("date change (%s): handlers median %.1f ms p95 %.1f; to painted frame median %.1f ms p95 %.1f"
           " (target 16 ms) over %u changes%s%s\n",
           label, handlers.median, handlers.p95, latency.median, latency.p95, latency.n,
           cut_note (frames), verdict (latency.p95, FRAME_BUDGET_MS));
  print_phases (frames);
}

int
main (int   argc,
      char *argv[])
{
  ChildRuns app_runs, bare_runs, adwaita_runs;
  g_autoptr(AtlasApplication) application = NULL;
  g_autoptr(AtlasDocument) embedded = NULL;
  g_autoptr(AtlasDocument) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *large_label = NULL;
  g_autofree char *large_places = NULL;
  g_autofree char *basemap_label = NULL;
  Frames *basemap_pan;
  DocumentFigures figures[2];
  Summary app, bare, adwaita;
  gint64 start;

  stamp (STAMP_MAIN);
  if (argc == 2 && g_str_equal (argv[1], "--first-frame-app"))
    return first_frame_app ();
  if (argc == 2 && g_str_equal (argv[1], "--first-frame-bare"))
    return first_frame_bare ();
  if (argc == 2 && g_str_equal (argv[1], "--first-frame-adwaita"))
    return first_frame_adwaita ();
  if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
    {
      g_printerr ("Usage: %s [LARGE.xml]\n", argv[0]);
      return 2;
    }

  start = g_get_monotonic_time ();
  basemap_pan = frames_new ();
  child_runs_init (&app_runs, "--first-frame-app");
  child_runs_init (&bare_runs, "--first-frame-bare");
  child_runs_init (&adwaita_runs, "--first-frame-adwaita");
  if (!measure_first_frames (&app_runs, &bare_runs, &adwaita_runs, &error))
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }

  embedded = atlas_document_new_default (&error);
  if (embedded)
    large = load_large_document (argc == 2 ? argv[1] : NULL, &error);
  if (large == NULL)
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }

  gtk_init ();
  adw_init ();
  application = atlas_application_new ();
  if (!g_application_register (G_APPLICATION (application), NULL, &error) ||
      !measure_document (GTK_APPLICATION (application), embedded, &figures[0], &error) ||
      !measure_basemap_only (figures[0].map_width, figures[0].map_height, basemap_pan, &error) ||
      !measure_document (GTK_APPLICATION (application), large, &figures[1], &error))
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }

  large_places = group_thousands (figures[1].n_places);
  large_label = g_strdup_printf ("%s places", large_places);
  basemap_label = g_strdup_printf ("basemap only, %d×%d, baseline", figures[0].map_width, figures[0].map_height);

  app = summarize (app_runs.total_ms);
  bare = summarize (bare_runs.total_ms);
  g_print ("first frame: app median %.1f ms (p95 %.1f), bare GTK window median %.1f ms, ratio %.2f"
           " (target <= 1.5)%s\n",
           app.median, app.p95, bare.median, app.median / bare.median,
           verdict (app.median / bare.median, 1.5));
  print_stages ("app", &app_runs);
  print_stages ("bare", &bare_runs);
  adwaita = summarize (adwaita_runs.total_ms);
  g_print ("    bare Adwaita window (header bar and label): median %.1f ms, %.2f × the bare GTK window's;"
           " app %.2f × it\n",
           adwaita.median, adwaita.median / bare.median, app.median / adwaita.median);
  print_stages ("bare Adwaita", &adwaita_runs);
  g_print ("peak memory: app %.1f MiB, bare window %.1f MiB, bare Adwaita window %.1f MiB\n",
           median_of (app_runs.peak_mib), median_of (bare_runs.peak_mib), median_of (adwaita_runs.peak_mib));
  print_frames ("pan", large_label, figures[1].pan, FALSE);
  print_frames ("pan", "embedded", figures[0].pan, FALSE);
  print_frames ("pan", basemap_label, basemap_pan, TRUE);
  print_dates ("embedded", figures[0].dates);
  print_dates (large_label, figures[1].dates);
  print_frames ("playback", "embedded", figures[0].playback, FALSE);
  print_frames ("playback", large_label, figures[1].playback, FALSE);
  g_print ("(window %d×%d, %d+%d+%d first-frame runs, total %.0f s)\n",
           WIDTH, HEIGHT, FIRST_FRAME_RUNS, FIRST_FRAME_RUNS, FIRST_FRAME_RUNS,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  child_runs_clear (&app_runs);
  child_runs_clear (&bare_runs);
  child_runs_clear (&adwaita_runs);
  frames_free (basemap_pan);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      frames_free (figures[i].pan);
      frames_free (figures[i].dates);
      frames_free (figures[i].playback);
    }
  return 0;
}
