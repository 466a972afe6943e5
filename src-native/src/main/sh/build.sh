#!/bin/sh
# Builds libragtime.so: every kernel source in $2 (all .c files but ragtime.c) three times, once per
# x86-64 level (v2 = SSE4.2 baseline, v3 = AVX2+FMA+BMI2, v4 = AVX-512), with the level's suffix on every
# exported symbol (rt.h's RT_NAME), plus ragtime.c (load-time checks and ragtime_isa_supported) once at
# the baseline. One library serves every x86-64-v2 machine; Java picks the level at load time.
# -ffp-contract=off: a*b+c must stay two roundings, as in Java, so native results are bit-identical.
# Usage: build.sh <output directory> <source directory>
set -eu
out=$1
src=$2
obj="$out/obj"
mkdir -p "$obj"
flags="-O3 -ffp-contract=off -fPIC -Wall -Wextra -std=c11 -fvisibility=default"
objects="$obj/ragtime.o"
gcc $flags -march=x86-64-v2 -c -o "$obj/ragtime.o" "$src/ragtime.c"
for level in 2 3 4; do
    for c in "$src"/*.c; do
        name=$(basename "$c" .c)
        [ "$name" = ragtime ] && continue
        gcc $flags -march=x86-64-v$level -DRT_LEVEL=$level -c -o "$obj/$name-v$level.o" "$c"
        objects="$objects $obj/$name-v$level.o"
    done
done
gcc -shared -o "$out/libragtime.so.tmp" $objects -lm
mv "$out/libragtime.so.tmp" "$out/libragtime.so"
