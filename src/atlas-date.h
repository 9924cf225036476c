/* atlas-date.h: dates as the atlas format defines them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar day, counted from 0001-01-01 (day 0) in the proleptic
 * Gregorian calendar.  Dates are labels in the format, so this is only a
 * way to compare and step them, never a calendar conversion. */
typedef gint32 AtlasDay;

#define ATLAS_DAY_INVALID G_MININT32

typedef enum
{
  ATLAS_DATE_PRECISION_YEAR = 1,
  ATLAS_DATE_PRECISION_MONTH,
  ATLAS_DATE_PRECISION_DAY,
} AtlasDatePrecision;

/* One date attribute as written: "1209", "1209-05" or "1209-05-12". */
typedef struct
{
  guint16 year;
  guint8 month;                 /* 1-12, or 0 at year precision */
  guint8 day;                   /* 1-31, or 0 above day precision */
  AtlasDatePrecision precision;
  gboolean approx;
} AtlasDate;

#define ATLAS_DATE_ERROR (atlas_date_error_quark ())

typedef enum
{
  ATLAS_DATE_ERROR_INVALID,
} AtlasDateError;

GQuark    atlas_date_error_quark    (void);

gboolean  atlas_date_parse          (const char      *text,
                                     AtlasDate       *date,
                                     GError         **error);
AtlasDay  atlas_date_first_day      (const AtlasDate *date);
AtlasDay  atlas_date_last_day       (const AtlasDate *date);
char     *atlas_date_format         (const AtlasDate *date);

gboolean  atlas_day_is_valid_ymd    (int              year,
                                     int              month,
                                     int              day);
AtlasDay  atlas_day_from_ymd        (int              year,
                                     int              month,
                                     int              day);
void      atlas_day_to_ymd          (AtlasDay         day,
                                     int             *year,
                                     int             *month,
                                     int             *mday);
int       atlas_days_in_month       (int              year,
                                     int              month);
AtlasDay  atlas_day_add_months      (AtlasDay         day,
                                     int              months);
char     *atlas_day_to_iso          (AtlasDay         day);
char     *atlas_day_format          (AtlasDay         day,
                                     AtlasDatePrecision precision,
                                     gboolean         approx);

G_END_DECLS
