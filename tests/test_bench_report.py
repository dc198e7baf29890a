"""The benchmark's report: written whatever finished, without running any build."""

from tests.scripts import script


def test_report_of_a_timed_out_build_run_alone_names_what_did_not_finish() -> None:
    """`--variants geo` with a build over its limit: the report says so, no KeyError."""
    bench = script("bench_map")
    size = {"points": 1000, "variants": {"geo": {"finished": False, "limit_s": 0.5}}}
    run = {
        "date": "2026-11-30 06:00 UTC",
        "command": "python scripts/bench_map.py --variants geo",
        "machine": {"commit": "abc", "cpu": "x", "cores": 2, "memory_gb": 4, "os": "linux"}
        | {"python": "3.11", "folium": "0.19"},
        "sizes": [size],
    }
    text = bench.render_markdown({"runs": {"timed out": run}})
    assert "| 1,000 | geo build | not finished within 0.5 s |" in text
    assert "not finished within 0.5 s vs not run" in text
    big = {"points": 100_000, "variants": {"geo": {"finished": False, "limit_s": 900.0}}}
    assert "geo build ≥ 20× faster than naive folium" in str(bench.targets(big))
    assert "| 1,000 |" in bench.readme_table(run)
