"""The API's request and response models, one module per aggregate (families, workers, absences,
units, users, plans, resilience, ...): the Create, Update and Public models of each live together,
with the shared field types in `fields.py`. Routes and the Python client import them from here; the
tables are in backend/models/, and every field limit in backend/models/limits.py."""
