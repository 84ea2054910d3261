"""kgraph: an offline knowledge-graph builder for Chinese news text."""

__version__ = "0.1.0"
