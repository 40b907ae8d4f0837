"""Byte-level BPE (GPT-2 style), trained from a word-frequency table and saved as a Hugging Face tokenizer.json.

Ids 0..255 are the 256 bytes (in byte order, each shown as GPT-2's printable stand-in character), then one id
per merge in the order learned, then the end-of-text token last. The pre-tokenizer regex is GPT-2's; Python's
`re` has no \\p{L}, so letters are written [^\\W\\d_] (the same set for this corpus).
"""

import collections
import json
import re

EOT = "<|endoftext|>"

PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters (so merges and vocab are plain strings)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    return dict(zip(printable, map(chr, chars)))


BYTE_CHAR = bytes_to_unicode()


def word_counts(texts):
    counts = collections.Counter()
    for text in texts:
        for piece in PRETOKENIZE.findall(text):
            counts["".join(BYTE_CHAR[b] for b in piece.encode("utf-8"))] += 1
    return counts


def train_bpe(texts, vocab_size):
    """Learn vocab_size - 257 merges (256 byte ids and the end-of-text id are fixed)."""
    n_merges = vocab_size - 257
    words = [(list(w), c) for w, c in word_counts(texts).items()]
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)  # pair -> indices of words containing it
    for i, (symbols, count) in enumerate(words):
        for pair in zip(symbols, symbols[1:]):
            pair_counts[pair] += count
            where[pair].add(i)
    merges = []
    for _ in range(n_merges):
        if not pair_counts:
            break
        # Ties broken by the pair itself, so training is deterministic.
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        merged = best[0] + best[1]
        for i in list(where[best]):
            symbols, count = words[i]
            for pair in zip(symbols, symbols[1:]):
                pair_counts[pair] -= count
                if pair_counts[pair] <= 0:
                    del pair_counts[pair]
            out, j = [], 0
            while j < len(symbols):
                if j + 1 < len(symbols) and symbols[j] == best[0] and symbols[j + 1] == best[1]:
                    out.append(merged)
                    j += 2
                else:
                    out.append(symbols[j])
                    j += 1
            words[i] = (out, count)
            for pair in zip(out, out[1:]):
                pair_counts[pair] += count
                where[pair].add(i)
        where.pop(best, None)
    return merges


class Tokenizer:
    def __init__(self, merges):
        self.merges = merges
        self.vocab = {BYTE_CHAR[b]: b for b in range(256)}
        for a, b in merges:
            self.vocab[a + b] = len(self.vocab)
        self.eot_id = len(self.vocab)
        self.ranks = {pair: r for r, pair in enumerate(merges)}
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.char_byte = {c: b for b, c in BYTE_CHAR.items()}
        self.cache = {}

    @property
    def vocab_size(self):
        return len(self.vocab) + 1

    def _bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = list(word)
        while len(symbols) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), k) for k, p in enumerate(zip(symbols, symbols[1:]))]
            rank, k = min(ranked)
            if rank == 1 << 30:
                break
            symbols = symbols[:k] + [symbols[k] + symbols[k + 1]] + symbols[k + 2:]
        ids = [self.vocab[s] for s in symbols]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        ids = []
        for piece in PRETOKENIZE.findall(text):
            ids.extend(self._bpe("".join(BYTE_CHAR[b] for b in piece.encode("utf-8"))))
        return ids

    def decode(self, ids):
        data = bytearray()
        for i in ids:
            if i == self.eot_id:
                continue
            data.extend(self.char_byte[c] for c in self.id_to_token[i])
        return data.decode("utf-8", errors="replace")

    def to_hf_json(self):
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": self.eot_id, "content": EOT, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": True}
            ],
            "normalizer": None,
            "pre_tokenizer": byte_level,
            "post_processor": byte_level,
            "decoder": byte_level,
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": None,
                "continuing_subword_prefix": "",
                "end_of_word_suffix": "",
                "fuse_unk": False,
                "byte_fallback": False,
                "ignore_merges": False,
                "vocab": {**self.vocab, EOT: self.eot_id},
                "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_hf_json(), f, ensure_ascii=False)
