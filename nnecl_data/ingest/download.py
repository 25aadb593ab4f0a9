"""Fetch the official files the ingest reads, for a user with internet (the URLs live in sources.py).

Pooch does the fetching: each file is streamed to a temporary file beside its destination, its SHA-256
is checked against the one recorded here, and only then is it moved into place; a failed or corrupt
download is retried and its temporary file removed. A file already present with the right checksum is
not fetched again, so an interrupted run continues where it stopped.
"""

from __future__ import annotations

from pathlib import Path

from nnecl_data import config, sources

TIMEOUT_SECONDS = 60
RETRIES = 3  # after the first try; pooch waits 1, 2, 3 s between them

# SHA-256 of each file at the commit its URL names: those in the SOURCE.txt beside the copies in
# ../shared/data/raw where it lists them, else of those copies (tests/data/test_download_raw.py checks
# both). Keys: raw folder / file name.
CHECKSUMS = {
    "dfe-csc-outcomes-enablers/la_care_leavers_activity.csv": (
        "6853227203b736615c55517ac0735acbff48fea6c9f69ee95c2e9b6d868f339b"
    ),
    "dfe-csc-outcomes-enablers/la_care_leavers_accommodation_suitability.csv": (
        "e7ec483b8ca26360161393e78ef4c6ac6dc408197c068ab98e42ffc06fa4199a"
    ),
    "dfe-csc-outcomes-enablers/cla_number_and_rate_per_10k_children.csv": (
        "8228ce8c6f55fb1ee59b65988dad56c79ea7703c03eedd5c0f8af5997d6686ce"
    ),
    "dfe-csc-outcomes-enablers/ks4_la.csv": "9e08bc2f51d962a362aa76895bd48f41c7adef72926b77c67c905558b23c0ba8",
    "bengoodair-csc-care-leavers/la_care_leavers_activity_2018_2022.csv": (
        "5f811e682b2f2f352e51d9289b51c3f35cac57c832bbdd8af5432c8e879280f0"
    ),
    "bengoodair-csc-care-leavers/la_care_leavers_accommodation_suitability_2018_2022.csv": (
        "e679ae2c2e2514c9ce2b95bf5548bfc910335625788a382a01849f612a06bde3"
    ),
    "bengoodair-csc-care-leavers/SFR41_CareLeavers2016.csv": (
        "9d67510a22ea5a94512cb292a0e848a6e1feed86a192850714c2b50809a002c8"
    ),
    "bengoodair-csc-care-leavers/SFR50_CareLeavers19to212017.csv": (
        "0a3529b2e8526716f651919585a7b1ee49d61322dad3d6951f4a27cfbe565213"
    ),
    "bengoodair-csc-care-leavers/SFR50_CareLeavers17182017.csv": (
        "16a27f96d53c67e19cc13684258d900699007c34bc5bff29b60e3b0b1addad91"
    ),
    "ons-uk-topojson/topo.json": "dc7062d094f5321bc2101a1287d15b4822edadb6432181d2063953ddcd573c8c",
    "ons-uk-topojson/changes.csv": "f1e0a528e818d15bcfb8764be7645f15768e08287eb5834d70aaa3351f0e8c52",
    "ons-uk-topojson/ltla14-lookup.csv": "e6bb89a1b96242f7608c861baed3ccbf89d3514c404d695a83cd3ad78c288f42",
    "dfe-tvs-fe-colleges/colleges.csv": "ce19d93ba486923e90251c520858210d96f7e03ef6d1e420b6489729e38b465b",
    "dfe-statistical-neighbours/sn_may_2025.xlsx": (
        "8741494be7bbced69706589b7064b57d33737fc42ebbb3e778770f6bb78b1739"
    ),
    "dfe-statistical-neighbours/sn_april_2021.xlsx": (
        "e9594202bbf624f3328bd042ae0cf18d0df747d4320146449804dfe3133aa219"
    ),
}


def planned_files() -> list[tuple[str, str, str]]:
    """(raw folder / file name, URL, SHA-256) for every file `download` fetches. A URL without a recorded
    checksum is an error: a file nobody has checked is never fetched."""
    planned = []
    for source, name, url in sources.downloadable_files():
        key = f"{source.raw_folder}/{name}"
        if key not in CHECKSUMS:
            raise KeyError(f"no SHA-256 recorded for {key} ({url}): add it to download.CHECKSUMS")
        planned.append((key, url, CHECKSUMS[key]))
    return planned


def fetch_files(
    files: list[tuple[str, str, str]],
    dest: Path,
    *,
    retries: int = RETRIES,
    progressbar: bool = True,
) -> list[tuple[str, str]]:
    """Fetch each (relative path, URL, SHA-256) into dest. Returns (relative path, error) for each file
    that could not be fetched or did not match its checksum; those leave nothing behind."""
    import pooch
    import requests

    fetcher = pooch.create(
        path=dest,
        base_url="",
        registry={key: f"sha256:{sha}" for key, _url, sha in files},
        urls={key: url for key, url, _sha in files},
        retry_if_failed=retries,
    )
    downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=TIMEOUT_SECONDS)
    failures = []
    for number, (key, _url, _sha) in enumerate(files, start=1):
        print(f"[{number}/{len(files)}] {key}", flush=True)
        try:
            fetcher.fetch(key, downloader=downloader)
        except (OSError, ValueError, requests.RequestException) as error:
            failures.append((key, str(error)))
    return failures


def download_all(dest: Path | None = None) -> int:
    dest = dest or config.download_dir()
    files = planned_files()
    failures = fetch_files(files, dest)
    for key, error in failures:
        print(f"FAILED {key}: {error}")
    if failures:
        print(
            f"{len(failures)} of {len(files)} files failed (nothing was left half-written). "
            "Check your internet connection and run the same command again: files already fetched are kept."
        )
        return 1
    print(
        f"Downloaded and checked {len(files)} files in {dest}. "
        f"Next: {config.cli_command()} ingest --source-dir {dest}"
    )
    return 0
