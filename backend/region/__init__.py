"""Many councils side by side (issue #17): a region's councils as plan-contract snapshots
(`councils`), their resilience forecast computed by the same function that serves one council,
on a Dask cluster or in one process (`forecast`), and the aggregates a regional view may show
(`summary`): no family or worker crosses from one council to another.
"""
