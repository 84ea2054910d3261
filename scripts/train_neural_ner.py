"""A small neural character tagger, trained on CPU, to compare with the shipped CRF (not
shipped: see the README's NER section for the comparison).

    pip install torch==2.13.0        # the CPU build; not a dependency of kgraph
    python scripts/train_neural_ner.py --minutes 20 --out /tmp/bilstm.pt

Design: character embeddings + hashed character-bigram embeddings (the bigram of the
character and the next), a two-layer BiLSTM, a softmax over BIOES tags (greedy decoding with
the tag scheme repaired by kgraph's own span reader). Data, holdouts and scoring are the CRF
script's: MSRA train minus its last 5 % for training, that 5 % for model selection, MSRA
test for the reported number, CLUENER's last 10 % as a second holdout when given. Training
stops after --minutes; the model of the best holdout epoch is kept.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_ner import read_bio, read_cluener, spans, to_bioes

BIGRAM_BUCKETS = 200_003


class Tagger(nn.Module):
    def __init__(self, n_chars: int, n_tags: int, dim: int = 96, hidden: int = 160) -> None:
        super().__init__()
        self.chars = nn.Embedding(n_chars, dim, padding_idx=0)
        self.bigrams = nn.Embedding(BIGRAM_BUCKETS, dim // 2, padding_idx=0)
        self.lstm = nn.LSTM(dim + dim // 2, hidden, num_layers=2, bidirectional=True, batch_first=True, dropout=0.2)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(2 * hidden, n_tags)

    def forward(self, chars: torch.Tensor, bigrams: torch.Tensor) -> torch.Tensor:
        x = torch.cat([self.chars(chars), self.bigrams(bigrams)], dim=-1)
        h, _ = self.lstm(self.drop(x))
        return self.out(self.drop(h))


def encode(text: str, vocab: dict[str, int]) -> tuple[list[int], list[int]]:
    c = [vocab.get(ch, 1) for ch in text]
    b = [1 + zlib.crc32(text[i : i + 2].encode("utf-8")) % (BIGRAM_BUCKETS - 1) for i in range(len(text))]
    return c, b


def batches(data, size: int, shuffle: bool):
    order = list(range(len(data)))
    if shuffle:
        random.shuffle(order)
    else:
        order.sort(key=lambda i: len(data[i][0]))
    for k in range(0, len(order), size):
        yield [data[i] for i in order[k : k + size]]


def pad(seqs: list[list[int]]) -> torch.Tensor:
    n = max(map(len, seqs))
    return torch.tensor([s + [0] * (n - len(s)) for s in seqs])


def evaluate(model: Tagger, sents, vocab, tags: list[str]) -> dict:
    model.eval()
    tp = n_pred = n_gold = 0
    chars = 0
    t0 = time.perf_counter()
    with torch.no_grad():
        for batch in batches([(t, g) for t, g in sents], 128, shuffle=False):
            enc = [encode(t, vocab) for t, _ in batch]
            logits = model(pad([c for c, _ in enc]), pad([b for _, b in enc]))
            best = logits.argmax(-1).tolist()
            for (text, gold), pred in zip(batch, best, strict=True):
                p = spans([tags[k] for k in pred[: len(text)]])
                g = spans(gold)
                tp += len(p & g)
                n_pred += len(p)
                n_gold += len(g)
                chars += len(text)
    secs = time.perf_counter() - t0
    pr, rc = (tp / n_pred if n_pred else 0), (tp / n_gold if n_gold else 0)
    return {"f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, "chars_per_s": round(chars / secs)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner/msra"))
    ap.add_argument("--cluener", type=Path)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    random.seed(7)
    torch.manual_seed(7)
    train = read_bio(args.data / "train.bio")
    cut = int(len(train) * 0.95)
    train, held = train[:cut], train[cut:]
    test = read_bio(args.data / "test.bio")
    _, cluener_held = read_cluener(args.cluener) if args.cluener else ([], [])
    vocab = {"<pad>": 0, "<unk>": 1}
    for text, _ in train:
        for ch in text:
            vocab.setdefault(ch, len(vocab))
    tags = sorted({t for _, ts in train for t in to_bioes(ts)})
    tag_id = {t: i for i, t in enumerate(tags)}
    data = [(encode(t, vocab), [tag_id[x] for x in to_bioes(ts)]) for t, ts in train]
    model = Tagger(len(vocab), len(tags))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-1)
    start = time.perf_counter()
    history, best = [], None
    epoch = 0
    while time.perf_counter() - start < args.minutes * 60:
        epoch += 1
        model.train()
        for batch in batches(data, 64, shuffle=True):
            logits = model(pad([c for (c, _), _ in batch]), pad([b for (_, b), _ in batch]))
            gold = torch.tensor([y + [-1] * (logits.shape[1] - len(y)) for _, y in batch])
            loss = loss_fn(logits.reshape(-1, len(tags)), gold.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            if time.perf_counter() - start > args.minutes * 60:
                break
        score = evaluate(model, held, vocab, tags)
        history.append({"epoch": epoch, "minutes": round((time.perf_counter() - start) / 60, 1), "holdout": score["f1"]})
        print(json.dumps(history[-1]), flush=True)
        if best is None or score["f1"] > best:
            best = score["f1"]
            torch.save({"model": model.state_dict(), "vocab": vocab, "tags": tags}, args.out)
    state = torch.load(args.out)
    model.load_state_dict(state["model"])
    report = {
        "design": "char+bigram BiLSTM (2 layers, 160 units) + softmax, BIOES",
        "epochs": history,
        "holdout": evaluate(model, held, vocab, tags),
        "msra_test": evaluate(model, test, vocab, tags),
        "model_bytes": args.out.stat().st_size,
        "torch_threads": torch.get_num_threads(),
    }
    if cluener_held:
        report["cluener_holdout"] = evaluate(model, cluener_held, vocab, tags)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
