/* test-date.c: the date module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#undef G_DISABLE_ASSERT

#include "config.h"

#include "atlas-date.h"

static void
test_parse_precisions (void)
{
  AtlasDate date;

  g_assert_true (atlas_date_parse ("1209", &date, NULL));
  g_assert_cmpint (date.precision, ==, ATLAS_DATE_PRECISION_YEAR);
  g_assert_cmpint (date.year, ==, 1209);

  g_assert_true (atlas_date_parse ("1209-05", &date, NULL));
  g_assert_cmpint (date.precision, ==, ATLAS_DATE_PRECISION_MONTH);
  g_assert_cmpint (date.month, ==, 5);

  g_assert_true (atlas_date_parse ("1227-08-25", &date, NULL));
  g_assert_cmpint (date.precision, ==, ATLAS_DATE_PRECISION_DAY);
  g_assert_cmpint (date.day, ==, 25);
}

static void
test_parse_invalid (void)
{
  const char *bad[] = {
    "", "12", "12090", "1209-5", "1209-13", "1209-00", "0000", "1209-02-30",
    "1210-02-29", "1209/05", "1209-05-1", " 1209", "1209 ", "abcd", "1209-05-12T00",
    "-209",
  };
  AtlasDate date;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (atlas_date_parse (bad[i], &date, &error));
      g_assert_error (error, ATLAS_DATE_ERROR, ATLAS_DATE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "date"));
    }

  /* 1212 is a leap year in the proleptic Gregorian calendar; 1300 is not. */
  g_assert_true (atlas_date_parse ("1212-02-29", &date, NULL));
  g_assert_false (atlas_date_parse ("1300-02-29", &date, NULL));
  g_assert_true (atlas_date_parse ("1200-02-29", &date, NULL));
}

static void
test_first_and_last_days (void)
{
  AtlasDate date;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *month_last = NULL;
  g_autofree char *feb_last = NULL;

  atlas_date_parse ("1210", &date, NULL);
  first = atlas_day_to_iso (atlas_date_first_day (&date));
  last = atlas_day_to_iso (atlas_date_last_day (&date));
  g_assert_cmpstr (first, ==, "1210-01-01");
  g_assert_cmpstr (last, ==, "1210-12-31");

  atlas_date_parse ("1210-01", &date, NULL);
  month_last = atlas_day_to_iso (atlas_date_last_day (&date));
  g_assert_cmpstr (month_last, ==, "1210-01-31");

  atlas_date_parse ("1212-02", &date, NULL);
  feb_last = atlas_day_to_iso (atlas_date_last_day (&date));
  g_assert_cmpstr (feb_last, ==, "1212-02-29");

  atlas_date_parse ("1209-05-12", &date, NULL);
  g_assert_cmpint (atlas_date_first_day (&date), ==, atlas_date_last_day (&date));
}

static void
test_round_trip (void)
{
  /* Every day from 0001 to 2100 converts there and back. */
  AtlasDay start = atlas_day_from_ymd (1, 1, 1);
  AtlasDay end = atlas_day_from_ymd (2100, 12, 31);

  g_assert_cmpint (start, ==, 0);
  for (AtlasDay day = start; day <= end; day++)
    {
      int y, m, d;

      atlas_day_to_ymd (day, &y, &m, &d);
      g_assert_true (atlas_day_is_valid_ymd (y, m, d));
      g_assert_cmpint (atlas_day_from_ymd (y, m, d), ==, day);
    }
  g_assert_cmpint (atlas_day_from_ymd (1209, 3, 1) - atlas_day_from_ymd (1209, 2, 28), ==, 1);
  g_assert_cmpint (atlas_day_from_ymd (1212, 3, 1) - atlas_day_from_ymd (1212, 2, 28), ==, 2);
}

static void
test_step_months (void)
{
  AtlasDay day = atlas_day_from_ymd (1209, 1, 31);
  g_autofree char *feb = atlas_day_to_iso (atlas_day_add_months (day, 1));
  g_autofree char *back = atlas_day_to_iso (atlas_day_add_months (atlas_day_from_ymd (1210, 1, 15), -1));
  g_autofree char *year = atlas_day_to_iso (atlas_day_add_months (atlas_day_from_ymd (1209, 5, 1), 12));

  g_assert_cmpstr (feb, ==, "1209-02-28");
  g_assert_cmpstr (back, ==, "1209-12-15");
  g_assert_cmpstr (year, ==, "1210-05-01");
}

static void
test_format (void)
{
  AtlasDate date;
  g_autofree char *year = NULL;
  g_autofree char *month = NULL;
  g_autofree char *day = NULL;
  g_autofree char *approx = NULL;

  atlas_date_parse ("1209", &date, NULL);
  year = atlas_date_format (&date);
  atlas_date_parse ("1209-05", &date, NULL);
  month = atlas_date_format (&date);
  atlas_date_parse ("1227-08-25", &date, NULL);
  day = atlas_date_format (&date);
  atlas_date_parse ("1226-08", &date, NULL);
  date.approx = TRUE;
  approx = atlas_date_format (&date);

  g_assert_cmpstr (year, ==, "1209");
  g_assert_cmpstr (month, ==, "May 1209");
  g_assert_cmpstr (day, ==, "25 August 1227");
  g_assert_cmpstr (approx, ==, "c. August 1226");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse/precisions", test_parse_precisions);
  g_test_add_func ("/date/parse/invalid", test_parse_invalid);
  g_test_add_func ("/date/first-and-last-days", test_first_and_last_days);
  g_test_add_func ("/date/round-trip", test_round_trip);
  g_test_add_func ("/date/step-months", test_step_months);
  g_test_add_func ("/date/format", test_format);

  return g_test_run ();
}
