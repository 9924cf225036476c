/* atlas-document.c: load, check and model an atlas document
 *
 * The loader trusts nothing in the file.  It parses from memory with no
 * network, refuses any DOCTYPE (so no entity is ever declared, expanded or
 * fetched), never processes XInclude, stops at a fixed nesting depth, and
 * validates against the built-in RelaxNG schema before it reads anything.
 * Every refusal names the file, line and column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "atlas-document.h"

#define ATLAS_NAMESPACE "urn:xia-atlas:1"
#define ATLAS_FORMAT_VERSION "1"
#define ATLAS_SCHEMA_RESOURCE "/org/example/XiaAtlas/atlas.rng"
#define ATLAS_MAX_FILE_SIZE (256 * 1024 * 1024)

struct _AtlasDocument
{
  GObject parent_instance;

  char *filename;
  char *title;
  char *subtitle;
  char *language;
  AtlasDate period_from;
  AtlasDate period_to;
  AtlasDay first_day;
  AtlasDay last_day;
  double view_lat;
  double view_lon;
  double view_zoom;
  GArray *sources;              /* of AtlasSource */
  GArray *infobox;              /* of AtlasInfoboxField */
  GPtrArray *factions;
  GPtrArray *people;
  GPtrArray *places;
  GPtrArray *events;
  GPtrArray *routes;
  GPtrArray *sections;          /* top level */
  GPtrArray *all_sections;      /* every depth, in reading order */
  GHashTable *objects;          /* id → object (owned by the arrays) */
};

G_DEFINE_FINAL_TYPE (AtlasDocument, atlas_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (atlas-document-error-quark, atlas_document_error)

enum {
  PROP_0,
  PROP_FILENAME,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the loader needs while it works on one file. */
typedef struct
{
  const char *filename;
  const char *data;
  gsize size;
  GArray *line_starts;          /* byte offset of each line, on demand */
  AtlasDocument *document;
  GHashTable *id_nodes;         /* id → xmlNode carrying it */

  /* Parse-time state, filled by the SAX hooks and error handler. */
  xmlSAXHandler sax;
  guint depth;
  gboolean stopped_doctype;
  gboolean stopped_depth;
  int stop_line;
  int stop_column;
  gboolean has_xml_error;
  int xml_error_line;
  int xml_error_column;
  xmlNode *xml_error_node;
  char *xml_error_message;
} Loader;

/* Positions ---------------------------------------------------------- */

static void
ensure_line_starts (Loader *loader)
{
  if (loader->line_starts)
    return;

  loader->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  {
    gsize zero = 0;
    g_array_append_val (loader->line_starts, zero);
  }
  for (gsize i = 0; i < loader->size; i++)
    if (loader->data[i] == '\n')
      {
        gsize next = i + 1;
        g_array_append_val (loader->line_starts, next);
      }
}

static void
offset_to_position (Loader *loader,
                    gsize   offset,
                    int    *line,
                    int    *column)
{
  guint lo = 0, hi;
  gsize start;
  const char *p;
  int col = 1;

  ensure_line_starts (loader);
  hi = loader->line_starts->len;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (loader->line_starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  start = g_array_index (loader->line_starts, gsize, lo);
  /* Columns count characters, as an editor shows them. */
  for (p = loader->data + start; p < loader->data + offset; col++)
    p = g_utf8_next_char (p);

  *line = lo + 1;
  *column = col;
}

static gboolean
is_name_end (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* libxml2 keeps only the line of an element; find its start tag in the
 * source (searching back from the end of that line, as a start tag may
 * span lines) and, if asked, the attribute inside it. */
static void
locate_node (Loader     *loader,
             xmlNode    *node,
             const char *attribute,
             int        *line,
             int        *column)
{
  g_autofree char *tag = NULL;
  long node_line;
  gsize line_end, tag_len, found = G_MAXSIZE;

  *line = 1;
  *column = 1;
  if (node == NULL)
    return;

  node_line = xmlGetLineNo (node);
  if (node_line <= 0)
    return;
  *line = node_line;

  ensure_line_starts (loader);
  if ((guint) node_line > loader->line_starts->len)
    return;
  line_end = (guint) node_line < loader->line_starts->len
           ? g_array_index (loader->line_starts, gsize, node_line)
           : loader->size;

  if (node->type != XML_ELEMENT_NODE)
    {
      offset_to_position (loader, g_array_index (loader->line_starts, gsize, node_line - 1), line, column);
      return;
    }

  if (node->ns && node->ns->prefix)
    tag = g_strdup_printf ("<%s:%s", node->ns->prefix, node->name);
  else
    tag = g_strdup_printf ("<%s", node->name);
  tag_len = strlen (tag);

  for (gsize i = line_end; i-- > 0;)
    {
      if (loader->data[i] == '<' &&
          i + tag_len < loader->size &&
          memcmp (loader->data + i, tag, tag_len) == 0 &&
          is_name_end (loader->data[i + tag_len]))
        {
          found = i;
          break;
        }
    }
  if (found == G_MAXSIZE)
    return;

  if (attribute)
    {
      gsize attr_len = strlen (attribute);

      for (gsize i = found + tag_len; i + attr_len < loader->size && loader->data[i] != '>'; i++)
        {
          gsize j = i + attr_len;

          if (!is_space (loader->data[i - 1]) ||
              memcmp (loader->data + i, attribute, attr_len) != 0)
            continue;
          while (j < loader->size && is_space (loader->data[j]))
            j++;
          if (j < loader->size && loader->data[j] == '=')
            {
              found = i;
              break;
            }
        }
    }

  offset_to_position (loader, found, line, column);
}

static void
set_error_at (Loader             *loader,
              GError            **error,
              int                 line,
              int                 column,
              AtlasDocumentError  code,
              const char         *message)
{
  g_set_error (error, ATLAS_DOCUMENT_ERROR, code,
               "%s:%d:%d: error: %s", loader->filename, line, column, message);
}

G_GNUC_PRINTF (6, 7)
static gboolean
fail_at_node (Loader             *loader,
              GError            **error,
              xmlNode            *node,
              const char         *attribute,
              AtlasDocumentError  code,
              const char         *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;
  int line, column;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  locate_node (loader, node, attribute, &line, &column);
  set_error_at (loader, error, line, column, code, message);
  return FALSE;
}

/* Parsing ------------------------------------------------------------ */

static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  context)
{
  /* Nothing outside the document is ever read. */
  return NULL;
}

static void
ensure_libxml_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_entity);
      g_once_init_leave (&initialized, 1);
    }
}

static void
record_xml_error (void     *user_data,
                  xmlError *xml_error)
{
  Loader *loader = user_data;

  if (loader->has_xml_error || xml_error->level < XML_ERR_ERROR)
    return;

  loader->has_xml_error = TRUE;
  loader->xml_error_line = xml_error->line;
  loader->xml_error_column = xml_error->int2;
  loader->xml_error_node = xml_error->node;
  /* One line: libxml2 puts details such as the bad bytes on a second. */
  loader->xml_error_message = g_strstrip (g_strdelimit (g_strdup (xml_error->message ? xml_error->message : ""),
                                                        "\n", ' '));
}

static void
stop_parser_here (Loader           *loader,
                  xmlParserCtxtPtr  context)
{
  loader->stop_line = context->input ? context->input->line : 1;
  loader->stop_column = context->input ? context->input->col : 1;
  xmlStopParser (context);
}

static void
refuse_doctype (void          *ctx,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  xmlParserCtxtPtr context = ctx;
  Loader *loader = context->_private;

  loader->stopped_doctype = TRUE;
  stop_parser_here (loader, context);
}

static void
start_element_bounded (void           *ctx,
                       const xmlChar  *localname,
                       const xmlChar  *prefix,
                       const xmlChar  *uri,
                       int             nb_namespaces,
                       const xmlChar **namespaces,
                       int             nb_attributes,
                       int             nb_defaulted,
                       const xmlChar **attributes)
{
  xmlParserCtxtPtr context = ctx;
  Loader *loader = context->_private;

  if (++loader->depth > ATLAS_DOCUMENT_MAX_DEPTH)
    {
      loader->stopped_depth = TRUE;
      stop_parser_here (loader, context);
      return;
    }
  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
}

static void
end_element_bounded (void          *ctx,
                     const xmlChar *localname,
                     const xmlChar *prefix,
                     const xmlChar *uri)
{
  xmlParserCtxtPtr context = ctx;
  Loader *loader = context->_private;

  loader->depth--;
  xmlSAX2EndElementNs (ctx, localname, prefix, uri);
}

static xmlDoc *
parse_xml (Loader  *loader,
           GError **error)
{
  xmlParserCtxtPtr context;
  xmlDoc *doc;

  xmlSAXVersion (&loader->sax, 2);
  loader->sax.internalSubset = refuse_doctype;
  loader->sax.externalSubset = NULL;
  loader->sax.startElementNs = start_element_bounded;
  loader->sax.endElementNs = end_element_bounded;

  context = xmlCreateMemoryParserCtxt (loader->data, (int) loader->size);
  if (context == NULL)
    {
      set_error_at (loader, error, 1, 1, ATLAS_DOCUMENT_ERROR_NOT_XML,
                    _("not valid XML: the parser could not start"));
      return NULL;
    }
  /* Swap in our handler table: the context owns the one it made. */
  xmlFree (context->sax);
  context->sax = &loader->sax;
  context->_private = loader;
  context->userData = context;
  /* No NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE, ever. */
  xmlCtxtUseOptions (context, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                              XML_PARSE_COMPACT | XML_PARSE_NOCDATA);

  xmlSetStructuredErrorFunc (loader, record_xml_error);
  xmlParseDocument (context);
  xmlSetStructuredErrorFunc (NULL, NULL);

  doc = context->myDoc;
  context->myDoc = NULL;
  if (!loader->stopped_doctype && !loader->stopped_depth && !context->wellFormed && !loader->has_xml_error)
    {
      loader->has_xml_error = TRUE;
      loader->xml_error_line = context->input ? context->input->line : 1;
      loader->xml_error_column = context->input ? context->input->col : 1;
      loader->xml_error_message = g_strdup (_("the document is not well-formed"));
    }
  context->sax = NULL;
  xmlFreeParserCtxt (context);

  if (loader->stopped_doctype)
    set_error_at (loader, error, loader->stop_line, loader->stop_column,
                  ATLAS_DOCUMENT_ERROR_DOCTYPE,
                  _("the document has a DOCTYPE declaration; atlas documents may not declare a DTD or entities"));
  else if (loader->stopped_depth)
    {
      g_autofree char *message =
        g_strdup_printf (_("the document is nested too deep (more than %d levels of elements)"),
                         ATLAS_DOCUMENT_MAX_DEPTH);
      set_error_at (loader, error, loader->stop_line, loader->stop_column,
                    ATLAS_DOCUMENT_ERROR_TOO_DEEP, message);
    }
  else if (loader->has_xml_error)
    {
      g_autofree char *message = g_strdup_printf (_("not valid XML: %s"), loader->xml_error_message);
      set_error_at (loader, error, MAX (loader->xml_error_line, 1), MAX (loader->xml_error_column, 1),
                    ATLAS_DOCUMENT_ERROR_NOT_XML, message);
    }
  else if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    set_error_at (loader, error, 1, 1, ATLAS_DOCUMENT_ERROR_NOT_XML,
                  _("not valid XML: the document has no root element"));
  else
    return doc;

  g_clear_pointer (&doc, xmlFreeDoc);
  return NULL;
}

/* The schema is compiled once from the resource and shared. */
static xmlRelaxNGPtr
get_schema (void)
{
  static xmlRelaxNGPtr schema = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      xmlRelaxNGParserCtxtPtr parser;
      xmlRelaxNGPtr compiled;
      gsize size;
      const char *data;

      bytes = g_resources_lookup_data (ATLAS_SCHEMA_RESOURCE, 0, NULL);
      g_assert (bytes != NULL);
      data = g_bytes_get_data (bytes, &size);
      parser = xmlRelaxNGNewMemParserCtxt (data, (int) size);
      compiled = xmlRelaxNGParse (parser);
      xmlRelaxNGFreeParserCtxt (parser);
      g_assert (compiled != NULL);
      schema = compiled;
      g_once_init_leave (&initialized, 1);
    }
  return schema;
}

static gboolean
validate_schema (Loader  *loader,
                 xmlDoc  *doc,
                 GError **error)
{
  xmlRelaxNGValidCtxtPtr context;
  int result;

  context = xmlRelaxNGNewValidCtxt (get_schema ());
  xmlRelaxNGSetValidStructuredErrors (context, record_xml_error, loader);
  result = xmlRelaxNGValidateDoc (context, doc);
  xmlRelaxNGFreeValidCtxt (context);

  if (result == 0)
    return TRUE;

  /* libxml2 names no node for errors on the root element itself. */
  return fail_at_node (loader, error,
                       loader->xml_error_node ? loader->xml_error_node : xmlDocGetRootElement (doc),
                       NULL, ATLAS_DOCUMENT_ERROR_SCHEMA,
                       _("does not match the schema: %s"),
                       loader->has_xml_error ? loader->xml_error_message : _("unknown error"));
}

/* Reading the tree --------------------------------------------------- */

static gboolean
is_atlas_element (xmlNode    *node,
                  const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, ATLAS_NAMESPACE) == 0 &&
         (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0);
}

static xmlNode *
first_child (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *child = parent->children; child; child = child->next)
    if (is_atlas_element (child, name))
      return child;
  return NULL;
}

/* Attribute values, owned by GLib allocation. */
static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *result;

  if (value == NULL)
    return NULL;
  result = g_strdup ((const char *) value);
  xmlFree (value);
  return result;
}

static char *
get_lang (xmlNode *node)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *result = g_strdup ((const char *) value);

  xmlFree (value);
  return result;
}

/* Collapse runs of white space to one space, as a reader sees the text. */
static void
append_collapsed (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (is_space (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          else if (out->len == 0)
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
}

static char *
get_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  GString *out = g_string_new (NULL);

  append_collapsed (out, (const char *) content);
  xmlFree (content);
  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
get_double (Loader     *loader,
            xmlNode    *node,
            const char *attribute,
            double      min,
            double      max,
            const char *what,
            double     *value,
            GError    **error)
{
  g_autofree char *text = get_attr (node, attribute);
  char *end = NULL;

  *value = text ? g_ascii_strtod (text, &end) : NAN;
  if (text == NULL || end == text || *end != '\0' || !isfinite (*value) ||
      *value < min || *value > max)
    return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s “%s” is not a number from %g to %g"),
                         what, text ? text : "", min, max);
  return TRUE;
}

static gboolean
get_date (Loader     *loader,
          xmlNode    *node,
          const char *attribute,
          AtlasDate  *date,
          gboolean   *present,
          GError    **error)
{
  g_autofree char *text = get_attr (node, attribute);
  g_autofree char *approx = NULL;
  g_autoptr(GError) local_error = NULL;

  *present = text != NULL;
  if (text == NULL)
    return TRUE;
  if (!atlas_date_parse (text, date, &local_error))
    return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         "%s", local_error->message);
  approx = get_attr (node, "approx");
  date->approx = g_strcmp0 (approx, "true") == 0 || g_strcmp0 (approx, "1") == 0;
  return TRUE;
}

/* Reads when | from [to] off an element.  `from` is the start, `to` the
 * end if given; `instant` tells a `when`. */
static gboolean
get_span (Loader    *loader,
          xmlNode   *node,
          AtlasDate *from,
          AtlasDate *to,
          gboolean  *has_span,
          gboolean  *has_to,
          gboolean  *instant,
          GError   **error)
{
  gboolean has_when, has_from;

  if (!get_date (loader, node, "when", from, &has_when, error))
    return FALSE;
  if (!has_when && !get_date (loader, node, "from", from, &has_from, error))
    return FALSE;
  if (has_when)
    has_from = TRUE;
  *instant = has_when;
  *has_span = has_from;
  *has_to = FALSE;
  if (!has_when && !get_date (loader, node, "to", to, has_to, error))
    return FALSE;
  if (*has_to && !has_from)
    return fail_at_node (loader, error, node, "to", ATLAS_DOCUMENT_ERROR_INVALID,
                         _("an end date (to) needs a start date (from)"));
  if (*has_to && atlas_date_last_day (to) < atlas_date_first_day (from))
    {
      g_autofree char *from_text = atlas_date_format (from);
      g_autofree char *to_text = atlas_date_format (to);
      return fail_at_node (loader, error, node, "to", ATLAS_DOCUMENT_ERROR_INVALID,
                           _("the end (%s) comes before the start (%s)"), to_text, from_text);
    }
  return TRUE;
}

static const char *
describe_element (const char *element)
{
  if (g_strcmp0 (element, "faction") == 0)
    return _("a faction");
  if (g_strcmp0 (element, "person") == 0)
    return _("a person");
  if (g_strcmp0 (element, "place") == 0)
    return _("a place");
  if (g_strcmp0 (element, "event") == 0)
    return _("an event");
  if (g_strcmp0 (element, "route") == 0)
    return _("a route");
  if (g_strcmp0 (element, "section") == 0)
    return _("a section");
  return element;
}

/* Resolves the id in `attribute` (NULL: not given) to an object of the
 * element kind `kind`. */
static gboolean
resolve_ref (Loader      *loader,
             xmlNode     *node,
             const char  *attribute,
             const char  *kind,
             gboolean     required,
             gpointer    *object,
             GError     **error)
{
  g_autofree char *id = get_attr (node, attribute);
  xmlNode *target;

  *object = NULL;
  if (id == NULL)
    {
      if (required)
        return fail_at_node (loader, error, node, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                             _("<%s> needs a %s attribute"), node->name, attribute);
      return TRUE;
    }

  target = g_hash_table_lookup (loader->id_nodes, id);
  if (target == NULL)
    return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s=“%s” names an unknown id: no %s has that id"),
                         attribute, id, kind);
  if (g_strcmp0 ((const char *) target->name, kind) != 0)
    return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s=“%s” names %s (line %ld), not %s"),
                         attribute, id, describe_element ((const char *) target->name),
                         xmlGetLineNo (target), describe_element (kind));

  *object = g_hash_table_lookup (loader->document->objects, id);
  g_assert (*object != NULL);
  return TRUE;
}

static void
register_object (Loader     *loader,
                 const char *id,
                 gpointer    object)
{
  g_hash_table_insert (loader->document->objects, g_strdup (id), object);
}

static gboolean
collect_ids (Loader   *loader,
             xmlNode  *root,
             GError  **error)
{
  xmlNode *node = root;

  /* Iterative walk: depth is bounded, but recursion is not needed. */
  while (node)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          g_autofree char *id = get_attr (node, "id");

          if (id)
            {
              xmlNode *previous = g_hash_table_lookup (loader->id_nodes, id);

              if (previous)
                return fail_at_node (loader, error, node, "id", ATLAS_DOCUMENT_ERROR_INVALID,
                                     _("duplicate id “%s”: already used on line %ld"),
                                     id, xmlGetLineNo (previous));
              g_hash_table_insert (loader->id_nodes, g_steal_pointer (&id), node);
            }
        }

      if (node->type == XML_ELEMENT_NODE && node->children)
        node = node->children;
      else
        {
          while (node && node->next == NULL && node != root)
            node = node->parent;
          if (node == NULL || node == root)
            break;
          node = node->next;
        }
    }
  return TRUE;
}

static gboolean
read_meta (Loader   *loader,
           xmlNode  *meta,
           GError  **error)
{
  AtlasDocument *self = loader->document;
  xmlNode *period = first_child (meta, "period");
  xmlNode *view = first_child (meta, "view");
  xmlNode *subtitle = first_child (meta, "subtitle");
  xmlNode *infobox = first_child (meta, "infobox");
  gboolean present;

  self->title = get_text (first_child (meta, "title"));
  if (subtitle)
    self->subtitle = get_text (subtitle);

  if (!get_date (loader, period, "from", &self->period_from, &present, error) ||
      !get_date (loader, period, "to", &self->period_to, &present, error))
    return FALSE;
  self->first_day = atlas_date_first_day (&self->period_from);
  self->last_day = atlas_date_last_day (&self->period_to);
  if (self->last_day < self->first_day)
    return fail_at_node (loader, error, period, "to", ATLAS_DOCUMENT_ERROR_INVALID,
                         _("the period ends before it begins"));

  if (!get_double (loader, view, "lat", -90, 90, _("latitude"), &self->view_lat, error) ||
      !get_double (loader, view, "lon", -180, 180, _("longitude"), &self->view_lon, error) ||
      !get_double (loader, view, "zoom", 1, 18, _("zoom"), &self->view_zoom, error))
    return FALSE;

  for (xmlNode *node = meta->children; node; node = node->next)
    if (is_atlas_element (node, "source"))
      {
        AtlasSource source = { get_attr (node, "href"), get_attr (node, "license"), get_text (node) };
        g_array_append_val (self->sources, source);
      }

  if (infobox)
    for (xmlNode *node = infobox->children; node; node = node->next)
      if (is_atlas_element (node, "field"))
        {
          AtlasInfoboxField field = { get_attr (node, "name"), get_text (node) };
          g_array_append_val (self->infobox, field);
        }

  return TRUE;
}

static gboolean
read_factions (Loader   *loader,
               xmlNode  *factions,
               GError  **error)
{
  for (xmlNode *node = factions->children; node; node = node->next)
    if (is_atlas_element (node, "faction"))
      {
        g_autofree char *id = get_attr (node, "id");
        g_autofree char *color = get_attr (node, "color");
        g_autofree char *name = get_text (node);
        AtlasFaction *faction = atlas_faction_new (id, name, color);

        g_ptr_array_add (loader->document->factions, faction);
        register_object (loader, id, faction);
      }
  return TRUE;
}

static gboolean
read_people (Loader   *loader,
             xmlNode  *people,
             GError  **error)
{
  for (xmlNode *node = people->children; node; node = node->next)
    if (is_atlas_element (node, "person"))
      {
        g_autofree char *id = get_attr (node, "id");
        g_autofree char *name = get_text (node);
        g_autoptr(AtlasPerson) person = atlas_person_new (id, name);
        gpointer faction;
        AtlasDate born, died;
        gboolean has_born, has_died;

        if (!resolve_ref (loader, node, "faction", "faction", FALSE, &faction, error) ||
            !get_date (loader, node, "born", &born, &has_born, error) ||
            !get_date (loader, node, "died", &died, &has_died, error))
          return FALSE;
        if (has_born && has_died && atlas_date_last_day (&died) < atlas_date_first_day (&born))
          return fail_at_node (loader, error, node, "died", ATLAS_DOCUMENT_ERROR_INVALID,
                               _("%s dies before being born"), name);

        atlas_person_set_faction (person, faction);
        atlas_person_set_life (person, has_born ? &born : NULL, has_died ? &died : NULL);
        g_ptr_array_add (loader->document->people, g_object_ref (person));
        register_object (loader, id, person);
      }
  return TRUE;
}

static gboolean
read_place (Loader   *loader,
            xmlNode  *node,
            GError  **error)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *kind_text = get_attr (node, "kind");
  g_autofree char *certainty_text = get_attr (node, "certainty");
  g_autofree char *radius_text = get_attr (node, "radius-km");
  g_autoptr(AtlasPlace) place = NULL;
  AtlasCertainty certainty = ATLAS_CERTAINTY_EXACT;
  AtlasPlaceKind kind = ATLAS_PLACE_KIND_OTHER;
  double lat, lon, radius = 0;
  gpointer faction;
  guint n_alts = 0;

  atlas_place_kind_from_string (kind_text, &kind);
  if (!get_double (loader, node, "lat", -90, 90, _("latitude"), &lat, error) ||
      !get_double (loader, node, "lon", -180, 180, _("longitude"), &lon, error) ||
      !resolve_ref (loader, node, "faction", "faction", FALSE, &faction, error))
    return FALSE;
  if (radius_text && !get_double (loader, node, "radius-km", 0, 20000, _("radius"), &radius, error))
    return FALSE;

  if (g_strcmp0 (certainty_text, "approximate") == 0)
    certainty = ATLAS_CERTAINTY_APPROXIMATE;
  else if (g_strcmp0 (certainty_text, "debated") == 0)
    certainty = ATLAS_CERTAINTY_DEBATED;

  place = atlas_place_new (id, kind, lat, lon);
  atlas_place_set_faction (place, faction);
  atlas_place_set_certainty (place, certainty, radius);

  for (xmlNode *child = node->children; child; child = child->next)
    {
      if (is_atlas_element (child, "name"))
        {
          g_autofree char *type = get_attr (child, "type");
          g_autofree char *lang = get_lang (child);
          g_autofree char *text = get_text (child);
          AtlasNameType name_type;

          if (g_strcmp0 (type, "historical") == 0)
            name_type = ATLAS_NAME_HISTORICAL;
          else if (g_strcmp0 (type, "modern") == 0)
            name_type = ATLAS_NAME_MODERN;
          else if (g_strcmp0 (type, "variant") == 0 || atlas_place_get_n_names (place) > 0)
            name_type = ATLAS_NAME_VARIANT;
          else
            name_type = ATLAS_NAME_DISPLAY;
          atlas_place_add_name (place, name_type, lang, text);
        }
      else if (is_atlas_element (child, "alt"))
        {
          g_autofree char *text = get_text (child);
          double alt_lat, alt_lon;

          if (!get_double (loader, child, "lat", -90, 90, _("latitude"), &alt_lat, error) ||
              !get_double (loader, child, "lon", -180, 180, _("longitude"), &alt_lon, error))
            return FALSE;
          atlas_place_add_alt (place, alt_lat, alt_lon, text);
          n_alts++;
        }
      else if (is_atlas_element (child, "note"))
        {
          g_autofree char *text = get_text (child);
          atlas_place_set_note (place, text);
        }
    }

  if (certainty == ATLAS_CERTAINTY_DEBATED && n_alts == 0)
    return fail_at_node (loader, error, node, "certainty", ATLAS_DOCUMENT_ERROR_INVALID,
                         _("a debated place needs at least one <alt> position"));

  g_ptr_array_add (loader->document->places, g_object_ref (place));
  register_object (loader, id, place);
  return TRUE;
}

static gboolean
read_side_notes (Loader     *loader,
                 xmlNode    *node,
                 AtlasEvent *event,
                 GError    **error)
{
  for (xmlNode *child = node->children; child; child = child->next)
    {
      gboolean commander = is_atlas_element (child, "commander");
      gboolean strength = is_atlas_element (child, "strength");
      gboolean casualties = is_atlas_element (child, "casualties");
      g_autofree char *text = NULL;
      gpointer faction, person = NULL;

      if (!commander && !strength && !casualties)
        continue;
      if (!resolve_ref (loader, child, "faction", "faction", FALSE, &faction, error))
        return FALSE;
      if (commander && !resolve_ref (loader, child, "person", "person", FALSE, &person, error))
        return FALSE;
      text = get_text (child);
      if (*text == '\0')
        g_clear_pointer (&text, g_free);

      if (commander && person == NULL && text == NULL)
        return fail_at_node (loader, error, child, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                             _("a commander needs a person attribute or a name as text"));
      if (commander)
        atlas_event_add_commander (event, faction, person, text);
      else if (strength)
        atlas_event_add_strength (event, faction, text ? text : "");
      else
        atlas_event_add_casualties (event, faction, text ? text : "");
    }
  return TRUE;
}

static gboolean
read_event (Loader   *loader,
            xmlNode  *node,
            GError  **error)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *type_text = get_attr (node, "type");
  g_autofree char *outcome_text = get_attr (node, "outcome");
  g_autofree char *title = get_text (first_child (node, "title"));
  xmlNode *summary = first_child (node, "summary");
  g_autoptr(AtlasEvent) event = NULL;
  AtlasEventType type = ATLAS_EVENT_OTHER;
  AtlasOutcome outcome = ATLAS_OUTCOME_NONE;
  AtlasDate from, to;
  gboolean has_span, has_to, instant;
  gpointer place, attacker, defender;

  atlas_event_type_from_string (type_text, &type);
  if (outcome_text)
    atlas_outcome_from_string (outcome_text, &outcome);

  if (!resolve_ref (loader, node, "place", "place", FALSE, &place, error) ||
      !resolve_ref (loader, node, "attacker", "faction", FALSE, &attacker, error) ||
      !resolve_ref (loader, node, "defender", "faction", FALSE, &defender, error) ||
      !get_span (loader, node, &from, &to, &has_span, &has_to, &instant, error))
    return FALSE;
  if (!has_span)
    return fail_at_node (loader, error, node, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("the event “%s” has no date: give it when or from"), id);

  event = atlas_event_new (id, type, title);
  atlas_event_set_place (event, place);
  atlas_event_set_dates (event, &from, has_to ? &to : NULL, instant);
  atlas_event_set_sides (event, attacker, defender);
  atlas_event_set_outcome (event, outcome);
  if (summary)
    {
      g_autofree char *text = get_text (summary);
      atlas_event_set_summary (event, text);
    }
  if (!read_side_notes (loader, node, event, error))
    return FALSE;

  if (place)
    g_ptr_array_add (atlas_place_get_events (place), event);
  g_ptr_array_add (loader->document->events, g_object_ref (event));
  register_object (loader, id, event);
  return TRUE;
}

static gboolean
read_route (Loader   *loader,
            xmlNode  *node,
            GError  **error)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *name = get_text (first_child (node, "name"));
  g_autoptr(AtlasRoute) route = NULL;
  gpointer faction, commander;
  AtlasDay latest = ATLAS_DAY_INVALID;
  AtlasDate latest_date = { 0 };

  if (!resolve_ref (loader, node, "faction", "faction", TRUE, &faction, error) ||
      !resolve_ref (loader, node, "commander", "person", FALSE, &commander, error))
    return FALSE;

  route = atlas_route_new (id, faction, name);
  atlas_route_set_commander (route, commander);

  for (xmlNode *stop = node->children; stop; stop = stop->next)
    {
      AtlasDate from, to;
      gboolean has_span, has_to, instant;
      gpointer place, event;
      double lat = 0, lon = 0;
      const char *date_attributes[] = { "when", "from", "to" };

      if (!is_atlas_element (stop, "stop"))
        continue;
      if (!resolve_ref (loader, stop, "place", "place", FALSE, &place, error) ||
          !resolve_ref (loader, stop, "event", "event", FALSE, &event, error) ||
          !get_span (loader, stop, &from, &to, &has_span, &has_to, &instant, error))
        return FALSE;
      if (!has_span)
        return fail_at_node (loader, error, stop, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                             _("every stop needs a date: give it when or from"));
      if (place == NULL &&
          (!get_double (loader, stop, "lat", -90, 90, _("latitude"), &lat, error) ||
           !get_double (loader, stop, "lon", -180, 180, _("longitude"), &lon, error)))
        return FALSE;

      /* Dates along a route never go back; compare the days they start. */
      for (guint i = 0; i < G_N_ELEMENTS (date_attributes); i++)
        {
          const AtlasDate *date = NULL;

          if (i == 0 && instant)
            date = &from;
          else if (i == 1 && !instant)
            date = &from;
          else if (i == 2 && has_to)
            date = &to;
          if (date == NULL)
            continue;

          if (latest != ATLAS_DAY_INVALID && atlas_date_first_day (date) < latest)
            {
              g_autofree char *text = atlas_date_format (date);
              g_autofree char *previous = atlas_date_format (&latest_date);
              return fail_at_node (loader, error, stop, date_attributes[i], ATLAS_DOCUMENT_ERROR_INVALID,
                                   _("the route goes back in time: %s comes after %s"),
                                   text, previous);
            }
          latest = atlas_date_first_day (date);
          latest_date = *date;
        }

      atlas_route_add_stop (route, place, lat, lon, &from, has_to ? &to : NULL, event);
    }

  g_ptr_array_add (loader->document->routes, g_object_ref (route));
  register_object (loader, id, route);
  return TRUE;
}

static gboolean
read_paragraph (Loader        *loader,
                xmlNode       *node,
                AtlasSection  *section,
                GError       **error)
{
  g_autoptr(GPtrArray) paragraph = atlas_paragraph_new ();
  gboolean ends_with_space = TRUE;

  for (xmlNode *child = node->children; child; child = child->next)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      AtlasRunKind kind = ATLAS_RUN_TEXT;
      AtlasRunStyle style = ATLAS_RUN_STYLE_NONE;
      gpointer target = NULL;
      AtlasRun *run;
      AtlasDate from = { 0 }, to = { 0 };
      gboolean has_span = FALSE, has_to = FALSE, instant = FALSE;
      xmlChar *content;

      if (child->type == XML_TEXT_NODE)
        ;
      else if (is_atlas_element (child, "place"))
        kind = ATLAS_RUN_PLACE;
      else if (is_atlas_element (child, "person"))
        kind = ATLAS_RUN_PERSON;
      else if (is_atlas_element (child, "event"))
        kind = ATLAS_RUN_EVENT;
      else if (is_atlas_element (child, "date"))
        kind = ATLAS_RUN_DATE;
      else if (is_atlas_element (child, "em"))
        style = ATLAS_RUN_STYLE_EMPHASIS;
      else if (is_atlas_element (child, "q"))
        style = ATLAS_RUN_STYLE_QUOTE;
      else
        continue;

      if ((kind == ATLAS_RUN_PLACE || kind == ATLAS_RUN_PERSON || kind == ATLAS_RUN_EVENT) &&
          !resolve_ref (loader, child, "ref", (const char *) child->name, TRUE, &target, error))
        return FALSE;
      if (kind == ATLAS_RUN_DATE)
        {
          if (!get_span (loader, child, &from, &to, &has_span, &has_to, &instant, error))
            return FALSE;
          if (!has_span)
            return fail_at_node (loader, error, child, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                                 _("a <date> needs when or from"));
        }

      content = xmlNodeGetContent (child);
      append_collapsed (text, (const char *) content);
      xmlFree (content);
      /* One space between runs, none at the start of the paragraph. */
      if (ends_with_space && text->len > 0 && text->str[0] == ' ')
        g_string_erase (text, 0, 1);
      if (text->len == 0)
        continue;
      ends_with_space = text->str[text->len - 1] == ' ';

      run = atlas_paragraph_append (paragraph, kind, style, text->str);
      run->target = target ? g_object_ref (target) : NULL;
      run->date = from;
      run->end = to;
      run->has_end = has_to;
    }

  /* No space at the end of the paragraph. */
  while (paragraph->len > 0)
    {
      AtlasRun *last = g_ptr_array_index (paragraph, paragraph->len - 1);
      gsize len = strlen (last->text);

      if (len > 0 && last->text[len - 1] == ' ')
        last->text[len - 1] = '\0';
      if (last->text[0] != '\0')
        break;
      g_ptr_array_remove_index (paragraph, paragraph->len - 1);
    }

  if (paragraph->len > 0)
    atlas_section_add_paragraph (section, paragraph);
  return TRUE;
}

static gboolean
read_section (Loader        *loader,
              xmlNode       *node,
              AtlasSection  *parent,
              GError       **error)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *title = get_text (first_child (node, "title"));
  g_autoptr(AtlasSection) section = atlas_section_new (id, parent);
  AtlasDate from, to;
  gboolean has_span, has_to, instant;

  if (!get_span (loader, node, &from, &to, &has_span, &has_to, &instant, error))
    return FALSE;
  atlas_section_set_title (section, title);
  if (has_span)
    atlas_section_set_span (section, &from, has_to ? &to : NULL, instant);

  register_object (loader, id, section);
  g_ptr_array_add (loader->document->all_sections, g_object_ref (section));
  if (parent)
    atlas_section_add_child (parent, section);
  else
    g_ptr_array_add (loader->document->sections, g_object_ref (section));

  for (xmlNode *child = node->children; child; child = child->next)
    {
      if (is_atlas_element (child, "p") && !read_paragraph (loader, child, section, error))
        return FALSE;
      if (is_atlas_element (child, "section") && !read_section (loader, child, section, error))
        return FALSE;
    }
  return TRUE;
}

static gint
compare_events_by_start (gconstpointer a,
                         gconstpointer b)
{
  AtlasEvent *event_a = *(AtlasEvent **) a;
  AtlasEvent *event_b = *(AtlasEvent **) b;
  AtlasDay day_a = atlas_event_get_first_day (event_a);
  AtlasDay day_b = atlas_event_get_first_day (event_b);

  return (day_a > day_b) - (day_a < day_b);
}

static gboolean
read_document (Loader   *loader,
               xmlNode  *root,
               GError  **error)
{
  xmlNode *people = first_child (root, "people");
  xmlNode *routes = first_child (root, "routes");
  AtlasDocument *self = loader->document;

  self->language = get_lang (root);
  if (self->language == NULL)
    self->language = g_strdup ("en");

  if (!collect_ids (loader, root, error) ||
      !read_meta (loader, first_child (root, "meta"), error) ||
      !read_factions (loader, first_child (root, "factions"), error) ||
      (people && !read_people (loader, people, error)))
    return FALSE;

  for (xmlNode *node = first_child (root, "places")->children; node; node = node->next)
    if (is_atlas_element (node, "place") && !read_place (loader, node, error))
      return FALSE;
  for (xmlNode *node = first_child (root, "events")->children; node; node = node->next)
    if (is_atlas_element (node, "event") && !read_event (loader, node, error))
      return FALSE;
  if (routes)
    for (xmlNode *node = routes->children; node; node = node->next)
      if (is_atlas_element (node, "route") && !read_route (loader, node, error))
        return FALSE;
  for (xmlNode *node = first_child (root, "article")->children; node; node = node->next)
    if (is_atlas_element (node, "section") && !read_section (loader, node, NULL, error))
      return FALSE;

  /* The time rules read each place's events in date order; the sort is
   * stable, so events starting the same day keep the document's order. */
  for (guint i = 0; i < self->places->len; i++)
    g_ptr_array_sort (atlas_place_get_events (g_ptr_array_index (self->places, i)),
                      compare_events_by_start);
  return TRUE;
}

static gboolean
check_root (Loader   *loader,
            xmlNode  *root,
            GError  **error)
{
  g_autofree char *version = NULL;

  if (g_strcmp0 ((const char *) root->name, "atlas") != 0)
    return fail_at_node (loader, error, root, NULL, ATLAS_DOCUMENT_ERROR_NOT_ATLAS,
                         _("not an atlas document: the root element is <%s>, not <atlas>"),
                         root->name);
  if (root->ns == NULL || g_strcmp0 ((const char *) root->ns->href, ATLAS_NAMESPACE) != 0)
    return fail_at_node (loader, error, root, NULL, ATLAS_DOCUMENT_ERROR_NOT_ATLAS,
                         _("<atlas> is in namespace “%s”; atlas documents use the namespace “%s”"),
                         root->ns ? (const char *) root->ns->href : "", ATLAS_NAMESPACE);

  version = get_attr (root, "version");
  if (version == NULL)
    return fail_at_node (loader, error, root, NULL, ATLAS_DOCUMENT_ERROR_VERSION,
                         _("<atlas> has no version attribute: write version=“%s”"),
                         ATLAS_FORMAT_VERSION);
  if (g_strcmp0 (version, ATLAS_FORMAT_VERSION) != 0)
    return fail_at_node (loader, error, root, "version", ATLAS_DOCUMENT_ERROR_VERSION,
                         _("unsupported format version “%s”: this program reads version %s"),
                         version, ATLAS_FORMAT_VERSION);
  return TRUE;
}

static gboolean
load (Loader   *loader,
      GError  **error)
{
  xmlDoc *doc;
  gboolean ok;

  if (loader->size == 0)
    {
      set_error_at (loader, error, 1, 1, ATLAS_DOCUMENT_ERROR_EMPTY, _("the file is empty"));
      return FALSE;
    }
  if (loader->size > ATLAS_MAX_FILE_SIZE)
    {
      set_error_at (loader, error, 1, 1, ATLAS_DOCUMENT_ERROR_IO,
                    _("the file is too large for an atlas document (over 256 MB)"));
      return FALSE;
    }

  ensure_libxml_initialized ();
  doc = parse_xml (loader, error);
  if (doc == NULL)
    return FALSE;

  ok = check_root (loader, xmlDocGetRootElement (doc), error) &&
       validate_schema (loader, doc, error) &&
       read_document (loader, xmlDocGetRootElement (doc), error);
  xmlFreeDoc (doc);
  return ok;
}

/* The class ---------------------------------------------------------- */

static void
clear_source (gpointer data)
{
  AtlasSource *source = data;

  g_clear_pointer (&source->href, g_free);
  g_clear_pointer (&source->license, g_free);
  g_clear_pointer (&source->text, g_free);
}

static void
clear_field (gpointer data)
{
  AtlasInfoboxField *field = data;

  g_clear_pointer (&field->name, g_free);
  g_clear_pointer (&field->value, g_free);
}

static void
atlas_document_finalize (GObject *object)
{
  AtlasDocument *self = ATLAS_DOCUMENT (object);

  g_clear_pointer (&self->filename, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->infobox, g_array_unref);
  g_clear_pointer (&self->objects, g_hash_table_unref);
  g_clear_pointer (&self->all_sections, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->factions, g_ptr_array_unref);

  G_OBJECT_CLASS (atlas_document_parent_class)->finalize (object);
}

static void
atlas_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtlasDocument *self = ATLAS_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atlas_document_class_init (AtlasDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atlas_document_finalize;
  object_class->get_property = atlas_document_get_property;

  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atlas_document_init (AtlasDocument *self)
{
  self->sources = g_array_new (FALSE, TRUE, sizeof (AtlasSource));
  g_array_set_clear_func (self->sources, clear_source);
  self->infobox = g_array_new (FALSE, TRUE, sizeof (AtlasInfoboxField));
  g_array_set_clear_func (self->infobox, clear_field);
  self->factions = g_ptr_array_new_with_free_func (g_object_unref);
  self->people = g_ptr_array_new_with_free_func (g_object_unref);
  self->places = g_ptr_array_new_with_free_func (g_object_unref);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->routes = g_ptr_array_new_with_free_func (g_object_unref);
  self->sections = g_ptr_array_new_with_free_func (g_object_unref);
  self->all_sections = g_ptr_array_new_with_free_func (g_object_unref);
  self->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

AtlasDocument *
atlas_document_new_from_bytes (GBytes      *bytes,
                               const char  *filename,
                               GError     **error)
{
  g_autoptr(AtlasDocument) self = NULL;
  g_autoptr(GHashTable) id_nodes = NULL;
  Loader loader = { 0 };
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ATLAS_TYPE_DOCUMENT, NULL);
  self->filename = g_strdup (filename);

  id_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.filename = filename;
  loader.data = g_bytes_get_data (bytes, &loader.size);
  loader.document = self;
  loader.id_nodes = id_nodes;

  ok = load (&loader, error);

  g_clear_pointer (&loader.line_starts, g_array_unref);
  g_clear_pointer (&loader.xml_error_message, g_free);
  if (!ok)
    return NULL;
  return g_steal_pointer (&self);
}

AtlasDocument *
atlas_document_new_from_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_IO,
                   "%s:1:1: error: %s", name, local_error->message);
      return NULL;
    }
  return atlas_document_new_from_bytes (bytes, name, error);
}

/* Loads a file named on the command line; errors name it as given. */
AtlasDocument *
atlas_document_new_from_path (const char  *path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, ATLAS_DOCUMENT_ERROR, ATLAS_DOCUMENT_ERROR_IO,
                   "%s:1:1: error: %s", path, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (contents, length);
  return atlas_document_new_from_bytes (bytes, path, error);
}

AtlasDocument *
atlas_document_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (ATLAS_DOCUMENT_DEFAULT_RESOURCE, 0, error);

  if (bytes == NULL)
    return NULL;
  return atlas_document_new_from_bytes (bytes, "western-xia.atlas.xml", error);
}

const char *
atlas_document_get_filename (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->filename;
}

const char *
atlas_document_get_title (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->title;
}

const char *
atlas_document_get_subtitle (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->subtitle;
}

const char *
atlas_document_get_language (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->language;
}

const AtlasDate *
atlas_document_get_period_from (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return &self->period_from;
}

const AtlasDate *
atlas_document_get_period_to (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return &self->period_to;
}

AtlasDay
atlas_document_get_first_day (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), ATLAS_DAY_INVALID);
  return self->first_day;
}

AtlasDay
atlas_document_get_last_day (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), ATLAS_DAY_INVALID);
  return self->last_day;
}

void
atlas_document_get_view (AtlasDocument *self,
                         double        *lat,
                         double        *lon,
                         double        *zoom)
{
  g_return_if_fail (ATLAS_IS_DOCUMENT (self));
  *lat = self->view_lat;
  *lon = self->view_lon;
  *zoom = self->view_zoom;
}

GArray *
atlas_document_get_sources (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->sources;
}

GArray *
atlas_document_get_infobox (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->infobox;
}

GPtrArray *
atlas_document_get_factions (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->factions;
}

GPtrArray *
atlas_document_get_people (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->people;
}

GPtrArray *
atlas_document_get_places (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->places;
}

GPtrArray *
atlas_document_get_events (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->events;
}

GPtrArray *
atlas_document_get_routes (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->routes;
}

GPtrArray *
atlas_document_get_sections (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->sections;
}

GPtrArray *
atlas_document_get_all_sections (AtlasDocument *self)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return self->all_sections;
}

/* The faction, person, place, event, route or section with this id. */
gpointer
atlas_document_lookup (AtlasDocument *self,
                       const char    *id)
{
  g_return_val_if_fail (ATLAS_IS_DOCUMENT (self), NULL);
  return g_hash_table_lookup (self->objects, id);
}
