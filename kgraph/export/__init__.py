"""Export the graph: GraphML and GEXF (Gephi), JSON Lines, and neo4j-admin bulk-import CSVs."""

from kgraph.export.files import FORMATS, export_graph

__all__ = ["FORMATS", "export_graph"]
