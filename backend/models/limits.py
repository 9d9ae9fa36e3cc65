"""Field limits, written once: the tables (models/), the API's request models (backend/schemas/, and
so the OpenAPI document the front end is generated from) and the CSV import (csv_io/columns.py) all
take them from here."""

CODE_LENGTH = 40  # a council's own reference: a worker's, family's or unit's code
NAME_LENGTH = 120  # a worker's, family's or unit's name
PLACE_LENGTH = 80  # a worker's patch, a family's or unit's area
FIRST_NAME_LENGTH = 80  # a child's first name
FTE_MAX = 1.0  # full-time equivalent: above 0 and at most this
TRAVEL_BAND_MAX = 2  # 0 near, 1 further, 2 far
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100  # every date and birth year Keel takes in, from a file or over the API
USERNAME_LENGTH = 80  # a sign-in's username
PASSWORD_LENGTH = 200  # a password as typed (the table keeps only its hash)
REASON_LENGTH = 500  # a reason or note kept in the audit trail (allocations, changes, settings)
EMAIL_LENGTH = 254  # an e-mail address (RFC 5321's longest path)
