"""`make demo`: the main job end to end on the embedded default, against the offline mirror.

Serves the bundled mirror on loopback, crawls its five portals into `demo-output/archive`
(real host names kept, routed with --resolve), then searches, prints stats and exports JSONL.
Run it twice: the second crawl finds every article unchanged.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.mirror import MirrorServer, build_mirror

OUT = Path("demo-output")


def run(*args: str) -> None:
    command = [_cli(), *args]
    print(f"\n$ portal-archive {' '.join(_quote(a) for a in args)}", flush=True)
    result = subprocess.run(command)
    if result.returncode != 0:
        sys.exit(f"demo: `portal-archive {args[0]}` failed with exit code {result.returncode}")


def _cli() -> str:
    found = shutil.which("portal-archive", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("demo: the portal-archive command is not installed; run `make install`")
    return found


def _quote(arg: str) -> str:
    return f"'{arg}'" if (" " in arg or "*" in arg) else arg


def main() -> int:
    mirror = build_mirror()
    OUT.mkdir(exist_ok=True)
    archive = OUT / "archive"
    with MirrorServer(mirror, host="127.0.0.1", port=0) as server:
        address = server.url.removeprefix("http://")
        print(f"mirror: {len(mirror.portals)} portals, {len(mirror.articles)} articles "
              f"served on {server.url}")
        run("crawl", *[p.id for p in mirror.portals], "--archive", str(archive),
            "--resolve", f"*={address}", "--env", "test")
    run("search", "chuyển đổi số", "--archive", str(archive), "--limit", "3")
    run("search", "cai cach hanh chinh", "--archive", str(archive), "--province", "Nghe An",
        "--since", "2019", "--limit", "3")
    run("stats", "--archive", str(archive))
    run("export", "--archive", str(archive), "--out", str(OUT / "articles.jsonl.gz"))
    run("export", "--archive", str(archive), "--topic", "ict",
        "--out", str(OUT / "articles-ict.jsonl"))
    print(f"\ndemo: done. Archive in {archive}/, exports in {OUT}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
