"""Benchmarks run only when asked for (`make bench`, or pytest tests/bench): they build thousands of
pages and print figures; they are not part of `make test`."""

import pytest

from tests.bench.machine import yardstick

BENCH_DIR = "tests/bench"


def pytest_collection_modifyitems(config, items):
    if any(BENCH_DIR in str(arg) for arg in config.args):
        return
    skip = pytest.mark.skip(reason="benchmark: run `make bench` or `pytest tests/bench -s`")
    for item in items:
        if BENCH_DIR in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def machine_speed():
    """The machine's speed before and after the benchmarks run (`-s` shows it), so their figures can be
    compared with another session's: only a benchmark's tests use it, and `make test` skips them."""
    print(f"\n[bench] {yardstick()}, before")
    yield
    print(f"\n[bench] {yardstick()}, after")
