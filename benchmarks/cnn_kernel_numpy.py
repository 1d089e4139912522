#!/usr/bin/env python3
"""NNGP and NTK of the CNN of issue 12 with NumPy: 3 x (Conv(3x3, SAME, W_std 1.5, b_std 0.05) + Relu), then Flatten
(diagonal-spatial covariance) or GlobalAvgPool (full pixel-pair covariance), then Dense(10, 1.5, 0.05), on
Fashion-MNIST 28x28x1 images, each image standardized. The straightforward vectorized recursion, for side-by-side
timing with benchmarks/NeuralTangents.Generators.Benchmarks (--cnn): pair axes innermost, so the 3x3 box filter is
nine shifted whole-array adds, and every dual is elementwise. Run with /usr/bin/python3 (Debian's, which has numpy).

Usage: cnn_kernel_numpy.py --readout flatten|gap [--n1 200] [--n2 200] [--float64]
Prints the wall time of the kernel and its time per entry (flatten) or per distinct pair (gap).
"""
import argparse
import gzip
import time

import numpy as np

W2, B2 = 1.5 ** 2, 0.05 ** 2
DEPTH = 3


def load_images(n, offset=0, path="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    with gzip.open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    x = data[offset * 784: (offset + n) * 784].reshape(n, 28, 28).astype(np.float64) / 255.0
    # Each image standardized (zero mean, unit variance), as the samples' CNN preprocessing does.
    x -= x.mean(axis=(1, 2), keepdims=True)
    x /= x.std(axis=(1, 2), keepdims=True)
    return x


def box_diagonal(k):
    """Conv's 3x3 SAME box filter on a (H, W, ...) array: the mean of the nine shifted copies, zeros outside."""
    h, w = k.shape[:2]
    padded = np.zeros((h + 2, w + 2) + k.shape[2:], dtype=k.dtype)
    padded[1:-1, 1:-1] = k
    out = np.zeros_like(k)
    for dh in range(3):
        for dw in range(3):
            out += padded[dh:dh + h, dw:dw + w]
    return out / 9


def box_full(k):
    """Conv's joint 3x3 SAME box filter on a (H, W, H', W', ...) array: the same offset on both items."""
    h, w = k.shape[:2]
    padded = np.zeros((h + 2, w + 2, h + 2, w + 2) + k.shape[4:], dtype=k.dtype)
    padded[1:-1, 1:-1, 1:-1, 1:-1] = k
    out = np.zeros_like(k)
    for dh in range(3):
        for dw in range(3):
            out += padded[dh:dh + h, dw:dw + w, dh:dh + h, dw:dw + w]
    return out / 9


def relu(k, t, q1, q2):
    norms = np.sqrt(q1 * q2)
    rho = np.clip(k / norms, -1.0, 1.0)
    theta = np.arccos(rho)
    t = t * (np.pi - theta) / (2 * np.pi)
    k = norms * (np.sin(theta) + (np.pi - theta) * rho) / (2 * np.pi)
    return k, t


def flatten_kernels(x1, x2, dtype):
    """Diagonal form: K[h, w, i, j]; variances q[h, w, i]."""
    a = np.moveaxis(x1, 0, -1).astype(dtype)   # (H, W, n1)
    b = np.moveaxis(x2, 0, -1).astype(dtype)   # (H, W, n2)
    k = a[:, :, :, None] * b[:, :, None, :]
    t = np.zeros_like(k)
    q1, q2 = a * a, b * b
    for _ in range(DEPTH):
        k, t, q1, q2 = box_diagonal(k), box_diagonal(t), box_diagonal(q1), box_diagonal(q2)
        k = W2 * k + B2
        t = k + W2 * t
        q1, q2 = W2 * q1 + B2, W2 * q2 + B2
        k, t = relu(k, t, q1[:, :, :, None], q2[:, :, None, :])
        q1, q2 = q1 / 2, q2 / 2
    k, t, q1, q2 = k.mean(axis=(0, 1)), t.mean(axis=(0, 1)), q1.mean(axis=(0, 1)), q2.mean(axis=(0, 1))
    k = W2 * k + B2
    return k, k + W2 * t


def gap_kernels(x, dtype):
    """Full form, x against itself: K[h, w, h', w', pair] for every pair i <= j; variances from the pairs (i, i)."""
    n = x.shape[0]
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    a = x.astype(dtype)
    k = np.stack([a[i][:, :, None, None] * a[j][None, None, :, :] for i, j in pairs], axis=-1)
    t = np.zeros_like(k)
    own = [pairs.index((i, i)) for i in range(n)]
    first = np.array([own[i] for i, _ in pairs])
    second = np.array([own[j] for _, j in pairs])
    hw = x.shape[1] * x.shape[2]
    for _ in range(DEPTH):
        k, t = box_full(k), box_full(t)
        k = W2 * k + B2
        t = k + W2 * t
        diag = k.reshape(hw, hw, -1)[np.arange(hw), np.arange(hw)].reshape(x.shape[1], x.shape[2], -1)
        q1 = diag[:, :, first][:, :, None, None, :]
        q2 = diag[None, None, :, :, second]
        k, t = relu(k, t, q1, q2)
    k, t = k.mean(axis=(0, 1, 2, 3)), t.mean(axis=(0, 1, 2, 3))
    k = W2 * k + B2
    return k, k + W2 * t, len(pairs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--readout", choices=["flatten", "gap"], default="flatten")
    parser.add_argument("--n1", type=int, default=200)
    parser.add_argument("--n2", type=int, default=200)
    parser.add_argument("--float64", action="store_true")
    args = parser.parse_args()
    dtype = np.float64 if args.float64 else np.float32
    if args.readout == "flatten":
        x1, x2 = load_images(args.n1), load_images(args.n2, offset=args.n1)
        flatten_kernels(x1[:8], x2[:8], dtype)  # warm-up
        start = time.perf_counter()
        k, t = flatten_kernels(x1, x2, dtype)
        wall = time.perf_counter() - start
        print(f"numpy cnn-flatten {args.n1}x{args.n2} {np.dtype(dtype).name}: {wall:.3f} s wall, "
              f"{wall / (args.n1 * args.n2) * 1e6:.2f} us per entry; nngp[0,1]={k[0, 1]:.6g} ntk[0,1]={t[0, 1]:.6g}")
    else:
        x = load_images(args.n1)
        start = time.perf_counter()
        k, t, pairs = gap_kernels(x, dtype)
        wall = time.perf_counter() - start
        print(f"numpy cnn-gap {args.n1} images {np.dtype(dtype).name}: {wall:.3f} s wall, "
              f"{wall / pairs * 1e3:.2f} ms per pair; nngp[0,1]={k[1]:.6g} ntk[0,1]={t[1]:.6g}")


if __name__ == "__main__":
    main()
