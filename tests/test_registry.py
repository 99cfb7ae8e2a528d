"""Rules every registry entry obeys, and how crawl arguments become targets."""

from __future__ import annotations

import pytest

from crawlers.errors import UserError
from crawlers.registry import Registry, registry_problems


def test_every_registry_entry_obeys_the_rules() -> None:
    registry = Registry.load()
    assert registry_problems(registry) == []
    assert len(registry.portals) == 6


def test_portal_id_becomes_a_target_scoped_to_its_hosts() -> None:
    target = Registry.load().target_for("nghiloc-nghean")
    assert target.start_urls == ("http://nghiloc.nghean.gov.vn/",)
    assert target.scopes == frozenset({"nghiloc.nghean.gov.vn"})
    assert (target.portal.province, target.portal.district) == ("Nghệ An", "Nghi Lộc")


def test_start_url_of_a_known_host_keeps_its_portal() -> None:
    target = Registry.load().target_for("http://caoloc.langson.gov.vn/tin-tuc?page=1")
    assert target.portal_id == "caoloc-langson"
    assert target.start_urls == ("http://caoloc.langson.gov.vn/tin-tuc?page=1",)


def test_start_url_scope_includes_the_port() -> None:
    target = Registry.load().target_for("http://127.0.0.1:8765/")
    assert target.portal is None
    assert target.scopes == frozenset({"127.0.0.1:8765"})


@pytest.mark.parametrize(("spec", "message"), [
    ("no-such-portal", "unknown portal id 'no-such-portal'"),
    ("ftp://x.gov.vn/", "out-of-scope start URL 'ftp://x.gov.vn/'"),
    ("http:///nohost", "has no host name"),
    ("http://x.gov.vn:99999999/", "the port is not a number"),
])
def test_bad_targets_are_named_in_the_error(spec: str, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Registry.load().target_for(spec)


def test_broken_registry_file_is_reported(tmp_path) -> None:
    bad = tmp_path / "portals.toml"
    bad.write_text("[[portal]]\nid = 'x'\nname = \n", "utf-8")
    with pytest.raises(UserError, match="is not valid TOML"):
        Registry.load(bad)
