#!/usr/bin/env python3
"""Packs PNG renderings of the icon into a Windows .ico and a macOS .icns.

Both formats may hold PNG data directly (ICO since Windows Vista, ICNS since OS X 10.7),
so no image library is needed: the PNG files are copied in as they are.

usage: make-icon-containers.py PNG_FOLDER OUT.ico OUT.icns
PNG_FOLDER holds <N>x<N>/launch-console.png for each rendered size N.
"""
import struct
import sys
from pathlib import Path

ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
# ICNS element types holding PNG data, with the pixel size each one expects.
ICNS_TYPES = [
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
]


def read_png(folder: Path, size: int) -> bytes:
    data = (folder / f"{size}x{size}" / "launch-console.png").read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    if data[:8] != b"\x89PNG\r\n\x1a\n" or (width, height) != (size, size):
        sys.exit(f"{size}x{size}/launch-console.png is not a {size}x{size} PNG")
    return data


def write_ico(folder: Path, out: Path) -> None:
    images = [(size, read_png(folder, size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory = b""
    for size, data in images:
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    out.write_bytes(header + directory + b"".join(data for _, data in images))


def write_icns(folder: Path, out: Path) -> None:
    body = b""
    for kind, size in ICNS_TYPES:
        data = read_png(folder, size)
        body += kind + struct.pack(">I", 8 + len(data)) + data
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    folder = Path(sys.argv[1])
    write_ico(folder, Path(sys.argv[2]))
    write_icns(folder, Path(sys.argv[3]))


if __name__ == "__main__":
    main()
