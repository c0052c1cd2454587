#!/usr/bin/env python3
"""Session-timing benchmark (issue 4 "Benchmark", issue 7 "Timing").

Runs a real routine through the `selfmassage` binary, in plain mode with its output on a
pseudo-terminal (or a pipe with --io pipe), answers the questionnaire, and records when each
step line arrives. Each arrival is compared with its planned boundary, counted from the
arrival of the "Get ready" line, so the error is what a person following along would notice.

Reports, per boundary, the error in ms (late is positive), the max and mean absolute error,
whether it grows (first boundaries vs last ones, and a fitted slope), and the CPU time the
process used as a share of one core (the session alone, from /proc/<pid>/stat, and the whole
process, from wait4's rusage).

Targets: under 20 ms at every boundary, not growing with length; CPU under 0.5 % of one core.

Usage:
  scripts/bench-timing.py                 # 6 steps of 10 s (+ 8 s get ready): about 70 s
  scripts/bench-timing.py --minutes 10    # 20 steps of 30 s: about 10 min
  scripts/bench-timing.py --bin target/release/selfmassage --io pipe --json out.json

Python 3.8+, standard library only, Linux (/proc, pty).
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTINE_ID = "bench-timing"
BOUNDARY_TARGET_MS = 20.0
CPU_TARGET_PERCENT = 0.5

GET_READY = re.compile(r"^Get ready \((\d+):(\d\d)\)$")
STEP = re.compile(r"^Step (\d+) of (\d+)\b.*\((\d+):(\d\d)\)$")
DONE = re.compile(r"^Done\.$")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=1.0,
        help="length of the massage steps together (default 1: 6 steps of 10 s; "
        "more than 1: 20 steps)",
    )
    parser.add_argument("--steps", type=int, help="number of steps (overrides the default)")
    parser.add_argument(
        "--bin",
        type=Path,
        default=ROOT / "target" / "release" / "selfmassage",
        help="the binary to run (default target/release/selfmassage, built if missing)",
    )
    parser.add_argument(
        "--io",
        choices=["pty", "pipe"],
        default="pty",
        help="where the binary's output goes: a pseudo-terminal (default) or a pipe",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a target is missed (default: report only)",
    )
    parser.add_argument("--verbose", action="store_true", help="echo the binary's output")
    args = parser.parse_args()
    steps = args.steps or (6 if args.minutes <= 1 else 20)
    total = args.minutes * 60
    if steps < 2 or total / steps < 1 or total / steps != int(total / steps):
        parser.error(
            f"{args.minutes} minutes in {steps} steps is not a whole number of seconds "
            "(at least 1) per step"
        )
    args.steps = steps
    args.step_seconds = int(total / steps)
    return args


def routine_toml(steps: int, seconds: int) -> str:
    lines = [
        f'id = "{ROUTINE_ID}"',
        'title = "Timing benchmark"',
        'areas = ["benchmark"]',
        f'summary = "{steps} steps of {seconds} seconds, to measure timing."',
        "",
    ]
    for n in range(1, steps + 1):
        lines += [
            "[[steps]]",
            f'title = "Step {n}"',
            f'text = "Hold still for step {n}."',
            f"seconds = {seconds}",
            "",
        ]
    return "\n".join(lines)


def ensure_binary(path: Path) -> Path:
    if path.exists():
        return path
    if path != ROOT / "target" / "release" / "selfmassage":
        sys.exit(f"bench-timing: {path} does not exist")
    print("bench-timing: building the release binary (cargo build --release)...", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return path


def answer_for(prompt: str, session_done: bool) -> str:
    """The answer to a prompt that leads to "go ahead": no to every warning sign, a mild pain,
    yes to "do you know the cause", and after the session less pain and no new symptoms."""
    if prompt.endswith("0-10"):
        return "1" if session_done else "2"
    if "know what is causing" in prompt:
        return "y"
    return "n"


def cpu_seconds(pid: int) -> float | None:
    """CPU time of a live process so far, in seconds: the sum of its threads' run time in
    /proc/<pid>/task/*/schedstat (nanoseconds), or utime + stime from /proc/<pid>/stat
    (clock ticks, usually 10 ms) where schedstat is missing."""
    try:
        total_ns = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            total_ns += int((task / "schedstat").read_text().split()[0])
        return total_ns / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    # Fields after the command name start at field 3 (state): utime is 14, stime 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run:
    """One run of the binary, its output read as it arrives, its prompts answered."""

    def __init__(self, args: argparse.Namespace, binary: Path, routines: Path, home: Path):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home / "home"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
        }
        command = [
            str(binary),
            "run",
            ROUTINE_ID,
            "--plain",
            "--quiet",
            "--routines-dir",
            str(routines),
        ]
        self.verbose = args.verbose
        if args.io == "pty":
            master, slave = pty.openpty()
            self.proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=slave, stderr=slave, env=env
            )
            os.close(slave)
            self.out_fd = master
            self.is_pty = True
        else:
            self.proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
            )
            self.out_fd = self.proc.stdout.fileno()
            self.is_pty = False
        self.started = time.monotonic()
        self.lines: list[tuple[float, str]] = []
        self.transcript: list[str] = []
        self.session_cpu: tuple[float, float] | None = None
        self.rusage = None
        self.status = None

    def read_all(self, timeout: float) -> None:
        pending = b""
        start_cpu = None
        session_done = False
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.proc.kill()
                raise TimeoutError(f"no end after {timeout:.0f} s")
            ready, _, _ = select.select([self.out_fd], [], [], min(left, 1.0))
            if not ready:
                continue
            now = time.monotonic()
            try:
                chunk = os.read(self.out_fd, 65536)
            except OSError:  # EIO: the pty's other side is closed
                chunk = b""
            if not chunk:
                break
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                self.lines.append((now, line))
                self.transcript.append(line)
                if self.verbose:
                    print(f"  | {line}", flush=True)
                if GET_READY.match(line):
                    start_cpu = cpu_seconds(self.proc.pid)
                elif DONE.match(line):
                    session_done = True
                    end_cpu = cpu_seconds(self.proc.pid)
                    if start_cpu is not None and end_cpu is not None:
                        self.session_cpu = (start_cpu, end_cpu)
            tail = pending.decode("utf-8", "replace").rstrip()
            if tail.endswith("[y/n]") or tail.endswith("0-10"):
                answer = answer_for(tail, session_done)
                if self.verbose:
                    print(f"  | {tail} -> {answer}", flush=True)
                self.transcript.append(f"{tail} {answer}")
                self.proc.stdin.write(f"{answer}\n".encode())
                self.proc.stdin.flush()
                pending = b""
        self.proc.stdin.close()
        _, status, self.rusage = os.wait4(self.proc.pid, 0)
        self.status = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.status
        self.ended = time.monotonic()
        if self.is_pty:
            os.close(self.out_fd)
        else:
            self.proc.stdout.close()


def measure(run: Run, steps: int, step_seconds: int) -> dict:
    get_ready = [(t, GET_READY.match(line)) for t, line in run.lines if GET_READY.match(line)]
    step_lines = [(t, STEP.match(line)) for t, line in run.lines if STEP.match(line)]
    done = [t for t, line in run.lines if DONE.match(line)]
    if len(get_ready) != 1 or len(step_lines) != steps or len(done) != 1:
        raise RuntimeError(
            f"expected 1 'Get ready', {steps} step lines and 'Done.'; got "
            f"{len(get_ready)}, {len(step_lines)}, {len(done)}"
        )
    t0, match = get_ready[0]
    ready_seconds = int(match.group(1)) * 60 + int(match.group(2))
    boundaries = []
    planned = float(ready_seconds)
    for k, (t, match) in enumerate(step_lines, start=1):
        if int(match.group(1)) != k:
            raise RuntimeError(f"step {match.group(1)} came where step {k} was expected")
        shown = int(match.group(3)) * 60 + int(match.group(4))
        if shown != step_seconds:
            raise RuntimeError(f"step {k} shows {shown} s, the routine says {step_seconds} s")
        boundaries.append((f"step {k}", planned, (t - t0 - planned) * 1000))
        planned += step_seconds
    boundaries.append(("done", planned, (done[0] - t0 - planned) * 1000))

    errors = [abs(e) for _, _, e in boundaries]
    n = max(1, len(boundaries) // 4)
    first = statistics.mean(errors[:n])
    last = statistics.mean(errors[-n:])
    xs = [p for _, p, _ in boundaries]
    ys = [e for _, _, e in boundaries]
    mean_x = statistics.mean(xs)
    mean_y = statistics.mean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum(
        (x - mean_x) ** 2 for x in xs
    )  # ms of error per second of session

    session_wall = done[0] - t0
    session_cpu_s = (
        run.session_cpu[1] - run.session_cpu[0] if run.session_cpu else float("nan")
    )
    process_wall = run.ended - run.started
    process_cpu_s = run.rusage.ru_utime + run.rusage.ru_stime
    return {
        "boundaries": [
            {"name": name, "planned_s": p, "error_ms": round(e, 3)} for name, p, e in boundaries
        ],
        "max_abs_error_ms": max(errors),
        "mean_abs_error_ms": statistics.mean(errors),
        "first_quarter_mean_ms": first,
        "last_quarter_mean_ms": last,
        "quarter_size": n,
        "slope_ms_per_minute": slope * 60,
        "session_wall_s": session_wall,
        "session_cpu_s": session_cpu_s,
        "session_cpu_percent": 100 * session_cpu_s / session_wall,
        "process_wall_s": process_wall,
        "process_cpu_s": process_cpu_s,
        "process_cpu_percent": 100 * process_cpu_s / process_wall,
        "max_rss_kib": run.rusage.ru_maxrss,
        "exit_status": run.status,
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    args = parse_args()
    binary = ensure_binary(args.bin.resolve())
    total = 8 + args.steps * args.step_seconds
    print(
        f"bench-timing: {binary.name}, {args.steps} steps x {args.step_seconds} s "
        f"(+ get ready), output on a {args.io}; about {total // 60}:{total % 60:02d}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="selfmassage-timing-") as tmp:
        tmp_path = Path(tmp)
        routines = tmp_path / "routines"
        routines.mkdir()
        for sub in ("home", "config", "data"):
            (tmp_path / sub).mkdir()
        (routines / f"{ROUTINE_ID}.toml").write_text(routine_toml(args.steps, args.step_seconds))
        load_before = os.getloadavg()[0]
        run = Run(args, binary, routines, tmp_path)
        try:
            run.read_all(timeout=total + 60)
        except TimeoutError as error:
            print(f"bench-timing: {error}", file=sys.stderr)
            print("\n".join(run.transcript[-20:]), file=sys.stderr)
            return 2
        if run.status != 0:
            print(f"bench-timing: the binary exited {run.status}:", file=sys.stderr)
            print("\n".join(run.transcript[-20:]), file=sys.stderr)
            return 2
        try:
            result = measure(run, args.steps, args.step_seconds)
        except RuntimeError as error:
            print(f"bench-timing: {error}", file=sys.stderr)
            print("\n".join(run.transcript), file=sys.stderr)
            return 2

    result["load_average"] = [load_before, os.getloadavg()[0]]
    print()
    print(f"{'boundary':<10} {'planned':>9} {'error (ms)':>11}")
    for b in result["boundaries"]:
        print(f"{b['name']:<10} {b['planned_s']:>8.0f}s {b['error_ms']:>+11.2f}")
    grows = result["last_quarter_mean_ms"] > result["first_quarter_mean_ms"] + 5
    within = result["max_abs_error_ms"] < BOUNDARY_TARGET_MS
    cpu_ok = result["session_cpu_percent"] < CPU_TARGET_PERCENT
    print()
    rows = [
        ("max |error| at a boundary", f"{result['max_abs_error_ms']:.2f} ms",
         f"< {BOUNDARY_TARGET_MS:.0f} ms", verdict(within)),
        ("mean |error|", f"{result['mean_abs_error_ms']:.2f} ms", "", ""),
        (f"first {result['quarter_size']} vs last {result['quarter_size']}, mean",
         f"{result['first_quarter_mean_ms']:.2f} vs {result['last_quarter_mean_ms']:.2f} ms",
         "no growth", verdict(not grows)),
        ("fitted drift", f"{result['slope_ms_per_minute']:+.3f} ms/min", "", ""),
        ("CPU, session", f"{result['session_cpu_s'] * 1000:.1f} ms in "
         f"{result['session_wall_s']:.1f} s = {result['session_cpu_percent']:.3f} %",
         f"< {CPU_TARGET_PERCENT} %", verdict(cpu_ok)),
        ("CPU, whole process", f"{result['process_cpu_s'] * 1000:.0f} ms in "
         f"{result['process_wall_s']:.1f} s = {result['process_cpu_percent']:.3f} %", "", ""),
        ("peak memory", f"{result['max_rss_kib'] / 1024:.1f} MiB", "", ""),
        ("load average (1 min), start / end", "%.2f / %.2f on %d cores"
         % (*result["load_average"], os.cpu_count() or 0), "", ""),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    print(
        "\nCPU: the session line is the run time of the process's threads from 'Get ready' to "
        "'Done.' (/proc/<pid>/task/*/schedstat); the process line is the kernel's rusage for "
        "the whole run, questionnaire included (clock-tick resolution)."
    )
    if args.json:
        result["config"] = {
            "steps": args.steps,
            "step_seconds": args.step_seconds,
            "io": args.io,
            "binary": str(binary),
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"results written to {args.json}")
    ok = within and not grows and cpu_ok
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
