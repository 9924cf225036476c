/* atlas-cli.h: the command-line checks, which need no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int atlas_cli_check    (const char * const *files,
                        GString            *out,
                        GString            *err);
int atlas_cli_state_at (const char         *date,
                        const char         *file,
                        GString            *out,
                        GString            *err);

G_END_DECLS
