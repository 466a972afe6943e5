#!/usr/bin/env bash
# Reader speed against h5py on the same files, in one run: h5py's d[:] (tools/h5bench.py), then Ragtime's
# JMH benchmarks on those files, single-threaded (-Dragtime.threads=1). Usage: tools/io_bench.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-/tmp/h5b}"
mkdir -p "$DIR"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
/usr/bin/python3 tools/h5bench.py "$DIR"
B="$J --sun-misc-unsafe-memory-access=allow -Dragtime.native.dir=$PWD/src-native/target -jar bench/target/benchmarks.jar"
$B 'io.SpikeReadBenchmark.sumAllTrainsVector' -p file="$DIR/contig.nwb" -f 1 -wi 3 -i 5 -jvmArgsPrepend -Dragtime.threads=1 2>/dev/null | grep -E '^Benchmark|^SpikeRead'
$B 'io.ChunkDecodeBenchmark.decodeDataset' -p shuffle=false -p file="$DIR/gzip.nwb,$DIR/shuffle.nwb" -f 1 -wi 2 -i 5 -jvmArgsPrepend -Dragtime.threads=1 2>/dev/null | grep -E '^Benchmark|^ChunkDecode'
