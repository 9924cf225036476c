/* atlas-document.h: one atlas, loaded and checked from its XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "atlas-date.h"
#include "atlas-event.h"
#include "atlas-faction.h"
#include "atlas-person.h"
#include "atlas-place.h"
#include "atlas-route.h"
#include "atlas-section.h"

G_BEGIN_DECLS

#define ATLAS_DOCUMENT_ERROR (atlas_document_error_quark ())

typedef enum
{
  ATLAS_DOCUMENT_ERROR_IO,
  ATLAS_DOCUMENT_ERROR_EMPTY,
  ATLAS_DOCUMENT_ERROR_NOT_XML,
  ATLAS_DOCUMENT_ERROR_DOCTYPE,
  ATLAS_DOCUMENT_ERROR_TOO_DEEP,
  ATLAS_DOCUMENT_ERROR_NOT_ATLAS,
  ATLAS_DOCUMENT_ERROR_VERSION,
  ATLAS_DOCUMENT_ERROR_SCHEMA,
  ATLAS_DOCUMENT_ERROR_INVALID,
  ATLAS_DOCUMENT_ERROR_TOO_LARGE,
} AtlasDocumentError;

typedef struct
{
  char *href;                   /* nullable */
  char *license;                /* nullable */
  char *text;
} AtlasSource;

typedef struct
{
  char *name;
  char *value;
} AtlasInfoboxField;

#define ATLAS_DOCUMENT_DEFAULT_RESOURCE "/org/example/XiaAtlas/western-xia.atlas.xml"
#define ATLAS_DOCUMENT_MAX_DEPTH 64
/* The most names and alternative positions (and note) a place may have;
 * see check_place_sizes(). */
#define ATLAS_DOCUMENT_MAX_PLACE_CHILDREN 1000

#define ATLAS_TYPE_DOCUMENT (atlas_document_get_type ())
G_DECLARE_FINAL_TYPE (AtlasDocument, atlas_document, ATLAS, DOCUMENT, GObject)

GQuark          atlas_document_error_quark         (void);

AtlasDocument  *atlas_document_new_from_bytes      (GBytes         *bytes,
                                                    const char     *filename,
                                                    GError        **error);
AtlasDocument  *atlas_document_new_from_file       (GFile          *file,
                                                    GCancellable   *cancellable,
                                                    GError        **error);
AtlasDocument  *atlas_document_new_from_path       (const char     *path,
                                                    GError        **error);
AtlasDocument  *atlas_document_new_default         (GError        **error);

const char     *atlas_document_get_filename        (AtlasDocument  *self);
const char     *atlas_document_get_title           (AtlasDocument  *self);
const char     *atlas_document_get_subtitle        (AtlasDocument  *self);
const char     *atlas_document_get_language        (AtlasDocument  *self);
const AtlasDate *atlas_document_get_period_from    (AtlasDocument  *self);
const AtlasDate *atlas_document_get_period_to      (AtlasDocument  *self);
AtlasDay        atlas_document_get_first_day       (AtlasDocument  *self);
AtlasDay        atlas_document_get_last_day        (AtlasDocument  *self);
void            atlas_document_get_view            (AtlasDocument  *self,
                                                    double         *lat,
                                                    double         *lon,
                                                    double         *zoom);
GArray         *atlas_document_get_sources         (AtlasDocument  *self);
GArray         *atlas_document_get_infobox         (AtlasDocument  *self);
GPtrArray      *atlas_document_get_factions        (AtlasDocument  *self);
GPtrArray      *atlas_document_get_people          (AtlasDocument  *self);
GPtrArray      *atlas_document_get_places          (AtlasDocument  *self);
GPtrArray      *atlas_document_get_events          (AtlasDocument  *self);
GPtrArray      *atlas_document_get_routes          (AtlasDocument  *self);
GPtrArray      *atlas_document_get_sections        (AtlasDocument  *self);
GPtrArray      *atlas_document_get_all_sections    (AtlasDocument  *self);
gpointer        atlas_document_lookup              (AtlasDocument  *self,
                                                    const char     *id);

G_END_DECLS
