"""Work done once at server start (nnecl_data/ui/startup.py): the long-lived heap set aside from the
full garbage collection Streamlit runs after every script run, with later garbage still collected."""

from __future__ import annotations

import gc
import sys
import weakref

from nnecl_data.ui import startup


class _Node:
    pass


def test_the_page_modules_are_loaded_and_the_heap_alive_at_start_is_frozen():
    try:
        frozen = startup.settle_heap()
        assert frozen > 10_000 and gc.get_freeze_count() > 10_000
        loaded = {"nnecl_data.ui.frame", "nnecl_data.ui.views.outcomes", "nnecl_data.charts.maps"}
        assert loaded <= set(sys.modules)
        node = _Node()
        node.itself = node  # a cycle made after the start: only the collector frees it
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
