#!/usr/bin/python3
"""The PyTorch peer of bench_mlp: one training epoch of the same 40-200-1 ReLU network
(Glorot init, MSE, Adam lr 1e-3, shuffled mini-batches) on the same standardized data.

usage: torch_epoch.py X.npy Y.npy BATCH THREADS EPOCHS DTYPE(float32|float64)
Prints one line per epoch: "torch <dtype> threads <n> epoch <s> loss <mse>".
"""
import sys
import time

import numpy as np
import torch


def main():
    x_path, y_path, batch, threads, epochs, dtype = sys.argv[1:7]
    batch, threads, epochs = int(batch), int(threads), int(epochs)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    dt = torch.float32 if dtype == "float32" else torch.float64
    x = torch.from_numpy(np.load(x_path)).to(dt)
    y = torch.from_numpy(np.load(y_path)).to(dt).reshape(-1, 1)
    n, f = x.shape
    model = torch.nn.Sequential(torch.nn.Linear(f, 200), torch.nn.ReLU(), torch.nn.Linear(200, 1)).to(dt)
    for layer in (model[0], model[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        t = time.perf_counter() - t0
        print(f"torch {dtype} threads {threads} epoch {t:.4f} loss {total / n:.6f}", flush=True)


if __name__ == "__main__":
    main()
