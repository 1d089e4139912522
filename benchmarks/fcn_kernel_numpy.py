#!/usr/bin/env python3
"""NNGP and NTK of the 3-layer ReLU network (Dense(512, 1.5, 0.05) -> Relu -> Dense -> Relu -> Dense(10)) on
Fashion-MNIST with NumPy/OpenBLAS: the straightforward vectorized recursion, for side-by-side timing with
benchmarks/NeuralTangents.Generators.Benchmarks (run with /usr/bin/python3, which has numpy).

Usage: fcn_kernel_numpy.py [--n 10000] [--float64]
"""
import argparse
import gzip
import time

import numpy as np

W2, B2 = 1.5 ** 2, 0.05 ** 2


def load_images(n, path="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    with gzip.open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    x = data[: n * 784].reshape(n, 784).astype(np.float64) / 255.0
    # The samples' preprocessing: each image centred and scaled to unit norm per feature.
    x -= x.mean(axis=1, keepdims=True)
    x /= np.linalg.norm(x, axis=1, keepdims=True) / np.sqrt(784)
    return x


def relu_kernels(x, dtype):
    x = x.astype(dtype)
    d = x.shape[1]
    k = x @ x.T / d                      # input Gram (OpenBLAS GEMM)
    q = np.einsum("ij,ij->i", x, x) / d  # input variances
    # Dense
    k = W2 * k + B2
    q = W2 * q + B2
    t = k.copy()
    for _ in range(2):
        # Relu: arc-cosine kernel of order 1
        norms = np.sqrt(np.outer(q, q))
        rho = np.clip(k / norms, -1.0, 1.0)
        theta = np.arccos(rho)
        t = t * (np.pi - theta) / (2 * np.pi)
        k = norms * (np.sin(theta) + (np.pi - theta) * rho) / (2 * np.pi)
        q = q / 2
        # Dense
        k = W2 * k + B2
        q = W2 * q + B2
        t = k + W2 * t
    return k, t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--float64", action="store_true")
    args = parser.parse_args()
    dtype = np.float64 if args.float64 else np.float32
    x = load_images(args.n)
    relu_kernels(x[:256], dtype)  # warm-up
    start = time.perf_counter()
    cpu = time.process_time()
    k, t = relu_kernels(x, dtype)
    print(f"numpy n={args.n} {np.dtype(dtype).name}: {time.perf_counter() - start:.3f} s wall, "
          f"{time.process_time() - cpu:.3f} s cpu; nngp[0,1]={k[0, 1]:.6g} ntk[0,1]={t[0, 1]:.6g}")


if __name__ == "__main__":
    main()
