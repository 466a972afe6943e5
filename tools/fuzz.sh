#!/usr/bin/env bash
# The reader fuzzer's long mode (docs/reliability.md): builds the project and its tests (no mvn install), then runs
# org.ragtime.cli.fuzz.FuzzMain with the test class path. Examples:
#   tools/fuzz.sh --runs 10000 --seed 7 --report fuzz-report.txt     a long campaign
#   tools/fuzz.sh --seed 7 --only 4242 --command counts                one mutant of it
#   tools/fuzz.sh --replay 'ecephys:P40=ffffffffffffffff' --command info    a mutant from the spec a report prints
# FUZZ_NO_BUILD=1 skips the build (when nothing changed since the last one).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for c in /usr/lib/jvm/*25*; do [[ -x "$c/bin/java" ]] && { JAVA_HOME="$c"; break; }; done
fi
export JAVA_HOME
CP_FILE="$ROOT/cli/target/fuzz.classpath"
if [[ -z "${FUZZ_NO_BUILD:-}" || ! -f "$CP_FILE" ]]; then
    echo "fuzz: building (mvn verify of cli and its modules, one small test that records the class path)..." >&2
    (cd "$ROOT" && mvn -q -B -pl cli -am verify -Dtest='FuzzTest#classpathForTheLongMode' \
        -Dsurefire.failIfNoSpecifiedTests=false >"$ROOT/cli/target-fuzz-build.log" 2>&1) \
        || { echo "fuzz: build failed, see cli/target-fuzz-build.log" >&2; exit 1; }
fi
exec "$JAVA_HOME/bin/java" -Xmx512m -Dragtime.home="$ROOT" -Dragtime.native.dir="$ROOT/src-native/target" \
    -cp "$(cat "$CP_FILE")" org.ragtime.cli.fuzz.FuzzMain "$@"
