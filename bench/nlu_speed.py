"""Speed and memory of the embedded NLU, one figure per line (`parse_p50_ms 0.41`).

Targets (issue): parse p50 <= 1 ms and p99 <= 5 ms on one core, full training <= 20 s,
model load <= 1.5 s, resident memory of a process with the model loaded <= 250 MB.
Training runs here; loading, parsing and memory are measured in a fresh process pinned to
one core, as a bot starting up sees them (the trainer's process holds scikit-learn, whose
heap would slow the garbage collector and inflate the figures).

    .venv/bin/python bench/nlu_speed.py [--data data] [--parses 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_CORE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# ru_maxrss would carry the parent's peak over fork + exec; /proc's VmRSS does not.
CHILD = """
import json, os, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
t0 = time.perf_counter()
from pathlib import Path
from nlu import load_model
model = load_model(Path(sys.argv[1]))
model.parse("3号楼2单元楼道灯坏了")
load = time.perf_counter() - t0
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
texts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
for text in texts[:300]:
    model.parse(text)
timings = []
cpu = []
for i in range(int(sys.argv[3])):
    text = texts[(i * 7919) % len(texts)]
    started, cpu_started = time.perf_counter(), time.thread_time()
    model.parse(text)
    cpu.append((time.thread_time() - cpu_started) * 1000)
    timings.append((time.perf_counter() - started) * 1000)
timings.sort()
cpu.sort()
print(json.dumps({"load_s": load, "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "p50": timings[len(timings) // 2], "p99": timings[int(len(timings) * 0.99)],
                  "max": timings[-1], "cpu_p50": cpu[len(cpu) // 2],
                  "cpu_p99": cpu[int(len(cpu) * 0.99)]}))
"""


def main() -> None:
    """Train here; load and parse in a fresh one-core process; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--parses", type=int, default=5000)
    args = parser.parse_args()
    os.environ.update(ONE_CORE)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        started = time.perf_counter()
        from nlu import train_model
        from nlu.data import load_data

        train_model(args.data, model_dir)
        print(f"train_s {time.perf_counter() - started:.2f}")
        texts = Path(tmp) / "texts.json"
        texts.write_text(json.dumps([e.text for e in load_data(args.data).examples],
                                    ensure_ascii=False), encoding="utf-8")
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(model_dir), str(texts), str(args.parses)],
            check=True, capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"load_s {figures['load_s']:.3f}")
    print(f"rss_mb {figures['rss_mb']:.0f}")
    print(f"parse_p50_ms {figures['p50']:.3f}")
    print(f"parse_p99_ms {figures['p99']:.3f}")
    print(f"parse_max_ms {figures['max']:.3f}")
    # CPU time of the parsing thread: what a parse costs when other processes share the core
    print(f"parse_cpu_p50_ms {figures['cpu_p50']:.3f}")
    print(f"parse_cpu_p99_ms {figures['cpu_p99']:.3f}")


if __name__ == "__main__":
    main()
