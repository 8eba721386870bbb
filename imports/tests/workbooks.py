"""Real .xlsx files for import tests, as Excel would save them."""

from __future__ import annotations

import io
import zipfile


def with_cached_values(buffer: io.BytesIO, values: dict[str, str]) -> io.BytesIO:
    """openpyxl writes a formula without its result; Excel saves both. Put after each formula
    given the result Excel caches (`<v>`), which is what a reader gets for the cell."""
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for formula, value in values.items():
                    text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
                data = text.encode()
            dst.writestr(item, data)
    out.seek(0)
    out.name = getattr(buffer, "name", "file.xlsx")
    return out
