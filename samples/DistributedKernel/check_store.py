"""Reads a kernel store the way a NumPy user would and checks it against kernels computed in memory.

usage: check_store.py STORE SPOT TOLERANCE

STORE holds nngp.npy and ntk.npy (N x N, x against itself). SPOT holds index.npy (the items of a subset, as
float64) and nngp.npy / ntk.npy (the in-memory KernelFn of those items against themselves). Each stored file is
opened with mmap_mode='r' (never read whole); the subset's block is gathered from it and compared with the
in-memory block, relative to the block's largest entry. A block above the diagonal is also compared with its mirror
below it, which the store writes as the transpose. Prints one line per check; exits 1 if a check fails.
"""
import sys

import numpy as np

store, spot, tolerance = sys.argv[1], sys.argv[2], float(sys.argv[3])
index = np.load(f"{spot}/index.npy").astype(np.int64)
failed = False
for name in ("nngp", "ntk"):
    stored = np.load(f"{store}/{name}.npy", mmap_mode="r")
    expected = np.load(f"{spot}/{name}.npy")
    print(f"{name}: {type(stored).__name__} {stored.dtype} {stored.shape}, C order {stored.flags.c_contiguous}")
    block = np.asarray(stored[np.ix_(index, index)], dtype=np.float64)
    error = np.max(np.abs(block - expected)) / np.max(np.abs(expected))
    ok = stored.dtype == np.float32 and stored.shape[0] == stored.shape[1] and error <= tolerance
    print(f"{name}: {len(index)}x{len(index)} items spread over the kernel, max |stored - in memory| / max |in memory| = {error:.3g} (tolerance {tolerance:g}) {'ok' if ok else 'FAILED'}")
    # A corner block far above the diagonal (rows from the first tiles, columns from the last) against its mirror.
    n = stored.shape[0]
    k = min(n // 3, 4000)
    upper = np.asarray(stored[:k, n - k :])
    lower = np.asarray(stored[n - k :, :k])
    mirrored = np.array_equal(upper, lower.T)
    print(f"{name}: block [0:{k}, {n - k}:{n}] equals the transpose of its mirror: {mirrored}")
    failed |= not ok or not mirrored
sys.exit(1 if failed else 0)
