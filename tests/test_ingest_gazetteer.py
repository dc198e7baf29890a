"""Ingest: the gazetteer's names."""

from __future__ import annotations

from tests.ingest_common import GAZ


def test_gazetteer_says_which_names_it_left_out() -> None:
    skipped = {(fid, name) for fid, name, _ in GAZ.skipped}
    assert ("kunming-quang-ninh-corridor", "hành lang kinh tế") in skipped
    assert ("conf-2021-vn-mofa", "Bo Ngoai giao") in skipped
    assert not any(fid.startswith("country-") or fid == "vn-cn-border" for fid, _ in skipped)
