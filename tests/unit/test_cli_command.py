"""config.cli_command(): hints show the command line as it runs with this installation."""

from __future__ import annotations

import sys

from nnecl_data import config


def _venv(folder):
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "python3"):
        (bin_dir / name).touch()
    return bin_dir


def test_the_readme_layout_gives_the_readme_command(tmp_path, monkeypatch):
    bin_dir = _venv(tmp_path)
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python3"))  # as the streamlit script runs
    assert config.cli_command() == ".venv/bin/python -m nnecl_data"


def test_an_interpreter_elsewhere_is_named_in_full(tmp_path, monkeypatch):
    bin_dir = _venv(tmp_path / "elsewhere")
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "project")
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    assert config.cli_command() == f"{(bin_dir / 'python').as_posix()} -m nnecl_data"
