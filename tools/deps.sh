#!/usr/bin/env bash
# What the tests need beyond a JDK 25 and Maven, checked before anything runs, installed where we can.
# Used by ./test (and so by .ci/run). On a machine where we are root with apt-get, missing Debian packages are
# installed (apt-get update first); elsewhere it stops at once with the exact line to run.
set -euo pipefail
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
# Debian's own interpreter: the oracle tests use /usr/bin/python3 with Debian's numpy, pandas, h5py, zarr and xarray.
if [[ -x /usr/bin/python3 ]]; then
    /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
    /usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || missing+=(python3-pandas)
    /usr/bin/python3 -c 'import h5py' >/dev/null 2>&1 || missing+=(python3-h5py)
    /usr/bin/python3 -c 'import hdmf' >/dev/null 2>&1 || missing+=(python3-hdmf) # checks tools/table_reference.py
    # the Zarr outputs are read back by Debian's zarr 2.x and xarray (ZarrOutputTest)
    /usr/bin/python3 -c 'import zarr' >/dev/null 2>&1 || missing+=(python3-zarr)
    /usr/bin/python3 -c 'import xarray' >/dev/null 2>&1 || missing+=(python3-xarray)
    # the Python package (python/ragtime, docs/python.md): JPype runs the JVM in-process
    /usr/bin/python3 -c 'import jpype' >/dev/null 2>&1 || missing+=(python3-jpype)
    /usr/bin/python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)   # its offline install is tested
else
    missing+=(python3 python3-numpy python3-pandas python3-h5py python3-hdmf python3-zarr python3-xarray python3-jpype python3-pip)
fi
# Fast gzip decoding is optional at run time but tested (the fallback is tested too).
ldconfig -p 2>/dev/null | grep -q 'libdeflate\.so\.0' || missing+=(libdeflate0)
(( ${#missing[@]} == 0 )) && exit 0
line="apt-get update && apt-get install -y ${missing[*]}"
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ragtime tests: installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi
echo "ragtime tests: missing ${missing[*]}; install them first (as root): $line" >&2
exit 1
