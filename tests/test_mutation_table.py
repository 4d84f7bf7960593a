"""The hand-made mutations in bench/mutation-hand.toml follow the code: a stale entry
stops `bench/mutation.py` for every module, so it is caught here, where it is cheap."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = tomllib.loads((ROOT / "bench" / "mutation-hand.toml").read_text(encoding="utf-8"))
MUTATIONS = TABLE["mutation"]


@pytest.mark.parametrize(
    "mutation", MUTATIONS, ids=[f"{m['module']}:{m['old'][:40]}" for m in MUTATIONS]
)
def test_each_hand_made_mutation_changes_one_place_of_its_module(
    mutation: dict[str, str],
) -> None:
    source = (ROOT / "src" / "followup_mail" / mutation["module"]).read_text(encoding="utf-8")
    assert source.count(mutation["old"]) == 1
    assert mutation["new"] != mutation["old"]


def test_the_tests_a_module_is_judged_by_exist() -> None:
    """A module not in the table is judged by the whole suite."""
    for module, paths in TABLE["tests"].items():
        assert (ROOT / "src" / "followup_mail" / module).exists(), module
        for path in paths:
            assert (ROOT / path.removeprefix("--deselect=").split("::")[0]).exists(), path
