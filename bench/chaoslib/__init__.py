"""The parts of the chaos benchmark (bench/chaos.py): what a run is and measures, the processes
it starts and kills, the residents it plays, and one run from set-up to the count."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
