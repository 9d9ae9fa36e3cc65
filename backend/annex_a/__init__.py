"""Ofsted Annex A lists in and out: `lists` (the published columns Keel reads and writes),
`reading` (workbooks and CSV lists), `cells` (dates and names as councils write them), `importing`
(the lists as a families import), `exporting` (the allocation columns from Keel's data)."""
