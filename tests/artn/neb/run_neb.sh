#!/bin/sh
# Reference barrier of the vacancy hop in fcc Cu (CuZr_mm.eam.fs) from LAMMPS' own climbing-image
# NEB (Debian lmp, 29 Sep 2021, REPLICA package). Run in a scratch copy of this folder:
#   sh run_neb.sh   → prints the forward barrier EBF (eV) from log.lammps
set -e
lmp -in prep.lmp -log prep.log > /dev/null
# final.coords: number of atoms, then "id x y z" (the NEB "final" file style)
awk 'f {print; n++} /ITEM: ATOMS/ {f=1}' final.dump > body.txt
{ wc -l < body.txt; cat body.txt; } > final.coords
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  mpirun --oversubscribe -np 5 lmp -partition 5x1 -in neb.lmp > /dev/null
grep INITIAL_ENERGY prep.log | tail -1
grep FINAL_ENERGY prep.log | tail -1
tail -1 log.lammps
