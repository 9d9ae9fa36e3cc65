"""The DfE children's social work workforce census (worker-level table) into Keel: `columns` (the
published names Keel reads), `importing` (the rows as a workers import), `sickness` (each unit's
sickness rate for the collapse-risk forecast, from the days lost)."""
