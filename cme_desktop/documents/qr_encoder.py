"""A fast QR encoder for the short payloads on certificates (byte mode, error correction M, versions 1-10).

The `qrcode` package spends about a millisecond per code in generic polynomial arithmetic, more than drawing the
rest of a certificate. Here everything that depends only on the version (the function patterns, the order data
modules are filled in, the mask) is computed once and cached; a code then costs a table-driven Reed-Solomon pass
and one placement loop. The tables and patterns come from `qrcode` itself, and the tests check the matrices are
identical to the ones it makes. Longer payloads fall back to `qrcode`.
"""

from __future__ import annotations

from functools import cache

import qrcode
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, QRData, mask_func

MAX_VERSION = 10
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@cache
def _generator(degree: int) -> tuple[int, ...]:
    """Reed-Solomon generator polynomial coefficients (highest power first, leading 1 dropped), as logs."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


def _ec_codewords(data: list[int], degree: int) -> list[int]:
    gen = _generator(degree)
    rem = [0] * degree
    exp, log = _EXP, _LOG
    for byte in data:
        factor = byte ^ rem[0]
        del rem[0]
        rem.append(0)
        if factor:
            lf = log[factor]
            rem = [r ^ exp[lf + g] for r, g in zip(rem, gen, strict=True)]
    return rem


class _Version:
    """What depends only on the version and mask: the blank matrix, data-module order, masked flags, blocks."""

    def __init__(self, version: int, mask: int) -> None:
        code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
        code.modules_count = n = version * 4 + 17
        code.modules = [[None] * n for _ in range(n)]
        code.setup_position_probe_pattern(0, 0)
        code.setup_position_probe_pattern(n - 7, 0)
        code.setup_position_probe_pattern(0, n - 7)
        code.setup_position_adjust_pattern()
        code.setup_timing_pattern()
        code.setup_type_info(False, mask)
        if version >= 7:
            code.setup_type_number(False)
        self.size = n
        self.blank = code.modules
        self.blocks = [
            (b.data_count, b.total_count - b.data_count) for b in rs_blocks(version, ERROR_CORRECT_M)
        ]
        self.data_codewords = sum(d for d, _ in self.blocks)
        self.count_bits = 8 if version < 10 else 16
        masked = mask_func(mask)
        order: list[tuple[int, int, bool]] = []
        row, inc = n - 1, -1
        for col in range(n - 1, 0, -2):
            if col <= 6:
                col -= 1
            while True:
                for c in (col, col - 1):
                    if self.blank[row][c] is None:
                        order.append((row, c, bool(masked(row, c))))
                row += inc
                if row < 0 or row >= n:
                    row -= inc
                    inc = -inc
                    break
        self.positions = [r * n + c for r, c, _ in order]
        self.mask_bits = int("".join("1" if flip else "0" for _, _, flip in order), 2)
        self.blank_flat = ["1" if m else "0" for row in self.blank for m in row]

    def capacity(self) -> int:
        """Payload bytes that fit in this version."""
        return (self.data_codewords * 8 - 4 - self.count_bits) // 8


@cache
def _version(version: int, mask: int) -> _Version:
    return _Version(version, mask)


def qr_matrix(payload: str, mask: int = 2) -> list[list[bool]]:
    """The module matrix (True = dark, no quiet zone) of `payload` in byte mode at error correction M."""
    data = payload.encode("utf-8")
    spec = _smallest(len(data), mask)
    if spec is None:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
        # types-qrcode declares MODE_8BIT_BYTE an int, while QRData takes only the literal modes (4 is one).
        code.add_data(QRData(data, mode=MODE_8BIT_BYTE))  # type: ignore[call-overload]
        code.make(fit=True)
        return [[bool(m) for m in row] for row in code.modules]
    rows = _rows(data, spec)
    return [[ch == "1" for ch in row] for row in rows]


def qr_rows(payload: str, mask: int = 2) -> list[str]:
    """The matrix as one string of '0' (light) and '1' (dark) per row: what drawing wants (runs found by regex)."""
    data = payload.encode("utf-8")
    spec = _smallest(len(data), mask)
    if spec is None:
        return ["".join("1" if m else "0" for m in row) for row in qr_matrix(payload, mask)]
    return _rows(data, spec)


def _smallest(length: int, mask: int) -> _Version | None:
    return next(
        (_version(v, mask) for v in range(1, MAX_VERSION + 1) if _version(v, mask).capacity() >= length), None
    )


def _rows(data: bytes, spec: _Version) -> list[str]:
    bits = _interleave(_data_codewords(data, spec), spec)
    count = len(spec.positions)
    value = (int.from_bytes(bits, "big") << (count - len(bits) * 8)) ^ spec.mask_bits
    flat = spec.blank_flat.copy()
    list(map(flat.__setitem__, spec.positions, format(value, f"0{count}b")))
    n = spec.size
    joined = "".join(flat)
    return [joined[i : i + n] for i in range(0, n * n, n)]


def _data_codewords(data: bytes, spec: _Version) -> list[int]:
    value = (0b0100 << spec.count_bits) | len(data)
    header_bits = 4 + spec.count_bits
    acc = value
    nbits = header_bits
    for byte in data:
        acc = (acc << 8) | byte
        nbits += 8
    capacity_bits = spec.data_codewords * 8
    terminator = min(4, capacity_bits - nbits)
    acc <<= terminator
    nbits += terminator
    pad = (-nbits) % 8
    acc <<= pad
    nbits += pad
    out = list(acc.to_bytes(nbits // 8, "big"))
    fill = (0xEC, 0x11)
    i = 0
    while len(out) < spec.data_codewords:
        out.append(fill[i % 2])
        i += 1
    return out


def _interleave(codewords: list[int], spec: _Version) -> bytes:
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for data_count, ec_count in spec.blocks:
        block = codewords[offset : offset + data_count]
        offset += data_count
        data_blocks.append(block)
        ec_blocks.append(_ec_codewords(block, ec_count))
    out: list[int] = []
    for i in range(max(len(b) for b in data_blocks)):
        out.extend(b[i] for b in data_blocks if i < len(b))
    for i in range(max(len(b) for b in ec_blocks)):
        out.extend(b[i] for b in ec_blocks if i < len(b))
    return bytes(out)
