"""The planning bridge: the only code that turns Keel's rows into the optimizer's input and its
answers back into rows, ids and names, and the only importer of ``optimizer`` (an import-linter
contract in pyproject.toml; docs/design.md §6).

- ``snapshot``: rows in, plan-contract snapshot out (pure).
- ``rows``: the rows a snapshot is built from, loaded once (``snapshot_of``).
- ``plans``: a team's plan (recommend, rebalance, cover) and its mapping back to ids and names.
- ``choices``: the holders a manager may choose by hand, with the optimizer's pair rules.
- ``resilience``: the forecast, what-if, structure, secure and exposure questions.
- ``contract``: a JSON snapshot checked against the published schema, then solved (``keel solve``).
- ``names``: the optimizer's codes in its sentences become the names a manager reads.

Nothing is imported here, so ``keel solve`` and the region's Dask workers load only what they use;
the optimizer itself is imported inside the functions that call it (importing it is slow)."""
