"""Extraction as Ray tasks on a local Ray instance: the cache filled there gives the graph a
local build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph import api

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")


@pytest.mark.slow
def test_a_build_extracted_on_ray_is_the_local_build(seed_copy: Path, tmp_path: Path):
    on_ray = api.build([seed_copy], tmp_path / "ray", html=False, ray="local", workers=1)
    local = api.build([seed_copy], tmp_path / "local", html=False, workers=1)
    assert on_ray.extracted == local.extracted == len(list(seed_copy.glob("*.txt")))
    assert (on_ray.entities, on_ray.edges, on_ray.documents) == (local.entities, local.edges, local.documents)
    g1, g2 = api.load_graph(tmp_path / "ray"), api.load_graph(tmp_path / "local")
    assert sorted(g1.nodes(data="name")) == sorted(g2.nodes(data="name"))
    cached = list((tmp_path / "ray" / "extractions").glob("*.json"))
    assert len(cached) == len(list(seed_copy.glob("*.txt")))
