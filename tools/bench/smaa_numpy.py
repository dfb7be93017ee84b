"""NumPy reference of calloff's Monte Carlo robustness analysis (sensitivity --samples).

  smaa_numpy.py gen DIR [SEED]          write a 50-bid x 12-criterion competition (rules, bids, marks)
  smaa_numpy.py run DIR SAMPLES [SEED]  sample it, vectorised, and print P(awarded) per bid and samples/s

The same model as engine/analytics/smaa.c: global weights ~ 100 x Dirichlet(concentration x published / 100);
the panel resampled (evaluators drawn with replacement); median consensus; lowest_ratio prices; top n.
"""
import json
import os
import sys
import time

import numpy as np

B, Q, P, E, N_AWARD, CONC = 50, 10, 2, 3, 10, 100.0
WQ, WP = 70.0, 30.0


def gen(d, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(f"{d}/bids", exist_ok=True)
    qw = rng.dirichlet(np.ones(Q)) * 100
    qw = np.round(qw, 1)
    qw[-1] = round(100 - qw[:-1].sum(), 1)
    with open(f"{d}/rules.yaml", "w") as f:
        f.write("calloff: 1\ncompetition: {id: SMAA-1, lot: {id: \"1\"}, deadline: 2027-01-01T00:00:00Z}\n"
                f"award: {{mode: top_n, n: {N_AWARD}}}\nweights: {{quality: {WQ:g}, price: {WP:g}}}\n"
                "scale: {marks: [0, 1, 2, 3, 4, 5]}\nmoderation: {consensus: median}\nquestions:\n")
        for q in range(Q):
            f.write(f"  - {{id: Q{q + 1}, weight: {qw[q]:.1f}}}\n")
        f.write("prices:\n  - {id: p1, max: 2000, weight: 60}\n  - {id: p2, max: 500, weight: 40}\n")
    quality = rng.uniform(1.5, 4.5, size=B)
    leniency = np.array([0.4, 0.0, -0.4])
    marks = np.clip(np.round(quality[:, None, None] + leniency[None, None, :] + rng.normal(0, 0.8, (B, Q, E))), 0, 5)
    prices = np.stack([rng.integers(120000, 200000, B) / 100, rng.integers(30000, 50000, B) / 100], axis=1)
    for b in range(B):
        with open(f"{d}/bids/b{b + 1:03d}.xml", "w") as f:
            f.write(f'<bid xmlns="urn:calloff:bid:1" id="B{b + 1:03d}" competition="SMAA-1">'
                    f'<supplier id="GB-COH-{b + 1:08d}"><name>Provider {b + 1}</name></supplier>'
                    f'<submitted>2026-12-01T10:00:00Z</submitted><responses>')
            for q in range(Q):
                f.write(f'<response question="Q{q + 1}">An answer.</response>')
            f.write(f'</responses><prices><price item="p1">{prices[b, 0]:.2f}</price>'
                    f'<price item="p2">{prices[b, 1]:.2f}</price></prices></bid>\n')
    with open(f"{d}/marks.xml", "w") as f:
        f.write('<marks xmlns="urn:calloff:marks:1" competition="SMAA-1">' +
                "".join(f'<evaluator id="E{e + 1}"/>' for e in range(E)))
        for b in range(B):
            f.write(f'<bid ref="B{b + 1:03d}">')
            for q in range(Q):
                f.write(f'<question ref="Q{q + 1}">' + "".join(
                    f'<mark evaluator="E{e + 1}" value="{int(marks[b, q, e])}"/>' for e in range(E)) + '</question>')
            f.write('</bid>')
        f.write('</marks>\n')
    g = np.concatenate([WQ * qw / 100, WP * np.array([60, 40]) / 100])
    np.savez(f"{d}/model.npz", marks=marks, prices=prices, g=g)


def run(d, samples, seed):
    m = np.load(f"{d}/model.npz")
    marks, prices, g = m["marks"], m["prices"], m["g"]
    f = prices.min(axis=0)[None, :] / prices  # lowest_ratio
    rng = np.random.default_rng(seed)
    awarded = np.zeros(B)
    chunk = 4000
    t0 = time.perf_counter()
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        w = rng.dirichlet(CONC * g / 100, size=n) * 100                        # (n, K)
        panel = rng.integers(0, E, size=(n, E))                                 # (n, E)
        sampled = marks[:, :, panel]                                            # (B, Q, n, E)
        cons = np.median(sampled, axis=3) / 5.0                                 # (B, Q, n)
        total = np.einsum("bqn,nq->nb", cons, w[:, :Q]) + w[:, Q:] @ f.T        # (n, B)
        order = np.argsort(-total, axis=1, kind="stable")
        np.add.at(awarded, order[:, :N_AWARD].ravel(), 1)
        done += n
    secs = time.perf_counter() - t0
    print(json.dumps({"samples": samples, "seconds": round(secs, 3), "samples_per_second": round(samples / secs),
                      "awarded": {f"B{b + 1:03d}": awarded[b] / samples for b in range(B)}}))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
