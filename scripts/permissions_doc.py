"""Rewrite the permission table in docs/permissions.md from accounts.permission_matrix."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tillit.accounts.permission_matrix import render_markdown  # noqa: E402

BEGIN, END = "<!-- matrix:begin -->", "<!-- matrix:end -->"


def main() -> None:
    doc = ROOT / "docs" / "permissions.md"
    text = doc.read_text(encoding="utf-8")
    table = f"{BEGIN}\n{render_markdown()}{END}"
    text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: table, text, flags=re.S)
    doc.write_text(text, encoding="utf-8")
    print(f"wrote {doc}")


if __name__ == "__main__":
    main()
