#!/usr/bin/env python3
"""The period report computed by aryz, DuckDB and SQLite over the same rows, in one run.

    python3 core/benches/report_engines.py [--rows 1000000,10000000] [--duckdb-threads 2]

1. The Rust benchmark writes the rows once (deterministic; `ARYZ_BENCH_MODE=export`) as
   CSV under target/report-bench/.
2. The same binary times aryz's report on them (`ARYZ_BENCH_MODE=timing`, one thread,
   best of 5) and prints figures to check against the engines.
3. Each engine loads the rows (not timed) and runs the report's queries (timed, best of
   3; SQLite best of 1 on 10M rows): counts, decided, with bodies, first contact, by
   channel, by outcome, by category, per local day, median and p90 of the time to
   decision (nearest rank, like aryz). A month is March 2026; a year is 2026 as one
   period; twelve months are the twelve monthly reports.

DuckDB is installed with pip into target/report-bench/venv when missing. SQLite is
Python's sqlite3 with an index on the registration instant.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "report-bench")
OFFSET = 5 * 3600  # Asia/Almaty in 2026
DECIDED = (2, 7, 8)  # resolved_on_first_contact, resolved, closed
WITH_BODIES = (3, 4, 5)  # routed, in_progress, awaiting_citizen


def ensure_duckdb():
    try:
        import duckdb  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.path.join(WORK, "venv")
    py = os.path.join(venv, "bin", "python")
    if os.environ.get("ARYZ_IN_VENV") != "1":
        if not os.path.exists(py):
            subprocess.check_call([sys.executable, "-m", "venv", venv])
            subprocess.check_call([py, "-m", "pip", "install", "-q", "duckdb"])
        env = dict(os.environ, ARYZ_IN_VENV="1")
        os.execve(py, [py] + sys.argv, env)
    raise SystemExit("duckdb could not be installed")


def period_bounds(year, month=None):
    import calendar
    import datetime as dt

    def start(y, m, d):
        return int(dt.datetime(y, m, d, tzinfo=dt.timezone.utc).timestamp()) - OFFSET

    if month is None:
        return start(year, 1, 1), start(year + 1, 1, 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return start(year, month, 1), start(nxt[0], nxt[1], 1)


def report_sql(run, lo, hi, quantiles):
    """The report's queries; `run(sql)` returns rows."""
    w = f"registered >= {lo} AND registered < {hi}"
    dec = ",".join(map(str, DECIDED))
    bod = ",".join(map(str, WITH_BODIES))
    out = {}
    (out["considered"], out["decided"], out["with_bodies"], out["first_contact"]) = run(
        f"SELECT count(*), sum(CASE WHEN state IN ({dec}) THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN state IN ({bod}) THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN state IN ({dec}) AND first_contact = 1 THEN 1 ELSE 0 END) "
        f"FROM rows WHERE {w}"
    )[0]
    out["by_channel"] = dict(run(f"SELECT channel, count(*) FROM rows WHERE {w} GROUP BY channel"))
    out["by_outcome"] = dict(run(f"SELECT outcome, count(*) FROM rows WHERE {w} GROUP BY outcome"))
    out["by_category"] = dict(run(f"SELECT category, count(*) FROM rows WHERE {w} GROUP BY category"))
    out["per_day"] = len(
        run(f"SELECT (registered + {OFFSET}) / 86400 AS d, count(*) FROM rows WHERE {w} GROUP BY d")
    )
    out["median_secs"], out["p90_secs"] = quantiles(w)
    out["by_phone"] = out["by_channel"].get(0, 0)
    return out


def duckdb_engine(csv, threads):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute(
        "CREATE TABLE rows AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'registered': 'BIGINT', 'channel': 'UTINYINT', 'category': 'USMALLINT', "
        "'district': 'UTINYINT', 'body': 'USMALLINT', 'state': 'UTINYINT', "
        "'outcome': 'UTINYINT', 'first_contact': 'UTINYINT', 'decided': 'BIGINT', "
        "'due': 'BIGINT', 'citizen': 'BIGINT'})",
        [csv],
    )

    def run(sql):
        return con.execute(sql).fetchall()

    def quantiles(w):
        # Nearest rank, as aryz: the ceil(p*n)-th smallest.
        n = run(f"SELECT count(*) FROM rows WHERE {w} AND decided IS NOT NULL")[0][0]
        if n == 0:
            return None, None
        r50, r90 = -(-n * 500 // 1000), -(-n * 900 // 1000)
        row = run(
            f"SELECT quantile_disc(decided - registered, {(r50 - 0.5) / n}), "
            f"quantile_disc(decided - registered, {(r90 - 0.5) / n}) "
            f"FROM rows WHERE {w} AND decided IS NOT NULL"
        )[0]
        return row[0], row[1]

    return con, run, quantiles, f"duckdb {duckdb.__version__} ({threads} threads)"


def sqlite_engine(csv):
    import csv as csvmod

    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE TABLE rows (registered INTEGER, channel INTEGER, category INTEGER, "
        "district INTEGER, body INTEGER, state INTEGER, outcome INTEGER, "
        "first_contact INTEGER, decided INTEGER, due INTEGER, citizen INTEGER)"
    )
    with open(csv, newline="") as f:
        r = csvmod.reader(f)
        next(r)
        batch = []
        for rec in r:
            batch.append([int(x) if x else None for x in rec])
            if len(batch) == 100_000:
                con.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
                batch = []
        con.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.execute("CREATE INDEX rows_registered ON rows (registered)")
    con.commit()

    def run(sql):
        return con.execute(sql).fetchall()

    def quantiles(w):
        n = run(f"SELECT count(*) FROM rows WHERE {w} AND decided IS NOT NULL")[0][0]
        if n == 0:
            return None, None
        out = []
        for pm in (500, 900):
            rank = max(1, -(-n * pm // 1000))
            out.append(
                run(
                    f"SELECT decided - registered AS x FROM rows WHERE {w} AND decided IS NOT NULL "
                    f"ORDER BY x LIMIT 1 OFFSET {rank - 1}"
                )[0][0]
            )
        return tuple(out)

    return con, run, quantiles, f"sqlite {sqlite3.sqlite_version}"


def best(runs, f):
    b, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = f()
        b = min(b, time.perf_counter() - t)
    return b, result


def time_engine(run, quantiles, runs_month, runs_year):
    march = period_bounds(2026, 3)
    year = period_bounds(2026)
    months = [period_bounds(2026, m) for m in range(1, 13)]
    month_s, m = best(runs_month, lambda: report_sql(run, *march, quantiles))
    year_s, y = best(runs_year, lambda: report_sql(run, *year, quantiles))
    twelve_s, _ = best(runs_year, lambda: [report_sql(run, lo, hi, quantiles) for lo, hi in months])
    return {"month_s": month_s, "year_s": year_s, "twelve_months_s": twelve_s, "march": m, "year": y}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="1000000,10000000")
    ap.add_argument("--duckdb-threads", type=int, default=2)
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    ensure_duckdb()
    sizes = [int(x) for x in args.rows.split(",")]
    env = dict(os.environ, ARYZ_BENCH_DIR=WORK)
    cargo = ["cargo", "bench", "-q", "-p", "aryz", "--bench", "statistics"]
    subprocess.check_call(cargo, cwd=ROOT, env=dict(env, ARYZ_BENCH_MODE="export"))
    out = subprocess.check_output(cargo, cwd=ROOT, env=dict(env, ARYZ_BENCH_MODE="timing"), text=True)
    rust = {j["rows"]: j for j in (json.loads(l) for l in out.splitlines() if l.startswith("{"))}

    results = []
    for n in sizes:
        csv = os.path.join(WORK, f"rows-{n}.csv")
        r = rust[n]
        results.append(("aryz (1 thread)", n, r["month_s"], r["year_s"], r["twelve_months_s"]))
        engines = [lambda: duckdb_engine(csv, args.duckdb_threads)]
        if not args.skip_sqlite:
            engines.append(lambda: sqlite_engine(csv))
        for make in engines:
            t = time.perf_counter()
            con, run, quantiles, name = make()
            load = time.perf_counter() - t
            slow = name.startswith("sqlite") and n >= 10_000_000
            e = time_engine(run, quantiles, 1 if slow else 3, 1 if slow else 3)
            con.close()
            for key in ("considered", "decided", "first_contact", "by_phone", "median_secs", "p90_secs"):
                a, b = r["check"]["march"][key], e["march"][key]
                ok = a == b or (key.endswith("_secs") and a is not None and b is not None and a <= b < a * (1 + 2**-10) + 1)
                if not ok:
                    print(f"MISMATCH {name} {n} march {key}: aryz {a}, engine {b}", file=sys.stderr)
            print(f"# {name}: {n} rows loaded in {load:.1f} s; march {e['march']['considered']} appeals, "
                  f"median {e['march']['median_secs']} s (aryz {r['check']['march']['median_secs']}), "
                  f"p90 {e['march']['p90_secs']} s (aryz {r['check']['march']['p90_secs']})", flush=True)
            results.append((name, n, e["month_s"], e["year_s"], e["twelve_months_s"]))

    print(f"\n{'engine':32} {'rows':>10} {'month s':>9} {'year s':>9} {'12 months s':>12}")
    for name, n, m, y, t in results:
        print(f"{name:32} {n:>10} {m:>9.4f} {y:>9.4f} {t:>12.4f}")
    print("\nratios (engine time / aryz time):")
    for name, n, m, y, t in results:
        base = next(x for x in results if x[1] == n and x[0].startswith("aryz"))
        if name != base[0]:
            print(f"{name:32} {n:>10} month {m / base[2]:8.1f}x  year {y / base[3]:8.1f}x  12 months {t / base[4]:8.1f}x")


if __name__ == "__main__":
    main()
