#!/usr/bin/env python3
"""A LAMMPS dump (orthogonal box) replicated NX x NY x NZ times, written as a LAMMPS data file
(atom_style atomic, masses of Cu and Zr): the large samples of the harmonic scaling benchmark.

usage: replicate.py SAMPLE.dump NX NY NZ OUT.data
"""
import sys


def main():
    src, nx, ny, nz, out = sys.argv[1], *map(int, sys.argv[2:5]), sys.argv[5]
    lines = open(src).read().split('\n')
    bounds = [list(map(float, lines[i].split()[:2])) for i in range(5, 8)]
    head = next(i for i, l in enumerate(lines) if l.startswith('ITEM: ATOMS'))
    cols = lines[head].split()[2:]
    rows = [l.split() for l in lines[head + 1:] if l.strip()]
    it, ix = cols.index('type'), cols.index('x')
    length = [hi - lo for lo, hi in bounds]
    reps = [nx, ny, nz]
    with open(out, 'w') as f:
        f.write(f"{src} replicated {nx}x{ny}x{nz}\n\n{nx * ny * nz * len(rows)} atoms\n2 atom types\n\n")
        for d, name in enumerate('xyz'):
            f.write(f"{bounds[d][0]!r} {bounds[d][0] + reps[d] * length[d]!r} {name}lo {name}hi\n")
        f.write("\nMasses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n")
        n = 0
        for a in range(nx):
            for b in range(ny):
                for c in range(nz):
                    shift = (a * length[0], b * length[1], c * length[2])
                    for r in rows:
                        n += 1
                        x = [float(r[ix + d]) + shift[d] for d in range(3)]
                        f.write(f"{n} {r[it]} {x[0]!r} {x[1]!r} {x[2]!r}\n")


if __name__ == '__main__':
    main()
