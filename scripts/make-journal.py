#!/usr/bin/env python3
"""Writes a made-up selfmassage journal for benchmarks and visual checks.

    scripts/make-journal.py PATH [--sessions N] [--days D] [--seed S]

The file gets the first, shipped schema (version 1, which never changes); the next
`selfmassage` that opens it migrates it to the current one. With `--notes`, run after that
first open, the safety stops and after-checks also get the reasons and symptoms that schema
version 4 keeps (one of them with `<script>` in it, to check escaping by eye).
"""
import argparse
import datetime as dt
import json
import random
import sqlite3
import sys

V1 = """CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    routines TEXT NOT NULL,
    areas TEXT NOT NULL,
    verdict TEXT NOT NULL,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    new_symptoms INTEGER,
    steps_done INTEGER NOT NULL,
    steps_total INTEGER NOT NULL,
    ending TEXT NOT NULL
);"""

AREAS = [("neck", "neck"), ("lower-back", "lower-back"), ("shoulders", "shoulders"), ("head", "head")]


def make(path, sessions, days, seed):
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.executescript(V1)
    conn.execute("PRAGMA user_version = 1")
    start = dt.datetime(2026, 8, 1, 8, 0, tzinfo=dt.timezone.utc)
    rows = []
    for i in range(sessions):
        at = start + dt.timedelta(seconds=days * 86400 * i / max(sessions, 1) + rng.randint(0, 3600))
        routine, area = AREAS[i % len(AREAS)] if rng.random() < 0.9 else AREAS[0]
        progress = i / max(sessions, 1)
        before = max(0, min(10, round(7 - 3 * progress + rng.gauss(0, 1))))
        kind = rng.random()
        if kind < 0.03:
            rows.append((at, at, "", area, "doctor-first", before, None, None, 0, 5, "safety-stop"))
            continue
        after = max(0, min(10, before - rng.choice([0, 1, 2, 2, 3]) + (1 if kind > 0.97 else 0)))
        symptoms = 1 if kind > 0.985 else 0
        end = at + dt.timedelta(minutes=rng.randint(4, 12))
        rows.append((at, end, routine, area, "go-ahead", before, after, symptoms, 5, 5, "completed"))
    fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    conn.executemany(
        "INSERT INTO sessions (started_at, ended_at, routines, areas, verdict, pain_before,"
        " pain_after, new_symptoms, steps_done, steps_total, ending)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(fmt(a), fmt(b), *rest) for a, b, *rest in rows],
    )
    conn.commit()


def notes(path):
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE sessions SET reasons = ? WHERE ending = 'safety-stop'",
        (json.dumps(["You said the cause of the pain is unknown <script>alert(1)</script>."]),),
    )
    conn.execute(
        "UPDATE sessions SET symptoms = ? WHERE new_symptoms = 1",
        (json.dumps(["numb-or-weak"]),),
    )
    conn.commit()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--notes", action="store_true", help="add v4 notes to a migrated journal")
    args = parser.parse_args()
    if args.notes:
        notes(args.path)
    else:
        make(args.path, args.sessions, args.days, args.seed)
    sys.exit(0)
