"""
Open the exported package in the real QGIS and report what it shows, as JSON on stdout.

Run by tests/test_qgis.py with Debian's /usr/bin/python3 (PyQGIS) and
QT_QPA_PLATFORM=offscreen: ``inspect_export.py PROJECT.qgs WEST SOUTH EAST NORTH LAYOUT.png``
(the region view to render labels in; where to export the print layout). The GeoPackage is the one
next to the project. Only the standard library and PyQGIS are available here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDistanceArea,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsLabelingEngineSettings,
    QgsLayerTreeLayer,
    QgsLayoutExporter,
    QgsLayoutItemLegend,
    QgsMapLayer,
    QgsMapRendererParallelJob,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsRenderContext,
    QgsSimpleMarkerSymbolLayerBase,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerJoinInfo,
    QgsVectorLayerTools,
)
from qgis.gui import (
    QgsAttributeEditorContext,
    QgsAttributeForm,
    QgsGui,
    QgsMapCanvas,
    QgsRelationEditorWidget,
)
from qgis.PyQt.QtCore import QObject, QSize, Qt, QVariant
from qgis.PyQt.QtGui import QColor, QImage
from qgis.PyQt.QtWidgets import QTabWidget

#: Resolution of the layout's PNG export.
LAYOUT_DPI = 100

#: Features whose forms the tests open: a Vietnamese and a Chinese province, a gate.
FORM_FEATURES = ("lao-cai-province", "yunnan-province", "kim-thanh-gate")

#: The region view the label tests render: the schema's REGION_BOUNDS (west, south,
#: east, north), passed on the command line, at this size in pixels.
VIEW_SIZE = (1600, 1000)


def symbol_look(symbol: Any) -> dict[str, Any] | None:
    """A symbol's category colour, dash pattern (lines) and fill alpha (points)."""
    if symbol is None:
        return None
    sl = symbol.symbolLayer(0)
    look: dict[str, Any] = {"symbol": symbol.color().name()}
    if sl.layerType() == "SimpleLine":
        dash = sl.customDashVector() if sl.useCustomDashPattern() else []
        look["dash"] = ";".join(f"{v:.3f}" for v in dash)
    if sl.layerType() == "SimpleMarker":
        look["shape"] = QgsSimpleMarkerSymbolLayerBase.encodeShape(sl.shape())
        look["fill_alpha"] = sl.fillColor().alpha()
        # A hollow pin carries its category colour on the ring.
        look["symbol"] = (sl.fillColor() if sl.fillColor().alpha() else sl.strokeColor()).name()
    look["opacity"] = symbol.opacity()
    return look


def rule_report(rule: Any) -> list[Any]:
    """A rule as [label, filter, look or None, children]."""
    return [
        rule.label(),
        rule.filterExpression(),
        symbol_look(rule.symbol()),
        [rule_report(child) for child in rule.children()],
    ]


def renderer_report(layer: QgsVectorLayer) -> dict[str, Any]:
    """Renderer type, its rules, the legend's labels as QGIS shows them, and labels."""
    renderer = layer.renderer()
    out: dict[str, Any] = {"type": renderer.type()}
    if renderer.type() == "RuleRenderer":
        out["rules"] = [rule_report(r) for r in renderer.rootRule().children()]
    # The legend as the layer tree (and a layout legend) shows it.
    nodes = layer.legend().createLayerTreeModelLegendNodes(QgsLayerTreeLayer(layer))
    out["legend"] = [node.data(Qt.DisplayRole) for node in nodes]
    labeling = layer.labeling()
    settings = labeling.settings() if labeling is not None else None
    out["labels"] = {
        "enabled": layer.labelsEnabled(),
        "field": settings.fieldName if settings is not None else None,
        "expression": settings.isExpression if settings is not None else None,
    }
    return out


def looks(layer: QgsVectorLayer) -> dict[str, dict[str, Any]]:
    """Per feature: the symbol's colour, opacity, marker shape, dash pattern, fill alpha."""
    context = QgsRenderContext()
    expr = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setExpressionContext(expr)
    renderer = layer.renderer().clone()
    renderer.startRender(context, layer.fields())
    out: dict[str, Any] = {}
    for feat in layer.getFeatures():
        context.expressionContext().setFeature(feat)
        symbols = renderer.symbolsForFeature(feat, context)
        out[feat["id"]] = symbol_look(symbols[0]) if symbols else {"symbol": None}
    renderer.stopRender(context)
    return out


def placed_labels(
    layers: list[QgsMapLayer], extent: list[float], engine: QgsLabelingEngineSettings
) -> dict[str, Any]:
    """
    Render the layers over the extent and report the labels QGIS placed.

    Per layer name: how many features lie in the view and which labels (feature id and
    text) the labelling engine placed; plus the engine's placement version.
    """
    # Keyed by GeoPackage table, whatever the layer is called.
    names = {layer.id(): layer.source().split("layername=")[1] for layer in layers}
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    rect = QgsRectangle(*extent)
    settings.setExtent(rect)
    settings.setOutputSize(QSize(*VIEW_SIZE))
    settings.setLabelingEngineSettings(engine)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    results = job.takeLabelingResults()
    out: dict[str, Any] = {"engine": int(engine.placementVersion()), "layers": {}}
    for layer in layers:
        in_view = [f["id"] for f in layer.getFeatures(rect) if f.hasGeometry()]
        out["layers"][names[layer.id()]] = {"in_view": len(in_view), "placed": {}}
    for label in results.allLabels():
        layer = next(la for la in layers if la.id() == label.layerID)
        fid = layer.getFeature(label.featureId)["id"]
        out["layers"][names[label.layerID]]["placed"][fid] = label.labelText
    return out


def metadata_report(layer: QgsVectorLayer) -> dict[str, Any]:
    """The layer's QGIS metadata, and the editor widget QGIS chose for each field."""
    md = layer.metadata()
    return {
        "title": md.title(),
        "abstract": md.abstract(),
        "licenses": md.licenses(),
        "rights": md.rights(),
        "history": md.history(),
        "links": [link.url for link in md.links()],
        "widgets": {
            field.name(): [
                layer.editorWidgetSetup(n).type(),
                layer.editorWidgetSetup(n).config().get("map", []),
            ]
            for n, field in enumerate(layer.fields())
        },
    }


def data_columns(gpkg: Path) -> dict[str, list[str]]:
    """``table.column`` -> [title, description, constraint] via QGIS's GeoPackage connection."""
    ogr = QgsProviderRegistry.instance().providerMetadata("ogr")
    conn = ogr.createConnection(str(gpkg), {})
    rows = conn.executeSql(
        "SELECT table_name, column_name, title, description, constraint_name FROM gpkg_data_columns"
    )
    # Each row may start with a row number QGIS adds; the five columns are the last five.
    return {f"{r[-5]}.{r[-4]}": [plain(v) for v in r[-3:]] for r in rows}


def plain(value: Any) -> Any:
    """A SQL NULL (a null QVariant) as None; anything else unchanged."""
    return None if isinstance(value, QVariant) and value.isNull() else value


class NoTools(QgsVectorLayerTools):
    """The editing tools a form needs (QGIS's app supplies its own); none edits here."""

    def addFeature(self, *args: Any) -> Any:  # noqa: N802 (QGIS's name)
        return False, QgsFeature()

    def startEditing(self, layer: Any) -> bool:  # noqa: N802
        return False

    def stopEditing(self, layer: Any, allowCancel: bool = True) -> bool:  # noqa: N802, N803
        return False

    def saveEdits(self, layer: Any) -> bool:  # noqa: N802
        return False

    def copyMoveFeatures(self, *args: Any) -> bool:  # noqa: N802
        return False


def list_texts(widget: QObject) -> list[list[str]]:
    """The rows of every feature list inside a widget, as displayed."""
    out = []
    for view in widget.findChildren(QObject):
        if view.metaObject().className() != "QgsFeatureListView" or view.model() is None:
            continue
        model = view.model()
        out.append([model.data(model.index(r, 0), Qt.DisplayRole) for r in range(model.rowCount())])
    return out


def forms_report(project: QgsProject, app: QgsApplication) -> dict[str, Any]:
    """
    Open each FORM_FEATURES feature's form, show its last tab, and report what it lists.

    Per feature: the relation editors (relation id, many-to-many relation id) and the
    rows of the list that the many-to-many editor shows; plus every message QGIS logged
    while the forms were open.
    """
    messages: list[str] = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, *_: messages.append(m))
    tools = NoTools()
    canvas = QgsMapCanvas()
    context = QgsAttributeEditorContext()
    context.setMapCanvas(canvas)
    context.setVectorLayerTools(tools)
    by_id = {}
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.isSpatial():
            for feat in layer.getFeatures(QgsFeatureRequest(QgsExpression('"id" IS NOT NULL'))):
                by_id[feat["id"]] = (layer, feat)
    out: dict[str, Any] = {}
    forms = []
    for fid in FORM_FEATURES:
        layer, feat = by_id[fid]
        form = QgsAttributeForm(layer, feat, context)
        forms.append(form)
        form.show()
        for tabs in form.findChildren(QTabWidget):
            tabs.setCurrentIndex(tabs.count() - 1)
        app.processEvents()
        editors = []
        for editor in form.findChildren(QgsRelationEditorWidget):
            nm = editor.nmRelation()
            if editor.relation().referencedLayer() is layer:
                editors.append(
                    {
                        "relation": editor.relation().id(),
                        "nm": nm.id() if nm.isValid() else None,
                        "lists": list_texts(editor),
                    }
                )
        out[fid] = {
            "tabs": [t.tabText(i) for t in form.findChildren(QTabWidget) for i in range(t.count())],
            "editors": editors,
        }
    for form in forms:
        form.close()
    out["messages"] = messages
    return out


def measure_report(project: QgsProject) -> dict[str, Any]:
    """The project's ellipsoid and the border's length as ``$length`` gives it."""
    layer = project.mapLayer("border_atlas_border")
    area = QgsDistanceArea()
    area.setSourceCrs(layer.crs(), project.transformContext())
    area.setEllipsoid(project.ellipsoid())
    lengths = []
    for feat in layer.getFeatures():
        single = QgsExpression("$length")
        single.setGeomCalculator(area)
        single.setDistanceUnits(project.distanceUnits())
        ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
        ctx.setFeature(feat)
        lengths.append(single.evaluate(ctx))
    return {
        "ellipsoid": project.ellipsoid(),
        "distance_units": QgsUnitTypes.toString(project.distanceUnits()),
        "border_length": sum(lengths),
    }


def ink(gpkg: Path, table: str) -> dict[str, float]:
    """
    Per line feature drawn alone with its default style: the share of its length inked.

    A solid line inks its whole length, a dashed one less, a dotted one least.
    """
    out = {}
    probe = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
    for feat in probe.getFeatures():
        if not feat.hasGeometry():
            continue
        # The feature alone, in a memory layer with the table's fields and default style.
        layer = QgsVectorLayer("LineString?crs=EPSG:4326", table, "memory")
        layer.dataProvider().addAttributes(probe.fields().toList())
        layer.updateFields()
        layer.dataProvider().addFeatures([feat])
        layer.setRenderer(probe.renderer().clone())
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setOutputSize(QSize(600, 600))
        settings.setExtent(feat.geometry().boundingBox().buffered(0.002))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        # Walk the line pixel by pixel and see whether QGIS inked it there.
        geometry = feat.geometry()
        to_pixel = settings.mapToPixel()
        step = settings.mapUnitsPerPixel()
        samples = [
            geometry.interpolate(d * step).asPoint() for d in range(int(geometry.length() / step))
        ]
        pixels = [to_pixel.transform(p) for p in samples[5:-5]]
        inked = [QColor(image.pixel(int(p.x()), int(p.y()))).lightness() < 230 for p in pixels]
        out[feat["id"]] = sum(inked) / len(inked)
    return out


def layout_report(project: QgsProject, png: Path) -> dict[str, Any]:
    """Export the project's print layout to ``png`` and say what it holds and drew."""
    manager = project.layoutManager()
    out: dict[str, Any] = {"layouts": [layout.name() for layout in manager.layouts()]}
    if not manager.layouts():
        return out
    layout = manager.layouts()[0]
    out["items"] = sorted(
        [item.id(), type(item).__name__] for item in layout.items() if hasattr(item, "id")
    )
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = LAYOUT_DPI
    result = QgsLayoutExporter(layout).exportToImage(str(png), settings)
    out["result"] = int(result)
    image = QImage(str(png))
    out["size"] = [image.width(), image.height()]
    step = 4  # every fourth pixel is plenty to tell a drawn page from a blank one
    samples = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    out["inked"] = sum(v < 200 for v in samples) / max(len(samples), 1)
    # Where each item sits on the page, in mm: [x, y, width, height].
    out["rects"] = {
        item.id(): [
            item.positionWithUnits().x(),
            item.positionWithUnits().y(),
            item.sizeWithUnits().width(),
            item.sizeWithUnits().height(),
        ]
        for item in layout.items()
        if hasattr(item, "positionWithUnits") and item.id()
    }
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    # The size the legend's content needs (QGIS fits the frame to it), after the export.
    legend.setResizeToContents(True)
    legend.adjustBoxSize()
    out["legend_content"] = [legend.sizeWithUnits().width(), legend.sizeWithUnits().height()]
    out["legend_layers"] = [node.name() for node in legend.model().rootGroup().findLayers()]
    # The legend's entries as exported (filtered to what the map shows).
    out["legend_labels"] = [
        legend_node.data(Qt.DisplayRole)
        for node in legend.model().rootGroup().findLayers()
        for legend_node in legend.model().layerLegendNodes(node)
    ]
    return out


def tree_report(project: QgsProject) -> list[list[Any]]:
    """Top-level groups of the layer tree with their layers' ids and visibility."""
    out = []
    for group in project.layerTreeRoot().findGroups():
        members = [[n.layerId(), n.isVisible()] for n in group.findLayers()]
        out.append([group.name(), members])
    return out


def facts_via_relations(project: QgsProject, layer: QgsVectorLayer) -> dict[str, list[str]]:
    """Feature id -> fact ids, following the project's relations through fact_features."""
    manager = project.relationManager()
    [to_links] = [
        r for r in manager.referencedRelations(layer) if r.fieldPairs() == {"feature_id": "id"}
    ]
    to_fact = manager.relation("fact_features_facts")
    out = {}
    for feat in layer.getFeatures():
        ids = []
        for link in to_links.getRelatedFeatures(feat):
            ids.append(to_fact.getReferencedFeature(link)["id"])
        if ids:
            out[feat["id"]] = sorted(ids)
    return out


def facts_via_join(links: QgsVectorLayer, facts: QgsVectorLayer) -> dict[str, list[str]]:
    """Feature id -> fact ids, joining facts onto fact_features with a QGIS vector join."""
    join = QgsVectorLayerJoinInfo()
    join.setJoinLayer(facts)
    join.setJoinFieldName("id")
    join.setTargetFieldName("fact_id")
    join.setPrefix("fact_")
    join.setUsingMemoryCache(True)
    if not links.addJoin(join):
        return {}
    out: dict[str, list[str]] = {}
    for row in links.getFeatures():
        # A joined row carries the fact's statement; an unmatched one has NULL there.
        if row["fact_statement_en"]:
            out.setdefault(row["feature_id"], []).append(row["fact_id"])
    return {k: sorted(v) for k, v in out.items()}


def main(project_path: Path, region: list[float], png: Path, app: QgsApplication) -> dict[str, Any]:
    gpkg = project_path.with_suffix(".gpkg")
    project = QgsProject.instance()
    canvas = QgsMapCanvas()  # restores the saved view when the project is read
    canvas.resize(800, 600)
    report: dict[str, Any] = {"read": project.read(str(project_path))}
    extent = project.viewSettings().defaultViewExtent()
    centre = canvas.extent().center()
    report["project"] = {
        "crs": project.crs().authid(),
        "default_extent": [
            extent.xMinimum(),
            extent.yMinimum(),
            extent.xMaximum(),
            extent.yMaximum(),
        ],
        "default_extent_crs": extent.crs().authid(),
        "canvas_centre": [centre.x(), centre.y()],
        "canvas_crs": canvas.mapSettings().destinationCrs().authid(),
        "tree": tree_report(project),
        "order": [layer.id() for layer in project.layerTreeRoot().layerOrder()],
        "themes": {
            name: sorted(project.mapThemeCollection().mapThemeVisibleLayerIds(name))
            for name in project.mapThemeCollection().mapThemes()
        },
        "bookmarks": {
            mark.name(): [
                mark.extent().xMinimum(),
                mark.extent().yMinimum(),
                mark.extent().xMaximum(),
                mark.extent().yMaximum(),
            ]
            for mark in project.bookmarkManager().bookmarks()
        },
        "visible": [
            node.layerId() for node in project.layerTreeRoot().findLayers() if node.isVisible()
        ],
        "relations": {
            rel_id: rel.isValid() for rel_id, rel in project.relationManager().relations().items()
        },
        "layers": {},
    }
    for layer_id, layer in project.mapLayers().items():
        entry = {
            "valid": layer.isValid(),
            "provider": layer.providerType(),
            "source": layer.source(),
            "features": layer.featureCount() if isinstance(layer, QgsVectorLayer) else None,
            "crs": layer.crs().authid() if layer.isSpatial() else None,
        }
        if isinstance(layer, QgsVectorLayer) and layer.isSpatial():
            entry["style"] = renderer_report(layer)
            entry["facts"] = facts_via_relations(project, layer)
        report["project"]["layers"][layer_id] = entry

    # Each table loaded on its own, as when dragged from the browser: default style applies.
    report["gpkg"] = {}
    ogr = QgsProviderRegistry.instance().providerMetadata("ogr")
    tables = [sub.name() for sub in ogr.querySublayers(str(gpkg))]
    for name in tables:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        entry = {
            "valid": layer.isValid(),
            "features": layer.featureCount(),
            "spatial": layer.isSpatial(),
            "metadata": metadata_report(layer),
        }
        if layer.isSpatial():
            entry["crs"] = layer.crs().authid()
            entry["style"] = renderer_report(layer)
            entry["looks"] = looks(layer)
        report["gpkg"][name] = entry
    report["data_columns"] = data_columns(gpkg)
    report["ink"] = {table: ink(gpkg, table) for table in ("crossings", "partnerships")}
    report["forms"] = forms_report(project, app)
    report["layout"] = layout_report(project, png)
    report["measure"] = measure_report(project)
    # Dragged into a new project: the new project's labelling engine, layers stacked
    # points over lines over areas, the region view.
    dragged = [
        QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        for name in tables
        if report["gpkg"][name]["spatial"]
    ]
    dragged.sort(key=lambda la: int(la.geometryType()))  # 0 point, 1 line, 2 area
    fresh = QgsProject()
    report["labels_new_project"] = placed_labels(dragged, region, fresh.labelingEngineSettings())
    visible = [node.layer() for node in project.layerTreeRoot().findLayers() if node.isVisible()]
    spatial = [la for la in visible if isinstance(la, QgsVectorLayer) and la.isSpatial()]
    report["labels_project"] = placed_labels(spatial, region, project.labelingEngineSettings())
    links = QgsVectorLayer(f"{gpkg}|layername=fact_features", "fact_features", "ogr")
    facts = QgsVectorLayer(f"{gpkg}|layername=facts", "facts", "ogr")
    report["join"] = facts_via_join(links, facts)
    return report


if __name__ == "__main__":
    app = QgsApplication([], True)
    app.initQgis()
    QgsGui.editorWidgetRegistry().initEditors()
    region = [float(v) for v in sys.argv[2:6]]
    result = main(Path(sys.argv[1]).resolve(), region, Path(sys.argv[6]).resolve(), app)
    print(json.dumps(result, ensure_ascii=False, sort_keys=True))
    QgsProject.instance().clear()
    app.exitQgis()
