"""The Kibana saved objects (search/kibana/) and `kibana-setup`.

No Kibana server exists where these tests run, so they check what can be checked without one:
the NDJSON parses into complete saved objects whose references all resolve within the file, the
objects say what the README promises, and `kibana-setup` fails with one line (exit 3) when
nothing answers at the given URL.
"""

from __future__ import annotations

import json

from search.kibana import SAVED_OBJECTS, load_saved_objects, reference_problems
from tests.conftest import run_cli
from tests.test_cli_errors import closed_port, one_error_line

OBJECTS = load_saved_objects()
BY_ID = {o["id"]: o for o in OBJECTS}


def test_every_line_is_a_complete_saved_object() -> None:
    lines = [line for line in SAVED_OBJECTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(OBJECTS) == 7
    for obj in OBJECTS:
        assert {"type", "id", "attributes", "references"} <= set(obj), obj.get("id")
        assert obj["attributes"]["title"]
    assert [o["type"] for o in OBJECTS] == ["index-pattern", "search", "search", "lens", "lens", "lens", "dashboard"]
    assert len(BY_ID) == len(OBJECTS)  # ids are unique


def test_references_resolve_within_the_file() -> None:
    assert reference_problems(OBJECTS) == []
    # The check itself catches a dangling reference.
    broken = [*OBJECTS[1:]]
    assert reference_problems(broken)[0].startswith("search/portal-archive-ict -> index-pattern/portal-articles")


def test_data_view_is_the_alias_with_published_as_time_field() -> None:
    view = BY_ID["portal-articles"]["attributes"]
    assert (view["title"], view["timeFieldName"]) == ("portal-articles", "published")


def test_saved_searches_filter_on_the_two_topics() -> None:
    expected = {"portal-archive-ict": 'topics:"ict"', "portal-archive-admin-reform": 'topics:"admin-reform"'}
    for obj_id, kql in expected.items():
        source = json.loads(BY_ID[obj_id]["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
        assert source["query"] == {"query": kql, "language": "kuery"}
        assert source["indexRefName"] == BY_ID[obj_id]["references"][0]["name"]


def test_dashboard_shows_month_by_province_top_portals_and_topics() -> None:
    dashboard = BY_ID["portal-archive-overview"]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    refs = {r["name"]: r["id"] for r in dashboard["references"]}
    shown = [refs[f"{p['panelIndex']}:{p['panelRefName']}"] for p in panels]
    assert shown == ["portal-archive-articles-per-month", "portal-archive-top-portals", "portal-archive-topics"]
    fields = {}
    for lens_id in shown:
        layer = BY_ID[lens_id]["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]["layer1"]
        fields[lens_id] = sorted(c.get("sourceField") for c in layer["columns"].values())
        assert sorted(layer["columnOrder"]) == sorted(layer["columns"])
    assert fields == {
        "portal-archive-articles-per-month": ["___records___", "province", "published"],
        "portal-archive-top-portals": ["___records___", "portal"],
        "portal-archive-topics": ["___records___", "topics"],
    }
    month = BY_ID["portal-archive-articles-per-month"]["attributes"]["state"]["datasourceStates"]["formBased"]
    assert month["layers"]["layer1"]["columns"]["col-month"]["params"]["interval"] == "M"


def test_kibana_setup_without_kibana_is_one_line_exit_3() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_cli("kibana-setup", "--kibana-url", url)
    assert result.returncode == 3
    assert f"Kibana is not reachable at {url}" in one_error_line(result)
    assert run_cli("kibana-setup", "--kibana-url", "localhost:5601").returncode == 2
