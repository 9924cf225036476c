/* atlas-document.c: load, check and model an atlas document
 *
 * The loader trusts nothing in the file.  It parses from memory with no
 * network, refuses any DOCTYPE (so no entity is ever declared, expanded or
 * fetched), never processes XInclude, stops at a fixed nesting depth, and
 * validates against the built-in RelaxNG schema before it reads anything.
 * Every refusal names the file, line and column.
 *
 * Loading streams: an xmlTextReader parses the document and validates it
 * against the schema as it goes, and the loader takes one top-level item
 * at a time (the meta block, then each faction, person, place, event,
 * route and top-level section).  The reader walks the item, which
 * validates all of it, while the loader keeps the item's nodes
 * (xmlTextReaderPreserve); the loader then reads the valid item into the
 * model, and frees it once the reader has moved on to the next element.
 * No more than two items are held as trees at a time, so memory stays near
 * the size of the model.  References in the format all point back (to
 * factions, people, places and events read before them), so one pass
 * resolves them; an id → (kind, line) table serves the duplicate-id and
 * wrong-kind messages.
 *
 * After the first refusal the loader builds nothing more but reads on to
 * the end, still collecting ids and checking depth, for two reasons: a
 * reference to an id that turns up later is reported as naming the wrong
 * kind of element, with its line; and when a file breaks several rules,
 * the one reported is the most basic one (see Fault), whatever its place
 * in the file.
 *
 * The reader cannot refuse a DOCTYPE before it has parsed it, and parsing
 * one declares entities, so the bytes before the root element are scanned
 * first (check_prolog): only a byte order mark, the XML declaration, white
 * space, comments and processing instructions may come there, and a
 * DOCTYPE is refused at its line and column.  So that libxml2 reads those
 * bytes as the scan does, a document in UTF-16, UTF-32 or EBCDIC, with a
 * NUL byte in its prolog, or declaring an encoding that does not keep
 * ASCII as it is, is refused too.  Should the reader still report a
 * DOCTYPE, it is refused all the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

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

/* What a document is refused for, from the refusal that wins to the one
 * that yields: a file that breaks several rules is refused for the first
 * of them here, as the checks of a tree loader would find them (parser,
 * root, schema, then the format's rules, duplicate ids first). */
typedef enum
{
  FAULT_DOCTYPE,
  FAULT_DEPTH,
  FAULT_XML,
  FAULT_ROOT,
  FAULT_SCHEMA,                 /* also white space where the schema has none */
  FAULT_DUPLICATE,
  FAULT_RULE,
  N_FAULTS
} Fault;

/* Where an id was met: the element that carries it, its line, and once
 * read, the object made of it. */
typedef struct
{
  const char *kind;             /* element name, in the reader's dictionary */
  long line;
  gpointer object;
  char id[];
} IdEntry;

/* A reference to an id not met before it: refused as naming an unknown
 * id, unless the id turns up later in the file. */
typedef struct
{
  char *id;
  char *attribute;
  char *kind;
  int line;
  int column;
} LateRef;

/* What the loader needs while it works on one file. */
typedef struct
{
  const char *filename;
  const char *data;
  gsize size;
  GArray *line_starts;          /* byte offset of each line, on demand */
  AtlasDocument *document;
  xmlTextReaderPtr reader;
  xmlNode *root;
  xmlNode *spent;               /* the item read last, until the next element */
  GHashTable *ids;              /* id → IdEntry, for every id met so far */
  GError *faults[N_FAULTS];     /* the first refusal of each kind */
  LateRef late_ref;
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

/* The node after or before `node` in document order, among the nodes
 * still in memory (the reader frees those it has passed). */
static xmlNode *
next_in_document (xmlNode *node)
{
  if (node->type == XML_ELEMENT_NODE && node->children)
    return node->children;
  while (node->next == NULL && node->parent && node->parent->type == XML_ELEMENT_NODE)
    node = node->parent;
  return node->next;
}

static xmlNode *
previous_in_document (xmlNode *node)
{
  if (node->prev == NULL)
    return node->parent && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
  node = node->prev;
  while (node->type == XML_ELEMENT_NODE && node->last)
    node = node->last;
  return node;
}

/* How many elements with the name of `node` end their start tags on its
 * line after it (`forward`) or before it; -1 if the nodes in memory stop
 * before that line does, when the count is unknown. */
static int
count_on_line (xmlNode  *node,
               long      line,
               gboolean  forward)
{
  int count = 0;

  for (xmlNode *cur = node;;)
    {
      long cur_line;

      cur = forward ? next_in_document (cur) : previous_in_document (cur);
      if (cur == NULL)
        return -1;
      cur_line = xmlGetLineNo (cur);
      if (forward ? cur_line > line : (cur_line > 0 && cur_line < line))
        return count;
      if (cur_line == line && cur->type == XML_ELEMENT_NODE &&
          strcmp ((const char *) cur->name, (const char *) node->name) == 0 &&
          g_strcmp0 (cur->ns ? (const char *) cur->ns->prefix : NULL,
                     node->ns ? (const char *) node->ns->prefix : NULL) == 0)
        count++;
    }
}

/* The offset of start tag `tag` in [from, to): the one `skip` places
 * from the end (`backward`) or from the start; G_MAXSIZE if none. */
static gsize
find_tag (Loader     *loader,
          const char *tag,
          gsize       from,
          gsize       to,
          int         skip,
          gboolean    backward)
{
  gsize tag_len = strlen (tag);

  for (gsize n = 0; n < to - from; n++)
    {
      gsize i = backward ? to - 1 - n : from + n;

      if (loader->data[i] == '<' &&
          i + tag_len < loader->size &&
          memcmp (loader->data + i, tag, tag_len) == 0 &&
          is_name_end (loader->data[i + tag_len]) &&
          skip-- == 0)
        return i;
    }
  return G_MAXSIZE;
}

/* libxml2 keeps only the line of an element, where its start tag ends;
 * find the tag in the source and, if asked, the attribute inside it.
 * Several elements of that name may end their tags on that line: count
 * those after it and search back from the end of the line (as the tag may
 * start on an earlier line), or, when the nodes after it are no longer
 * or not yet in memory, count those before it and search on from the
 * start of the line. */
static void
locate_node (Loader     *loader,
             xmlNode    *node,
             const char *attribute,
             int        *line,
             int        *column)
{
  g_autofree char *tag = NULL;
  long node_line;
  gsize line_start, line_end, tag_len, found = G_MAXSIZE;
  int later, earlier;

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
  line_start = g_array_index (loader->line_starts, gsize, node_line - 1);
  line_end = (guint) node_line < loader->line_starts->len
           ? g_array_index (loader->line_starts, gsize, node_line)
           : loader->size;

  if (node->type != XML_ELEMENT_NODE)
    {
      offset_to_position (loader, line_start, line, column);
      return;
    }

  if (node->ns && node->ns->prefix)
    tag = g_strdup_printf ("<%s:%s", node->ns->prefix, node->name);
  else
    tag = g_strdup_printf ("<%s", node->name);
  tag_len = strlen (tag);

  later = count_on_line (node, node_line, TRUE);
  if (later >= 0)
    found = find_tag (loader, tag, 0, line_end, later, TRUE);
  else if ((earlier = count_on_line (node, node_line, FALSE)) >= 0)
    found = find_tag (loader, tag, line_start, line_end, earlier, FALSE);
  if (found == G_MAXSIZE)
    found = find_tag (loader, tag, 0, line_end, 0, TRUE);
  if (found == G_MAXSIZE)
    return;

  if (attribute)
    {
      gsize attr_len = strlen (attribute);
      char quote = 0;             /* inside a value, which may hold ">" */

      for (gsize i = found + tag_len; i + attr_len < loader->size && (quote || loader->data[i] != '>'); i++)
        {
          gsize j = i + attr_len;

          if (quote || loader->data[i] == '"' || loader->data[i] == '\'')
            {
              quote = quote == loader->data[i] ? 0 : quote ? quote : loader->data[i];
              continue;
            }
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
  g_autofree char *text = g_strdup_printf ("%s:%d:%d: error: %s", loader->filename, line, column, message);

  /* One line, whatever the file or libxml2 puts in the message. */
  g_set_error_literal (error, ATLAS_DOCUMENT_ERROR, code, g_strdelimit (text, "\r\n", ' '));
}

static void
set_error_at_node (Loader             *loader,
                   GError            **error,
                   xmlNode            *node,
                   const char         *attribute,
                   AtlasDocumentError  code,
                   const char         *format,
                   va_list             args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  int line, column;

  locate_node (loader, node, attribute, &line, &column);
  set_error_at (loader, error, line, column, code, message);
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
  va_list args;

  va_start (args, format);
  set_error_at_node (loader, error, node, attribute, code, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
has_fault (Loader *loader)
{
  for (guint i = 0; i < N_FAULTS; i++)
    if (loader->faults[i])
      return TRUE;
  return FALSE;
}

/* Keeps the first refusal of each kind; the message is made only then. */
G_GNUC_PRINTF (6, 7)
static void
add_fault_at_node (Loader             *loader,
                   Fault               fault,
                   xmlNode            *node,
                   const char         *attribute,
                   AtlasDocumentError  code,
                   const char         *format,
                   ...)
{
  va_list args;

  if (loader->faults[fault])
    return;
  va_start (args, format);
  set_error_at_node (loader, &loader->faults[fault], node, attribute, code, format, args);
  va_end (args);
}

static void
add_fault (Loader *loader,
           Fault   fault,
           GError *error)
{
  if (loader->faults[fault])
    g_error_free (error);
  else
    loader->faults[fault] = error;
}

/* The prolog ---------------------------------------------------------- */

/* Where `needle` first occurs in [from, end), or NULL. */
static const char *
find_bytes (const char *from,
            const char *end,
            const char *needle)
{
  gsize len = strlen (needle);

  for (const char *p = from; p + len <= end; p++)
    {
      p = memchr (p, needle[0], end - p);
      if (p == NULL || p + len > end)
        return NULL;
      if (memcmp (p, needle, len) == 0)
        return p;
    }
  return NULL;
}

/* The encoding named by the XML declaration between `p` (after "<?xml")
 * and `end` (its "?>"), or NULL.  The pseudo-attributes are read in order,
 * as libxml2 does; where their syntax breaks, libxml2 stops with an error
 * before it could switch encodings, so the scan stops too. */
static char *
declared_encoding (const char *p,
                   const char *end)
{
  while (p < end)
    {
      const char *name, *value;
      gsize name_len;
      char quote;

      while (p < end && is_space (*p))
        p++;
      name = p;
      while (p < end && g_ascii_isalpha (*p))
        p++;
      name_len = p - name;
      while (p < end && is_space (*p))
        p++;
      if (name_len == 0 || p == end || *p != '=')
        return NULL;
      p++;
      while (p < end && is_space (*p))
        p++;
      if (p == end || (*p != '"' && *p != '\''))
        return NULL;
      quote = *p++;
      value = p;
      p = memchr (p, quote, end - p);
      if (p == NULL)
        return NULL;
      if (name_len == strlen ("encoding") && memcmp (name, "encoding", name_len) == 0)
        return g_strndup (value, p - value);
      p++;
    }
  return NULL;
}

/* Encodings that libxml2 decodes itself and that keep every ASCII byte
 * as it is, so that markup reads the same to the scan and to the parser. */
static gboolean
is_ascii_compatible (const char *encoding)
{
  static const char * const names[] = {
    "UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "ISO-LATIN-1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (encoding, names[i]) == 0)
      return TRUE;
  return FALSE;
}

G_GNUC_PRINTF (5, 6)
static gboolean
fail_at_offset (Loader             *loader,
                GError            **error,
                gsize               offset,
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

  offset_to_position (loader, offset, &line, &column);
  set_error_at (loader, error, line, column, code, message);
  return FALSE;
}

/* Whether the tag whose name begins at @p, just after its "<", has the
 * local name @name, whatever its prefix; @name_end is set after it. */
static gboolean
local_name_is (const char  *p,
               const char  *end,
               const char  *name,
               const char **name_end)
{
  const char *start = p;
  gsize length = strlen (name);

  while (p < end && !is_space (*p) && *p != '>' && *p != '/')
    {
      if (*p == ':')
        start = p + 1;
      p++;
    }
  *name_end = p;
  return (gsize) (p - start) == length && memcmp (start, name, length) == 0;
}

/* libxml2 checks a place against the schema as a whole, which it expands
 * first, in a time that grows with the square of the place's children: a
 * place with a hundred thousand names took minutes to refuse or accept.
 * So before the parser starts, a scan of the bytes refuses a place with
 * more children than any document needs, at the first one too many.  It
 * follows tags, quoted attribute values, comments, CDATA sections and
 * processing instructions as far as the document is well-formed, and
 * leaves the rest to the parser. */
static gboolean
check_place_sizes (Loader  *loader,
                   GError **error)
{
  const char *data = loader->data;
  const char *end = data + loader->size;
  const char *p = data;
  int depth = 0;                /* of the next start tag; the root's is 0 */
  gboolean in_places = FALSE;   /* inside <places>, a child of the root */
  gboolean in_place = FALSE;    /* inside one of its <place> elements */
  guint children = 0;

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      const char *name_end;
      const char *close;
      gboolean is_places, is_place;
      char quote = 0;

      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        close = find_bytes (p + 4, end, "-->");
      else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        close = find_bytes (p + 9, end, "]]>");
      else if (end - p >= 2 && (p[1] == '?' || p[1] == '!'))
        close = find_bytes (p + 2, end, ">");
      else if (end - p >= 2 && p[1] == '/')
        {
          close = memchr (p, '>', end - p);
          if (--depth == 1)
            in_places = FALSE;
          else if (depth == 2)
            in_place = FALSE;
        }
      else
        {
          is_places = local_name_is (p + 1, end, "places", &name_end);
          is_place = local_name_is (p + 1, end, "place", &name_end);
          for (close = name_end; close < end && (quote || *close != '>'); close++)
            if (*close == '"' || *close == '\'')
              quote = quote == *close ? 0 : quote ? quote : *close;
          if (close >= end)
            return TRUE;

          if (depth == 1)
            in_places = is_places;
          else if (depth == 2 && in_places)
            {
              in_place = is_place;
              children = 0;
            }
          else if (depth == 3 && in_place && ++children > ATLAS_DOCUMENT_MAX_PLACE_CHILDREN)
            return fail_at_offset (loader, error, p - data, ATLAS_DOCUMENT_ERROR_TOO_LARGE,
                                   _("this place has more than %d names and alternative positions, "
                                     "the most this program reads"),
                                   ATLAS_DOCUMENT_MAX_PLACE_CHILDREN);
          if (close[-1] != '/')
            depth++;
        }
      if (close == NULL || close >= end)
        return TRUE;
      p = close + 1;
    }
  return TRUE;
}

/* Scans what comes before the root element, which the reader would parse
 * (DOCTYPE included) before the loader could see it.  Returns FALSE, with
 * the refusal, for a DOCTYPE, for bytes that libxml2 would not read as
 * this scan does, or when no element follows.  Anything else it does not
 * know (text, a broken comment) is left for the parser to refuse. */
static gboolean
check_prolog (Loader  *loader,
              GError **error)
{
  const char *data = loader->data;
  const char *end = data + loader->size;
  const char *p = data;
  const char *first, *nul;

  /* libxml2 guesses UTF-16, UTF-32 and EBCDIC from the first four bytes:
   * byte order marks, NUL bytes, or "<?" in EBCDIC. */
  if (loader->size >= 2 &&
      (memcmp (data, "\xfe\xff", 2) == 0 || memcmp (data, "\xff\xfe", 2) == 0))
    return fail_at_offset (loader, error, 0, ATLAS_DOCUMENT_ERROR_NOT_XML,
                           _("not valid XML: the document is in UTF-16 or UTF-32; atlas documents are UTF-8"));
  nul = memchr (data, '\0', MIN (loader->size, 4));
  if (nul == NULL && loader->size >= 4 && memcmp (data, "\x4c\x6f\xa7\x94", 4) == 0)
    return fail_at_offset (loader, error, 0, ATLAS_DOCUMENT_ERROR_NOT_XML,
                           _("not valid XML: the document is in EBCDIC; atlas documents are UTF-8"));
  if (loader->size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  first = p;

  while (nul == NULL && p < end)
    {
      const char *construct_end;

      if (is_space (*p))
        {
          p++;
          continue;
        }
      if (*p == '\0')
        nul = p;
      else if (end - p >= 2 && memcmp (p, "<?", 2) == 0)
        {
          construct_end = find_bytes (p + 2, end, "?>");
          if (construct_end == NULL)
            return TRUE;
          nul = memchr (p, '\0', construct_end - p);
          if (nul == NULL && p == first && construct_end - p >= 6 &&
              memcmp (p, "<?xml", 5) == 0 && is_space (p[5]))
            {
              g_autofree char *encoding = declared_encoding (p + 5, construct_end);

              if (encoding && !is_ascii_compatible (encoding))
                return fail_at_offset (loader, error, p - data, ATLAS_DOCUMENT_ERROR_NOT_XML,
                                       _("not valid XML: the document declares the encoding “%s”; atlas documents are UTF-8"),
                                       encoding);
            }
          p = construct_end + 2;
        }
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          construct_end = find_bytes (p + 4, end, "-->");
          if (construct_end == NULL)
            return TRUE;
          nul = memchr (p, '\0', construct_end - p);
          p = construct_end + 3;
        }
      else if (end - p >= 9 && memcmp (p, "<!DOCTYPE", 9) == 0)
        return fail_at_offset (loader, error, p - data, ATLAS_DOCUMENT_ERROR_DOCTYPE,
                               "%s", _("the document has a DOCTYPE declaration; atlas documents may not declare a DTD or entities"));
      else
        return TRUE;
    }

  if (nul)
    return fail_at_offset (loader, error, nul - data, ATLAS_DOCUMENT_ERROR_NOT_XML,
                           _("not valid XML: a NUL byte before the root element; atlas documents are UTF-8 text"));
  return fail_at_offset (loader, error, loader->size, ATLAS_DOCUMENT_ERROR_NOT_XML,
                         "%s", _("not valid XML: the document has no root element"));
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

/* The element a validation error is about.  Validating a stream,
 * libxml2 blames text out of place, and an element that ends with
 * something missing, on the last element it was given; the reader is on
 * the text, or on the element that ends. */
static xmlNode *
schema_error_node (Loader   *loader,
                   xmlError *xml_error)
{
  xmlNode *current = xmlTextReaderCurrentNode (loader->reader);

  if (xml_error->code == XML_RELAXNG_ERR_TEXTWRONG && current && current->type == XML_TEXT_NODE &&
      current->parent && current->parent->type == XML_ELEMENT_NODE)
    return current->parent;
  if (xml_error->code == XML_RELAXNG_ERR_NOELEM && current && current->type == XML_ELEMENT_NODE)
    return current;
  return xml_error->node ? xml_error->node : current;
}

/* The attribute a validation error refuses, for the column to point at
 * it: libxml2 names it without its prefix. */
static const char *
refused_attribute (xmlNode  *node,
                   xmlError *xml_error)
{
  const char *name = xml_error->str1;

  if (xml_error->code != XML_RELAXNG_ERR_INVALIDATTR || name == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;
  if (strcmp (name, "lang") == 0 && xmlHasNsProp (node, BAD_CAST "lang", XML_XML_NAMESPACE))
    return "xml:lang";
  return name;
}

/* libxml2's errors, from the parser and from the validation alike.  A
 * validation error names its node, which the reader still holds when it
 * reports it; the source scan gives the column libxml2 does not keep. */
static void
record_xml_error (void     *user_data,
                  xmlError *xml_error)
{
  Loader *loader = user_data;
  g_autofree char *text = NULL;
  gboolean schema = xml_error->domain == XML_FROM_RELAXNGV;
  Fault fault = schema ? FAULT_SCHEMA : FAULT_XML;

  if (xml_error->level < XML_ERR_ERROR || loader->faults[fault])
    return;

  /* libxml2 ends its messages with a line break, and may put details
   * such as the bad bytes on a second line, which set_error_at() joins. */
  text = g_strstrip (g_strdup (xml_error->message ? xml_error->message : ""));
  if (schema)
    {
      xmlNode *node = schema_error_node (loader, xml_error);

      /* Validating a stream, libxml2 leaves the name out of this message. */
      if (xml_error->code == XML_RELAXNG_ERR_TEXTWRONG && node && node->type == XML_ELEMENT_NODE)
        {
          g_free (text);
          text = g_strdup_printf ("Did not expect text in element %s content", node->name);
        }
      if (node)
        add_fault_at_node (loader, fault, node, refused_attribute (node, xml_error), ATLAS_DOCUMENT_ERROR_SCHEMA,
                           _("does not match the schema: %s"), text);
      else
        {
          g_autofree char *message = g_strdup_printf (_("does not match the schema: %s"), text);
          set_error_at (loader, &loader->faults[fault], MAX (xml_error->line, 1), 1,
                        ATLAS_DOCUMENT_ERROR_SCHEMA, message);
        }
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("not valid XML: %s"), text);
      set_error_at (loader, &loader->faults[fault], MAX (xml_error->line, 1), MAX (xml_error->int2, 1),
                    ATLAS_DOCUMENT_ERROR_NOT_XML, message);
    }
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

/* An attribute's value without a copy when the parser stored it as one
 * text node, as it nearly always does; else in `copy`, to be freed. */
static const char *
attr_value (xmlAttr  *attr,
            xmlChar **copy)
{
  xmlNode *text = attr->children;

  *copy = NULL;
  if (text && text->next == NULL && text->type == XML_TEXT_NODE && text->content)
    return (const char *) text->content;
  *copy = xmlNodeListGetString (attr->doc, text, 1);
  return *copy ? (const char *) *copy : "";
}

/* Attribute values, owned by GLib allocation. */
static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlAttr *attr = xmlHasNsProp (node, (const xmlChar *) name, NULL);
  xmlChar *copy;
  char *result;

  if (attr == NULL)
    return NULL;
  result = g_strdup (attr_value (attr, &copy));
  xmlFree (copy);
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

/* `what` names the value, untranslated (N_): it is translated only for
 * the message, as most values pass. */
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
                         _(what), text ? text : "", min, max);
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

static char *
format_wrong_kind (const char *attribute,
                   const char *id,
                   const char *found,
                   long        found_line,
                   const char *kind)
{
  return g_strdup_printf (_("%s=“%s” names %s (line %ld), not %s"),
                          attribute, id, describe_element (found), found_line,
                          describe_element (kind));
}

/* Resolves the id in `attribute` (NULL: not given) to an object of the
 * element kind `kind`.  References point back, so the object has been
 * read unless the file is wrong. */
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
  IdEntry *target;

  *object = NULL;
  if (id == NULL)
    {
      if (required)
        return fail_at_node (loader, error, node, NULL, ATLAS_DOCUMENT_ERROR_INVALID,
                             _("<%s> needs a %s attribute"), node->name, attribute);
      return TRUE;
    }

  target = g_hash_table_lookup (loader->ids, id);
  if (target == NULL)
    {
      /* Kept to tell, once the whole file is read, an unknown id from
       * one that comes later. */
      LateRef *late = &loader->late_ref;

      if (late->id == NULL)
        {
          late->id = g_strdup (id);
          late->attribute = g_strdup (attribute);
          late->kind = g_strdup (kind);
          locate_node (loader, node, attribute, &late->line, &late->column);
        }
      return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                           _("%s=“%s” names an unknown id: no %s has that id"),
                           attribute, id, kind);
    }
  if (g_strcmp0 (target->kind, kind) != 0)
    {
      g_autofree char *message = format_wrong_kind (attribute, id, target->kind, target->line, kind);
      return fail_at_node (loader, error, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID, "%s", message);
    }

  *object = target->object;
  g_assert (*object != NULL);
  return TRUE;
}

/* The id was met when the element was checked, before it was read. */
static void
register_object (Loader     *loader,
                 const char *id,
                 gpointer    object)
{
  IdEntry *entry = g_hash_table_lookup (loader->ids, id);

  entry->object = object;
  g_hash_table_insert (loader->document->objects, g_strdup (id), object);
}

/* Checks on every element -------------------------------------------- */

typedef enum
{
  WORD_ID,
  WORD_REF,
  WORD_NUMBER,
  WORD_BOOLEAN,
} WordKind;

/* Attributes whose value is one word.  XSD types collapse white space
 * before they check a value, so the schema takes id=" xia" or lat="38 ";
 * the loader uses values as they are, and refuses those. */
static const struct
{
  const char *name;
  WordKind kind;
} word_attributes[] = {
  { "id", WORD_ID },
  { "faction", WORD_REF },
  { "place", WORD_REF },
  { "person", WORD_REF },
  { "event", WORD_REF },
  { "attacker", WORD_REF },
  { "defender", WORD_REF },
  { "commander", WORD_REF },
  { "ref", WORD_REF },
  { "lat", WORD_NUMBER },
  { "lon", WORD_NUMBER },
  { "zoom", WORD_NUMBER },
  { "radius-km", WORD_NUMBER },
  { "approx", WORD_BOOLEAN },
};

static gboolean
has_space (const char *value)
{
  return value[strcspn (value, " \t\r\n")] != '\0';
}

static void
check_depth (Loader  *loader,
             xmlNode *node,
             int      depth)
{
  if (depth >= ATLAS_DOCUMENT_MAX_DEPTH)
    add_fault_at_node (loader, FAULT_DEPTH, node, NULL, ATLAS_DOCUMENT_ERROR_TOO_DEEP,
                       _("the document is nested too deep (more than %d levels of elements)"),
                       ATLAS_DOCUMENT_MAX_DEPTH);
}

static void
register_id (Loader     *loader,
             xmlNode    *node,
             const char *id)
{
  IdEntry *entry = g_hash_table_lookup (loader->ids, id);
  gsize len;

  if (entry)
    {
      add_fault_at_node (loader, FAULT_DUPLICATE, node, "id", ATLAS_DOCUMENT_ERROR_INVALID,
                         _("duplicate id “%s”: already used on line %ld"), id, entry->line);
      return;
    }
  len = strlen (id);
  entry = g_malloc (sizeof (IdEntry) + len + 1);
  entry->kind = (const char *) node->name;
  entry->line = xmlGetLineNo (node);
  entry->object = NULL;
  memcpy (entry->id, id, len + 1);
  g_hash_table_insert (loader->ids, entry->id, entry);
}

static void
check_word (Loader     *loader,
            xmlNode    *node,
            const char *attribute,
            WordKind    kind,
            const char *value)
{
  switch (kind)
    {
    case WORD_ID:
      add_fault_at_node (loader, FAULT_SCHEMA, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("id “%s” has white space: an id is one word"), value);
      break;
    case WORD_REF:
      add_fault_at_node (loader, FAULT_SCHEMA, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s=“%s” has white space: a reference is one id"), attribute, value);
      break;
    case WORD_NUMBER:
      add_fault_at_node (loader, FAULT_SCHEMA, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s=“%s” has white space: write the number alone"), attribute, value);
      break;
    case WORD_BOOLEAN:
      add_fault_at_node (loader, FAULT_SCHEMA, node, attribute, ATLAS_DOCUMENT_ERROR_INVALID,
                         _("%s=“%s” has white space: write true, false, 1 or 0"), attribute, value);
      break;
    }
}

/* What every element is checked for when the loader meets it, whether it
 * goes on to read it or not: its depth, white space in its one-word
 * values, and its id. */
static void
check_element (Loader  *loader,
               xmlNode *node,
               int      depth)
{
  check_depth (loader, node, depth);

  for (xmlAttr *attr = node->properties; attr; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      xmlChar *copy;
      const char *value;
      guint i;

      if (attr->ns)
        {
          if (g_strcmp0 ((const char *) attr->ns->href, (const char *) XML_XML_NAMESPACE) == 0 &&
              strcmp (name, "lang") == 0)
            {
              value = attr_value (attr, &copy);
              if (has_space (value))
                add_fault_at_node (loader, FAULT_SCHEMA, node, "xml:lang", ATLAS_DOCUMENT_ERROR_INVALID,
                                   _("xml:lang=“%s” has white space: write the language tag alone"), value);
              xmlFree (copy);
            }
          continue;
        }

      for (i = 0; i < G_N_ELEMENTS (word_attributes); i++)
        if (name[0] == word_attributes[i].name[0] && strcmp (name, word_attributes[i].name) == 0)
          break;
      if (i == G_N_ELEMENTS (word_attributes))
        continue;

      value = attr_value (attr, &copy);
      if (has_space (value))
        check_word (loader, node, name, word_attributes[i].kind, value);
      if (word_attributes[i].kind == WORD_ID)
        register_id (loader, node, value);
      xmlFree (copy);
    }
}

typedef void (*ElementCheck) (Loader  *loader,
                              xmlNode *node,
                              int      depth);

/* Runs `check` on every element of the subtree at `top`, which is at
 * `depth`; iteratively, as the tree may be deeper than the loader allows. */
static void
walk_elements (Loader       *loader,
               xmlNode      *top,
               int           depth,
               ElementCheck  check)
{
  xmlNode *node = top;

  for (;;)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          check (loader, node, depth);
          if (node->children)
            {
              node = node->children;
              depth++;
              continue;
            }
        }
      while (node != top && node->next == NULL)
        {
          node = node->parent;
          depth--;
        }
      if (node == top)
        return;
      node = node->next;
    }
}

/* Reading the items -------------------------------------------------- */

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

  if (!get_double (loader, view, "lat", -90, 90, N_("latitude"), &self->view_lat, error) ||
      !get_double (loader, view, "lon", -180, 180, N_("longitude"), &self->view_lon, error) ||
      !get_double (loader, view, "zoom", 1, 18, N_("zoom"), &self->view_zoom, error))
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
read_faction (Loader   *loader,
              xmlNode  *node,
              GError  **error)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *color = get_attr (node, "color");
  g_autofree char *name = get_text (node);
  AtlasFaction *faction = atlas_faction_new (id, name, color);

  g_ptr_array_add (loader->document->factions, faction);
  register_object (loader, id, faction);
  return TRUE;
}

static gboolean
read_person (Loader   *loader,
             xmlNode  *node,
             GError  **error)
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
  if (!get_double (loader, node, "lat", -90, 90, N_("latitude"), &lat, error) ||
      !get_double (loader, node, "lon", -180, 180, N_("longitude"), &lon, error) ||
      !resolve_ref (loader, node, "faction", "faction", FALSE, &faction, error))
    return FALSE;
  if (radius_text && !get_double (loader, node, "radius-km", 0, 20000, N_("radius"), &radius, error))
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

          if (!get_double (loader, child, "lat", -90, 90, N_("latitude"), &alt_lat, error) ||
              !get_double (loader, child, "lon", -180, 180, N_("longitude"), &alt_lon, error))
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
          (!get_double (loader, stop, "lat", -90, 90, N_("latitude"), &lat, error) ||
           !get_double (loader, stop, "lon", -180, 180, N_("longitude"), &lon, error)))
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
read_top_section (Loader   *loader,
                  xmlNode  *node,
                  GError  **error)
{
  return read_section (loader, node, NULL, error);
}

/* The stream --------------------------------------------------------- */

/* The root's children that hold a list of items. */
static gboolean
is_list (xmlNode *node)
{
  static const char * const names[] = {
    "factions", "people", "places", "events", "routes", "article",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (is_atlas_element (node, names[i]))
      return TRUE;
  return FALSE;
}

/* The items the loader reads, by depth and name: the meta block under the
 * root, and the items of each list. */
static const struct
{
  int depth;
  const char *name;
  gboolean (*read) (Loader   *loader,
                    xmlNode  *node,
                    GError  **error);
} item_readers[] = {
  { 1, "meta", read_meta },
  { 2, "faction", read_faction },
  { 2, "person", read_person },
  { 2, "place", read_place },
  { 2, "event", read_event },
  { 2, "route", read_route },
  { 2, "section", read_top_section },
};

static void
read_item (Loader  *loader,
           xmlNode *node,
           int      depth)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_readers); i++)
    if (item_readers[i].depth == depth && is_atlas_element (node, item_readers[i].name))
      {
        GError *error = NULL;

        if (!item_readers[i].read (loader, node, &error))
          add_fault (loader, FAULT_RULE, error);
        return;
      }
}

/* Takes the item the reader is on: has the reader walk it (which
 * validates it) while keeping its nodes, then checks it and reads it
 * unless the document is refused already.  Holding the whole item also
 * lets locate_node() tell apart elements of one name on one line.
 * Returns what xmlTextReaderNext() did. */
static int
take_item (Loader  *loader,
           xmlNode *node,
           int      depth)
{
  int ret;

  xmlTextReaderPreserve (loader->reader);
  ret = xmlTextReaderNext (loader->reader);
  /* A parse error cut the item short: it stays in the tree, where the
   * depth check after a parse error finds it. */
  if (ret < 0)
    return ret;

  walk_elements (loader, node, depth, check_element);
  if (!has_fault (loader))
    read_item (loader, node, depth);
  loader->spent = node;
  return ret;
}

/* Frees the item read last.  libxml2's validator names the last element
 * it was given in errors on later text and end tags, so the item is kept
 * until the reader has given it the next element. */
static void
release_spent (Loader *loader)
{
  if (loader->spent == NULL)
    return;
  xmlUnlinkNode (loader->spent);
  xmlFreeNode (loader->spent);
  loader->spent = NULL;
}

/* The root: which document this is, and its language. */
static void
take_root (Loader  *loader,
           xmlNode *root)
{
  g_autofree char *version = get_attr (root, "version");
  AtlasDocument *self = loader->document;

  loader->root = root;
  self->language = get_lang (root);
  if (self->language == NULL)
    self->language = g_strdup ("en");

  if (g_strcmp0 ((const char *) root->name, "atlas") != 0)
    add_fault_at_node (loader, FAULT_ROOT, root, NULL, ATLAS_DOCUMENT_ERROR_NOT_ATLAS,
                       _("not an atlas document: the root element is <%s>, not <atlas>"),
                       root->name);
  else if (root->ns == NULL || g_strcmp0 ((const char *) root->ns->href, ATLAS_NAMESPACE) != 0)
    add_fault_at_node (loader, FAULT_ROOT, root, NULL, ATLAS_DOCUMENT_ERROR_NOT_ATLAS,
                       _("<atlas> is in namespace “%s”; atlas documents use the namespace “%s”"),
                       root->ns ? (const char *) root->ns->href : "", ATLAS_NAMESPACE);
  else if (version == NULL)
    add_fault_at_node (loader, FAULT_ROOT, root, NULL, ATLAS_DOCUMENT_ERROR_VERSION,
                       _("<atlas> has no version attribute: write version=“%s”"),
                       ATLAS_FORMAT_VERSION);
  else if (g_strcmp0 (version, ATLAS_FORMAT_VERSION) != 0)
    add_fault_at_node (loader, FAULT_ROOT, root, "version", ATLAS_DOCUMENT_ERROR_VERSION,
                       _("unsupported format version “%s”: this program reads version %s"),
                       version, ATLAS_FORMAT_VERSION);
}

/* Reads the document through: the root and the lists node by node, the
 * other elements one whole item at a time.  After a refusal it goes on,
 * building nothing, for what may outrank the refusal or explain it: a
 * parse error, nesting too deep, a schema error, an id met twice or too
 * late. */
static int
read_stream (Loader *loader)
{
  xmlTextReaderPtr reader = loader->reader;
  int ret = xmlTextReaderRead (reader);

  while (ret == 1 && !loader->faults[FAULT_DOCTYPE] && !loader->faults[FAULT_DEPTH])
    {
      xmlNode *node = xmlTextReaderCurrentNode (reader);
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);

      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          /* check_prolog() refuses any DOCTYPE before the reader starts;
           * this is in case the parser ever sees one the scan did not. */
          set_error_at (loader, &loader->faults[FAULT_DOCTYPE],
                        MAX (xmlTextReaderGetParserLineNumber (reader), 1),
                        MAX (xmlTextReaderGetParserColumnNumber (reader), 1),
                        ATLAS_DOCUMENT_ERROR_DOCTYPE,
                        _("the document has a DOCTYPE declaration; atlas documents may not declare a DTD or entities"));
          break;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        {
          ret = xmlTextReaderRead (reader);
          continue;
        }
      release_spent (loader);
      if (depth > 0 && !(depth == 1 && is_list (node)))
        {
          ret = take_item (loader, node, depth);
          continue;
        }

      check_element (loader, node, depth);
      if (depth == 0 && loader->root == NULL)
        take_root (loader, node);
      ret = xmlTextReaderRead (reader);
    }
  return ret;
}

/* After the read: the refusal that wins, or NULL. */
static GError *
finish (Loader *loader,
        int     ret)
{
  LateRef *late = &loader->late_ref;

  if ((ret < 0 || (ret == 0 && loader->root == NULL)) && !loader->faults[FAULT_XML])
    set_error_at (loader, &loader->faults[FAULT_XML],
                  MAX (xmlTextReaderGetParserLineNumber (loader->reader), 1),
                  MAX (xmlTextReaderGetParserColumnNumber (loader->reader), 1),
                  ATLAS_DOCUMENT_ERROR_NOT_XML,
                  loader->root
                  ? _("not valid XML: the document is not well-formed")
                  : _("not valid XML: the document has no root element"));

  /* The parser had built nodes past what the loader read before the
   * error; a tree loader stopping at the first element too deep would
   * have refused for that. */
  if (loader->faults[FAULT_XML] && loader->root)
    walk_elements (loader, loader->root, 0, check_depth);

  if (loader->faults[FAULT_RULE] && late->id)
    {
      IdEntry *target = g_hash_table_lookup (loader->ids, late->id);

      if (target)
        {
          g_autofree char *message = format_wrong_kind (late->attribute, late->id,
                                                        target->kind, target->line, late->kind);

          g_clear_error (&loader->faults[FAULT_RULE]);
          set_error_at (loader, &loader->faults[FAULT_RULE], late->line, late->column,
                        ATLAS_DOCUMENT_ERROR_INVALID, message);
        }
    }

  if (!has_fault (loader) && xmlTextReaderIsValid (loader->reader) != 1)
    add_fault_at_node (loader, FAULT_SCHEMA, loader->root, NULL, ATLAS_DOCUMENT_ERROR_SCHEMA,
                       _("does not match the schema: %s"), _("unknown error"));

  for (guint i = 0; i < N_FAULTS; i++)
    if (loader->faults[i])
      return g_steal_pointer (&loader->faults[i]);
  return NULL;
}

static gboolean
load (Loader  *loader,
      GError **error)
{
  GError *refusal;
  int ret;

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
  if (!check_prolog (loader, error) || !check_place_sizes (loader, error))
    return FALSE;

  ensure_libxml_initialized ();
  /* No NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE, ever. */
  loader->reader = xmlReaderForMemory (loader->data, (int) loader->size, NULL, NULL,
                                       XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                       XML_PARSE_COMPACT | XML_PARSE_NOCDATA);
  if (loader->reader == NULL || xmlTextReaderRelaxNGSetSchema (loader->reader, get_schema ()) != 0)
    {
      set_error_at (loader, error, 1, 1, ATLAS_DOCUMENT_ERROR_NOT_XML,
                    _("not valid XML: the parser could not start"));
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (loader->reader, record_xml_error, loader);

  ret = read_stream (loader);
  refusal = finish (loader, ret);
  if (refusal)
    {
      g_propagate_error (error, refusal);
      return FALSE;
    }

  /* The time rules read each place's events in date order; the sort is
   * stable, so events starting the same day keep the document's order. */
  for (guint i = 0; i < loader->document->places->len; i++)
    g_ptr_array_sort (atlas_place_get_events (g_ptr_array_index (loader->document->places, i)),
                      compare_events_by_start);
  return TRUE;
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
  Loader loader = { 0 };
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ATLAS_TYPE_DOCUMENT, NULL);
  self->filename = g_strdup (filename);

  loader.filename = filename;
  loader.data = g_bytes_get_data (bytes, &loader.size);
  loader.document = self;
  loader.ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  ok = load (&loader, error);

  /* The id table names kinds from the reader's dictionary: it goes first. */
  g_clear_pointer (&loader.ids, g_hash_table_unref);
  g_clear_pointer (&loader.reader, xmlFreeTextReader);
  g_clear_pointer (&loader.line_starts, g_array_unref);
  for (guint i = 0; i < N_FAULTS; i++)
    g_clear_error (&loader.faults[i]);
  g_free (loader.late_ref.id);
  g_free (loader.late_ref.attribute);
  g_free (loader.late_ref.kind);
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
