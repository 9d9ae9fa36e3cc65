from backend import migrate


def test_health_reports_database_and_schema_version(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["schema_version"] == migrate.head_revision()
    assert body["status"] == "ok"


def test_openapi_operation_ids_are_stable_and_named_by_tag(client):
    spec = client.get("/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "health-read_health",
        "units-read_units",
        "workers-read_workers",
        "families-read_families",
        "families-read_family",
    } <= ids
