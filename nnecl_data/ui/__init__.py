"""Streamlit pieces shared by the pages: data access with bounded caches, the filter bar bound to the
URL, and components (chart with its table and downloads, source notes, flags, empty states)."""
