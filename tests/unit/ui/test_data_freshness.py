"""The process's caches are cleared when the data changed since its last run, and when a run reads
another database than the last (the cached tables are not keyed by database)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import create_engine

from nnecl_data.database import queries
from nnecl_data.ui import data


def test_caches_are_cleared_on_new_data_or_another_database(monkeypatch):
    stamps = {"sqlite:///first.sqlite": ("built 1", 3), "sqlite:///second.sqlite": ("built 1", 3)}
    monkeypatch.setattr(queries, "data_stamp", lambda engine: stamps[str(engine.url)])
    cleared = []
    monkeypatch.setattr(st.cache_data, "clear", lambda: cleared.append(True))
    monkeypatch.setattr(data, "_LAST_SEEN", {})
    first, second = (create_engine(url) for url in stamps)

    data._forget_if_changed_elsewhere(first)
    data._forget_if_changed_elsewhere(first)
    assert cleared == []  # nothing changed
    stamps["sqlite:///first.sqlite"] = ("built 1", 4)  # a load elsewhere
    data._forget_if_changed_elsewhere(first)
    assert len(cleared) == 1
    data._forget_if_changed_elsewhere(second)  # the same stamp, but another database
    assert len(cleared) == 2
    data._forget_if_changed_elsewhere(second)
    assert len(cleared) == 2
