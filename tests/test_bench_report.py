"""The benchmark's report: ratios between the largest and the smallest scale, and the table."""

from bench.http import percentile
from bench.runner import compare, markdown


def scale(value, load, median, p95, rps, queries, job_seconds):
    return {
        "scale": value,
        "load_seconds": load,
        "rows": {"customers.Customer": int(2000 * value)},
        "database": {"engine": "PostgreSQL", "version": "15.2"},
        "pages": [
            {
                "name": "customers: list",
                "queries": queries,
                "measurements": [
                    {"clients": 1, "median_ms": median, "p95_ms": p95, "rps": rps},
                    {"clients": 8, "median_ms": median * 3, "p95_ms": p95 * 3, "rps": rps * 2},
                ],
            }
        ],
        "jobs": [{"name": "pricing: roll-up", "seconds": job_seconds, "error": None}],
    }


def test_ratios_compare_the_largest_scale_with_the_smallest():
    ratios = compare(
        [scale(1, 2.0, 10.0, 20.0, 100.0, 6, 0.5), scale(10, 18.0, 15.0, 40.0, 50.0, 6, 4.0)]
    )
    assert ratios["between"] == [1, 10]
    assert ratios["load_seconds"] == 9.0
    page = ratios["pages"]["customers: list"]
    assert page["queries"] == 1.0
    assert page["median_ms_c1"] == 1.5 and page["p95_ms_c8"] == 2.0 and page["rps_c8"] == 0.5
    assert ratios["jobs"]["pricing: roll-up"] == 8.0


def test_markdown_table_shows_both_scales_the_ratio_and_the_machine():
    report = {
        "finished_at": "2026-11-28T16:00:00+00:00",
        "machine": {"cpu": "Test CPU", "cores": 4, "ram_gb": 16.0, "python": "3.11.7"},
        "options": {"clients": [1, 8], "requests": 40, "workers": 4},
        "scales": [
            scale(1, 2.0, 10.0, 20.0, 100.0, 6, 0.5),
            scale(10, 18.0, 15.0, 40.0, 50.0, 6, 4.0),
        ],
    }
    table = markdown(report)
    assert "Test CPU, 4 cores, 16.0 GB RAM; PostgreSQL 15.2" in table
    assert (
        "| customers: list | 6 / 6 / ×1 | 10 / 15 / ×1.5 | 60 / 120 / ×2 | 200 / 100 / ×0.5 |"
        in table
    )
    assert "| pricing: roll-up | 0.5 / 4 / ×8 |" in table
    assert "| 10 | 20,000 | 18 |" in table


def test_p95_is_the_nearest_rank():
    assert percentile([float(k) for k in range(1, 21)], 0.95) == 19.0
    assert percentile([5.0], 0.95) == 5.0


def test_the_query_counter_reports_every_statement_of_a_request(db, rf):
    from django.http import HttpResponse

    from bench.middleware import QueryCountMiddleware
    from regions.models import Region, User

    def view(request):
        list(Region.objects.all())
        User.objects.filter(username="nobody").exists()
        Region.objects.count()
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(rf.get("/"))
    assert response["X-Bench-Queries"] == "3"
    # and it leaves nothing behind on the connection
    from django.db import connection

    assert QueryCountMiddleware(lambda r: HttpResponse())(rf.get("/"))["X-Bench-Queries"] == "0"
    assert not connection.execute_wrappers


def test_the_readme_block_is_replaced_by_the_latest_table(tmp_path):
    from bench.runner import update_readme

    readme = tmp_path / "README.md"
    readme.write_text(
        "# Project\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\n## Next\n"
    )
    assert update_readme("# Benchmark 2026-11-28 16:00 UTC\n\n| a | b |\n", readme)
    text = readme.read_text()
    assert "old table" not in text and "#### Latest run: 2026-11-28 16:00 UTC" in text
    assert text.endswith("<!-- bench:end -->\n\n## Next\n") and text.startswith("# Project\n")
    assert not update_readme("# Benchmark 2026-11-28 16:00 UTC\n\n| a | b |\n", readme)
