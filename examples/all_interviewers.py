"""Write one ``.eml`` draft per interviewer into a folder you name.

    python examples/all_interviewers.py OUT_DIR [NOTES.json]

Open the files in Outlook, Thunderbird or Apple Mail: they open as unsent drafts
(``X-Unsent: 1``). Existing files are never overwritten.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from followup_mail import draft_thank_yous, load_notes

HERE = Path(__file__).resolve().parent


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "interviewer"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    notes = load_notes(argv[1] if len(argv) > 1 else HERE / "notes.json")
    out.mkdir(parents=True, exist_ok=True)
    for index, draft in enumerate(draft_thank_yous(notes), start=1):
        path = out / f"{index:02d}-thank-you-{slug(draft.to.name)}.eml"
        try:
            with path.open("xb") as handle:  # "x": never replace a file you already have
                handle.write(draft.to_eml())
        except FileExistsError:
            print(f"{path}: exists, left as it is", file=sys.stderr)
            continue
        print(f"{path}  ({draft.subject})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
