"""Access codes: milliseconds per hash for the keyed hash the site stores now (HMAC-SHA256) and for the
PBKDF2 hash codes were stored with before (Django's default iterations), which are still checked for
codes issued earlier. Target (issue 13): ≤ 5 ms per check.

    pytest tests/bench/test_access_code_bench.py -s
"""

import os
import statistics
import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from submissions import access_codes

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def per_call_ms(fn, repeat):
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return statistics.median(durations), durations[int(len(durations) * 0.99) - 1] if repeat >= 100 else durations[-1]


def test_access_code_hash_per_scheme():
    code = access_codes.new_code()
    stored = access_codes.make_hash(code)
    legacy = PBKDF2PasswordHasher().encode(code, PBKDF2PasswordHasher().salt())
    rows = [
        ("hmac-sha256 make", lambda: access_codes.make_hash(code), REPEAT * 100),
        ("hmac-sha256 check", lambda: access_codes.matches(code, stored), REPEAT * 100),
        ("hmac-sha256 unknown number", lambda: access_codes.matches(code, access_codes.NEVER_MATCHES), REPEAT * 100),
        (f"pbkdf2_sha256 check ({PBKDF2PasswordHasher.iterations} it.)", lambda: access_codes.matches(code, legacy), 5),
    ]
    for label, fn, repeat in rows:
        median, worst = per_call_ms(fn, repeat)
        print(f"[bench] {label:<36} median {median:9.4f} ms  p99/max {worst:9.4f} ms  ({repeat} runs; target ≤ 5 ms)")
