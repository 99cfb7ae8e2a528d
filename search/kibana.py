"""Kibana saved objects for the archive, and their import (`portal-archive kibana-setup`).

`search/kibana/portal-archive.ndjson` holds, one object per line, in Kibana 8.14's export format:
the data view `portal-articles` (the alias, time field `published`), two saved searches (topics
`ict` and `admin-reform`), three Lens charts (articles per month by province, top portals,
topic split) and the dashboard "Portal archive overview" that shows them. They are imported with
Kibana's saved objects API, `POST /api/saved_objects/_import?overwrite=true` (multipart, header
`kbn-xsrf: true`), so re-running the setup updates them in place.

Why plain urllib: one multipart POST does not justify another dependency.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from crawlers.errors import UserError

SAVED_OBJECTS = Path(__file__).resolve().parent / "kibana" / "portal-archive.ndjson"


class KibanaUnavailable(UserError):
    """Kibana cannot be used (not there, or refusing the import); exits 3 naming the URL."""

    exit_code = 3


def load_saved_objects(path: Path = SAVED_OBJECTS) -> list[dict[str, Any]]:
    """The saved objects, one dict per NDJSON line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_problems(objects: list[dict[str, Any]]) -> list[str]:
    """References that point outside the file: each would be a broken panel after an import."""
    present = {(o["type"], o["id"]) for o in objects}
    return [
        f"{o['type']}/{o['id']} -> {ref['type']}/{ref['id']} ({ref['name']})"
        for o in objects
        for ref in o.get("references", [])
        if (ref["type"], ref["id"]) not in present
    ]


def _multipart(name: str, filename: str, payload: bytes) -> tuple[bytes, str]:
    boundary = f"portal-archive-{uuid.uuid4().hex}"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def import_saved_objects(kibana_url: str, *, path: Path = SAVED_OBJECTS, timeout: float = 30) -> dict[str, Any]:
    """Import the saved objects into Kibana at `kibana_url`; returns Kibana's answer.

    Raises `KibanaUnavailable` (one line, naming the URL) when nothing answers there, when the
    answer is an HTTP error, or when Kibana reports objects it could not import.
    """
    base = kibana_url.rstrip("/")
    try:
        urllib.parse.urlsplit(base).port  # noqa: B018 - parses lazily; a bad host or port raises
    except ValueError:
        base = ""
    if not base.startswith(("http://", "https://")):
        raise UserError(f"invalid --kibana-url '{kibana_url}': use http://HOST:PORT (Kibana's base URL)")
    body, content_type = _multipart("file", path.name, path.read_bytes())
    request = urllib.request.Request(
        f"{base}/api/saved_objects/_import?overwrite=true",
        data=body,
        method="POST",
        headers={"kbn-xsrf": "true", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - user-given URL
            answer = json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().replace("\n", " ")[:200]
        raise KibanaUnavailable(f"Kibana at {base} refused the import: HTTP {err.code} {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise KibanaUnavailable(
            f"Kibana is not reachable at {base} ({reason}): start it (`docker compose up -d kibana`) "
            "or pass --kibana-url"
        ) from None
    if not answer.get("success", False):
        errors = answer.get("errors") or []
        first = "; ".join(f"{e.get('type')}/{e.get('id')}: {e.get('error', {}).get('type')}" for e in errors[:3])
        raise KibanaUnavailable(f"Kibana at {base} imported only some saved objects: {first}")
    return answer
