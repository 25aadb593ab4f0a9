"""nnecl_data.geo on small shapes the tests make themselves (no boundary file needed)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from nnecl_data import geo
from nnecl_data.geo import square


def _topology() -> dict:
    """Two unit squares side by side sharing the arc x=1, quantized with scale 0.5 and translate (10, 50)."""
    return {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10.0, 50.0]},
        "arcs": [
            [[2, 0], [0, 2]],  # shared edge: (11,50) -> (11,51)
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # left square's other three sides
            [[2, 0], [2, 0], [0, 2], [-2, 0]],  # right square's other three sides
        ],
        "objects": {
            "rgn": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"areacd": "E12000001", "areanm": "A"}},
                    {"type": "Polygon", "arcs": [[~0, 2]], "properties": {"areacd": "E12000002", "areanm": "B"}},
                    {
                        "type": "Polygon",
                        "arcs": [[2, ~0]],
                        "properties": {"areacd": "S12000049", "areanm": "Scot"},
                    },
                ],
            },
            "cauth": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"areacd": "E47000001", "areanm": "CA"}},
                    {
                        "type": "Polygon",
                        "arcs": [[2, ~0]],
                        "properties": {"areacd": "S12000050", "areanm": "Wrong", "start": 2019},
                    },
                ],
            },
        },
    }


def _read(topology: dict) -> dict:
    return geo.read_topojson(json.dumps(topology).encode("utf-8"))


def test_read_topojson_applies_delta_and_transform():
    left = _read(_topology())["rgn"].geometry.iloc[0]
    # arc 0 then arc 1, each decoded from deltas and placed by scale 0.5 and translate (10, 50)
    assert list(left.exterior.coords) == [(11.0, 50.0), (11.0, 51.0), (10.0, 51.0), (10.0, 50.0), (11.0, 50.0)]


def test_read_topojson_stitches_and_reverses_arcs():
    layers = _read(_topology())
    assert list(layers) == ["rgn", "cauth"]
    rgn = layers["rgn"]
    assert rgn["areacd"].tolist() == ["E12000001", "E12000002", "S12000049"]
    left, right = rgn.geometry.iloc[0], rgn.geometry.iloc[1]
    coords = list(right.exterior.coords)
    assert coords[0] == (11.0, 51.0) and coords[1] == (11.0, 50.0)  # arc 0 reversed
    assert left.area == pytest.approx(1.0) and right.area == pytest.approx(1.0)
    assert right.bounds == (11.0, 50.0, 12.0, 51.0)
    assert left.touches(right)  # the shared arc is one border
    assert layers["cauth"]["start"].tolist()[1] == 2019


def test_read_topojson_refuses_other_formats():
    with pytest.raises(ValueError, match="not a TopoJSON"):
        geo.read_topojson(json.dumps({"type": "FeatureCollection", "features": []}).encode("utf-8"))


def test_load_topojson_file(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_topology()))
    layers = geo.load_boundary_file(path)
    assert set(layers) == {"regions", "cauth"}  # 'rgn' is renamed
    regions = layers["regions"]
    assert list(regions.columns) == geo.COLUMNS
    assert regions["areacd"].tolist() == ["E12000001", "E12000002"]  # Scottish code dropped
    assert regions.crs.to_epsg() == 4326  # the topology declares no CRS
    assert layers["cauth"]["areacd"].tolist() == ["E47000001"]  # the S12 code in cauth dropped
    assert regions.is_valid.all()


def test_to_topojson_round_trip():
    gdf = gpd.GeoDataFrame(
        {"areacd": ["E1", "E2"], "areanm": ["a", "b"]},
        geometry=[square(-2.5, 53.0, 0.25), Polygon([(0, 51), (1, 51), (1, 52), (0, 51)])],
        crs=geo.WGS84,
    )
    back = _read(geo.to_topojson(gdf))["areas"]
    assert back["areacd"].tolist() == ["E1", "E2"]
    for poly, original in zip(back.geometry, gdf.geometry, strict=True):
        assert poly.hausdorff_distance(original) < 1e-4  # quantized to ~4 decimal places
        assert not shapely.is_ccw(poly.exterior)  # exterior clockwise, as d3-geo expects


def test_geojson_ons_fields_and_reprojection(tmp_path):
    # two 10 km squares in British National Grid, as an ONS download might carry them
    features = [
        {
            "type": "Feature",
            "properties": {"FID": i, "CTYUA23CD": code, "CTYUA23NM": name, "CTYUA23NMW": ""},
            "geometry": square(400000 + 10000 * i, 300000, 10000).__geo_interface__,
        }
        for i, (code, name) in enumerate([("E06000061", "North Northamptonshire"), ("W06000001", "Anglesey")])
    ]
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": features,
    }
    path = tmp_path / "utla.geojson"
    path.write_text(json.dumps(doc))
    layers = geo.load_boundary_file(path)
    assert list(layers) == ["utla"]
    utla = layers["utla"]
    assert utla["areacd"].tolist() == ["E06000061"]
    assert utla.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = utla.total_bounds
    assert -3 < minx < maxx < 0 and 52 < miny < maxy < 53


def test_make_valid_fixes_bow_tie():
    bow = Polygon([(0, 50), (1, 51), (1, 50), (0, 51), (0, 50)])
    assert not bow.is_valid
    gdf = gpd.GeoDataFrame({"areacd": ["E1"], "areanm": ["x"]}, geometry=[bow])
    out = geo.normalise(gdf)
    assert out.is_valid.all() and out.crs.to_epsg() == 4326
    assert out.geometry.iloc[0].area == pytest.approx(0.5)


def _northants() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "areacd": ["E10000021", "E06000061", "E06000062", "E06000001"],
            "areanm": ["Northamptonshire", "North Northamptonshire", "West Northamptonshire", "Hartlepool"],
            "start": [None, 2021, 2021, None],
            "end": [2020, None, None, None],
        },
        geometry=[square(0, 52, 1), square(0, 52.5, 0.5), square(0, 52, 0.5), square(1, 54, 0.2)],
        crs=geo.WGS84,
    )


@pytest.mark.parametrize(
    ("year", "codes"),
    [
        (2019, {"E10000021", "E06000001"}),
        (2020, {"E10000021", "E06000001"}),
        (2021, {"E06000061", "E06000062", "E06000001"}),
        (2025, {"E06000061", "E06000062", "E06000001"}),
    ],
)
def test_areas_for_year(year, codes):
    assert set(geo.areas_for_year(_northants(), year)["areacd"]) == codes


def _wiggly(x0: float, y0: float, n: int = 400) -> Polygon:
    import numpy as np

    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = 0.5 + 0.01 * np.sin(40 * t)
    return Polygon(np.column_stack([x0 + r * np.cos(t), y0 + r * np.sin(t)]))


def test_simplify_for_chart_keeps_areas_and_rounds():
    gdf = gpd.GeoDataFrame(
        {"areacd": ["E1", "E2"], "areanm": ["a", "b"], "start": [None, None], "end": [None, None]},
        geometry=[_wiggly(0, 52), _wiggly(2, 52)],
        crs=geo.WGS84,
    )
    out = geo.simplify_for_chart(gdf, 0.02)
    assert len(out) == 2 and out.is_valid.all()
    before = shapely.get_num_coordinates(gdf.geometry.values).sum()
    after = shapely.get_num_coordinates(out.geometry.values).sum()
    assert after < before / 2
    coords = shapely.get_coordinates(out.geometry.values)
    assert (abs(coords * 1e4 - (coords * 1e4).round()) < 1e-6).all()
    assert shapely.area(out.geometry.values[0]) == pytest.approx(shapely.area(gdf.geometry.values[0]), rel=0.05)


def test_cache_round_trip_and_cli_load(tmp_path, capsys):
    src = tmp_path / "t.json"
    src.write_text(json.dumps(_topology()))
    dest = tmp_path / "cache"
    assert not geo.boundaries_available(dest)
    assert geo.cli_load(src, dest) == 0
    out = capsys.readouterr().out
    assert "regions" in out and "cauth" in out and "Office for National Statistics" in out
    assert geo.boundaries_available(dest)
    cached = geo.cached_layers(dest)
    assert set(cached) == {"regions", "cauth"}
    assert cached["regions"]["areacd"].tolist() == ["E12000001", "E12000002"]
    assert list(cached["regions"].columns) == geo.COLUMNS
    assert geo.cache_info(dest)["layers"] == {"regions": 2, "cauth": 1}


def test_cli_load_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "Nope"}')
    assert geo.cli_load(bad, tmp_path / "cache") == 1
    assert "Could not read" in capsys.readouterr().err
    assert not geo.boundaries_available(tmp_path / "cache")


def test_cli_download_offline(tmp_path, monkeypatch, capsys):
    def offline(*_args, **_kwargs):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    assert geo.cli_download(tmp_path / "cache") == 1
    assert "offline" in capsys.readouterr().err
    assert not geo.boundaries_available(tmp_path / "cache")


def test_fetch_service_pages():
    pages = []

    def fake(url):
        pages.append(url)
        offset = int(url.split("resultOffset=")[1].split("&")[0])
        n = 2 if offset < 4 else 1
        feats = [{"type": "Feature", "properties": {"i": offset + k}, "geometry": None} for k in range(n)]
        return {"type": "FeatureCollection", "features": feats, "properties": {"exceededTransferLimit": n == 2}}

    features = geo.fetch_service("Regions_December_2023_Boundaries_EN_BUC", page_size=2, get_json=fake)
    assert [f["properties"]["i"] for f in features] == [0, 1, 2, 3, 4]
    assert len(pages) == 3
    assert "outSR=4326" in pages[0] and "f=geojson" in pages[0] and "resultRecordCount=2" in pages[0]
    assert pages[0].startswith(geo.ONS_ARCGIS_BASE + "/Regions_December_2023_Boundaries_EN_BUC/FeatureServer/0/")


def test_download_layers_normalises(tmp_path):
    def fake(url):
        field = "RGN23" if "Regions" in url else ("CTYUA23" if "Counties" in url else "CAUTH23")
        feats = [
            {
                "type": "Feature",
                "properties": {f"{field}CD": "E99000001", f"{field}NM": "Somewhere"},
                "geometry": square(-1, 52, 0.5).__geo_interface__,
            }
        ]
        return {"type": "FeatureCollection", "features": feats}

    layers = geo.download_layers(get_json=fake)
    assert set(layers) == {"regions", "utla", "cauth"}
    stored = geo.store_layers(layers, tmp_path)
    assert stored == {"regions": 1, "utla": 1, "cauth": 1}


def test_default_boundary_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NNECL_RAW_DIR", str(tmp_path))
    assert geo.default_boundary_file() is None
    (tmp_path / "ons-uk-topojson").mkdir()
    (tmp_path / "ons-uk-topojson" / "topo.json").write_text(json.dumps(_topology()))
    assert geo.default_boundary_file() == tmp_path / "ons-uk-topojson" / "topo.json"
    assert geo.ensure_cache(tmp_path / "cache")


def test_tile_grid():
    tiles = geo.tile_polygons()
    assert sorted(tiles["areacd"]) == [f"E1200000{i}" for i in range(1, 10)]
    pos = {r.areacd: (r.col, r.row) for r in tiles.itertuples()}
    assert len(set(pos.values())) == 9
    ne, nw, yh = pos["E12000001"], pos["E12000002"], pos["E12000003"]
    assert ne[1] == min(p[1] for p in pos.values())  # North East on the top row
    assert nw[0] < ne[0]  # North West left of North East
    assert yh[0] == ne[0] and yh[1] > ne[1]  # Yorkshire below the North East
    assert pos["E12000009"][0] < pos["E12000008"][0]  # South West left of South East
    assert pos["E12000007"][1] == max(p[1] for p in pos.values())  # London on the bottom row
    union = shapely.union_all(tiles.geometry.values)
    assert union.area == pytest.approx(tiles.geometry.area.sum())  # no overlaps
    assert tiles.crs is None
    for r in tiles.itertuples():
        assert r.geometry.contains(shapely.Point(r.label_x, r.label_y))


def test_areas_for_codes_takes_each_code_from_its_own_time_and_old_codes_from_their_successor():
    import geopandas as gpd

    from nnecl_data import geo as g

    layer = gpd.GeoDataFrame(
        {
            "areacd": ["E10000021", "E06000061", "E06000062", "E08000037"],
            "areanm": ["Northamptonshire", "North Northamptonshire", "West Northamptonshire", "Gateshead"],
            "start": [None, 2021, 2021, None],
            "end": [2020, None, None, None],
        },
        geometry=[g.square(0, 0), g.square(0, 1), g.square(1, 1), g.square(5, 5)],
        crs="EPSG:4326",
    )
    # DfE's 2021 still reports the county although ONS replaced it in 2021
    got = g.areas_for_codes(layer, {"E10000021", "E06000061"}, 2021)
    assert sorted(got["areacd"]) == ["E06000061", "E10000021"]
    # a pre-2014 code is drawn with its successor's boundary, under its own code
    old = g.areas_for_codes(layer, {"E08000020"}, 2016, {"E08000020": "E08000037"})
    assert list(old["areacd"]) == ["E08000020"] and old.geometry.iloc[0].equals(layer.geometry.iloc[3])
    # without a successor an unknown code is simply absent
    assert g.areas_for_codes(layer, {"E08000020"}, 2016).empty
