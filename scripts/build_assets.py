"""Copy the front-end assets from node_modules into the package (``make assets``).

The result is committed, so that installing nhswiring never needs npm or the network. Two
changes are made on the way, both so that a page works offline and under a Content Security
Policy of 'self':

- the NHS stylesheet's ``@font-face`` rules load Frutiger from assets.nhs.uk; the font is
  licensed and not in the npm package, so the rules are dropped and the stylesheet's own
  fallback (Arial, sans-serif) is used;
- source-map comments are dropped, since the maps are not shipped.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
STATIC = ROOT / "src" / "nhswiring" / "web" / "static"

FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")


def version(package: str) -> str:
    return str(json.loads((NODE / package / "package.json").read_text())["version"])


def copy_text(source: Path, target: Path, *, css: bool = False) -> None:
    text = source.read_text(encoding="utf-8")
    if css:
        text = FONT_FACE.sub("", text)
    text = SOURCE_MAP.sub("", text)
    if "assets.nhs.uk" in text or "//cdn" in text:
        sys.exit(f"{source}: still refers to a remote host after clean-up")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def main() -> None:
    nhsuk = NODE / "nhsuk-frontend" / "dist" / "nhsuk"
    swagger = NODE / "swagger-ui-dist"
    if not nhsuk.is_dir() or not swagger.is_dir():
        sys.exit("node_modules is missing: run `npm ci` first (make assets does)")
    for old in STATIC.glob("*"):  # everything vendored; our own files live in static/app/
        if old.name != "app":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    copy_text(nhsuk / "nhsuk-frontend.min.css", STATIC / "nhsuk-frontend.min.css", css=True)
    copy_text(nhsuk / "nhsuk-frontend.min.js", STATIC / "nhsuk-frontend.min.js")
    shutil.copytree(nhsuk / "assets" / "images", STATIC / "images")
    shutil.copy2(nhsuk / "assets" / "manifest.json", STATIC / "manifest.json")
    copy_text(swagger / "swagger-ui-bundle.js", STATIC / "swagger-ui" / "swagger-ui-bundle.js")
    copy_text(swagger / "swagger-ui.css", STATIC / "swagger-ui" / "swagger-ui.css", css=True)
    shutil.copy2(swagger / "LICENSE", STATIC / "swagger-ui" / "LICENSE")
    (STATIC / "VERSIONS.json").write_text(
        json.dumps(
            {
                "nhsuk-frontend": version("nhsuk-frontend"),
                "swagger-ui-dist": version("swagger-ui-dist"),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"assets written to {STATIC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
