#!/usr/bin/env python3
# gen-basemap.py — build data/basemap/basemap.bin for Xia Atlas
#
# Reads the Natural Earth GeoJSON layers and the hand-traced supplement under
# /work/shared/data (or --source DIR) and writes the compact, per-zoom
# simplified binary the offline basemap renderer (src/atlas-basemap.c) maps
# into memory.  Python 3 standard library only.  The binary layout is
# described in data/basemap/README.md and must stay in sync with the reader.
#
# Usage: tools/gen-basemap.py [--source DIR] [--output FILE]

import argparse
import json
import math
import os
import struct
import sys

MAGIC = b"XIABMAP\0"
FORMAT_VERSION = 1

# World coordinates: Web Mercator scaled so the whole world is 2^28 units
# wide (the pixel grid of 256 px tiles at zoom 20).
WORLD_BITS = 28
WORLD = float(1 << WORLD_BITS)
MAX_LATITUDE = 85.0511287798066

# The detailed East Asia extract covers exactly this box.
EA_WEST, EA_SOUTH, EA_EAST, EA_NORTH = 70.0, 15.0, 135.0, 56.0
# Coarse land is extended this far (degrees) into the detailed box so the
# two sources overlap instead of leaving an antialiasing hairline.
EA_OVERLAP = 0.05

LAYER_LAND, LAYER_LAKE, LAYER_RIVER, LAYER_DESERT, LAYER_RANGE = range(5)
N_LAYERS = 5

# In polygon rings, bit 15 of a point's x marks the edge that ends at it as
# a cut (tile grid, extract box, antimeridian), not a shoreline: the
# renderer fills across it but does not stroke it.
PEN_UP = 0x8000
QMAX = 0x7FFF

STYLE_RIVER, STYLE_LAKE, STYLE_DESERT, STYLE_RANGE, STYLE_REGION, STYLE_PEAK = range(6)

LABEL_MAX_ZOOM = 10
EN_SPACE = "\u2002"

# Levels of detail: (min zoom, max zoom, simplification zoom, source).
# "10m" means the East Asia 1:10m extract inside its box and 1:50m outside.
LODS = [
    (0, 1, 1, "110m"),
    (2, 2, 2, "110m"),
    (3, 3, 3, "50m"),
    (4, 4, 4, "50m"),
    (5, 5, 5, "10m"),
    (6, 6, 6, "10m"),
    (7, 12, 9, "10m"),
]
# 1:50m data has no more detail than zoom 6 can show.
COARSE_ZOOM = 6
TOLERANCE_PX = 0.6
LINE_CHUNK = 96

# Rivers the Western Xia story needs at the regional zooms (z5–8) whatever
# Natural Earth's own min_zoom says.
RIVER_MIN_ZOOM = {
    "Huang": 3, "Wei": 5, "Jing": 6, "Wuding": 6, "Fen": 6, "Huan": 6,
    "Ruo Shui (Hei River, Ejin River)": 5, "Tao River": 5, "Qingshui River": 5,
}
RIVER_NAMES = {
    "Huang": "Yellow River",
    "Chang": "Yangtze",
    "Chang Jiang": "Yangtze",
    "Ruo Shui (Hei River, Ejin River)": "Ruo Shui",
}
REGION_NAMES = {"QUILIAN MOUNTAINS": "Qilian Mountains"}
# Physical regions that only get a label (no tint).
LABEL_ONLY_CLASSES = {"Plateau", "Basin", "Plain", "Geoarea", "Lowland",
                      "Valley", "Delta", "Wetlands"}
# Classed "Desert" by Natural Earth but not a desert.
NOT_DESERTS = {"PUNJAB"}
# Label priority bonus around the Western Xia heartland.
FOCUS = (95.0, 32.0, 112.0, 44.0)


# ---------------------------------------------------------------- projection

def project(lon, lat):
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = (lon + 180.0) / 360.0 * WORLD
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * WORLD
    return (x, y)


def units_per_px(zoom):
    return float(1 << (WORLD_BITS - 8 - zoom))


def project_ring(coords):
    return [project(c[0], c[1]) for c in coords]


# -------------------------------------------------------------- GeoJSON input

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def polygons_of(geom):
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    return []


def lines_of(geom):
    if geom is None:
        return []
    if geom["type"] == "LineString":
        return [geom["coordinates"]]
    if geom["type"] == "MultiLineString":
        return geom["coordinates"]
    return []


# ------------------------------------------------------------ simplification

def dp_open(pts, tol):
    """Douglas–Peucker on an open polyline (list of (x, y))."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    tol2 = tol * tol
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        l2 = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if l2 == 0.0:
                ex, ey = px - ax, py - ay
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / l2
                t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
                ex, ey = ax + t * dx - px, ay + t * dy - py
            d = ex * ex + ey * ey
            if d > best:
                best, best_i = d, i
        if best > tol2:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(pts, keep) if k]


def dp_ring(ring, tol):
    """Douglas–Peucker on a closed ring (first point == last point)."""
    if len(ring) < 5:
        return list(ring)
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    if far == 0 or far == len(ring) - 1:
        return dp_open(ring, tol)
    return dp_open(ring[:far + 1], tol)[:-1] + dp_open(ring[far:], tol)


def ring_area(ring):
    a = 0.0
    for i in range(len(ring) - 1):
        a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    return a / 2.0


def close_ring(ring):
    if ring and ring[0] != ring[-1]:
        return ring + [ring[0]]
    return ring


# ------------------------------------------------------------------ clipping

def clip_ring(ring, x0, y0, x1, y1):
    """Sutherland–Hodgman clip of a closed ring to an axis-aligned box."""
    def clip_edge(pts, inside, cross):
        out = []
        if not pts:
            return out
        prev = pts[-1]
        prev_in = inside(prev)
        for cur in pts:
            cur_in = inside(cur)
            if cur_in:
                if not prev_in:
                    out.append(cross(prev, cur))
                out.append(cur)
            elif prev_in:
                out.append(cross(prev, cur))
            prev, prev_in = cur, cur_in
        return out

    def cross_x(x):
        def f(p, q):
            t = (x - p[0]) / (q[0] - p[0])
            return (x, p[1] + t * (q[1] - p[1]))
        return f

    def cross_y(y):
        def f(p, q):
            t = (y - p[1]) / (q[1] - p[1])
            return (p[0] + t * (q[0] - p[0]), y)
        return f

    pts = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    pts = clip_edge(pts, lambda p: p[0] >= x0, cross_x(x0))
    pts = clip_edge(pts, lambda p: p[0] <= x1, cross_x(x1))
    pts = clip_edge(pts, lambda p: p[1] >= y0, cross_y(y0))
    pts = clip_edge(pts, lambda p: p[1] <= y1, cross_y(y1))
    if len(pts) < 3:
        return None
    return pts + [pts[0]]


def clip_line(line, x0, y0, x1, y1):
    """Clip a polyline to a box; returns the list of pieces inside it."""
    pieces, cur = [], []
    for i in range(len(line) - 1):
        p, q = line[i], line[i + 1]
        # Liang–Barsky on each segment.
        t0, t1 = 0.0, 1.0
        dx, dy = q[0] - p[0], q[1] - p[1]
        ok = True
        for pp, qq in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
            if pp == 0:
                if qq < 0:
                    ok = False
                    break
            else:
                r = qq / pp
                if pp < 0:
                    t0 = max(t0, r)
                else:
                    t1 = min(t1, r)
        if not ok or t0 > t1:
            if len(cur) >= 2:
                pieces.append(cur)
            cur = []
            continue
        a = (p[0] + t0 * dx, p[1] + t0 * dy)
        b = (p[0] + t1 * dx, p[1] + t1 * dy)
        if not cur or cur[-1] != a:
            if len(cur) >= 2:
                pieces.append(cur)
            cur = [a]
        cur.append(b)
        if t1 < 1.0:
            pieces.append(cur)
            cur = []
    if len(cur) >= 2:
        pieces.append(cur)
    return pieces


def box_units(west, south, east, north):
    x0, y1 = project(west, south)
    x1, y0 = project(east, north)
    return (x0, y0, x1, y1)


EA_BOX = box_units(EA_WEST, EA_SOUTH, EA_EAST, EA_NORTH)


def outside_ea_boxes(overlap):
    """Four boxes tiling the world minus the East Asia box (grown inwards)."""
    wx0, wy0, wx1, wy1 = box_units(EA_WEST + overlap, EA_SOUTH + overlap,
                                   EA_EAST - overlap, EA_NORTH - overlap)
    return [
        (0.0, 0.0, WORLD, wy0),
        (0.0, wy1, WORLD, WORLD),
        (0.0, wy0, wx0, wy1),
        (wx1, wy0, WORLD, wy1),
    ]


# ------------------------------------------------------------------ features

class Feature:
    """One record of the binary: rings in world units plus attributes.
    Cell pieces carry the cell origin and a shift that maps the cell exactly
    onto 0..16384, so cut edges land exactly on tile borders."""

    def __init__(self, rings, min_zoom=0, rank=0, origin=None, cell_shift=None):
        self.rings = rings
        self.min_zoom = min_zoom
        self.rank = rank
        self.origin = origin
        self.cell_shift = cell_shift


def cut_lines(cell):
    lines = [(0, 0.0), (0, WORLD), (1, 0.0), (1, WORLD),
             (0, EA_BOX[0]), (0, EA_BOX[2]), (1, EA_BOX[1]), (1, EA_BOX[3])]
    for box in outside_ea_boxes(EA_OVERLAP):
        lines += [(0, box[0]), (0, box[2]), (1, box[1]), (1, box[3])]
    if cell is not None:
        lines += [(0, cell[0]), (0, cell[2]), (1, cell[1]), (1, cell[3])]
    return lines


def is_cut(p, q, lines):
    # Antarctica runs off the bottom of the Mercator world.
    if p[1] > 0.97 * WORLD and q[1] > 0.97 * WORLD:
        return True
    for axis, value in lines:
        if abs(p[axis] - value) < 1.0 and abs(q[axis] - value) < 1.0:
            return True
    return False


def quantize(feature, polygon):
    """Turn a feature's float rings into (origin, shift, bbox, int rings)."""
    rings = [r for r in feature.rings if len(r) >= 2]
    if not rings:
        return None
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    if feature.origin is not None:
        ox, oy = feature.origin
        shift = feature.cell_shift
        cell = (ox, oy, ox + (16384 << shift), oy + (16384 << shift))
    else:
        ox, oy = int(math.floor(min(xs))), int(math.floor(min(ys)))
        extent = max(max(xs) - ox, max(ys) - oy, 1.0)
        shift = 0
        while extent / (1 << shift) > QMAX:
            shift += 1
        cell = None
    lines = cut_lines(cell) if polygon else None
    out = []
    step = float(1 << shift)
    for r in rings:
        q = []
        for i, (x, y) in enumerate(r):
            qx = min(QMAX, max(0, int(round((x - ox) / step))))
            qy = min(QMAX, max(0, int(round((y - oy) / step))))
            if q and (q[-1][0] & QMAX, q[-1][1]) == (qx, qy):
                continue
            if polygon and i > 0 and is_cut(r[i - 1], r[i], lines):
                qx |= PEN_UP
            q.append((qx, qy))
        if len(q) >= 2:
            out.append(q)
    if not out:
        return None
    pts = [(p[0] & QMAX, p[1]) for r in out for p in r]
    bx0 = ox + min(p[0] for p in pts) * (1 << shift)
    by0 = oy + min(p[1] for p in pts) * (1 << shift)
    bx1 = ox + max(p[0] for p in pts) * (1 << shift)
    by1 = oy + max(p[1] for p in pts) * (1 << shift)
    return (ox, oy, shift, (bx0, by0, bx1, by1), out)


def chunk_line(line, n=LINE_CHUNK):
    out = []
    i = 0
    while i < len(line) - 1:
        out.append(line[i:i + n])
        i += n - 1
    return out


def ring_bbox(rings):
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return (min(xs), min(ys), max(xs), max(ys))


def boxes_overlap(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def split_cells(rings, cell_zoom):
    """Yield (cell box, rings clipped to it) for every cell of the tile grid
    at cell_zoom a polygon reaches, splitting quadtree-wise so each level
    only clips what reaches it."""
    stack = [(0, 0, 0, rings)]
    while stack:
        z, cx, cy, rs = stack.pop()
        size = 1 << (WORLD_BITS - z)
        box = (cx * size, cy * size, (cx + 1) * size, (cy + 1) * size)
        bb = ring_bbox(rs)
        if not (bb[0] >= box[0] and bb[2] <= box[2] and bb[1] >= box[1] and bb[3] <= box[3]):
            clipped = []
            for r in rs:
                c = clip_ring(r, *box)
                if c is not None and ring_area(c) != 0.0:
                    clipped.append(c)
            rs = clipped
            if not rs:
                continue
            bb = ring_bbox(rs)
        if z == cell_zoom:
            yield box, rs
            continue
        half = size // 2
        for dy in (0, 1):
            for dx in (0, 1):
                child = (box[0] + dx * half, box[1] + dy * half, box[0] + (dx + 1) * half, box[1] + (dy + 1) * half)
                if boxes_overlap(bb, child):
                    stack.append((z + 1, 2 * cx + dx, 2 * cy + dy, rs))


def clip_polygons_to_cells(polygons, cell_zoom, limit=None):
    """Clip polygons (lists of rings) into pieces on the tile grid at
    cell_zoom, optionally only within the boxes in limit.  Cell borders
    coincide with tile borders at cell_zoom and above, so the artificial
    edges never show as seams.  All rings in a cell form one record."""
    shift = max(0, WORLD_BITS - cell_zoom - 14)
    cells = {}
    for rings in polygons:
        for cell, pieces in split_cells(rings, cell_zoom):
            areas = [cell]
            if limit is not None:
                areas = []
                for lb in limit:
                    ib = (max(cell[0], lb[0]), max(cell[1], lb[1]), min(cell[2], lb[2]), min(cell[3], lb[3]))
                    if ib[0] < ib[2] and ib[1] < ib[3]:
                        areas.append(ib)
            for ai, area in enumerate(areas):
                if area == cell:
                    kept = pieces
                else:
                    kept = []
                    for r in pieces:
                        c = clip_ring(r, *area)
                        if c is not None and ring_area(c) != 0.0:
                            kept.append(c)
                if kept:
                    cells.setdefault((cell, ai), []).extend(kept)
    out = []
    for key in sorted(cells, key=lambda k: (k[0][1], k[0][0]) + k[1:]):
        cell = key[0]
        out.append(Feature(cells[key], origin=(cell[0], cell[1]), cell_shift=shift))
    return out


def simplify_polygon(rings, tol, min_area):
    """Simplify a polygon's rings, dropping those too small to see, and
    orient the outer ring positive and holes negative so that the renderer
    can fill everything with the non-zero rule (overlaps merge, holes
    stay open)."""
    out = []
    for i, r in enumerate(rings):
        s = dp_ring(r, tol)
        area = ring_area(s)
        if len(s) < 4 or abs(area) < min_area:
            if i == 0:
                return None
            continue
        if (area > 0) != (i == 0):
            s = s[::-1]
        out.append(s)
    return out


# -------------------------------------------------------------- source data

class Sources:
    def __init__(self, root):
        ne = os.path.join(root, "naturalearth")
        self.land = {
            "110m": self._polys(load(os.path.join(ne, "world-110m-land.geojson"))),
            "50m": self._polys(load(os.path.join(ne, "world-50m-land.geojson"))),
            "10m": self._polys(load(os.path.join(ne, "east-asia-10m-land.geojson"))),
        }
        self.lakes = {
            "110m": self._props_polys(load(os.path.join(ne, "world-110m-lakes.geojson"))),
            "50m": self._props_polys(load(os.path.join(ne, "world-50m-lakes.geojson"))),
            "10m": self._props_polys(load(os.path.join(ne, "east-asia-10m-lakes.geojson"))),
        }
        supplement = load(os.path.join(root, "supplement-approximate.geojson"))
        self.rivers = {
            "110m": self._props_lines(load(os.path.join(ne, "world-110m-rivers_lake_centerlines.geojson"))),
            "50m": self._props_lines(load(os.path.join(ne, "world-50m-rivers_lake_centerlines.geojson"))),
            "10m": self._props_lines(load(os.path.join(ne, "east-asia-10m-rivers_lake_centerlines.geojson"))),
            "supplement": self._props_lines([f for f in supplement if f["properties"].get("featurecla") == "River"]),
        }
        self.lakes_outside = [(p, r) for p, r in self.lakes["50m"] if not inside_ea(ring_bbox(r))]
        self.rivers_outside = []
        for props, line in self.rivers["50m"]:
            for box in outside_ea_boxes(0.0):
                for piece in clip_line(line, *box):
                    self.rivers_outside.append((dict(props, _coarse=True), piece))
        self.regions = self._regions(load(os.path.join(ne, "east-asia-10m-geography_regions_polys.geojson")), supplement)
        self.points = (load(os.path.join(ne, "east-asia-10m-geography_regions_elevation_points.geojson"))
                       + load(os.path.join(ne, "east-asia-10m-geography_regions_points.geojson")))

    def river_lines(self, source):
        if source == "10m":
            return self.rivers["10m"] + self.rivers["supplement"] + self.rivers_outside
        return self.rivers[source]

    def lake_polys(self, source):
        if source == "10m":
            return self.lakes["10m"] + self.lakes_outside
        return self.lakes[source]

    @staticmethod
    def _polys(features):
        out = []
        for f in features:
            for poly in polygons_of(f["geometry"]):
                out.append([close_ring(project_ring(r)) for r in poly])
        return out

    @staticmethod
    def _props_polys(features):
        out = []
        for f in features:
            for poly in polygons_of(f["geometry"]):
                out.append((f["properties"], [close_ring(project_ring(r)) for r in poly]))
        return out

    @staticmethod
    def _props_lines(features):
        out = []
        for f in features:
            for line in lines_of(f["geometry"]):
                if len(line) >= 2:
                    out.append((f["properties"], project_ring(line)))
        return out

    @staticmethod
    def _regions(features, supplement):
        regions = []
        for f in features:
            p = f["properties"]
            cla = p.get("featurecla")
            name = p.get("name")
            if not name:
                continue
            if cla == "Desert" and name not in NOT_DESERTS:
                kind = LAYER_DESERT
            elif cla == "Range/mtn":
                kind = LAYER_RANGE
            elif cla in LABEL_ONLY_CLASSES or name in NOT_DESERTS:
                kind = None
            else:
                continue
            polys = [[close_ring(project_ring(r)) for r in poly] for poly in polygons_of(f["geometry"])]
            regions.append(Region(region_name(name), kind, int(p.get("scalerank") or 5), polys, False))
        for f in supplement:
            p = f["properties"]
            cla = p.get("featurecla")
            if cla == "Desert":
                polys = [[close_ring(project_ring(r)) for r in poly] for poly in polygons_of(f["geometry"])]
                regions.append(Region(p["name"], LAYER_DESERT, 4, polys, True))
            elif cla == "Range/mtn":
                polys = [ridge_band(project_ring(line)) for line in lines_of(f["geometry"])]
                regions.append(Region(p["name"], LAYER_RANGE, 5, polys, True))
        return regions


class Region:
    """A named physical region; kind is its tint layer, or None when it
    only gets a label."""

    def __init__(self, name, kind, scalerank, polys, supplement):
        self.name = name
        self.kind = kind
        self.scalerank = scalerank
        self.polys = polys
        self.supplement = supplement


def region_name(name):
    if name in REGION_NAMES:
        return REGION_NAMES[name]
    if name.upper() != name:
        return name
    words = []
    for w in name.lower().split(" "):
        words.append(w if w in ("of", "the") else w[:1].upper() + w[1:])
    return " ".join(words)


def ridge_band(line):
    """Turn a hand-traced ridge line into a lens-shaped band polygon about
    0.22° wide in the middle, tapering to the ends."""
    half = WORLD * 0.11 / 360.0
    n = len(line)
    total = sum(math.dist(line[i], line[i + 1]) for i in range(n - 1))
    left, right = [], []
    acc = 0.0
    for i in range(n):
        if i > 0:
            acc += math.dist(line[i - 1], line[i])
        a = line[max(0, i - 1)]
        b = line[min(n - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        w = half * math.sin(math.pi * (0.08 + 0.84 * acc / total))
        left.append((line[i][0] + nx * w, line[i][1] + ny * w))
        right.append((line[i][0] - nx * w, line[i][1] - ny * w))
    ring = left + right[::-1]
    return [ring + [ring[0]]]


# -------------------------------------------------------------- LOD geometry

def inside_ea(bb):
    return bb[0] >= EA_BOX[0] and bb[2] <= EA_BOX[2] and bb[1] >= EA_BOX[1] and bb[3] <= EA_BOX[3]


def build_lod(src, lod, cache):
    zmin, zmax, szoom, source = lod
    layers = [[] for _ in range(N_LAYERS)]

    def simplified(key, rings, zoom=szoom):
        """Simplify from the previous (finer) LOD's result when there is one."""
        upp = units_per_px(zoom)
        base = cache.get(key, rings)
        s = simplify_polygon(base, TOLERANCE_PX * upp, (0.8 * upp) ** 2)
        if s is not None:
            cache[key] = s
        return s

    # Land is cut on the tile grid at the LOD's first zoom so that a big
    # polygon costs a tile only its share of points.
    if source == "10m":
        fine = [s for s in (simplified(("land", "10m", i), p) for i, p in enumerate(src.land["10m"])) if s]
        coarse = [s for s in (simplified(("land", "50m-fine", i), p, min(szoom, COARSE_ZOOM))
                              for i, p in enumerate(src.land["50m"])) if s]
        layers[LAYER_LAND] += clip_polygons_to_cells(fine, zmin)
        layers[LAYER_LAND] += clip_polygons_to_cells(coarse, min(zmin, 5), limit=outside_ea_boxes(EA_OVERLAP))
    else:
        polys = [s for s in (simplified(("land", source, i), p) for i, p in enumerate(src.land[source])) if s]
        layers[LAYER_LAND] += clip_polygons_to_cells(polys, zmin)

    # Lakes: the detailed ones inside the box plus coarse ones reaching out.
    if source == "10m":
        lake_sets = [("10m", src.lakes["10m"], szoom),
                     ("50m-outside", src.lakes_outside, min(szoom, COARSE_ZOOM))]
    else:
        lake_sets = [(source, src.lakes[source], szoom)]
    for name, lakes, zoom in lake_sets:
        for i, (props, rings) in enumerate(lakes):
            mz = ne_zoom(props.get("min_zoom"))
            if mz > zmax:
                continue
            s = simplified(("lake", name, i), rings, zoom)
            if s:
                layers[LAYER_LAKE].append(Feature(s, min_zoom=mz, rank=int(props.get("scalerank") or 0)))

    # Rivers, most important first so the renderer can batch by width.
    rivers = []
    for props, line in src.river_lines(source):
        mz, rank = river_zoom_rank(props)
        if mz <= zmax:
            coarse = source == "10m" and props.get("_coarse")
            rivers.append((rank, mz, line, min(szoom, COARSE_ZOOM) if coarse else szoom))
    rivers.sort(key=lambda r: (r[0], r[1]))
    for rank, mz, line, zoom in rivers:
        upp = units_per_px(zoom)
        s = dp_open(line, TOLERANCE_PX * upp)
        if len(s) == 2 and math.dist(s[0], s[1]) < upp:
            continue
        for c in chunk_line(s):
            layers[LAYER_RIVER].append(Feature([c], min_zoom=mz, rank=rank))

    # Deserts and ranges (East Asia only, from z3).
    if zmin >= 3:
        for kind in (LAYER_DESERT, LAYER_RANGE):
            polys = []
            for ri, region in enumerate(src.regions):
                if region.kind == kind:
                    polys += [s for s in (simplified(("region", ri, pi), p) for pi, p in enumerate(region.polys)) if s]
            layers[kind] += clip_polygons_to_cells(polys, zmin)
    return layers


def ne_zoom(value):
    if value is None:
        return 0
    return max(0, int(math.floor(float(value) + 0.5)))


def river_zoom_rank(props):
    name = props.get("name")
    rank = props.get("scalerank")
    rank = 7 if rank is None else int(rank)
    mz = RIVER_MIN_ZOOM.get(name, ne_zoom(props.get("min_zoom", 5)))
    return mz, rank


# -------------------------------------------------------------------- labels

def text_width(text, size, caps):
    """Estimated advance width in px of a label in the renderer's fonts."""
    w = 0.0
    for ch in text:
        if ch == " ":
            w += 0.26
        elif ch == EN_SPACE:
            w += 0.5
        elif caps:
            w += 0.52 + 0.12
        elif ch.isupper():
            w += 0.66
        elif ch in "iljtf.,'’":
            w += 0.30
        elif ch in "mwMW":
            w += 0.78
        else:
            w += 0.48
    return w * size


class Label:
    def __init__(self, priority, key, text, style, size, x, y, angle, w, h, offset_x=0.0):
        self.priority = priority
        self.key = key
        self.text = text
        self.style = style
        self.size = size
        self.x, self.y = x, y
        self.angle = angle
        self.w, self.h = w, h
        self.offset_x = offset_x
        # Other acceptable (x, y, angle) placements, best first.
        self.options = [(x, y, angle)]

    def corners(self, zoom):
        """Corners in px at zoom of the label's padded, rotated rectangle."""
        upp = units_per_px(zoom)
        cx, cy = self.x / upp, self.y / upp
        c, s = math.cos(self.angle), math.sin(self.angle)
        hw, hh = self.w / 2 + 4, self.h / 2 + 3
        out = []
        for ex, ey in ((-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)):
            ex += self.offset_x
            out.append((cx + ex * c - ey * s, cy + ex * s + ey * c))
        return out

    def radius(self):
        """Distance in px from the anchor that surely contains the drawn
        label, with room for misestimated text widths and the halo."""
        far = math.hypot(abs(self.offset_x) + self.w / 2 + 4, self.h / 2 + 3)
        return int(math.ceil(far * 1.15 + 6))


def quads_overlap(a, b):
    """Separating-axis test for two convex quadrilaterals."""
    for quad in (a, b):
        for i in range(4):
            (x0, y0), (x1, y1) = quad[i], quad[(i + 1) % 4]
            ax, ay = y0 - y1, x1 - x0
            pa = [px * ax + py * ay for px, py in a]
            pb = [px * ax + py * ay for px, py in b]
            if max(pa) < min(pb) or max(pb) < min(pa):
                return False
    return True


def in_focus(x, y):
    fx0, fy0, fx1, fy1 = box_units(*FOCUS)
    return fx0 <= x <= fx1 and fy0 <= y <= fy1


def polygon_anchor(polys):
    """Label anchor and axis for a region: centroid of its largest part (or
    a point on its middle scanline when the centroid falls outside) and the
    principal axis angle with the elongation ratio."""
    best = max((p for p in polys), key=lambda p: abs(ring_area(p[0])))
    ring = best[0]
    a = ring_area(ring)
    if a == 0:
        return ring[0][0], ring[0][1], 0.0, 1.0
    cx = cy = 0.0
    for i in range(len(ring) - 1):
        x0, y0 = ring[i]
        x1, y1 = ring[i + 1]
        f = x0 * y1 - x1 * y0
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    cx /= 6 * a
    cy /= 6 * a
    if not point_in_ring(cx, cy, ring):
        xs = []
        for i in range(len(ring) - 1):
            (x0, y0), (x1, y1) = ring[i], ring[i + 1]
            if (y0 <= cy) != (y1 <= cy):
                xs.append(x0 + (cy - y0) * (x1 - x0) / (y1 - y0))
        xs.sort()
        spans = [(xs[i + 1] - xs[i], (xs[i] + xs[i + 1]) / 2) for i in range(0, len(xs) - 1, 2)]
        if spans:
            cx = max(spans)[1]
    sxx = syy = sxy = 0.0
    n = len(ring) - 1
    for x, y in ring[:-1]:
        sxx += (x - cx) ** 2
        syy += (y - cy) ** 2
        sxy += (x - cx) * (y - cy)
    sxx, syy, sxy = sxx / n, syy / n, sxy / n
    tr, det = sxx + syy, sxx * syy - sxy * sxy
    disc = math.sqrt(max(0.0, tr * tr / 4 - det))
    l1, l2 = tr / 2 + disc, max(tr / 2 - disc, 1e-9)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    return cx, cy, angle, math.sqrt(l1 / l2)


def point_in_ring(x, y, ring):
    inside = False
    for i in range(len(ring) - 1):
        (x0, y0), (x1, y1) = ring[i], ring[i + 1]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def readable(angle):
    while angle > math.pi / 2:
        angle -= math.pi
    while angle <= -math.pi / 2:
        angle += math.pi
    return angle


def region_labels(src, zoom):
    out = []
    for region in src.regions:
        if not region.polys:
            continue
        sr = region.scalerank
        if region.supplement:
            zmin = 5 if region.kind == LAYER_DESERT else 6
        else:
            zmin = {0: 3, 1: 3, 2: 4, 3: 4, 4: 5}.get(sr, 6)
        if zoom < zmin or zoom > zmin + 5:
            continue
        cx, cy, axis, elong = polygon_anchor(region.polys)
        big = sr <= 2 and zoom <= zmin + 2
        size = 13.5 if big else (12.5 if sr <= 4 else 11.5)
        style = {LAYER_DESERT: STYLE_DESERT, LAYER_RANGE: STYLE_RANGE}.get(region.kind, STYLE_REGION)
        # Letter-spaced capitals need a wider gap between words.
        text = region.name.replace(" ", EN_SPACE)
        w = text_width(text, size, True)
        bb = ring_bbox([r for p in region.polys for r in p])
        extent_px = math.hypot(bb[2] - bb[0], bb[3] - bb[1]) / units_per_px(zoom)
        angle = 0.0
        if elong > 2.2 and extent_px > w * 0.8:
            angle = readable(axis)
            if abs(angle) > math.radians(50):
                angle = math.copysign(math.radians(50), angle)
        prio = sr * 10 + (0 if region.kind is not None else 5)
        # The supplement holds places the Western Xia story names.
        if region.supplement:
            prio -= 40
        if in_focus(cx, cy):
            prio -= 25
        out.append(Label(prio, ("region", region.name), text, style, size, cx, cy, angle, w, size * 1.3))
    return out


def river_labels(src, zoom):
    """Labels beside river lines, placed on their straightest stretches and
    repeated along long rivers."""
    if zoom < 3:
        return []
    source = "50m" if zoom <= 4 else "10m"
    lines = src.river_lines(source)
    upp = units_per_px(zoom)
    out = []
    for props, line in lines:
        raw = props.get("name")
        if not raw:
            continue
        mz, rank = river_zoom_rank(props)
        if props.get("featurecla") == "Lake Centerline":
            continue
        label_zoom = mz if raw in RIVER_MIN_ZOOM else mz + 1
        if zoom < max(label_zoom, 3):
            continue
        text = RIVER_NAMES.get(raw, raw)
        size = 12.0 if rank <= 3 else (11.0 if rank <= 6 else 10.5)
        width = river_width(rank, zoom)
        w = text_width(text, size, False)
        pts = dp_open([(x / upp, y / upp) for x, y in line], 1.0)
        for choices in along_line_positions(pts, w + 8, size, width):
            options = [(cx * upp, cy * upp, angle) for cx, cy, angle in choices]
            ax, ay, angle = options[0]
            prio = rank * 10 + 2 - (25 if in_focus(ax, ay) else 0) - (20 if raw in RIVER_MIN_ZOOM else 0)
            label = Label(prio, ("river", text), text, STYLE_RIVER, size, ax, ay, angle, w, size * 1.3)
            label.options = options
            out.append(label)
    return out


def river_width(rank, zoom):
    """Must match river_width () in src/atlas-basemap.c."""
    base = 1.5 if rank <= 3 else (1.1 if rank <= 6 else 0.8)
    return min(base + 0.22 * max(0, zoom - 4), base * 2.4)


def along_line_positions(pts, length, size, width):
    """Places for labels of the given length beside a polyline (px): for
    each spacing interval, the (centre x, centre y, angle) choices on
    stretches close to straight, best first, each on the side of the line
    it bulges away from."""
    cum = [0.0]
    for i in range(len(pts) - 1):
        cum.append(cum[-1] + math.dist(pts[i], pts[i + 1]))
    total = cum[-1]
    if total < length * 1.1:
        return []
    spacing = max(520.0, length * 4)
    n = max(1, int(total // spacing))
    found = []
    for k in range(n):
        centre = (k + 0.5) * total / n
        choices = []
        for step in range(-6, 7):
            c = centre + step * 0.06 * min(spacing, total)
            a, b = c - length / 2, c + length / 2
            if a < 0 or b > total:
                continue
            p, q = point_at(pts, cum, a), point_at(pts, cum, b)
            if math.dist(p, q) < 0.85 * length:
                continue
            angle = readable(math.atan2(q[1] - p[1], q[0] - p[0]))
            nx, ny = math.sin(angle), -math.cos(angle)
            up = down = 0.0
            for i in range(len(pts)):
                if a < cum[i] < b:
                    d = (pts[i][0] - p[0]) * nx + (pts[i][1] - p[1]) * ny
                    up, down = max(up, d), max(down, -d)
            near, far = min(up, down), max(up, down)
            if near > 0.8 * size or far > 2.0 * size:
                continue
            # Prefer stretches that keep the text near horizontal.
            steep = max(0.0, abs(angle) - math.radians(55)) / math.radians(35)
            score = near + 0.3 * far + abs(step) * 0.4 + 3.0 * steep
            side = 1.0 if up <= down else -1.0
            offset = side * (near + width / 2 + 0.72 * size)
            mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
            choices.append((score, mx + nx * offset, my + ny * offset, angle))
        if choices:
            choices.sort()
            found.append([c[1:] for c in choices[:6]])
    return found


def point_at(pts, cum, d):
    lo, hi = 0, len(cum) - 1
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if cum[mid] <= d:
            lo = mid
        else:
            hi = mid
    seg = cum[hi] - cum[lo]
    t = 0.0 if seg == 0 else (d - cum[lo]) / seg
    return (pts[lo][0] + t * (pts[hi][0] - pts[lo][0]), pts[lo][1] + t * (pts[hi][1] - pts[lo][1]))


def lake_labels(src, zoom):
    if zoom < 4:
        return []
    source = "50m" if zoom <= 4 else "10m"
    upp = units_per_px(zoom)
    out = []
    for props, rings in src.lake_polys(source):
        name = props.get("name")
        if not name:
            continue
        name = " ".join(name.split())
        if zoom < ne_zoom(props.get("min_zoom")) + 1:
            continue
        area_px = abs(ring_area(rings[0])) / (upp * upp)
        if area_px < 120:
            continue
        cx, cy, _, _ = polygon_anchor([rings])
        size = 11.0 if area_px > 2000 else 10.0
        w = text_width(name, size, False)
        prio = int(props.get("scalerank") or 0) * 10 + 8 - (25 if in_focus(cx, cy) else 0)
        out.append(Label(prio, ("lake", name), name, STYLE_LAKE, size, cx, cy, 0.0, w, size * 1.3))
    return out


def peak_labels(src, zoom):
    out = []
    for f in src.points:
        p = f["properties"]
        name = p.get("name")
        if not name or f["geometry"]["type"] != "Point":
            continue
        if zoom < max(6, ne_zoom(p.get("min_zoom"))):
            continue
        x, y = project(*f["geometry"]["coordinates"][:2])
        size = 10.0
        w = text_width(name, size, False) + 8
        # Drawn with a peak mark at the point and the name to its right; the
        # box is centred half a label to the right.
        prio = 60 + int(p.get("scalerank") or 5) * 5 - (25 if in_focus(x, y) else 0)
        out.append(Label(prio, ("peak", name), name, STYLE_PEAK, size, x, y, 0.0, w, size * 1.3, offset_x=w / 2))
    return out


def try_place(l, zoom, grid, near_same, cell=128.0):
    """Place a label unless it overlaps one already placed or repeats the
    same name too close by."""
    quad = l.corners(zoom)
    b = (min(p[0] for p in quad), min(p[1] for p in quad), max(p[0] for p in quad), max(p[1] for p in quad))
    cells = [(gx, gy) for gy in range(int(b[1] // cell), int(b[3] // cell) + 1)
             for gx in range(int(b[0] // cell), int(b[2] // cell) + 1)]
    for c in cells:
        for ob, oq in grid.get(c, ()):
            if boxes_overlap(b, ob) and quads_overlap(quad, oq):
                return False
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    if any(math.hypot(cx - ox, cy - oy) < 360 for ox, oy in near_same.get(l.key, ())):
        return False
    near_same.setdefault(l.key, []).append((cx, cy))
    for c in cells:
        grid.setdefault(c, []).append((b, quad))
    return True


def place_labels(src, zoom):
    """Greedy, deterministic label selection for one zoom level."""
    cands = region_labels(src, zoom) + river_labels(src, zoom) + lake_labels(src, zoom) + peak_labels(src, zoom)
    cands.sort(key=lambda l: (l.priority, l.key, l.x, l.y))
    grid = {}
    placed = []
    near_same = {}
    for l in cands:
        for l.x, l.y, l.angle in l.options:
            if try_place(l, zoom, grid, near_same):
                placed.append(l)
                break
    placed.sort(key=lambda l: (l.style, l.x, l.y))
    return placed


# -------------------------------------------------------------------- output

class Writer:
    def __init__(self):
        self.features = bytearray()
        self.rings = bytearray()
        self.points = bytearray()
        self.n_features = 0
        self.n_rings = 0
        self.n_points = 0
        self.strings = bytearray()
        self.string_index = {}

    def add_feature(self, feature, polygon):
        q = quantize(feature, polygon)
        if q is None:
            return False
        ox, oy, shift, bbox, rings = q
        first_ring = self.n_rings
        for r in rings:
            self.rings += struct.pack("<II", self.n_points, len(r))
            for x, y in r:
                self.points += struct.pack("<HH", x, y)
            self.n_points += len(r)
            self.n_rings += 1
        self.features += struct.pack("<iiiiiiIIBBBB", int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3]),
                                     int(ox), int(oy), first_ring, len(rings), shift,
                                     min(255, feature.min_zoom), min(255, feature.rank), 0)
        self.n_features += 1
        return True

    def string(self, text):
        if text not in self.string_index:
            self.string_index[text] = len(self.strings)
            self.strings += text.encode("utf-8") + b"\0"
        return self.string_index[text]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", default="/work/shared/data")
    parser.add_argument("--output", default=os.path.join(here, "..", "data", "basemap", "basemap.bin"))
    args = parser.parse_args()

    src = Sources(args.source)
    writer = Writer()
    lod_records = bytearray()
    cache = {}
    # Build from the finest LOD down so each level simplifies the previous.
    built = {}
    for lod in reversed(LODS):
        built[lod] = build_lod(src, lod, cache)
    for lod in LODS:
        layers = built[lod]
        rec = struct.pack("<BBH", lod[0], lod[1], 0)
        for index, layer in enumerate(layers):
            first = writer.n_features
            for f in layer:
                writer.add_feature(f, index != LAYER_RIVER)
            rec += struct.pack("<II", first, writer.n_features - first)
        lod_records += rec

    labels = bytearray()
    label_index = bytearray()
    n_labels = 0
    for zoom in range(LABEL_MAX_ZOOM + 1):
        first = n_labels
        for l in place_labels(src, zoom):
            labels += struct.pack("<iiIhHBBH", int(round(l.x)), int(round(l.y)), writer.string(l.text),
                                  int(round(l.angle * 10000)), min(65535, l.radius()), l.style,
                                  int(round(l.size * 2)), 0)
            n_labels += 1
        label_index += struct.pack("<II", first, n_labels - first)

    header_size = 72
    offset = header_size
    sections = []
    for blob in (lod_records, writer.features, writer.rings, writer.points, writer.strings, labels, label_index):
        pad = (-offset) % 8
        offset += pad
        sections.append((offset, pad, blob))
        offset += len(blob)
    total = offset
    (lods_off, _, _), (feat_off, _, _), (rings_off, _, _), (pts_off, _, _), \
        (str_off, _, _), (lab_off, _, _), (idx_off, _, _) = sections
    header = MAGIC + struct.pack("<IIIIIIIIIIIIIIII", FORMAT_VERSION, total,
                                 len(LODS), lods_off, writer.n_features, feat_off,
                                 writer.n_rings, rings_off, writer.n_points, pts_off,
                                 len(writer.strings), str_off, n_labels, lab_off,
                                 LABEL_MAX_ZOOM + 1, idx_off)
    assert len(header) == header_size
    out = bytearray(header)
    for off, pad, blob in sections:
        out += b"\0" * pad
        out += blob
    assert len(out) == total
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as f:
        f.write(out)
    print("%s: %d bytes, %d features, %d rings, %d points, %d labels"
          % (args.output, total, writer.n_features, writer.n_rings, writer.n_points, n_labels))


if __name__ == "__main__":
    sys.exit(main())
