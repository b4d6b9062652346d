"""The studio's page ships prebuilt: the bundle must be the one its sources build, and load nothing from elsewhere."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "dflow" / "studio" / "frontend"
STATIC = ROOT / "dflow" / "studio" / "static"


def sources_digest() -> str:
    """What `frontend/build.mjs` writes into static/STAMP: the build script, the manifests and src/."""
    names = ["build.mjs", "package.json", "package-lock.json", *sorted(f"src/{p.name}" for p in (FRONTEND / "src").iterdir())]
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0")
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_the_shipped_bundle_was_built_from_the_current_sources() -> None:
    assert (STATIC / "STAMP").read_text().strip() == sources_digest(), (
        "rebuild the page: cd dflow/studio/frontend && npm ci && npm run build"
    )


def test_the_lock_file_pins_every_package_the_build_uses() -> None:
    lock = json.loads((FRONTEND / "package-lock.json").read_text())
    wanted = json.loads((FRONTEND / "package.json").read_text())["devDependencies"]
    assert set(wanted) <= {name.removeprefix("node_modules/") for name in lock["packages"]}


def test_the_page_loads_only_what_the_server_serves() -> None:
    page = (STATIC / "index.html").read_text()
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    for name in re.findall(r"""(?:src|href)=["']/static/([^"']+)""", page):
        assert (STATIC / name).is_file(), name


def test_the_static_files_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"studio/static/*"' in pyproject
