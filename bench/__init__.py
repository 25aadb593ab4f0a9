"""Benchmarks, scale and load tests for the dashboard (not part of the test suite).

- `python -m bench`: server-side time of every page (AppTest, in process) on the real
  dataset and on synthetic datasets about 10x and 100x larger, on SQLite and PostgreSQL, beside a naive
  baseline measured in the same run; writes a table and JSON (data/bench/results/).
- `python -m bench.load`: a browser load test (N simulated users in headless Chromium) and the
  resident memory of a real `streamlit run` server after visiting every page.

Synthetic rows are written only into separate benchmark databases (data/bench/*.sqlite and PostgreSQL
databases named nnecl_bench_*), never into nnecl_data/seed or the app's own database.
"""
