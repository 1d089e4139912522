#!/usr/bin/python3
"""SciPy half of the side-by-side comparison of the dense solvers.

Reads the matrices and right-hand sides that `NeuralTangents.LinearAlgebra.Benchmarks --side-by-side`
wrote (so both sides time the very same numbers), times SciPy's cho_factor + cho_solve and eigh on them
(best of --repeats after one warm-up; Debian's python3-scipy runs on the same OpenBLAS through the
libblas.so.3/liblapack.so.3 alternatives), and prints the .NET / SciPy time ratio of every backend.

Run it with the system interpreter, after the .NET side:
    dotnet run -c Release --project benchmarks/NeuralTangents.LinearAlgebra.Benchmarks -- --side-by-side
    /usr/bin/python3 benchmarks/scipy_compare.py
"""
import argparse
import csv
import os
import tempfile
import time

import numpy as np
import scipy
import scipy.linalg


def best_and_median(operation, repeats, warm_up):
    if warm_up:
        operation()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "ntla-side-by-side"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first run (for the largest sizes)")
    args = parser.parse_args()

    with open(os.path.join(args.dir, "dotnet.csv")) as f:
        dotnet = list(csv.DictReader(f))
    sizes = sorted({int(row["n"]) for row in dotnet})
    print(f"SciPy {scipy.__version__}, NumPy {np.__version__}; matrices from {args.dir}")

    scipy_times = {}
    for n in sizes:
        kernel = np.fromfile(os.path.join(args.dir, f"kernel_{n}.f64"), dtype=np.float64).reshape(n, n)
        rhs = np.fromfile(os.path.join(args.dir, f"rhs_{n}.f64"), dtype=np.float64).reshape(n, -1)
        for dtype in ("float32", "float64"):
            a = kernel.astype(dtype)
            b = rhs.astype(dtype)
            scipy_times[(n, dtype, "cholesky_solve")] = best_and_median(
                lambda: scipy.linalg.cho_solve(scipy.linalg.cho_factor(a, lower=True), b), args.repeats, not args.no_warmup)
            scipy_times[(n, dtype, "eigh")] = best_and_median(lambda: scipy.linalg.eigh(a), args.repeats, not args.no_warmup)
            scipy_times[(n, dtype, "eigh_evd")] = best_and_median(lambda: scipy.linalg.eigh(a, driver="evd"), args.repeats, not args.no_warmup)
            for operation in ("cholesky_solve", "eigh", "eigh_evd"):
                best, median = scipy_times[(n, dtype, operation)]
                print(f"{n:6} {dtype:8} {'scipy':9} {operation:20} {best:10.4f} {median:10.4f}")

    print()
    print("ratio = .NET best time / SciPy best time (eigh: SciPy's default driver evr; evd in brackets)")
    print(f"{'n':>6} {'dtype':8} {'backend':9} {'operation':16} {'.NET s':>9} {'SciPy s':>9} {'ratio':>7}")
    for row in dotnet:
        n, dtype, backend, operation = int(row["n"]), row["dtype"], row["backend"], row["operation"]
        mine = float(row["best_seconds"])
        theirs = scipy_times[(n, dtype, operation)][0]
        extra = ""
        if operation == "eigh":
            extra = f"  [{mine / scipy_times[(n, dtype, 'eigh_evd')][0]:.2f}]"
        print(f"{n:6} {dtype:8} {backend:9} {operation:16} {mine:9.4f} {theirs:9.4f} {mine / theirs:7.2f}{extra}")


if __name__ == "__main__":
    main()
