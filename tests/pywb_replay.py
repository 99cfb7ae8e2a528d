"""Replay one URL from a WACZ with pywb, in-process: run by the pywb venv's Python, not ours.

    .cache/pywb-venv/bin/python tests/pywb_replay.py CRAWL.wacz URL WORKDIR

pywb pins old packages (werkzeug, redis 2.10, pyOpenSSL < 26.2) that the project's own
environment must not be downgraded to, so it lives in its own venv (`make pywb`) and this script
imports nothing of the project. It builds a pywb collection from the WACZ's WARC files with
pywb's own indexer (`wb-manager init` + `add`), asks pywb's WSGI app for the URL in `id_` mode
(the archived response body, unrewritten) and writes WORKDIR/replay.json: status, content type
and the body (base64), so the test judges the text with the project's own decoding. (A file, not
stdout: pywb logs its requests to stdout.)
"""

from __future__ import annotations

import base64
import json
import os
import sys
import zipfile
from pathlib import Path


def main(wacz: str, url: str, workdir: str) -> int:
    from pywb.apps.frontendapp import FrontEndApp
    from pywb.manager.manager import CollectionsManager
    from werkzeug.test import Client

    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)
    with zipfile.ZipFile(wacz) as package:
        warcs = [n for n in package.namelist() if n.startswith("archive/")]
        package.extractall(work / "wacz", warcs)
    manager = CollectionsManager("crawl", must_exist=False)
    manager.add_collection()
    manager.add_archives([str(work / "wacz" / n) for n in warcs])
    app = FrontEndApp()
    response = Client(app).get(f"/crawl/id_/{url}")
    (work / "replay.json").write_text(json.dumps({
        "status": response.status_code, "content_type": response.headers.get("Content-Type"),
        "body": base64.b64encode(response.get_data()).decode("ascii")}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
