/* atlas-date.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "atlas-date.h"

G_DEFINE_QUARK (atlas-date-error-quark, atlas_date_error)

static gboolean
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
atlas_days_in_month (int year,
                     int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  if (month == 2 && is_leap_year (year))
    return 29;
  return days[month - 1];
}

gboolean
atlas_day_is_valid_ymd (int year,
                        int month,
                        int day)
{
  return year >= 1 && year <= 9999 &&
         month >= 1 && month <= 12 &&
         day >= 1 && day <= atlas_days_in_month (year, month);
}

/* Days before 0001-01-01 of the given year. */
static AtlasDay
days_before_year (int year)
{
  int y = year - 1;

  return y * 365 + y / 4 - y / 100 + y / 400;
}

AtlasDay
atlas_day_from_ymd (int year,
                    int month,
                    int day)
{
  AtlasDay result;

  g_return_val_if_fail (atlas_day_is_valid_ymd (year, month, day), ATLAS_DAY_INVALID);

  result = days_before_year (year);
  for (int m = 1; m < month; m++)
    result += atlas_days_in_month (year, m);
  return result + day - 1;
}

void
atlas_day_to_ymd (AtlasDay  day,
                  int      *year,
                  int      *month,
                  int      *mday)
{
  int y, m;

  /* Estimate the year from the mean Gregorian year, then correct. */
  y = (int) (day / 365.2425) + 1;
  while (y > 1 && days_before_year (y) > day)
    y--;
  while (days_before_year (y + 1) <= day)
    y++;

  day -= days_before_year (y);
  for (m = 1; m < 12 && day >= atlas_days_in_month (y, m); m++)
    day -= atlas_days_in_month (y, m);

  if (year)
    *year = y;
  if (month)
    *month = m;
  if (mday)
    *mday = day + 1;
}

AtlasDay
atlas_day_add_months (AtlasDay day,
                      int      months)
{
  int y, m, d, index;

  atlas_day_to_ymd (day, &y, &m, &d);
  index = y * 12 + (m - 1) + months;
  y = index / 12;
  m = index % 12 + 1;
  if (y < 1)
    return atlas_day_from_ymd (1, 1, 1);
  if (y > 9999)
    return atlas_day_from_ymd (9999, 12, 31);
  return atlas_day_from_ymd (y, m, MIN (d, atlas_days_in_month (y, m)));
}

static gboolean
parse_digits (const char *text,
              int         count,
              int        *value)
{
  *value = 0;
  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (text[i] - '0');
    }
  return TRUE;
}

gboolean
atlas_date_parse (const char  *text,
                  AtlasDate   *date,
                  GError     **error)
{
  int year = 0, month = 1, day = 1;
  AtlasDatePrecision precision;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  len = strlen (text);
  if (len == 4 && parse_digits (text, 4, &year))
    precision = ATLAS_DATE_PRECISION_YEAR;
  else if (len == 7 && parse_digits (text, 4, &year) && text[4] == '-' &&
           parse_digits (text + 5, 2, &month))
    precision = ATLAS_DATE_PRECISION_MONTH;
  else if (len == 10 && parse_digits (text, 4, &year) && text[4] == '-' &&
           parse_digits (text + 5, 2, &month) && text[7] == '-' &&
           parse_digits (text + 8, 2, &day))
    precision = ATLAS_DATE_PRECISION_DAY;
  else
    {
      g_set_error (error, ATLAS_DATE_ERROR, ATLAS_DATE_ERROR_INVALID,
                   _("“%s” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
                   text);
      return FALSE;
    }

  if (year < 1)
    {
      g_set_error (error, ATLAS_DATE_ERROR, ATLAS_DATE_ERROR_INVALID,
                   _("“%s” is not a date: years run from 0001 to 9999"), text);
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      g_set_error (error, ATLAS_DATE_ERROR, ATLAS_DATE_ERROR_INVALID,
                   _("“%s” is not a date: there is no month %02d"), text, month);
      return FALSE;
    }
  if (!atlas_day_is_valid_ymd (year, month, day))
    {
      g_set_error (error, ATLAS_DATE_ERROR, ATLAS_DATE_ERROR_INVALID,
                   _("“%s” is not a date: that month has no day %02d"), text, day);
      return FALSE;
    }

  date->year = year;
  date->month = precision >= ATLAS_DATE_PRECISION_MONTH ? month : 0;
  date->day = precision == ATLAS_DATE_PRECISION_DAY ? day : 0;
  date->precision = precision;
  date->approx = FALSE;
  return TRUE;
}

AtlasDay
atlas_date_first_day (const AtlasDate *date)
{
  return atlas_day_from_ymd (date->year, MAX (date->month, 1), MAX (date->day, 1));
}

AtlasDay
atlas_date_last_day (const AtlasDate *date)
{
  switch (date->precision)
    {
    case ATLAS_DATE_PRECISION_YEAR:
      return atlas_day_from_ymd (date->year, 12, 31);
    case ATLAS_DATE_PRECISION_MONTH:
      return atlas_day_from_ymd (date->year, date->month,
                                 atlas_days_in_month (date->year, date->month));
    case ATLAS_DATE_PRECISION_DAY:
    default:
      return atlas_date_first_day (date);
    }
}

char *
atlas_day_to_iso (AtlasDay day)
{
  int y, m, d;

  atlas_day_to_ymd (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static const char *
month_name (int month)
{
  /* Full month names, translated as a set so a translator sees them all. */
  static const char *names[] = {
    N_("January"), N_("February"), N_("March"), N_("April"),
    N_("May"), N_("June"), N_("July"), N_("August"),
    N_("September"), N_("October"), N_("November"), N_("December"),
  };

  return _(names[month - 1]);
}

char *
atlas_day_format (AtlasDay           day,
                  AtlasDatePrecision precision,
                  gboolean           approx)
{
  g_autofree char *text = NULL;
  int y, m, d;

  atlas_day_to_ymd (day, &y, &m, &d);
  switch (precision)
    {
    case ATLAS_DATE_PRECISION_YEAR:
      text = g_strdup_printf ("%d", y);
      break;
    case ATLAS_DATE_PRECISION_MONTH:
      /* TRANSLATORS: month and year, e.g. "May 1209" */
      text = g_strdup_printf (C_("month-year", "%s %d"), month_name (m), y);
      break;
    case ATLAS_DATE_PRECISION_DAY:
    default:
      /* TRANSLATORS: day, month and year, e.g. "12 May 1209" */
      text = g_strdup_printf (C_("day-month-year", "%d %s %d"), d, month_name (m), y);
      break;
    }

  if (approx)
    /* TRANSLATORS: an approximate date, "c. May 1209" */
    return g_strdup_printf (_("c. %s"), text);
  return g_steal_pointer (&text);
}

char *
atlas_date_format (const AtlasDate *date)
{
  return atlas_day_format (atlas_date_first_day (date), date->precision, date->approx);
}
