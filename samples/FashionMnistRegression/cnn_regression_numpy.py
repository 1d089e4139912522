#!/usr/bin/env python3
"""The CNN regression of samples/FashionMnistRegression (--network cnn), computed independently with NumPy in float64.

Network: 3 x (Conv(3x3, SAME, W_std 1.5, b_std 0.05) + Relu), Flatten, Dense(10, 1.5, 0.05), NTK parameterization.
Inputs: the first --train training and --test test images of Fashion-MNIST, each image scaled to [0, 1], centred
and divided by its standard deviation (norm sqrt(784)), as 28x28x1; targets one-hot minus 0.1. Kernels: the
diagonal-spatial recursion of benchmarks/cnn_kernel_numpy.py (pair axes innermost, the 3x3 box filter as shifted
adds, the ReLU arc-cosine duals, Flatten as the mean over positions), in blocks of rows to bound memory.
Regression: Neural Tangents' gp_inference at t = infinity, with the sample's regularizer
lambda = diag_reg * trace(K_train)/n added to the diagonal, solved for the NNGP and for the NTK separately.
Prints the time of each stage and the test accuracy of each; --dump writes kernels and predictions as JSON for the
test that checks the sample against this script.

Run with Debian's /usr/bin/python3 (python3-numpy):
  cnn_regression_numpy.py [--train 2000] [--test 10000] [--diag-reg 1e-4] [--data-dir DIR] [--dump PATH]
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "benchmarks"))
from cnn_kernel_numpy import flatten_kernels  # noqa: E402  (the recursion the CNN benchmark runs)

SYSTEM_DIRECTORY = "/usr/share/datasets/fashion-mnist"
# Pairs per block times 784 positions times 8 bytes: about 200 MB for each array the recursion holds.
PAIRS_PER_BLOCK = 32_000


def read_idx(path, count):
    """The first count items of a gzipped IDX file (big-endian header: magic, then one size per dimension)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    if count > shape[0]:
        raise SystemExit(f"{path} holds {shape[0]} items; {count} were asked for")
    item = int(np.prod(shape[1:], dtype=np.int64))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims, count=count * item)
    return data.reshape([count] + shape[1:])


def load(directory, split, count):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte.gz"), count)
    labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte.gz"), count)
    return standardize(images), labels.astype(np.int64)


def standardize(images):
    """Each image /255, minus its mean, divided by its standard deviation; a constant image stays all zeros."""
    x = images.astype(np.float64) / 255.0
    x -= x.mean(axis=(1, 2), keepdims=True)
    std = x.std(axis=(1, 2), keepdims=True)
    return np.divide(x, std, out=np.zeros_like(x), where=std > 0)


def kernels(x1, x2=None):
    """NNGP and NTK of x1 against x2 (len(x1) x len(x2)), computed a block of x1's rows at a time; without x2, x1
    against itself: each block of rows from its diagonal on, then mirrored."""
    symmetric = x2 is None
    x2 = x1 if symmetric else x2
    rows = max(1, PAIRS_PER_BLOCK // len(x2))
    nngp = np.empty((len(x1), len(x2)))
    ntk = np.empty((len(x1), len(x2)))
    for start in range(0, len(x1), rows):
        stop = min(start + rows, len(x1))
        first = start if symmetric else 0
        nngp[start:stop, first:], ntk[start:stop, first:] = flatten_kernels(x1[start:stop], x2[first:], np.float64)
    if symmetric:
        lower = np.tril_indices(len(x1), -1)
        nngp[lower], ntk[lower] = nngp.T[lower], ntk.T[lower]
    return nngp, ntk


def regularizer(k_train, diag_reg):
    """The sample's lambda: diag_reg times the mean diagonal entry of the train-train kernel."""
    return diag_reg * np.trace(k_train) / len(k_train)


def posterior_mean(k_train, k_test, y_train, diag_reg):
    lam = regularizer(k_train, diag_reg)
    alpha = np.linalg.solve(k_train + lam * np.eye(len(k_train)), y_train)
    return k_test @ alpha, lam


def accuracy(predictions, labels):
    return float(np.mean(np.argmax(predictions, axis=1) == labels))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--test", type=int, default=10000)
    parser.add_argument("--diag-reg", type=float, default=1e-4)
    parser.add_argument("--data-dir", default=SYSTEM_DIRECTORY,
                        help="directory of the four gzipped IDX files (samples/Shared/data holds the embedded subset)")
    parser.add_argument("--dump", help="write kernels, regularizers and predictions to this JSON file")
    args = parser.parse_args()

    clock = time.perf_counter()

    def stage(name, what):
        nonlocal clock
        now = time.perf_counter()
        print(f"{name + ':':<12} {now - clock:8.3f} s  {what}", flush=True)
        clock = now

    x_train, labels_train = load(args.data_dir, "train", args.train)
    x_test, labels_test = load(args.data_dir, "test", args.test)
    y_train = np.full((args.train, 10), -0.1)
    y_train[np.arange(args.train), labels_train] = 0.9
    stage("data", f"{args.train} training, {args.test} test images from {args.data_dir}, float64")
    nngp_train, ntk_train = kernels(x_train)
    stage("k_train", f"NNGP and NTK, {args.train}x{args.train}")
    nngp_test, ntk_test = kernels(x_test, x_train)
    stage("k_test", f"NNGP and NTK, {args.test}x{args.train}")
    nngp_mean, nngp_lambda = posterior_mean(nngp_train, nngp_test, y_train, args.diag_reg)
    ntk_mean, ntk_lambda = posterior_mean(ntk_train, ntk_test, y_train, args.diag_reg)
    stage("solve", f"(K + lambda I) alpha = y for NNGP (lambda = {nngp_lambda:.4g}) and NTK (lambda = {ntk_lambda:.4g})")
    nngp_accuracy, ntk_accuracy = accuracy(nngp_mean, labels_test), accuracy(ntk_mean, labels_test)
    print(f"accuracy:    NNGP {nngp_accuracy:.4f}   NTK {ntk_accuracy:.4f}   ({args.test} test images)")

    if args.dump:
        def flat(a):
            return [float(v) for v in a.ravel()]
        with open(args.dump, "w") as f:
            json.dump({
                "train": args.train, "test": args.test, "diag_reg": args.diag_reg,
                "nngp_train": flat(nngp_train), "ntk_train": flat(ntk_train),
                "nngp_test": flat(nngp_test), "ntk_test": flat(ntk_test),
                "nngp_lambda": float(nngp_lambda), "ntk_lambda": float(ntk_lambda),
                "nngp_mean": flat(nngp_mean), "ntk_mean": flat(ntk_mean),
                "nngp_accuracy": nngp_accuracy, "ntk_accuracy": ntk_accuracy,
            }, f)


if __name__ == "__main__":
    main()
