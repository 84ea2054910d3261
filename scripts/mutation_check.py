"""Switch each rule off in turn and see whether any test notices (not a test: a check on the tests).

    python scripts/mutation_check.py [--jobs 2] [--only ID ...]

For every registered rule that can be switched off, the extraction and graph tests run with
``KGRAPH_DISABLE_RULES=<id>``. A rule whose removal no test notices is a *survivor*: nothing
pins what it does. A second, stricter pass leaves out the tests that call a rule directly
(``test_example_through_the_rule``) and counts the rules whose removal no whole-pipeline
test notices: those rules are redundant on every example the suite has (other rules reach
the same result), which is worth knowing but not a failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_rules.py", "tests/test_extract.py", "tests/test_graph.py"]


def noticed(rule_id: str, pipeline_only: bool) -> bool:
    """Does a test fail with the rule switched off?"""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    if pipeline_only:
        cmd += ["-k", "not through_the_rule"]
    env = {**os.environ, "KGRAPH_DISABLE_RULES": rule_id}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return done.returncode != 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="check only these rule ids")
    ap.add_argument("--skip-pipeline-pass", action="store_true")
    args = ap.parse_args()
    from kgraph.extract.registry import all_ids, registered

    rules = registered()
    ids = [i for i in all_ids() if not rules[i].core and (not args.only or i in args.only)]
    with ThreadPoolExecutor(args.jobs) as pool:
        full = dict(zip(ids, pool.map(lambda i: noticed(i, False), ids), strict=True))
        pipe = {} if args.skip_pipeline_pass else dict(zip(ids, pool.map(lambda i: noticed(i, True), ids), strict=True))
    survivors = [i for i in ids if not full[i]]
    redundant = [i for i in ids if pipe and not pipe[i]]
    print(f"rules switched off one at a time: {len(ids)}")
    print(f"survivors (no test notices): {len(survivors)}" + (": " + ", ".join(survivors) if survivors else ""))
    if pipe:
        print(f"redundant on the suite's whole-pipeline tests: {len(redundant)}" + (": " + ", ".join(redundant) if redundant else ""))
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
