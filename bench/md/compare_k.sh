#!/bin/bash
# Compares the K column of two stiffness dumps (same atoms, both sorted by id, as glassml and
# the reference write them): Pearson correlation and mean K, overall and per element.
# usage: bench/md/compare_k.sh MINE.stiff.dump REFERENCE.dump
set -euo pipefail
mine=$1
ref=$2
# Column of K and element in each file, from its ITEM: ATOMS header.
col() { awk -v name="$2" '/^ITEM: ATOMS/ { for (i = 3; i <= NF; i++) if ($i == name) { print i - 2; exit } }' "$1"; }
km=$(col "$mine" K); kr=$(col "$ref" K); el=$(col "$ref" element)
paste <(awk 'f { print $1, $'"$km"' } /^ITEM: ATOMS/ { f = 1 }' "$mine") \
      <(awk 'f { print $1, $'"$el"', $'"$kr"' } /^ITEM: ATOMS/ { f = 1 }' "$ref") |
awk '
  $1 != $3 { print "atom ids differ at line " NR > "/dev/stderr"; exit 1 }
  { add("all", $2, $5); add($4, $2, $5) }
  function add(g, x, y) { n[g]++; sx[g] += x; sy[g] += y; sxx[g] += x * x; syy[g] += y * y; sxy[g] += x * y }
  END {
    printf "%-5s %6s %10s %10s %8s %8s\n", "group", "atoms", "meanK_mine", "meanK_ref", "ratio", "pearson"
    for (g in n) {
      mx = sx[g] / n[g]; my = sy[g] / n[g]
      r = (sxy[g] / n[g] - mx * my) / sqrt((sxx[g] / n[g] - mx * mx) * (syy[g] / n[g] - my * my))
      printf "%-5s %6d %10.4f %10.4f %8.4f %8.4f\n", g, n[g], mx, my, mx / my, r
    }
  }'
