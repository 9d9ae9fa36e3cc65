"""Locust users for `bench.load`: team managers reading their board, leaders on the heatmap, and
(in the `write` scenario) managers recording absences and referrals. Run by bench/load.py, which
signs the accounts in beforehand and passes their tokens in KEEL_LOAD_TOKENS (a JSON file), so the
measured requests are the reads and writes a day brings, not sign-ins.

KEEL_LOAD_SCENARIO: read (90 board readers + 10 heatmap readers, 1-2 s between requests),
write (the same plus 20 writers), flood (the same readers with no wait at all).
KEEL_LOAD_WRITES: where the writers list what the server said it saved (checked afterwards), with
every read's response time (bench.load's "reads" line: the p95 of all reads together).
KEEL_LOAD_BOARD: one (a board read is `GET /api/units/{id}/board`, as the page asks now) or lists
(the six list requests the page made before that answer existed).

The users are Locust's FastHttpUser (geventhttpclient), not HttpUser (python-requests): the load
generator shares the server's two cores, and FastHttpUser spends a fraction of the CPU a request
(bench.load prints Locust's own CPU seconds beside the server's)."""

import collections
import itertools
import json
import os
import random
from datetime import date, timedelta

from locust import FastHttpUser, between, constant, events, task

SCENARIO = os.environ.get("KEEL_LOAD_SCENARIO", "read")
BOARD = os.environ.get("KEEL_LOAD_BOARD", "one")
ACCOUNTS = json.loads(open(os.environ["KEEL_LOAD_TOKENS"]).read())
WAIT = constant(0) if SCENARIO == "flood" else between(1, 2)
_managers = itertools.cycle(ACCOUNTS["managers"])
_serial = itertools.count(1)
# Each worker's absences take slots of ABSENCE_SLOT_DAYS from 400 days ahead (none overlaps another,
# so none is refused); each round of `bench.load --rounds` starts ROUND_SLOTS slots further on.
ABSENCE_SLOT_DAYS, ROUND_SLOTS = 4, 100
_slots = collections.defaultdict(lambda: itertools.count(ROUND_SLOTS * int(os.environ.get("KEEL_LOAD_ROUND", "0"))))
saved: dict[str, list[int]] = {"absences": [], "families": []}


class _Signed(FastHttpUser):
    abstract = True
    wait_time = WAIT
    network_timeout = 120.0  # a cold heatmap can take a while; a request is never cut short

    def on_start(self) -> None:
        self.account = next(_managers) if self.__class__ is not Leader else ACCOUNTS["leader"]
        self.signed = {"Authorization": f"Bearer {self.account['token']}"}


class BoardReader(_Signed):
    fixed_count = 90

    @task
    def board(self) -> None:
        unit = self.account["unit_id"]
        if BOARD == "one":  # what the team board page asks for
            self.client.get(f"/api/units/{unit}/board", name="board", headers=self.signed)
            return
        for name, path, params in (  # the six lists the page asked for before the board answer
            ("unit", f"/api/units/{unit}", {}),
            ("workers", "/api/workers", {"unit_id": unit, "limit": 500}),
            ("queue", "/api/families", {"unit_id": unit, "unallocated": "true", "order": "queue", "limit": 500}),
            ("families", "/api/families", {"unit_id": unit, "order": "queue", "limit": 500}),
            ("absences", "/api/absences", {"unit_id": unit}),
            ("pods", "/api/units", {"parent_id": unit, "kind": "pod", "limit": 500}),
        ):
            self.client.get(path, params=params, name=f"board: {name}", headers=self.signed)


class Leader(_Signed):
    fixed_count = 10

    @task
    def heatmap(self) -> None:
        self.client.get("/api/resilience/heatmap", name="heatmap", headers=self.signed)
        self.client.get(
            "/api/units", params={"kind": "service", "limit": 500}, name="heatmap: services", headers=self.signed
        )


class Writer(_Signed):
    fixed_count = 20 if SCENARIO == "write" else 0

    @task(2)
    def absence(self) -> None:
        worker = random.choice(self.account["workers"])
        start = date.today() + timedelta(days=400 + ABSENCE_SLOT_DAYS * next(_slots[worker]))
        with self.client.post(
            "/api/absences",
            name="write: absence",
            catch_response=True,
            headers=self.signed,
            json={
                "worker_id": worker,
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(days=2)).isoformat(),
                "kind": "training",
            },
        ) as response:
            if response.status_code == 201:
                saved["absences"].append(response.json()["id"])

    @task(1)
    def referral(self) -> None:
        n = next(_serial)
        with self.client.post(
            "/api/families",
            name="write: referral",
            catch_response=True,
            headers=self.signed,
            json={
                "code": f"LOAD{os.getpid()}-{n}",
                "name": f"Load family {n}",
                "unit_id": self.account["unit_id"],
                "received_on": date.today().isoformat(),
                "children": [{"first_name": "Sam", "birth_year": 2016, "status": "cin"}],
            },
        ) as response:
            if response.status_code == 201:
                saved["families"].append(response.json()["id"])


read_times: list[float] = []  # every read's response time (ms), once every user is running


@events.spawning_complete.add_listener
def _start_counting(**_kwargs) -> None:
    read_times.clear()  # as --reset-stats does for Locust's own figures


@events.request.add_listener
def _timed(name: str, response_time: float, **_kwargs) -> None:
    if not name.startswith("write"):
        read_times.append(response_time)


@events.test_stop.add_listener
def _write_saved(**_kwargs) -> None:
    path = os.environ.get("KEEL_LOAD_WRITES")
    if path:
        with open(path, "w") as out:
            json.dump({**saved, "read_times": read_times}, out)
