#!/usr/bin/env bash
# The latency gate's real trials (README: Latency gate, "Gate quality"). Each trial runs the CI
# gate's classifier four ways, back to back, on this machine:
#   a       the suite as given (single-stream, 3 s): the baseline
#   aa      the same again: an A/A pair, where a regression verdict is a false alarm
#   slow10  the same model fed an input 10% wider (192 → 211 columns): about 10% more work
#   slow3   an input 3% wider (192 → 198 columns): about 3% more work
# and then gates aa, slow10 and slow3 against a baseline, with the repository's gate.yaml and
# --rerun, as the CI workflow does. The baseline of trial i is the a runs of the BASELINE_RUNS
# trials up to i (default 5: trial i and the four before it, pooled, as a history baseline of 5
# runs would be; trials with fewer before them are not gated); BASELINE_RUNS=1 gates against the
# same trial's a alone: measured seconds before, as a job that runs the base and the head
# back to back would. RERUN=0 leaves out --rerun (a re-measurement made long after the trials
# compares another hour of the machine with the baseline).
# PAIRED=K gates instead with --paired: trials i..i+K-1's a runs against the same trials' runs of
# each kind, as runs measured in turns (windows slide by one trial, so they overlap).
#   tests/GateTrials/run-trials.sh measure OUT [TRIALS]   # the runs, one line per trial with the load average
#   tests/GateTrials/run-trials.sh gate OUT [GATE.yaml]   # the verdicts, and a tally per kind
# in-turns gates as the CI workflow does: aa, slow10 and slow3 are each run once (the current
# runs the gate names), then each trial gates all three with --in-turns against a's scenario,
# so every verdict comes from its own measurement of both sides in turns:
#   tests/GateTrials/run-trials.sh in-turns OUT [TRIALS] [GATE.yaml]   # one line per trial (each kind's p50 ratio), then the tallies
# HARNESS names the harness binary (default: this checkout's Release build).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HARNESS=${HARNESS:-$ROOT/src/Harness.Cli/bin/Release/net10.0/harness}
MODE=${1:?usage: run-trials.sh measure|gate|in-turns OUT [TRIALS|GATE.yaml]}
OUT=${2:?usage: run-trials.sh measure|gate|in-turns OUT [TRIALS|GATE.yaml]}

# tally TEXT ARGS...: runs the harness with ARGS into TEXT and counts its verdict by the exit code.
tally() {
  local text=$1; shift
  set +e
  "$HARNESS" "$@" > "$text" 2>&1
  local code=$?
  set -e
  case $code in
    0) if grep -q '^verdict: improvement' "$text"; then improvement=$((improvement + 1)); else pass=$((pass + 1)); fi ;;
    1) regression=$((regression + 1)) ;;
    3) inconclusive=$((inconclusive + 1)) ;;
    *) error=$((error + 1)) ;;
  esac
}

# scenarios OUT: the four scenarios of a trial, into OUT/scenarios.
scenarios() {
  mkdir -p "$1/scenarios"
  cp "$ROOT/scenarios/ci-gate.yaml" "$1/scenarios/a.yaml"
  cp "$1/scenarios/a.yaml" "$1/scenarios/aa.yaml"
  sed -e 's/48, 192\]/48, 211]/' "$1/scenarios/a.yaml" > "$1/scenarios/slow10.yaml"
  sed -e 's/48, 192\]/48, 198]/' "$1/scenarios/a.yaml" > "$1/scenarios/slow3.yaml"
}

case "$MODE" in
  measure)
    TRIALS=${3:-20}
    scenarios "$OUT"
    for trial in $(seq 1 "$TRIALS"); do
      for kind in a aa slow10 slow3; do
        "$HARNESS" run "$OUT/scenarios/$kind.yaml" --results "$OUT/$trial/$kind" --history "$OUT/history.db" >/dev/null 2>&1 || true
      done
      echo "trial $trial measured, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    done
    ;;
  gate)
    CONFIG=${3:-$ROOT/gate.yaml}
    cd "$ROOT"   # --rerun measures from the run's scenario, as the CI job does from the repository
    if [ -n "${PAIRED:-}" ]; then
      TRIALS=$(find "$OUT" -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9]+' | wc -l)
      for kind in aa slow10 slow3; do
        pass=0 improvement=0 regression=0 inconclusive=0 error=0
        for first in $(seq 1 $((TRIALS - PAIRED + 1))); do
          window="$OUT/paired-$PAIRED/$first"
          rm -rf "$window/a" "$window/$kind" && mkdir -p "$window/a" "$window/$kind"
          for trial in $(seq "$first" $((first + PAIRED - 1))); do
            ln -s "$OUT/$trial/a/latest" "$window/a/$trial"
            ln -s "$OUT/$trial/$kind/latest" "$window/$kind/$trial"
          done
          tally "$window/$kind.txt" gate --paired --baseline "$window/a" --current "$window/$kind" --config "$CONFIG"
        done
        echo "$kind: pass $pass, improvement $improvement, regression $regression, inconclusive $inconclusive, error $error"
      done
      exit 0
    fi
    RUNS=${BASELINE_RUNS:-5}
    RERUN_FLAG=--rerun
    [ "${RERUN:-1}" = 0 ] && RERUN_FLAG=
    TRIALS=$(find "$OUT" -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9]+' | wc -l)
    for trial in $(seq "$RUNS" "$TRIALS"); do
      base="$OUT/baseline-$RUNS/$trial"
      rm -rf "$base" && mkdir -p "$base"
      for earlier in $(seq $((trial - RUNS + 1)) "$trial"); do
        [ -f "$OUT/$earlier/a/latest/results.json" ] && ln -s "$OUT/$earlier/a/latest" "$base/$earlier"
      done
    done
    for kind in aa slow10 slow3; do
      pass=0 improvement=0 regression=0 inconclusive=0 error=0
      for trial in $(seq "$RUNS" "$TRIALS"); do
        current="$OUT/$trial/$kind/latest"
        [ -d "$current" ] || continue
        tally "${current%/latest}/gate.txt" gate --baseline "$OUT/baseline-$RUNS/$trial" --current "$current/results.json" --config "$CONFIG" $RERUN_FLAG
      done
      echo "$kind: pass $pass, improvement $improvement, regression $regression, inconclusive $inconclusive, error $error"
    done
    ;;
  in-turns)
    TRIALS=${3:-20}
    CONFIG=${4:-$ROOT/gate.yaml}
    scenarios "$OUT"
    for kind in aa slow10 slow3; do
      "$HARNESS" run "$OUT/scenarios/$kind.yaml" --results "$OUT/current/$kind" --no-history >/dev/null 2>&1
    done
    cd "$ROOT"
    declare -A counts
    for trial in $(seq 1 "$TRIALS"); do
      line="trial $trial:"
      for kind in aa slow10 slow3; do
        pass=0 improvement=0 regression=0 inconclusive=0 error=0
        mkdir -p "$OUT/in-turns/$trial"
        text="$OUT/in-turns/$trial/$kind.txt"
        tally "$text" gate --in-turns "$OUT/scenarios/a.yaml" --current "$OUT/current/$kind/latest" --config "$CONFIG"
        for verdict in pass improvement regression inconclusive error; do
          counts[$kind.$verdict]=$(( ${counts[$kind.$verdict]:-0} + ${!verdict} ))
        done
        line="$line $kind $(grep -m1 -o '×[0-9.]* \[[0-9., ]*\]' "$text" || echo '-')"
      done
      echo "$line, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    done
    for kind in aa slow10 slow3; do
      echo "$kind: pass ${counts[$kind.pass]:-0}, improvement ${counts[$kind.improvement]:-0}, regression ${counts[$kind.regression]:-0}, inconclusive ${counts[$kind.inconclusive]:-0}, error ${counts[$kind.error]:-0}"
    done
    ;;
  *) echo "usage: run-trials.sh measure|gate|in-turns OUT [TRIALS|GATE.yaml]" >&2; exit 2 ;;
esac
