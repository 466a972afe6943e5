#!/usr/bin/env bash
# The output-write floor of `ragtime counts`: fallocate, map, fill, munmap and fsync a 300,000,128-byte file (config
# A's uint16 cube) the way cli.out writes a .npy. Usage: tools/mmap_write_floor.sh DIR [ROUNDS]; modes: 0 plain page
# faults, 1 MADV_POPULATE_WRITE first, 2 MAP_POPULATE. Compiled into a temporary directory (gcc).
set -euo pipefail
dir="$1"; rounds="${2:-3}"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/mw.c" <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <time.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  size_t n=300000128; int mode=atoi(argv[2]);
  unlink(argv[1]);
  double t0=now();
  int fd=open(argv[1],O_RDWR|O_CREAT|O_TRUNC,0644);
  if(fallocate(fd,0,0,n)){perror("fallocate");}
  double t1=now();
  char*p=mmap(0,n,PROT_READ|PROT_WRITE,MAP_SHARED|(mode==2?MAP_POPULATE:0),fd,0);
  if(mode==1 && madvise(p,n,MADV_POPULATE_WRITE)) perror("madvise");
  double t2=now();
  memset(p,1,n);
  double t3=now();
  munmap(p,n);
  double t4=now();
  fsync(fd);
  double t5=now();
  printf("mode %d: fallocate %.0f ms, map+populate %.0f ms, memset %.0f ms, munmap %.0f ms, fsync %.0f ms, total %.0f ms\n",mode,(t1-t0)*1e3,(t2-t1)*1e3,(t3-t2)*1e3,(t4-t3)*1e3,(t5-t4)*1e3,(t5-t0)*1e3);
  close(fd); unlink(argv[1]); return 0;}
C
gcc -O2 -Wall -o "$tmp/mw" "$tmp/mw.c"
for r in $(seq "$rounds"); do for m in 0 1 2; do "$tmp/mw" "$dir/.mmap_write_floor.bin" "$m"; done; done
