"""Where the shared test corpus is (real replies and webhook payloads from other projects).

It is not part of this repository: CI and the team keep it at ../shared/corpus
beside the clone. $DAYBOOK_CORPUS points elsewhere; otherwise each parent of
the repository is searched for shared/corpus, so a worktree nested deeper
finds it too. Tests that need it are skipped, saying why, when it is absent.
"""

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
ABSENT = "shared/corpus not found beside the repository (set DAYBOOK_CORPUS to run these tests)"


def find_corpus() -> Path | None:
    if "DAYBOOK_CORPUS" in os.environ:
        path = Path(os.environ["DAYBOOK_CORPUS"])
        return path if path.is_dir() else None
    for parent in REPOSITORY.parents:
        candidate = parent / "shared" / "corpus"
        if candidate.is_dir():
            return candidate
    return None


CORPUS = find_corpus()
