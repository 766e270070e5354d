"""Which of the five document types a page is: titles and layout cues, fuzzy on folded text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digitize.fields.labels import levenshtein, word_key
from digitize.fields.lines import Segment
from digitize.models import DocType

__all__ = ["Classification", "classify"]

# (type, cue as printed, weight); titles weigh most, labels and layout cues add evidence.
_CUES: tuple[tuple[DocType, str, float], ...] = (
    (DocType.BIRTH_CERTIFICATE, "GIẤY KHAI SINH", 3.0),
    (DocType.BIRTH_CERTIFICATE, "Nơi đăng ký khai sinh", 1.5),
    (DocType.BIRTH_CERTIFICATE, "Họ, chữ đệm, tên người mẹ", 1.0),
    (DocType.MARRIAGE_CERTIFICATE, "GIẤY CHỨNG NHẬN KẾT HÔN", 3.0),
    (DocType.MARRIAGE_CERTIFICATE, "Nơi đăng ký kết hôn", 1.5),
    (DocType.MARRIAGE_CERTIFICATE, "Thông tin người chồng", 1.0),
    (DocType.DEATH_EXTRACT, "TRÍCH LỤC KHAI TỬ", 3.0),
    (DocType.DEATH_EXTRACT, "Nơi đăng ký khai tử", 1.5),
    (DocType.DEATH_EXTRACT, "Đã chết vào lúc", 1.0),
    (DocType.CITIZEN_ID_CARD, "CĂN CƯỚC CÔNG DÂN", 3.0),
    (DocType.CITIZEN_ID_CARD, "Họ và tên / Full name", 1.5),
    (DocType.CITIZEN_ID_CARD, "Date of birth", 1.0),
    (DocType.CITIZEN_ID_CARD, "Place of origin", 1.0),
    (DocType.ADMINISTRATIVE_DECISION, "QUYẾT ĐỊNH", 2.0),
    (DocType.ADMINISTRATIVE_DECISION, "Về việc", 0.5),
    (DocType.ADMINISTRATIVE_DECISION, "TM. ỦY BAN NHÂN DÂN", 1.0),
    (DocType.ADMINISTRATIVE_DECISION, "Căn cứ Luật", 0.5),
    (DocType.ADMINISTRATIVE_DECISION, "Nơi nhận", 0.5),
)


@dataclass(frozen=True)
class Classification:
    doc_type: DocType
    confidence: float
    scores: dict[str, float]


def _present(cue: str, keys: list[str]) -> float:
    """1.0 if the cue occurs in one line's folded letters, partial credit for near misses."""
    target = word_key(cue)
    if any(target in k for k in keys):
        return 1.0
    best = 0.0
    for k in keys:
        if not len(target) * 0.75 <= len(k) <= len(target) * 1.6 + 6:
            continue
        n = len(target)
        for i in range(0, max(1, len(k) - n + 1)):
            d = levenshtein(k[i : i + n], target) / n
            if d <= 0.25:
                best = max(best, 1.0 - d)
                if d <= 0.1:
                    return best
    return best


def classify(segs: Sequence[Segment]) -> Classification:
    """Score each type by its cues; confidence is the winner's margin, damped if evidence thin."""
    keys = [word_key(s.text) for s in segs]
    scores: dict[str, float] = {}
    for t, cue, weight in _CUES:
        scores[t.value] = scores.get(t.value, 0.0) + weight * _present(cue, keys)
    # a decision's QUYẾT ĐỊNH is a title on its own line, not a word inside another title
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 1.5:
        return Classification(DocType.UNKNOWN, min(top / 3, 0.5), scores)
    margin = (top - second) / top
    conf = min(1.0, 0.5 + 0.5 * margin) * min(1.0, top / 3.0)
    return Classification(DocType(best), conf, scores)
