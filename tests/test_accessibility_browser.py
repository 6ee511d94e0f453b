"""axe-core, in headless Chromium, on the HTML export of every sample map and of a map
written for this test: no violations of any rule axe runs by default (WCAG 2 A and AA,
and its best practices).

Needs Debian's chromium (/usr/bin/chromium, or $CXTUI_CHROMIUM) and the node modules of
tests/browser (`npm ci` there). .ci/run installs both; where either is missing locally
the test is skipped and says which. Under CI (CI=true) it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from a11y_maps import all_maps

from cxtui.fileformat import read_map
from cxtui.interchange import html_page

#: Pages of a current map drawn against its future state (`export --against`).
AGAINST_PAGES = {
    "against-online-shop": ("online-shop-purchase.toml", "online-shop-future.toml"),
    "against-support-itself": ("support-call.toml", "support-call.toml"),
}

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
CHROMIUM = os.environ.get("CXTUI_CHROMIUM", "/usr/bin/chromium")


def missing() -> str | None:
    """Why the audit cannot run here, or None when it can."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if shutil.which("node") is None:
        return "no node (apt-get install nodejs npm)"
    for module in ("axe-core", "puppeteer-core"):
        if not (BROWSER_DIR / "node_modules" / module).is_dir():
            return f"no {module} in tests/browser/node_modules (run `npm ci` in tests/browser)"
    return None


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the browser audit must run in CI: {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pages")
    files = []
    for name, m in all_maps():
        path = folder / f"{name}.html"
        path.write_text(html_page.dumps(m), encoding="utf-8")
        files.append(str(path))
    samples = Path(__file__).resolve().parents[1] / "sample_maps"
    for name, (current, future) in AGAINST_PAGES.items():
        page = html_page.dumps(read_map(samples / current), against=read_map(samples / future))
        path = folder / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["node", str(BROWSER_DIR / "audit.mjs"), "--chromium", CHROMIUM, *files],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BROWSER_DIR,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return {Path(file).stem: violations for file, violations in found.items()}


@pytest.mark.parametrize("name", [name for name, _ in all_maps()] + list(AGAINST_PAGES))
def test_axe_finds_no_violations(audit: dict[str, list[dict[str, object]]], name: str) -> None:
    assert name in audit
    assert audit[name] == []
