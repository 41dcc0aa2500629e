"""The embedded NLU and Rasa's DIET side by side, on the same split of the project's data.

Both engines train on the same stratified 80% of data/nlu/*.yml (per intent, faq/<key> counted
as its own stratum; fixed seed) with the same synonyms, lookups, regexes and user dictionary,
and are tested on the other 20%:

    intent accuracy, macro F1 (nlu_fallback counts as wrong), entity value F1 (micro, over
    (entity, normalized value) pairs, both engines' values through the shared normalization),
    faq key accuracy, training time, parse latency p50 / p99 (Rasa through its HTTP API,
    through the bot's own RasaWithFallback), resident memory of the process that parses.

Each engine trains and parses in its own process (the embedded one in a child Python, Rasa
from .venv-rasa via rasa/train.sh and rasa/serve.sh), so one's memory does not count for the
other. Prints one line per figure, then a markdown table; `--results FILE` appends the table.

    .venv/bin/python bench/nlu_compare.py [--seed 42] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu_split import REF_DATE, Case, Result, percentile, score, split_data, write_training_data  # noqa: E402

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"


def rss_mib(pids: Sequence[int]) -> float:
    """Resident memory of these processes, in MiB (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    out = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        out.extend(_tree(int(child)))
    return out


# ---------------------------------------------------------------- the embedded engine


def embedded_child(argv: Sequence[str]) -> None:
    """In a fresh process: train (`train DATA MODEL`) or parse the cases (`parse MODEL CASES`)."""
    if argv[0] == "train":
        from nlu import train_model

        started = time.perf_counter()
        train_model(Path(argv[1]), Path(argv[2]))
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    from nlu import load_model

    model = load_model(Path(argv[1]))
    texts = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    model.parse("你好", ref_date=REF_DATE)  # warm the tokenizer
    latencies, predictions = [], []
    for text in texts:
        started = time.perf_counter()
        predictions.append(model.parse(text, ref_date=REF_DATE))
        latencies.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"latencies_ms": latencies, "predictions": predictions,
                      "rss_mib": rss_mib([os.getpid()])}, ensure_ascii=False))


def child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--embedded-child", *args], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def run_embedded(data: Path, work: Path, cases: Sequence[Case]) -> Result:
    """Train and parse with the embedded engine, each in a fresh process."""
    cpu = child_cpu()
    trained = _child("train", str(data), str(work / "embedded-model"))
    cpu = child_cpu() - cpu
    texts = work / "texts.json"
    texts.write_text(json.dumps([c.text for c in cases], ensure_ascii=False), encoding="utf-8")
    parsed = _child("parse", str(work / "embedded-model"), str(texts))
    return Result("embedded", trained["seconds"], cpu, parsed["latencies_ms"], parsed["rss_mib"],
                  parsed["predictions"])


# ---------------------------------------------------------------- Rasa


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def rasa_server(model: Path, port: int, log: Path, timeout: float = 300
                ) -> Iterator[subprocess.Popen[bytes]]:
    """`rasa run --enable-api` on 127.0.0.1:port until the model answers; stopped after."""
    import httpx

    with log.open("wb") as out:
        proc = subprocess.Popen(["bash", str(ROOT / "rasa" / "serve.sh"), str(model),
                                 str(port)], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rasa exited with {proc.returncode}; see {log}")
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/status", timeout=2)
                if status.status_code == 200 and status.json().get("model_file"):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"rasa did not answer within {timeout:.0f} s; see {log}")
            time.sleep(1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def train_rasa(config: Path, data: Path, work: Path) -> tuple[Path, float, float]:
    """rasa/train.sh on the training share, with an empty cache (nothing reused)."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(work / "rasa-cache")}
    started, cpu = time.perf_counter(), child_cpu()
    out = subprocess.run(["bash", str(ROOT / "rasa" / "train.sh"), str(config),
                          str(work / "rasa-model"), str(data / "nlu")], check=True,
                         capture_output=True, text=True, cwd=ROOT, env=env)
    seconds, cpu = time.perf_counter() - started, child_cpu() - cpu
    (work / "rasa-train.log").write_text(out.stderr)
    return Path(out.stdout.strip().splitlines()[-1]), seconds, cpu


def run_rasa(config: Path, data: Path, work: Path, cases: Sequence[Case]) -> Result:
    """Train Rasa, serve it, parse every case through the bot's RasaWithFallback."""
    from nlu.rasa_client import RasaWithFallback

    model, seconds, cpu = train_rasa(config, data, work)
    model = model if model.is_absolute() else ROOT / model
    port = free_port()
    with rasa_server(model, port, work / "rasa-serve.log") as proc:
        backend = RasaWithFallback(f"http://127.0.0.1:{port}", _NoFallback(), timeout=30)
        backend.parse("你好", ref_date=REF_DATE)  # warm up
        latencies, predictions = [], []
        for case in cases:
            started = time.perf_counter()
            predictions.append(backend.parse(case.text, ref_date=REF_DATE))
            latencies.append((time.perf_counter() - started) * 1000)
        memory = rss_mib(_tree(proc.pid))
        backend.close()
    return Result("rasa", seconds, cpu, latencies, memory, predictions)


class _NoFallback:
    """A benchmark must measure Rasa, never silently the embedded engine."""

    def parse(self, text: str, **_: Any) -> dict[str, Any]:
        raise RuntimeError(f"Rasa failed during the benchmark (on {text!r})")


# ---------------------------------------------------------------- report


FIGURES = [
    ("intent_accuracy", "intent accuracy", "{:.3f}"),
    ("intent_macro_f1", "intent macro F1", "{:.3f}"),
    ("entity_value_f1", "entity value F1", "{:.3f}"),
    ("faq_key_accuracy", "faq key accuracy", "{:.3f}"),
    ("train_seconds", "training time, wall (s)", "{:.1f}"),
    ("train_cpu_seconds", "training time, CPU (s)", "{:.1f}"),
    ("p50_ms", "parse latency p50 (ms)", "{:.2f}"),
    ("p99_ms", "parse latency p99 (ms)", "{:.2f}"),
    ("rss_mib", "resident memory (MiB)", "{:.0f}"),
]


def figures(result: Result, cases: Sequence[Case]) -> dict[str, float]:
    """Every figure of one engine."""
    return {**score(cases, result.predictions), "train_seconds": result.train_seconds,
            "train_cpu_seconds": result.train_cpu_seconds,
            "p50_ms": percentile(result.latencies_ms, 50),
            "p99_ms": percentile(result.latencies_ms, 99), "rss_mib": result.rss_mib}


def table(rows: dict[str, dict[str, float]], n_train: int, n_test: int, seed: int,
          config: str) -> str:
    """The markdown section for bench/RESULTS.md."""
    engines = list(rows)
    machine = f"{os.cpu_count()} cores, {_memory_gib():.0f} GiB, {platform.machine()}"
    lines = [f"## NLU: embedded vs Rasa 3.6 DIET ({date.today().isoformat()})", "",
             f"`bench/nlu_compare.py --seed {seed}`: {n_train} training / {n_test} test "
             f"messages (stratified by intent and faq key), Rasa `{config}`; machine: "
             f"{machine}. Latency is per message, sequential; Rasa's through its HTTP API "
             "and the bot's RasaWithFallback (normalization included), as the bot uses it. "
             "Memory is the resident set of the process that parses (Rasa: its server).", "",
             "| figure | " + " | ".join(engines) + " |",
             "|---|" + "---|" * len(engines)]
    for key, label, fmt in FIGURES:
        lines.append(f"| {label} | " + " | ".join(fmt.format(rows[e][key]) for e in engines)
                     + " |")
    if {"embedded", "rasa"} <= set(rows):
        speed = rows["rasa"]["p50_ms"] / rows["embedded"]["p50_ms"]
        lines.append(f"| Rasa p50 / embedded p50 | {speed:.0f}x | |")
    return "\n".join(lines) + "\n"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024)
    return 0.0


def main() -> None:
    """Split, train and test both engines, print the figures and the table."""
    if len(sys.argv) > 1 and sys.argv[1] == "--embedded-child":
        embedded_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--config", default="config.yml", help="Rasa pipeline")
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--skip-rasa", action="store_true")
    parser.add_argument("--results", help="append the markdown table to this file")
    parser.add_argument("--save", help="write the raw results (predictions, latencies) as JSON")
    args = parser.parse_args()
    train, cases = split_data(Path(args.data), args.seed)
    n_train = sum(len(i["examples"]) for items in train.values() for i in items
                  if "intent" in i)
    with tempfile.TemporaryDirectory(prefix="linli-nlu-compare-") as tmp:
        work = Path(tmp)
        write_training_data(train, Path(args.data), work / "data")
        results = [run_embedded(work / "data", work, cases)]
        if not args.skip_rasa:
            if not RASA_BIN.exists():
                sys.exit("no .venv-rasa: run `make rasa` (or rasa/venv.sh) first")
            results.append(run_rasa((ROOT / args.config).resolve(), work / "data", work,
                                    cases))
        rows = {r.engine: figures(r, cases) for r in results}
    if args.save:
        raw = {"cases": [c.__dict__ for c in cases], "results": [r.__dict__ for r in results]}
        Path(args.save).write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    for engine, row in rows.items():
        for key, _label, fmt in FIGURES:
            print(f"{engine} {key} {fmt.format(row[key])}")
    section = table(rows, n_train, len(cases), args.seed, args.config)
    print()
    print(section)
    if args.results:
        path = Path(args.results)
        head = "" if path.exists() else "# Benchmark results\n\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(head + section + "\n")


if __name__ == "__main__":
    main()
