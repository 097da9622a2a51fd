"""Where the shared test corpus is (real replies and webhook payloads from other projects).

It is not part of this repository: CI and the team keep it at ../shared/corpus
beside the clone. $DAYBOOK_CORPUS points elsewhere; otherwise each parent of
the repository is searched for shared/corpus, so a worktree nested deeper
finds it too.

A few of its files, whose licences allow it, are bundled in
entries/tests/samples/corpus/ (see the README there): one real inbound
request per provider, the real client replies, and the reply built to make
parsers backtrack. So a clone on its own still replays every provider's
webhook and every client's message (SAMPLED is the corpus, or else those
samples); only the sweeps over hundreds of other projects' expectations
need the whole corpus, and are skipped, saying why, without it.
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
SAMPLES = REPOSITORY / "entries" / "tests" / "samples" / "corpus"
SAMPLED = CORPUS or SAMPLES
