"""The layers the folders draw: the running app (every runtime module of nnecl_data, the dashboard's
views among them) imports none of the offline ingest code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Offline only: the ingest (official files -> seed) and the command line that runs it.
# The offline code, and the script Streamlit runs for each visit (importing it would run the app).
OFFLINE = ("nnecl_data.ingest", "nnecl_data.__main__", "nnecl_data.ui.main")

_IMPORT_ALL = """
import importlib, json, pkgutil, sys
offline = tuple(sys.argv[1:])
names = []


def walk(path, prefix):
    # pkgutil.walk_packages would import every package to look inside, the ingest too: list files instead
    for module in pkgutil.iter_modules(path, prefix):
        if module.name.startswith(offline):
            continue
        names.append(module.name)
        if module.ispkg:
            walk([str(module.module_finder.path) + "/" + module.name.rsplit(".", 1)[-1]], module.name + ".")


walk(["nnecl_data"], "nnecl_data.")
importlib.import_module("nnecl_data")
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_runtime_modules_do_not_import_the_ingest():
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, *OFFLINE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # the walk found the app's modules, so an empty or broken walk cannot pass
    assert {"nnecl_data.ui.views.institutions", "nnecl_data.ui.views.admin", "nnecl_data.ui.data"} <= set(
        result["imported"]
    )
    assert "nnecl_data.rules.register_gaps" in result["imported"]
    leaked = [name for name in result["loaded"] if name.startswith("nnecl_data.ingest")]
    assert leaked == [], f"runtime modules import the offline ingest: {leaked}"
