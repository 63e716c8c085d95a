#!/usr/bin/env bash
# Fuzz the extractor for a number of seconds: tests/test_properties.py and tests/test_bad_records.py under the "fuzz"
# hypothesis profile (random examples, FUZZ_EXAMPLES per test and round, default 300), round
# after round with a new seed until the time is up. Stops at the first failure and prints the
# seed that replays it. Usage: fuzz/run.sh [SECONDS=600] [extra pytest args...]
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL="${1:-600}"; shift || true
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
export HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-300}"
LOG_DIR="$(mktemp -d)"
end=$(( $(date +%s) + SECONDS_TOTAL ))
round=0; examples=0; cut=0
while :; do
  left=$(( end - $(date +%s) ))
  [ "$left" -gt 5 ] || break
  round=$((round + 1))
  seed=$(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') ))
  log="$LOG_DIR/round-$round.log"
  echo "fuzz: round $round, seed $seed, $FUZZ_EXAMPLES examples per test, ${left} s left" >&2
  timeout --signal=INT --kill-after=30 "$left" "$PYTHON" -m pytest tests/test_properties.py tests/test_bad_records.py -q -p no:cacheprovider \
    --hypothesis-show-statistics --hypothesis-seed="$seed" -x "$@" > "$log" 2>&1
  rc=$?
  # "- 80 passing, 0 failing, and 3 invalid test cases" per test and phase
  tried=$(grep -oE '[0-9]+ passing, [0-9]+ failing' "$log" | awk '{s += $1 + $3} END {print s + 0}')
  examples=$((examples + tried))
  if [ "$rc" -eq 124 ]; then
    cut=1   # time ran out in the middle of a round: only the tests it finished are counted
    break
  fi
  if [ "$rc" -ne 0 ]; then
    sed -n '/^=* FAILURES =*$/,/^=* Hypothesis Statistics/p' "$log" | head -n 120
    echo "fuzz: FAILED in round $round after $examples examples (replay: HYPOTHESIS_PROFILE=fuzz $PYTHON -m pytest tests/test_properties.py --hypothesis-seed=$seed); log $log" >&2
    exit 1
  fi
done
echo "fuzz: no failure in $round round(s), $SECONDS_TOTAL s; $examples examples tried$( [ "$cut" -eq 1 ] && echo '  (the last round was cut off by the time limit)'); logs in $LOG_DIR"
