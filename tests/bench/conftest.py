"""Benchmarks run only when asked for (`make bench`, or pytest tests/bench): they build thousands of
pages and print figures; they are not part of `make test`."""

import pytest

BENCH_DIR = "tests/bench"


def pytest_collection_modifyitems(config, items):
    if any(BENCH_DIR in str(arg) for arg in config.args):
        return
    skip = pytest.mark.skip(reason="benchmark: run `make bench` or `pytest tests/bench -s`")
    for item in items:
        if BENCH_DIR in str(item.fspath):
            item.add_marker(skip)
