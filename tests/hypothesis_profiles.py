"""Hypothesis profiles for tests/test_properties.py, chosen by HYPOTHESIS_PROFILE (default "ci").

- ci: few examples, derandomized (the same examples on every run, so CI is deterministic), no
  deadline (the first example pays for lazy imports), no example database written.
- fuzz: many examples, random each run (fuzz/run.sh passes --hypothesis-seed so a failure can be
  replayed); FUZZ_EXAMPLES overrides how many per test.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                     HealthCheck.data_too_large])

settings.register_profile("ci", max_examples=80, derandomize=True, database=None, print_blob=True, **_COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")), derandomize=False,
                          print_blob=True, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target,
                                                   Phase.shrink], **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
