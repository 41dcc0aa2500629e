"""Write a Rasa domain with one response per faq/<key> retrieval intent in an NLU folder.

ResponseSelector trains on retrieval intents that have responses; the answers themselves live
in data/faq.yml (the bot only needs the key), so each response is its key. Run with .venv-rasa's
Python: `python rasa/domain.py NLU_DIR OUT_FILE`.
"""

import sys
from pathlib import Path

import yaml


def faq_keys(nlu_dir: Path) -> list[str]:
    """Every faq/<key> intent named in the folder's YAML files."""
    keys = []
    for path in sorted(nlu_dir.glob("*.y*ml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        keys.extend(str(item["intent"]) for item in doc.get("nlu") or []
                    if str(item.get("intent", "")).startswith("faq/"))
    return sorted(set(keys))


def main() -> None:
    """Write the domain file."""
    nlu_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    keys = faq_keys(nlu_dir)
    domain = {"version": "3.1", "intents": ["faq"] if keys else [],
              "responses": {f"utter_{key}": [{"text": key}] for key in keys}}
    out.write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")


if __name__ == "__main__":
    main()
