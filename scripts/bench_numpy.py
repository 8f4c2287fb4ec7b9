"""The bench's reference: SPEC section 4 for a single-collateral, single-debt lending book
(one venue, collateral WETH on sqrt liquidity, debt USDC with none), vectorised with numpy,
run as a user runs the CLI: a process that reads the CSV and prints the scenario.

    python3 scripts/bench_numpy.py BOOK.csv PRICE DEPTH_USD SHOCK

Parameters not on the command line are the bench file's: LT 0.83, LB 0.05, protocol fee
0.1, close factor 0.5 (1 below HF 0.95), liquidator cost 5, depthMove 0.02, 50 rounds.
"""
import json
import sys

import numpy as np

LT, LB, FEE, CLOSE, FULL_HF, COST, MOVE, MAX_ROUNDS = 0.83, 0.05, 0.1, 0.5, 0.95, 5.0, 0.02, 50


def main() -> None:
    path, price, depth, shock = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(1, 2), dtype=np.float64)
    c, b = data[:, 0].copy(), data[:, 1].copy()
    market = price * (1 + shock)
    history = [market]
    rounds, liquidated_usd = 0, 0.0
    for r in range(1, MAX_ROUNDS + 1):
        o = history[r - 1]
        cv = c * o
        live = (b > 0) & (cv * LT < b)  # HF = cv LT / b < 1
        f = np.where(cv[live] * LT / b[live] < FULL_HF, 1.0, CLOSE)
        repay = f * b[live]
        seize = repay * (1 + LB)
        capped = seize > cv[live]
        seize = np.where(capped, cv[live], seize)
        repay = np.where(capped, seize / (1 + LB), repay)
        fee = (seize - repay) * FEE
        got = seize - fee
        impact = np.minimum(0.99, MOVE * np.sqrt(got / depth))
        act = got - repay - COST - got * (2 * impact / 3) > 0
        idx = np.flatnonzero(live)[act]
        c_new = np.where(capped[act], 0.0, c[idx] - seize[act] / o)
        c[idx] = c_new
        b[idx] = b[idx] - repay[act]
        sell = got[act].sum()
        liquidated_usd += repay[act].sum()
        impact = min(0.99, MOVE * np.sqrt(sell / depth)) if sell > 0 else 0.0
        market = market * (1 - impact)
        history.append(market)
        rounds = r
        if act.sum() == 0:
            break
    print(json.dumps({"rounds": rounds, "finalPrice": market, "liquidatedUsd": liquidated_usd}))


main()
