"""The SHA-256 checksums `download` verifies are those of the official files held in the raw folder, and
agree with the checksums each folder's SOURCE.txt records where it records them."""

from __future__ import annotations

import hashlib
import re

from nnecl_data.ingest import download
from tests.conftest import official_files

LISTED = re.compile(r"\b([0-9a-f]{64})\s+(\S.*?)\s*$")


def _listed_in_source_txt(path) -> dict[str, str]:
    """file name -> SHA-256 for the `<sha256>  <file name>` lines of a SOURCE.txt."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LISTED.search(line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def test_every_recorded_checksum_is_that_of_the_official_file(raw_dir):
    for key, sha in download.CHECKSUMS.items():
        assert hashlib.sha256((raw_dir / key).read_bytes()).hexdigest() == sha, key


# The folders whose SOURCE.txt records a `<sha256>  <file name>` line for each file it holds
FOLDERS_THAT_RECORD_CHECKSUMS = {
    "dfe-csc-outcomes-enablers",
    "ons-uk-topojson",
    "dfe-tvs-fe-colleges",
    "dfe-statistical-neighbours",
}


def test_recorded_checksums_agree_with_source_txt(raw_dir):
    official_files(*sorted({f"{key.split('/', 1)[0]}/SOURCE.txt" for key in download.CHECKSUMS}))
    unlisted = []
    for key, sha in download.CHECKSUMS.items():
        folder, name = key.split("/", 1)
        listed = _listed_in_source_txt(raw_dir / folder / "SOURCE.txt")
        if name in listed:
            assert listed[name] == sha, key
        elif folder in FOLDERS_THAT_RECORD_CHECKSUMS:
            unlisted.append(key)
    assert not unlisted, f"SOURCE.txt records no checksum for {unlisted}"
    recording = {
        folder
        for folder in {key.split("/", 1)[0] for key in download.CHECKSUMS}
        if _listed_in_source_txt(raw_dir / folder / "SOURCE.txt")
    }
    assert recording == FOLDERS_THAT_RECORD_CHECKSUMS
