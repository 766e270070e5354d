"""Scanner and photocopier damage, from clean to poor photocopy, deterministic by seed."""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image

__all__ = ["LEVELS", "degrade"]

LEVELS = ("clean", "scan", "mild", "harsh")


def degrade(img: Image.Image, level: str, rng: random.Random, dpi: int) -> tuple[Image.Image, int]:
    """Return the damaged greyscale image and its new dpi.

    scan: skew ≤1° and light blur, no noise (small files for samples/).
    mild: skew ≤1°, light blur and noise. harsh: skew ≤3°, blur, noise,
    contrast loss, speckles, down-sampling to 200 dpi (cards: half their dpi).
    """
    if level == "clean":
        return img, dpi
    harsh = level == "harsh"
    a = np.asarray(img, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    angle = rng.uniform(-3, 3) if harsh else rng.uniform(-1, 1)
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    sigma = (
        rng.uniform(0.9, 1.4)
        if harsh
        else rng.uniform(0.2, 0.4)
        if level == "scan"
        else rng.uniform(0.3, 0.7)
    )
    a = cv2.GaussianBlur(a, (0, 0), sigma)
    if harsh:
        lo, hi = rng.uniform(40, 90), rng.uniform(200, 235)  # photocopy: grey ink, grey paper
        a = lo + a * (hi - lo) / 255.0
        speck = nrng.random(a.shape) < 0.0015
        a[speck] = lo
    if level != "scan":
        a = a + nrng.normal(0, rng.uniform(8, 16) if harsh else rng.uniform(2, 5), a.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    if harsh:
        new_dpi = 200 if dpi <= 300 else dpi // 2
        out = out.resize(
            (round(w * new_dpi / dpi), round(h * new_dpi / dpi)), Image.Resampling.BILINEAR
        )
        dpi = new_dpi
    return out, dpi
