"""FID and KID from print_metrics (ours) against numpy and against closed forms.

numpy's FID takes tr(sqrtm(S1 S2)) from the eigenvalues of the non-symmetric product S1 @ S2,
another route than ours (the symmetric sqrt(S1) S2 sqrt(S1)). numpy's KID is NVIDIA's
compute_kid (metrics/kernel_inception_distance.py) written out, drawing its subsets from
np.random.RandomState(seed). The closed forms are those of Gaussian feature distributions:
FID(N(m1, diag(v1)), N(m2, diag(v2))) = |m1 - m2|^2 + sum((sqrt(v1) - sqrt(v2))^2), and the
squared MMD of the cubic kernel from the moments of products of independent normals.
Usage: check_metrics.py PRINT_METRICS SCRATCH_FOLDER
"""
import json
import pathlib
import subprocess
import sys

import numpy as np

SUBSETS, MAX_SUBSET, SEED = 20, 300, 7


def ours(tool, folder, cases):
    """Our FID and KID of each (real, generated) pair, from one run of print_metrics."""
    arguments = [tool, str(SUBSETS), str(MAX_SUBSET), str(SEED)]
    for index, (real, generated) in enumerate(cases):
        for name, features in (("real", real), ("generated", generated)):
            path = pathlib.Path(folder) / f"{index}_{name}.f64"
            features.astype("<f8").tofile(path)
            arguments.append(str(path))
        arguments.append(str(real.shape[1]))
    out = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def numpy_fid(real, generated):
    m1, m2 = real.mean(0), generated.mean(0)
    s1, s2 = np.cov(real, rowvar=False), np.cov(generated, rowvar=False)
    root_trace = np.sqrt(np.clip(np.linalg.eigvals(s1 @ s2).real, 0, None)).sum()
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * root_trace)


def numpy_kid(real, generated):
    random = np.random.RandomState(SEED)
    n = real.shape[1]
    m = min(real.shape[0], generated.shape[0], MAX_SUBSET)
    t = 0
    for _ in range(SUBSETS):
        x = generated[random.choice(generated.shape[0], m, replace=False)]
        y = real[random.choice(real.shape[0], m, replace=False)]
        a = (x @ x.T / n + 1) ** 3 + (y @ y.T / n + 1) ** 3
        b = (x @ y.T / n + 1) ** 3
        t += (a.sum() - np.diag(a).sum()) / (m - 1) - b.sum() * 2 / m
    return float(t / SUBSETS / m)


def expected_cubic_kernel(a, b):
    """E[(x.y/d + 1)^3] for independent x ~ N(a, I), y ~ N(b, I)."""
    d = len(a)
    m1 = a * b
    m2 = (1 + a * a) * (1 + b * b)
    m3 = (a ** 3 + 3 * a) * (b ** 3 + 3 * b)
    k1 = m1.sum()
    k2 = (m2 - m1 ** 2).sum()
    k3 = (m3 - 3 * m2 * m1 + 2 * m1 ** 3).sum()
    s1, s2, s3 = k1, k2 + k1 ** 2, k3 + 3 * k2 * k1 + k1 ** 3
    return s3 / d ** 3 + 3 * s2 / d ** 2 + 3 * s1 / d + 1


def closed_form_kid(mean_real, mean_generated):
    return (expected_cubic_kernel(mean_real, mean_real)
            + expected_cubic_kernel(mean_generated, mean_generated)
            - 2 * expected_cubic_kernel(mean_real, mean_generated))


def main():
    tool, folder = sys.argv[1], sys.argv[2]
    pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
    random = np.random.RandomState(2024)
    failures = []

    def check(name, value, expected, tolerance):
        line = f"{name}: {value:.12g} expected {expected:.12g} (tolerance {tolerance:.3g})"
        print(line)
        if not abs(value - expected) <= tolerance:
            failures.append(line)

    d, n = 4, 20000
    shift = np.array([1.0, 2.0, 0.0, 0.0])
    variance = np.array([4.0, 1.0, 0.25, 9.0])
    same = random.randn(500, 16)
    cases = {
        "identical": (same, same),
        # Shifted Gaussians with the same covariance: FID is the squared shift.
        "shifted": (random.randn(n, d), random.randn(n, d) + shift),
        # Different variances: the sqrtm term of FID.
        "scaled": (random.randn(n, d) * np.sqrt(variance), random.randn(n, d) + shift),
        # More columns than subset rows, fewer real than generated rows.
        "wide": (random.randn(150, 40), random.randn(400, 40) * 1.1 + 0.1),
    }
    results = dict(zip(cases, ours(tool, folder, cases.values())))
    for case, (real, generated) in cases.items():
        fid, kid = numpy_fid(real, generated), numpy_kid(real, generated)
        check(f"{case} FID vs numpy", results[case]["fid"], fid, 1e-9 * max(1, abs(fid)))
        check(f"{case} KID vs numpy", results[case]["kid"], kid, 1e-9 * max(1, abs(kid)))

    check("identical FID", results["identical"]["fid"], 0, 1e-9)
    # Unbiased, so near 0 either side: small beside the kernel's values, about 8 here.
    check("identical KID", results["identical"]["kid"], 0, 0.1)
    check("shifted FID vs closed form", results["shifted"]["fid"], float(shift @ shift), 0.15)
    kid = closed_form_kid(np.zeros(d), shift)
    check("shifted KID vs closed form", results["shifted"]["kid"], kid, 0.03 * kid)
    expected = float(shift @ shift + ((np.sqrt(variance) - 1) ** 2).sum())
    check("scaled FID vs closed form", results["scaled"]["fid"], expected, 0.15)

    if failures:
        print("FAILED:\n" + "\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
