"""The data dictionary, generated from the schema (``geo docs``)."""

from __future__ import annotations

from geo.schema import (
    FACTS,
    LAYERS,
    LIST_SEPARATOR,
    PROVENANCE,
    PROVENANCE_BY_KEY,
    SOURCES,
    Category,
    Column,
    Field,
    Table,
)


def _vocab(cats: tuple[Category, ...]) -> str:
    return ", ".join(f"`{c.value}`" for c in cats)


def _row(spec: Field | Column) -> str:
    kind = spec.kind.value
    notes = spec.doc
    if spec.vocabulary and spec.name != "country":
        notes += f" One of {_vocab(spec.vocabulary)}."
    if spec.pattern:
        notes += f" Matches `{spec.pattern}`."
    req = "yes" if spec.required else ""
    return f"| `{spec.name}` | {kind} | {req} | {notes} |"


def _legend(spec: Field) -> list[str]:
    lines = ["", f"Categories of `{spec.name}` (map legend and QGIS style):", ""]
    lines += ["| value | English | Tiếng Việt | colour |", "|---|---|---|---|"]
    lines += [
        f"| `{c.value}` | {c.label_en} | {c.label_vi} | `{c.colour}` |" for c in spec.vocabulary
    ]
    return lines


def _table(table: Table) -> list[str]:
    lines = [f"## `{table.name}.csv`", "", table.doc, ""]
    lines += ["| column | type | required | meaning |", "|---|---|---|---|"]
    lines += [_row(c) for c in table.columns]
    return [*lines, ""]


def data_dictionary() -> str:
    """Markdown describing every layer, field, vocabulary and table."""
    lines = [
        "# Border Atlas data dictionary",
        "",
        "Generated from `geo/schema.py` by `geo docs`; do not edit by hand.",
        "",
        "All layers are WGS84 longitude/latitude (EPSG:4326), RFC 7946 GeoJSON in "
        "`layers/`. Empty values are null: a year, date, URL or figure that no article "
        "gives is left empty, never guessed. In the GeoPackage and CSV exports, lists "
        f"(`aliases`, `country`, `sources`, `via`) are text joined with `{LIST_SEPARATOR}`.",
        "",
    ]
    for layer in LAYERS:
        lines += [
            f"## `{layer.name}` — {layer.title_en} / {layer.title_vi}",
            "",
            layer.doc,
            "",
            f"Geometry: {' or '.join(layer.geometry_types)}. Map group: `{layer.group}`"
            + ("; off by default." if not layer.visible else "."),
            "",
            "| field | type | required | meaning |",
            "|---|---|---|---|",
        ]
        lines += [_row(f) for f in layer.fields]
        if layer.style is not None:
            lines += _legend(layer.style)
        lines.append("")
    lines += _table(SOURCES)
    lines += _table(FACTS)
    return "\n".join(lines).rstrip() + "\n"


def attribution() -> str:
    """Markdown naming every source of the package, its licence and the credit it asks for."""
    lines = [
        "# Border Atlas data: sources, licences, attribution",
        "",
        "Generated from `geo/schema.py` (`PROVENANCE`); the same text is in the GeoPackage's",
        "metadata (`gpkg_metadata`) and in each layer's QGIS metadata.",
        "",
    ]
    for prov in PROVENANCE:
        lines += [f"## {prov.title}", ""]
        if prov.url:
            lines.append(f"- Where: <{prov.url}>")
        lines += [
            f"- Licence: {prov.licence}",
            f"- Credit: {prov.attribution}",
            f"- Used for: {prov.used_for}",
            "",
        ]
    lines += ["## By layer", "", "| layer | sources |", "|---|---|"]
    lines += [
        f"| `{layer.name}` | {'; '.join(PROVENANCE_BY_KEY[k].title for k in layer.provenance)} |"
        for layer in LAYERS
    ]
    return "\n".join(lines).rstrip() + "\n"
